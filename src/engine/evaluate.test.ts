/**
 * The engine's rules from docs/methodology.md, one behaviour per test, on the shipped huangyan-2023 file
 * (whose rules docs/methodology.md specifies completely) and small hand-made methodologies.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { batchFromRecords, recordAt, type EnterpriseRecord } from '../domain/record-batch.js';
import { withCheckChar } from '../domain/uscc.js';
import type { NumericField } from '../domain/fields.js';
import {
  enterpriseResult,
  evaluate,
  formatResultsCsv,
  summarise,
  type EvaluateContext,
  type Methodology,
  type ResultDetail,
} from './index.js';
import { loadMethodologyText, methodologySchema } from './methodology/index.js';

const huangyan = loadMethodologyText(
  readFileSync(new URL('../../methodologies/huangyan-2023.yaml', import.meta.url), 'utf8'),
  'huangyan-2023.yaml',
);
const ctx: EvaluateContext = { methodologyHash: 'h', datasetVersion: 'v' };
const uscc = (k: number, div = '330402') => withCheckChar(`91${div}${String(k).padStart(9, '0')}`);

/** An above-scale firm with every Huangyan input, scaled by `f`. */
function above(
  k: number,
  f: number,
  extra: EnterpriseRecord['values'] = {},
  div = '330402',
): EnterpriseRecord {
  return {
    uscc: uscc(k, div),
    division: div,
    industry: '3825',
    values: {
      above_scale: 1,
      land_mu: 50,
      tax: 1000 * f,
      value_added: 6000 * f,
      energy_tce: 2000,
      emissions_t: 1.5,
      employees: 300,
      rd_spend: 600 * f,
      revenue: 20000,
      founded: 2005,
      ...extra,
    },
  };
}

const run = (recs: EnterpriseRecord[], m: Methodology = huangyan, c: EvaluateContext = ctx) =>
  evaluate(batchFromRecords(recs), m, c);

describe('scope: nothing is dropped, every record gets a status and a reason', () => {
  const recs: EnterpriseRecord[] = [
    above(1, 1),
    { ...above(2, 1), uscc: uscc(2).slice(0, 17) + (uscc(2).endsWith('0') ? '1' : '0') }, // bad check character
    above(1, 1), // duplicate of the first
    { ...above(4, 1), industry: '5191' }, // wholesale: not industrial
    { ...above(5, 1), division: '999999' }, // unknown division
    above(6, 1, { land_mu: null }),
    above(7, 1, { land_mu: 0 }),
    {
      uscc: uscc(8),
      division: '330402',
      industry: '3825',
      values: { above_scale: 0, land_mu: 2.5, tax: 10, electricity: 5 },
    },
    { ...above(9, 1), industry: '4411' }, // utility
    above(10, 1, { founded: 2021 }), // new firm (data year 2022)
    above(11, 1, { founded: 2019 }), // not new
    { ...above(12, 1), industry: null },
  ];
  const r = run(recs, huangyan, { ...ctx, knownDivisions: new Set(['330402']) });
  const st = recs.map((_, i) => [enterpriseResult(r, i).status, enterpriseResult(r, i).reason]);

  it('keeps every record in the results', () => {
    expect(r.length).toBe(recs.length);
    expect(formatResultsCsv(r).trim().split('\n')).toHaveLength(recs.length + 1);
  });
  it('names why a record is not evaluated', () => {
    expect(st).toEqual([
      ['graded', null],
      ['not_evaluated', 'invalid_uscc'],
      ['not_evaluated', 'duplicate_uscc'],
      ['not_evaluated', 'non_industrial'],
      ['not_evaluated', 'unknown_division'],
      ['not_evaluated', 'land_missing'],
      ['not_evaluated', 'land_not_positive'],
      ['not_evaluated', 'below_land_threshold'],
      ['computed_not_graded', 'utility'],
      ['computed_not_graded', 'new_firm'],
      ['graded', null],
      ['not_evaluated', 'missing_industry'],
    ]);
  });
  it('computes but does not grade utilities and new firms', () => {
    const u = enterpriseResult(r, 8);
    expect(u.total).toBeCloseTo(93.87, 3);
    expect(u.rank).toBeNull();
    expect(u.initialClass).toBeNull();
  });
  it('normalises a full-width, spaced, lower-case USCC before checking it', () => {
    const code = uscc(20);
    const messy =
      ' ' + code.toLowerCase().replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) + ' ';
    const rr = run([{ ...above(20, 1), uscc: messy }]);
    expect(rr.uscc[0]).toBe(code);
    expect(enterpriseResult(rr, 0).status).toBe('graded');
  });
});

