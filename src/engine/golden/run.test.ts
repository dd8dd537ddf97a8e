import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadMethodologyText } from '../methodology/index.js';
import { parseGoldenFile, runGoldenTest, withinMargin, goldenUscc } from './index.js';
import { isValidUscc } from '../../domain/uscc.js';

const huangyan = loadMethodologyText(
  readFileSync(new URL('../../../methodologies/huangyan-2023.yaml', import.meta.url), 'utf8'),
  'huangyan-2023.yaml',
);

/** A test file around one test whose body is given as YAML lines (indented under `- `). */
const file = (body: string) =>
  `schema: mujun.methodology-tests/v1\nmethodology: huangyan-2023\ntests:\n${body}`;
const example2 = (expect: string) =>
  file(`  - name: example 2
    defaults: { division: '330402', industry: '3825', founded: 2005 }
    records:
      - { id: e2, above_scale: 0, land_mu: 10, tax: 80, electricity: 400 }
    expect:
      e2: ${expect}
`);
const run = (text: string) => {
  const p = parseGoldenFile(text);
  expect(p.issues).toEqual([]);
  return runGoldenTest(p.file!.tests[0]!, huangyan, {}, p.file!.margin);
};

describe('golden tests of a methodology', () => {
  it('pass when the computed figures are the documented ones (worked example 2: 34.503 + 42.517 = 77.020)', () => {
    const o = run(
      example2(
        `{ indicators: { tax_per_mu: { score: 34.503 }, tax_per_kwh: { score: 42.517 } }, total: 77.020 }`,
      ),
    );
    expect(o.failures).toEqual([]);
    expect(o.passed).toBe(true);
    expect(o.checks).toBe(3);
  });

  it('report each difference with the step, the expected and the computed value, earliest step first', () => {
    const o = run(example2(`{ initial_class: A, total: 77.1, indicators: { tax_per_kwh: { score: 40 } } }`));
    expect(o.passed).toBe(false);
    expect(o.failures.map((f) => [f.step, f.field, f.expected])).toEqual([
      ['indicator', 'indicators.tax_per_kwh.score', 40],
      ['total', 'total', 77.1],
      ['initial_class', 'initial_class', 'A'],
    ]);
    expect(o.failures[0]!.computed).toBeCloseTo(42.517, 3);
    expect(o.failures[2]!.computed).toBe('B'); // one firm in its unit: cuts 0, 1, 1, 1 → B
  });

  it('allow the margin the test sets, absolute or relative', () => {
    expect(withinMargin(77.02, 77.0199913, { absolute: 0.0005 })).toBe(true);
    expect(withinMargin(77.0, 77.0199913, { absolute: 0.0005 })).toBe(false);
    expect(withinMargin(77.0, 77.0199913, { relative: 0.001 })).toBe(true);
    expect(withinMargin(18.9, 18.9039, { absolute: 0.001, relative: 0.0001 })).toBe(false);
    expect(withinMargin(1, Number.NaN, { absolute: 10 })).toBe(false);
  });

  it('count classes per unit and group (worked example 4, N = 7: 1 A, 4 B, 2 C, 0 D)', () => {
    const records = Array.from({ length: 7 }, (_, k) => `      - { id: f${k}, tax: ${100 - k * 10} }`).join(
      '\n',
    );
    const body = (counts: string) => `  - name: quota
    defaults: { division: '330402', industry: '3825', founded: 2005, above_scale: 0, land_mu: 10, electricity: 400 }
    records:
${records}
    classCounts:
      - { division: '330402', group: below, ${counts} }
`;
    expect(run(file(body('A: 1, B: 4, C: 2, D: 0'))).passed).toBe(true);
    const wrong = run(file(body('A: 2, B: 3')));
    expect(wrong.failures.map((f) => [f.field, f.expected, f.computed])).toEqual([
      ['classCounts[0].A', 2, 1],
      ['classCounts[0].B', 3, 4],
    ]);
  });

  it('give records without a USCC valid, distinct codes', () => {
    expect(isValidUscc(goldenUscc(1))).toBe(true);
    expect(goldenUscc(1)).not.toBe(goldenUscc(2));
  });

  it('refuse a file that names a record its test does not have, or repeats a label, at the line', () => {
    const p = parseGoldenFile(
      file(`  - name: bad
    records:
      - { id: a, land_mu: 3 }
      - { id: a, land_mu: 4 }
    expect:
      b: { total: 1 }
`),
    );
    expect(p.file).toBeNull();
    expect(p.issues.map((i) => [i.rule, i.line])).toEqual([
      ['duplicate_record', 7],
      ['unknown_record', 9],
    ]);
    expect(p.issues[1]!.zh).toContain('“b”');
    expect(p.issues[1]!.en).toContain('"b"');
  });

  it('refuse an unknown column with its line (a typo in a record)', () => {
    const p = parseGoldenFile(file(`  - name: typo\n    records: [{ id: x, lnd_mu: 3 }]\n`));
    expect(p.issues.map((i) => [i.rule, i.path, i.line])).toEqual([
      ['unknown_field', 'tests[0].records[0].lnd_mu', 5],
    ]);
  });
});
