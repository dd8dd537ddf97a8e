/**
 * The worked examples of docs/methodology.md, with the exact numbers printed there (scores to 3 decimals).
 * The methodology is the shipped `huangyan-2023` file, read as a user would read it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { batchFromRecords, type EnterpriseRecord } from '../domain/record-batch.js';
import { withCheckChar } from '../domain/uscc.js';
import { enterpriseResult, evaluate, minmaxScore, quotaCuts } from './index.js';
import { loadMethodologyText, methodologySchema } from './methodology/index.js';
import type { MethodologyInput } from './index.js';

const huangyan = loadMethodologyText(
  readFileSync(new URL('../../methodologies/huangyan-2023.yaml', import.meta.url), 'utf8'),
  'huangyan-2023.yaml',
);
const ctx = { methodologyHash: 'test', datasetVersion: 'test' };
const uscc = (k: number) => withCheckChar(`91330402${String(k).padStart(9, '0')}`);
const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

describe('worked example 1: above-scale, Huangyan constants for 2022', () => {
  const rec: EnterpriseRecord = {
    uscc: uscc(1),
    division: '330402',
    industry: '3825',
    values: {
      above_scale: 1,
      land_mu: 50,
      tax: 1000,
      value_added: 6000,
      energy_tce: 2000,
      emissions_t: 1.5,
      employees: 300,
      rd_spend: 600,
      revenue: 20000,
      founded: 2005,
    },
  };
  const res = enterpriseResult(evaluate(batchFromRecords([rec]), huangyan, ctx), 0);

  it('computes the six indicator values', () => {
    expect(res.indicators.map((x) => x.value)).toEqual([20, 120, 3, 4000, 20, 0.03]);
  });
  it('scores 24.899, 17.626, 22.272, 8.114, 11.025, 9.934', () => {
    expect(res.indicators.map((x) => r3(x.score))).toEqual([24.899, 17.626, 22.272, 8.114, 11.025, 9.934]);
  });
  it('totals 93.870', () => {
    expect(r3(res.total)).toBe(93.87);
    expect(res.status).toBe('graded');
    expect(res.indicators.map((x) => x.benchmark)).toEqual([24.097, 136.16, 2.694, 4929.81, 18.14, 0.0302]);
  });
});

describe('worked example 2: below-scale, same year', () => {
  it('scores 34.503 + 42.517 = 77.020', () => {
    const rec: EnterpriseRecord = {
      uscc: uscc(2),
      division: '330402',
      industry: '3825',
      values: { above_scale: 0, land_mu: 10, tax: 80, electricity: 400, founded: 2005 },
    };
    const res = enterpriseResult(evaluate(batchFromRecords([rec]), huangyan, ctx), 0);
    expect(res.group).toBe('below');
    expect(res.indicators.map((x) => r3(x.score))).toEqual([34.503, 42.517]);
    expect(r3(res.total)).toBe(77.02);
  });
});

/** A one-group methodology with a single indicator, for examples 3–5. */
function oneIndicator(
  scoring: NonNullable<MethodologyInput['groups'][number]['indicators'][number]['scoring']>,
  weight = 30,
) {
  const input: MethodologyInput = {
    schema: 'mujun.methodology/v1',
    id: 'example',
    version: 1,
    title: { zh: '示例', en: 'example' },
    dataYear: 2022,
    scope: {},
    groups: [
      {
        id: 'all',
        title: { zh: '全部', en: 'all' },
        when: { field: 'land_mu', op: 'present' },
        indicators: [
          {
            id: 'x',
            title: { zh: 'x', en: 'x' },
            unit: '',
            numerator: 'tax',
            denominator: 'land_mu',
            weight,
            scoring,
          },
        ],
      },
    ],
    classing: { rankingUnit: 'county', method: 'quota', quotas: { A: 0.2, B: 0.65, C: 0.95, D: 1 } },
  };
  return methodologySchema.parse(input);
}

