/**
 * The published JSON Schema of methodology files, generated from the zod schema (the single source of
 * truth). `methodologies/methodology.schema.json` is the committed copy; a test fails when it drifts.
 * Regenerate every committed schema with `npm run schema`.
 */
import { z } from 'zod';
import { methodologySchema, SCHEMA_ID } from '../engine/methodology/index.js';
import { goldenFileSchema } from '../engine/golden/schema.js';

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

/** The JSON Schema of golden-test files (`mujun.methodology-tests/v1`), committed as
 * `methodologies/tests/methodology-tests.schema.json`. */
export function methodologyTestsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(goldenFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: 'urn:mujun.methodology-tests/v1', title: 'Mujun methodology tests' };
}
