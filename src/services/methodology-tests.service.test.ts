/**
 * The shipped methodologies' golden tests (methodologies/tests, the worked examples of docs/methodology.md)
 * run in `npm test`, and a test file can name its methodology by a path beside it.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { METHODOLOGY_DIR, shippedMethodologyIds } from '../methodologies/shipped.js';
import { methodologyTestsJsonSchema } from '../methodologies/json-schema.js';
import {
  METHODOLOGY_TESTS_DIR,
  runGoldenFile,
  runGoldenText,
  shippedGoldenFileOf,
  shippedGoldenFiles,
} from './methodology-tests.service.js';

describe('methodology golden tests', () => {
  it('every shipped methodology ships tests', () => {
    for (const id of shippedMethodologyIds()) expect(shippedGoldenFileOf(id), id).not.toBeNull();
  });

  for (const f of shippedGoldenFiles())
    it(`${path.basename(f)} passes`, async () => {
      const r = await runGoldenFile(f);
      expect(r.issues).toEqual([]);
      expect(r.outcomes.flatMap((o) => o.failures.map((x) => ({ test: o.name, ...x })))).toEqual([]);
      expect(r.failed).toBe(0);
      expect(r.passed).toBeGreaterThan(0);
    });

  it('reads a methodology from a file beside the test file, and says when it cannot', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-golden-'));
    copyFileSync(path.join(METHODOLOGY_DIR, 'huangyan-2023.yaml'), path.join(dir, 'my-county.yaml'));
    const body = `tests:
  - name: e2
    defaults: { division: '330402', industry: '3825', founded: 2005 }
    records: [{ id: e2, above_scale: 0, land_mu: 10, tax: 80, electricity: 400 }]
    expect: { e2: { total: 77.020 } }
`;
    const file = path.join(dir, 'my-county.tests.yaml');
    writeFileSync(file, `schema: mujun.methodology-tests/v1\nmethodology: my-county.yaml\n${body}`);
    const ok = await runGoldenFile(file);
    expect(ok.methodology?.id).toBe('huangyan-2023');
    expect(ok.passed).toBe(1);
    const missing = await runGoldenText(
      `schema: mujun.methodology-tests/v1\nmethodology: nosuch.yaml\n${body}`,
      path.join(dir, 'x.tests.yaml'),
    );
    expect(missing.methodology).toBeNull();
    expect(missing.issues.map((i) => i.rule)).toEqual(['methodology_not_loaded']);
    expect(missing.issues[0]!.zh).toContain('nosuch.yaml');
  });

  it('keeps the committed JSON Schema of test files in step with the code (npm run schema)', () => {
    const file = path.join(METHODOLOGY_TESTS_DIR, 'methodology-tests.schema.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(methodologyTestsJsonSchema());
  });
});
