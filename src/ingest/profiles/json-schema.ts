/**
 * The published JSON Schema of profile files, generated from the zod schema (the single source of
 * truth). `profiles/profiles.schema.json` is the committed copy; a test fails when it drifts.
 * Regenerate with `UPDATE_SCHEMA=1 npx vitest run src/ingest/profiles/json-schema.test.ts` followed by
 * `npx prettier --write profiles/profiles.schema.json`.
 */
import { z } from 'zod';
import { PROFILE_SCHEMA_ID, profileSchema } from './schema.js';

export function profileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: `urn:${PROFILE_SCHEMA_ID}`, title: 'Mujun import mapping profile' };
}

export function profileJsonSchemaText(): string {
  return JSON.stringify(profileJsonSchema(), null, 2) + '\n';
}
