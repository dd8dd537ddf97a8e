/**
 * The published JSON Schema of methodology files, generated from the zod schema (the single source of
 * truth). `methodologies/methodology.schema.json` is the committed copy; a test fails when it drifts.
 * Regenerate with `npx mujun methodology schema > methodologies/methodology.schema.json`.
 */
import { z } from 'zod';
import { methodologySchema, SCHEMA_ID } from '../engine/methodology/index.js';

export function methodologyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(methodologySchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: `urn:${SCHEMA_ID}`, title: 'Mujun methodology' };
}

export function methodologyJsonSchemaText(): string {
  return JSON.stringify(methodologyJsonSchema(), null, 2) + '\n';
}
