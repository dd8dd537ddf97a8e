/**
 * Sensitivity on a tiny methodology: one indicator (tax per mu, constant benchmark 10, weight 100) and
 * thresholds A 150, B 100, C 50. Firm X scores 100.5 (just B); firm Y 200 (A, far from any threshold).
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../demo/random.js';
import { batchFromRecords } from '../domain/record-batch.js';
import { evaluate, type Methodology } from '../engine/index.js';
import { loadMethodologyText } from '../engine/methodology/index.js';
import { withCheckChar } from '../domain/uscc.js';
import {
  checkSensitivityOptions,
  indicatorFields,
  perturbWeights,
  sensitivityCounts,
  summariseSensitivity,
  type SensitivityOptions,
} from './sensitivity.js';

const M = `
schema: mujun.methodology/v1
id: tiny
version: 1
title: { zh: 小办法, en: Tiny }
dataYear: 2023
scope: {}
groups:
  - id: all
    title: { zh: 全部, en: All }
    when: { field: land_mu, op: present }
    indicators:
      - id: tax_per_mu
        title: { zh: 亩均税收, en: Tax per mu }
        unit: 万元/亩
        numerator: tax
        denominator: land_mu
        weight: 60
        scoring: { method: ratio_to_benchmark, benchmark: { constant: 10 } }
      - id: va_per_mu
        title: { zh: 亩均增加值, en: VA per mu }
        unit: 万元/亩
        numerator: value_added
        denominator: land_mu
        weight: 40
        scoring: { method: ratio_to_benchmark, benchmark: { constant: 10 } }
classing:
  rankingUnit: county
  method: threshold
  thresholds: { A: 150, B: 100, C: 50 }
`;
const m: Methodology = loadMethodologyText(M, 'tiny.yaml');
const u = (k: number) => withCheckChar(`91330402${String(k).padStart(9, '0')}`);
// X: tax 100.5 / 10 亩 = 10.05 → 60.3; value added 100.5 / 10 → 40.2; total 100.5 (B, just).
// Y: 200 / 10 → 120 + 80 = 200 (A).
const batch = batchFromRecords([
  {
    uscc: u(1),
    division: '330402',
    industry: '3825',
    values: { land_mu: 10, tax: 100.5, value_added: 100.5 },
  },
  { uscc: u(2), division: '330402', industry: '3825', values: { land_mu: 10, tax: 200, value_added: 200 } },
]);
const ctx = { methodologyHash: 'h', datasetVersion: 't' };
const base = evaluate(batch, m, ctx);

describe('sensitivity', () => {
  it('the unperturbed classes are B and A', () => {
    expect([...base.adjustedClass]).toEqual([2, 1]);
    expect(base.total[0]).toBeCloseTo(100.5, 9);
  });

  it('with no perturbation every draw gives the base class: nothing is fragile', () => {
    const o: SensitivityOptions = { draws: 20, seed: 1, weights: 0, data: 0 };
    const s = summariseSensitivity(base, sensitivityCounts(batch, m, ctx, o), o);
    expect(s.fragileCount).toBe(0);
    expect(s.graded).toBe(2);
  });

  it('flags the firm near a threshold, with about the stability the arithmetic gives', () => {
    // Only tax perturbed, ±5 %: total = 60.3 u + 40.2 with u ~ U[0.95, 1.05]; B needs total ≥ 100,
    // i.e. u ≥ 59.8 / 60.3 = 0.99171; P = (1.05 − 0.99171) / 0.1 = 0.583.
    const o: SensitivityOptions = { draws: 2000, seed: 7, weights: 0, data: 0.05, dataFields: ['tax'] };
    const s = summariseSensitivity(base, sensitivityCounts(batch, m, ctx, o), o);
    expect(s.fragileCount).toBe(1);
    const x = s.fragile[0]!;
    expect(x.uscc).toBe(u(1));
    expect(x.baseClass).toBe('B');
    expect(x.stability).toBeGreaterThan(0.583 - 0.04);
    expect(x.stability).toBeLessThan(0.583 + 0.04);
    expect(x.counts.B + x.counts.C).toBe(2000);
    expect([x.best, x.worst, x.atStake]).toEqual(['B', 'C', true]);
    expect(s.byClass.A).toEqual({ graded: 1, fragile: 0 });
  });

  it('is deterministic for a seed, however the draws are split', () => {
    const o: SensitivityOptions = { draws: 40, seed: 3, weights: 0.2, data: 0.05 };
    const all = sensitivityCounts(batch, m, ctx, o);
    const a = sensitivityCounts(batch, m, ctx, o, 0, 17);
    const b = sensitivityCounts(batch, m, ctx, o, 17, 40);
    expect([...all]).toEqual([...a].map((v, k) => v + b[k]!));
    expect([...sensitivityCounts(batch, m, ctx, o)]).toEqual([...all]);
    const other = sensitivityCounts(batch, m, ctx, { ...o, seed: 4 });
    expect([...other]).not.toEqual([...all]);
  });

  it('perturbs weights within the bound and keeps each group’s sum', () => {
    for (let k = 0; k < 50; k++) {
      const p = perturbWeights(m, new Random(k, 'w'), 0.1);
      const ws = p.groups[0]!.indicators.map((i) => i.weight);
      expect(ws[0]! + ws[1]!).toBeCloseTo(100, 9);
      // 60 × [0.9, 1.1] rescaled by at most 1.1 / 0.9 either way
      expect(ws[0]!).toBeGreaterThan((60 * 0.9 * 100) / (60 * 1.1 + 40 * 1.1) - 1e-9);
      expect(ws[0]!).toBeLessThan((60 * 1.1 * 100) / (60 * 0.9 + 40 * 0.9) + 1e-9);
    }
  });

  it('perturbs the indicators’ inputs by default, and checks its bounds', () => {
    expect(indicatorFields(m).sort()).toEqual(['land_mu', 'tax', 'value_added']);
    expect(checkSensitivityOptions({ draws: 0, seed: 1, weights: 0.1, data: 0.1 })).toMatch(/draws/);
    expect(checkSensitivityOptions({ draws: 10, seed: 1, weights: 1.5, data: 0.1 })).toMatch(/weights/);
    expect(checkSensitivityOptions({ draws: 10, seed: 1, weights: 0.1, data: -0.1 })).toMatch(/data/);
    expect(checkSensitivityOptions({ draws: 10, seed: 1, weights: 0.1, data: 0.1 })).toBeNull();
  });
});
