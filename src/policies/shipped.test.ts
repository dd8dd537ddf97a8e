import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/parse.js';
import { policyJsonSchema, policyJsonSchemaText } from './json-schema.js';
import { loadPolicy, POLICY_DIR, policyHash, shippedPolicyIds } from './shipped.js';
import { loadDivisions } from '../reference/reference-data.js';

describe('shipped policies', () => {
  it('ships the demo policy, valid against the county codes of GB/T 2260', async () => {
    expect(shippedPolicyIds()).toContain('jiaxing-demo-2024');
    const counties = new Set(
      loadDivisions()
        .all.filter((d) => d.level === 'county')
        .map((d) => d.code),
    );
    for (const id of shippedPolicyIds()) {
      const lp = await loadPolicy(id, counties);
      expect(lp.policy.id).toBe(id);
      expect(lp.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('gives the same hash for a re-commented file and another for a changed rule', async () => {
    const { text, hash } = await loadPolicy('jiaxing-demo-2024');
    const a = parsePolicy(text.replace(/^# .*$/gm, '# changed')).policy!;
    const b = parsePolicy(text.replace('{ class: D, rate: 0.3 }', '{ class: D, rate: 0.31 }')).policy!;
    expect(policyHash(a)).toBe(hash);
    expect(policyHash(b)).not.toBe(hash);
  });

  it('loads a file by path and names an unknown one in both languages', async () => {
    const lp = await loadPolicy(path.join(POLICY_DIR, 'jiaxing-demo-2024.yaml'));
    expect(lp.policy.id).toBe('jiaxing-demo-2024');
    await expect(loadPolicy('no-such-policy')).rejects.toThrow(
      /找不到政策.*policy "no-such-policy" not found/,
    );
  });
});

describe('policy.schema.json', () => {
  it('is the committed copy of the schema generated from zod', () => {
    // After changing the zod schema: UPDATE_SCHEMA=1 rewrites the committed copy (or `npx mujun policy
    // schema > policies/policy.schema.json`), then `npx prettier --write` it: the repository's format
    // check covers it, so the comparison is of the JSON, not of its layout.
    const file = path.join(POLICY_DIR, 'policy.schema.json');
    if (process.env.UPDATE_SCHEMA) writeFileSync(file, policyJsonSchemaText());
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(policyJsonSchema());
  });
  it('describes the format with its id and instrument kinds', () => {
    const s = policyJsonSchema();
    expect(s.$id).toBe('urn:mujun.policy/v1');
    const text = JSON.stringify(s);
    for (const w of [
      'land_use_tax_relief',
      'electricity_surcharge',
      'consecutiveYears',
      'emissions_t',
      '"minimum":0',
    ])
      expect(text).toContain(w);
  });
});