describe('missing values and zero denominators (huangyan-2023)', () => {
  // Three graded firms in one county: two have emissions data, one does not.
  const recs = [
    above(1, 1), // emissions 1.5 t → 8.114
    above(2, 1, { emissions_t: 3 }), // 2000 per t → 4.057
    above(3, 1, { emissions_t: null }),
    above(4, 1, { emissions_t: 0 }), // zero emissions, value added > 0 → full 10
    above(5, 1, { emissions_t: 0, value_added: 0 }), // zero emissions, no value added → 0
    above(6, 1, { energy_tce: null }), // any other missing value → 0
    above(7, 1, { energy_tce: 0 }), // any other zero denominator → 0
    above(8, 1, { emissions_t: null }, '330411'), // other county: mean over that county's firms with data (none) → 0
  ];
  const r = run(recs);
  const emission = (i: number) => enterpriseResult(r, i).indicators.find((x) => x.id === 'va_per_emission')!;
  const energy = (i: number) => enterpriseResult(r, i).indicators.find((x) => x.id === 'va_per_tce')!;

  it('scores zero emissions with value added as full weight, without value added as 0', () => {
    expect(emission(3).score).toBe(10);
    expect(emission(4).score).toBe(0);
  });
  it('scores missing emissions at the mean score of the county’s graded above-scale firms with data', () => {
    // firms with data in 330402: 1, 2, 4, 5, 6, 7 (6 and 7 have emissions 1.5)
    const withData = [0, 1, 3, 4, 5, 6].map((i) => emission(i).score);
    const mean = withData.reduce((a, b) => a + b, 0) / withData.length;
    expect(emission(2).score).toBeCloseTo(mean, 12);
    expect(emission(2).fill).toBe('group_mean');
    expect(emission(2).note).toBe('missing_denominator');
  });
  it('scores other missing values and zero denominators as 0', () => {
    expect(energy(5).score).toBe(0);
    expect(energy(5).note).toBe('missing_denominator');
    expect(energy(6).score).toBe(0);
    expect(energy(6).note).toBe('zero_denominator');
  });
  it('scores 0 when no firm of the county has the data', () => {
    expect(emission(7).score).toBe(0);
  });
  it('scores a negative numerator 0 but reports its value', () => {
    const rr = run([above(1, 1, { tax: -50 })]);
    const t = enterpriseResult(rr, 0).indicators[0]!;
    expect(t.value).toBe(-1);
    expect(t.score).toBe(0);
    expect(t.note).toBe('negative_numerator');
  });
});

