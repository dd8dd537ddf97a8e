/**
 * The published JSON Schema of policy files, generated from the zod schema (the single source of truth).
 * `policies/policy.schema.json` is the committed copy; a test fails when it drifts. Regenerate with
 * `npx mujun policy schema > policies/policy.schema.json`.
 */
import { z } from 'zod';
import { POLICY_SCHEMA_ID, policySchema } from '../policy/schema.js';

export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: `urn:${POLICY_SCHEMA_ID}`, title: 'Mujun policy' };
}

export function policyJsonSchemaText(): string {
  return JSON.stringify(policyJsonSchema(), null, 2) + '\n';
}