describe('worked example 3: min–max with a floor', () => {
  it('weight 30, x = 20, min 2, max 60, floor 20 → 13.448', () => {
    expect(r3(minmaxScore(20, 2, 60, 30, 20, 'higher_is_better'))).toBe(13.448);
  });
  it('gives the same through the engine, with min and max taken from the group', () => {
    const m = oneIndicator({ method: 'minmax', floor: 20 });
    const recs = [2, 20, 60].map((t, k) => ({
      uscc: uscc(10 + k),
      division: '330402',
      industry: '3825',
      values: { land_mu: 1, tax: t },
    }));
    const run = evaluate(batchFromRecords(recs), m, ctx);
    expect([0, 1, 2].map((i) => r3(enterpriseResult(run, i).indicators[0]!.score))).toEqual([6, 13.448, 30]);
  });
  it('scores the full weight when max = min', () => {
    expect(minmaxScore(5, 5, 5, 30, 20, 'higher_is_better')).toBe(30);
  });
});

describe('worked example 4: quota classing', () => {
  const classCounts = (n: number) => {
    const m = oneIndicator({ method: 'ratio_to_benchmark', benchmark: { constant: 1 } });
    const recs = Array.from({ length: n }, (_, k) => ({
      uscc: uscc(100 + k),
      division: '330402',
      industry: '3825',
      values: { land_mu: 1, tax: 100 - k },
    }));
    const run = evaluate(batchFromRecords(recs), m, ctx);
    const counts = { A: 0, B: 0, C: 0, D: 0 };
    for (let i = 0; i < n; i++) counts[enterpriseResult(run, i).initialClass!]++;
    return { cuts: run.cells[0]!.cuts, counts, run };
  };
  it('N = 20: cuts 4, 13, 19, 20 → 4 A, 9 B, 6 C, 1 D', () => {
    expect(quotaCuts(20, [0.2, 0.65, 0.95, 1])).toEqual([4, 13, 19, 20]);
    const { cuts, counts, run } = classCounts(20);
    expect(cuts).toEqual([4, 13, 19, 20]);
    expect(counts).toEqual({ A: 4, B: 9, C: 6, D: 1 });
    // ranks follow the total: the first record has the highest tax per mu
    expect(run.rank[0]).toBe(1);
    expect(run.rank[19]).toBe(20);
  });
  it('N = 7: cuts 1, 5, 7, 7 → 1 A, 4 B, 2 C, 0 D', () => {
    expect(quotaCuts(7, [0.2, 0.65, 0.95, 1])).toEqual([1, 5, 7, 7]);
    const { cuts, counts } = classCounts(7);
    expect(cuts).toEqual([1, 5, 7, 7]);
    expect(counts).toEqual({ A: 1, B: 4, C: 2, D: 0 });
  });
});

describe('worked example 5: aggregate benchmark (Lishui 2019, above-scale)', () => {
  it('573,564 万元 of tax over 30,341 亩 → 18.90 万元/亩; 2,236,605 万元 of value added → 73.71', () => {
    const taxM = oneIndicator({ method: 'ratio_to_benchmark', benchmark: { statistic: 'aggregate' } });
    // Three firms whose totals are Lishui's published totals.
    const parts = [
      { land: 10000, tax: 200000, va: 800000 },
      { land: 15000, tax: 300000, va: 1000000 },
      { land: 5341, tax: 73564, va: 436605 },
    ];
    const recs = parts.map((p, k) => ({
      uscc: uscc(200 + k),
      division: '331100',
      industry: '3825',
      values: { land_mu: p.land, tax: p.tax, value_added: p.va },
    }));
    const run = evaluate(batchFromRecords(recs), taxM, ctx);
    expect(run.cells[0]!.benchmark[0]!.toFixed(2)).toBe('18.90');
    const vaM = methodologySchema.parse({
      ...taxM,
      groups: [
        { ...taxM.groups[0]!, indicators: [{ ...taxM.groups[0]!.indicators[0]!, numerator: 'value_added' }] },
      ],
    });
    const run2 = evaluate(batchFromRecords(recs), vaM, ctx);
    // 2,236,605 ÷ 30,341 = 73.7156…: the published 73.71 is the figure cut (not rounded) to two decimals.
    const va = run2.cells[0]!.benchmark[0]!;
    expect(va).toBeCloseTo(2236605 / 30341, 9);
    expect(Math.trunc(va * 100) / 100).toBe(73.71);
    expect(Math.trunc(run.cells[0]!.benchmark[0]! * 100) / 100).toBe(18.9);
  });
});