describe('ranking and classes', () => {
  it('ranks ties by tax per mu, then by USCC', () => {
    // Same total, different tax per mu: a has more tax per mu but less value added per mu… keep it simple:
    // identical inputs except USCC → USCC ascending decides.
    const recs = [above(3, 1), above(1, 1), above(2, 1)];
    const r = run(recs);
    expect([0, 1, 2].map((i) => r.rank[i])).toEqual([3, 1, 2]);
  });
  it('ranks equal totals by tax per mu before USCC', () => {
    // A methodology scoring value added per mu only: equal totals, different tax.
    const m = methodologySchema.parse({
      ...huangyan,
      groups: [{ ...huangyan.groups[0]!, indicators: [huangyan.groups[0]!.indicators[1]!] }],
    });
    const r = run([above(1, 1, { tax: 100 }), above(2, 1, { tax: 900 })], m);
    expect(r.total[0]).toBe(r.total[1]);
    expect([r.rank[0], r.rank[1]]).toEqual([2, 1]);
  });
  it('grades each county and group separately', () => {
    const recs = [
      ...Array.from({ length: 5 }, (_, k) => above(k + 1, 1 + k / 10, {}, '330402')),
      ...Array.from({ length: 5 }, (_, k) => above(k + 1, 2 + k / 10, {}, '330411')),
    ];
    const r = run(recs);
    expect(summarise(r).byUnit.map((u) => [u.unit, u.graded])).toEqual([
      ['330402', 5],
      ['330411', 5],
    ]);
    expect(r.rank[4]).toBe(1);
    expect(r.rank[9]).toBe(1);
  });
  it('applies a veto after the quota (A → C) and keeps the initial class', () => {
    const recs = Array.from({ length: 5 }, (_, k) =>
      above(k + 1, 5 - k, k === 0 ? { safety_accident: 1 } : {}),
    );
    const res = enterpriseResult(run(recs), 0);
    expect(res.initialClass).toBe('A');
    expect(res.adjustedClass).toBe('C');
    expect(res.classSteps.map((s) => [s.kind, s.from, s.to])).toEqual([
      ['quota', null, 'A'],
      ['veto', 'A', 'C'],
    ]);
  });
  it('applies a protection (D → C)', () => {
    const recs = Array.from({ length: 20 }, (_, k) =>
      above(k + 1, 20 - k, k === 19 ? { major_project_build: 1 } : {}),
    );
    const res = enterpriseResult(run(recs), 19);
    expect(res.initialClass).toBe('D');
    expect(res.adjustedClass).toBe('C');
  });
  it('applies manual adjustments last, with reason, user and time', () => {
    const recs = Array.from({ length: 5 }, (_, k) => above(k + 1, 5 - k));
    const at = '2026-11-26T10:00:00.000Z';
    const r = run(recs, huangyan, {
      ...ctx,
      manualAdjustments: new Map([[uscc(1), { toClass: 'B', reason: '核查后调整', by: 'analyst', at }]]),
    });
    const res = enterpriseResult(r, 0);
    expect(res.initialClass).toBe('A');
    expect(res.adjustedClass).toBe('B');
    expect(res.classSteps.at(-1)).toEqual({
      kind: 'manual',
      from: 'A',
      to: 'B',
      rule: '核查后调整',
      by: 'analyst',
      at,
    });
  });
  it('classes by thresholds when the methodology says so', () => {
    // totals ≈ 93.9, 46.9, 9.4 and 0.9
    const m = methodologySchema.parse({
      ...huangyan,
      classing: { rankingUnit: 'city', method: 'threshold', thresholds: { A: 90, B: 45, C: 30 } },
    });
    const r = run([above(1, 1), above(2, 0.5), above(3, 0.1), above(4, 0.01)], m);
    expect([0, 1, 2, 3].map((i) => enterpriseResult(r, i).initialClass)).toEqual(['A', 'B', 'D', 'D']);
  });
});

describe('adjustment points', () => {
  const m = methodologySchema.parse({
    ...huangyan,
    adjustments: [
      {
        id: 'high_tech',
        title: { zh: '高新', en: 'ht' },
        when: { field: 'high_tech', op: 'eq', value: 1 },
        points: 2,
      },
      {
        id: 'sublet',
        title: { zh: '出租', en: 'sublet' },
        perUnit: { field: 'sublet_tenants', beyond: 1 },
        points: -5,
        min: -10,
      },
    ],
  });
  it('adds bonuses and per-unit penalties within their bounds', () => {
    const r = run(
      [
        above(1, 1, { high_tech: 1, sublet_tenants: 1 }),
        above(2, 1, { sublet_tenants: 2 }),
        above(3, 1, { sublet_tenants: 9 }),
      ],
      m,
    );
    expect(enterpriseResult(r, 0).adjustments).toEqual([{ id: 'high_tech', points: 2 }]);
    expect(enterpriseResult(r, 1).adjustments).toEqual([{ id: 'sublet', points: -5 }]);
    expect(enterpriseResult(r, 2).adjustments).toEqual([{ id: 'sublet', points: -10 }]);
    expect(r.total[0]! - r.total[1]!).toBeCloseTo(7, 9);
  });
});

describe('determinism', () => {
  it('gives byte-identical CSV for the same inputs', () => {
    const recs = Array.from({ length: 300 }, (_, k) =>
      above(
        k + 1,
        1 + ((k * 37) % 11) / 3,
        { emissions_t: k % 7 === 0 ? null : 1 + (k % 5) },
        k % 2 ? '330402' : '330411',
      ),
    );
    const a = formatResultsCsv(run(recs));
    const b = formatResultsCsv(run(recs.map((r) => structuredClone(r))));
    expect(a).toBe(b);
    expect(a.split('\n')[0]).toMatch(/^uscc,status,group,total,rank,unit_size,initial_class,adjusted_class/);
  });
});

describe('CSV number formatting', () => {
  it('writes totals to exactly 6 decimals, as toFixed(6) does', async () => {
    const { fixed6 } = await import('./results-csv.js');
    for (const x of [0, -0, 1, -1, 93.87, 0.0000004, 0.0000006, 123456.1234564, -2.5e-7, 77.0200001, 1e10]) {
      expect(fixed6(x)).toBe(x.toFixed(6).replace(/^-(0\.0+)$/, '$1'));
    }
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 0; k < 20000; k++) {
      const x = (rnd() - 0.3) * 10 ** Math.floor(rnd() * 8);
      expect(Math.abs(Number(fixed6(x)) - Number(x.toFixed(6)))).toBeLessThanOrEqual(1.000001e-6);
    }
  });
});

describe('stored explanation text', () => {
  it('resultDetailJson stores what expandResultDetail needs to rebuild the explanation', async () => {
    const { resultDetailJson, expandResultDetail, storedCells } = await import('./explain.js');
    const m = methodologySchema.parse({
      ...huangyan,
      adjustments: [
        {
          id: 'high_tech',
          title: { zh: '高新', en: 'ht' },
          when: { field: 'high_tech', op: 'eq', value: 1 },
          points: 2.5,
        },
      ],
    });
    const recs = [
      ...Array.from({ length: 30 }, (_, k) =>
        above(k + 1, 0.2 + k / 7, {
          emissions_t: k % 4 === 0 ? null : k % 5 === 0 ? 0 : 1 + k,
          high_tech: k % 3 === 0 ? 1 : 0,
          safety_accident: k === 2 ? 1 : 0,
          major_project_build: k === 29 ? 1 : 0,
          tax: k === 7 ? -3 : 1000 * (0.2 + k / 7),
        }),
      ),
      {
        uscc: uscc(99),
        division: '330402',
        industry: '3825',
        values: { above_scale: 0, land_mu: 9, tax: 50, electricity: 0 },
      },
      { uscc: 'bad', division: '330402', industry: '3825', values: {} },
    ];
    const r = run(recs, m, {
      ...ctx,
      manualAdjustments: new Map([
        [uscc(5), { toClass: 'A', reason: '说明 "引号"', by: 'li', at: '2026-01-01T00:00:00.000Z' }],
      ]),
    });
    const cells = storedCells(r);
    for (let i = 0; i < r.length; i++) {
      const e = enterpriseResult(r, i);
      const text = resultDetailJson(r, i);
      const d = JSON.parse(text) as ResultDetail;
      // the text is what JSON.stringify would write …
      expect(text).toBe(JSON.stringify(d));
      // … and with the methodology, the cell statistics and the inputs it gives back the explanation
      const cell = cells.find((c) => c.unit === e.unit && c.group === e.group);
      const values = recordAt(r.batch, i).values as Partial<Record<NumericField, number>>;
      expect(expandResultDetail(d, m, e.group, cell, values)).toEqual({
        indicators: e.indicators,
        adjustments: e.adjustments,
        classSteps: e.classSteps,
      });
    }
  });
});

describe('duplicate codes at scale', () => {
  it('marks exactly the repeats of an earlier valid code, as a Set would', () => {
    const recs: EnterpriseRecord[] = [];
    for (let k = 0; k < 6000; k++) {
      const base = k % 7 === 3 ? Math.floor(k / 2) : k; // every 7th record repeats an earlier code
      recs.push(above(base + 1, 1, {}, k % 2 ? '330402' : '330411'));
      if (k % 13 === 0) recs[recs.length - 1]!.uscc = 'NOT-A-CODE';
    }
    const r = run(recs);
    const seen = new Set<string>();
    const expected = recs.map((x) => {
      if (x.uscc === 'NOT-A-CODE') return 'invalid_uscc';
      if (seen.has(x.uscc)) return 'duplicate_uscc';
      seen.add(x.uscc);
      return null;
    });
    const got = recs.map((_, i) =>
      ['invalid_uscc', 'duplicate_uscc'].includes(r.reason[i] ?? '') ? r.reason[i] : null,
    );
    expect(got).toEqual(expected);
    expect(expected.filter((x) => x === 'duplicate_uscc').length).toBeGreaterThan(300);
  });
});
