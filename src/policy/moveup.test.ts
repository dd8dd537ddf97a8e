/**
 * How to move up, on a methodology of two indicators with constant benchmarks so that every figure can be
 * solved by hand: tax per mu (weight 60, benchmark 10 万元/亩, cap 3) and value added per tce (weight 40,
 * benchmark 2 万元/tce, cap 1.05); thresholds A 120, B 90, C 60.
 * The firm: 10 亩, tax 80, value added 1000, energy 500 → 8/10 × 60 = 48 and 2/2 × 40 = 40: total 88, C.
 */
import { describe, expect, it } from 'vitest';
import { batchFromRecords } from '../domain/record-batch.js';
import { withCheckChar } from '../domain/uscc.js';
import { evaluate, storedCells, type Methodology, type StoredCell } from '../engine/index.js';
import { loadMethodologyText } from '../engine/methodology/index.js';
import { moveUp, quotaTargetRank, thresholdTarget, type MoveUpInput } from './moveup.js';

const M = `
schema: mujun.methodology/v1
id: two
version: 1
title: { zh: 两项指标, en: Two indicators }
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
        scoring: { method: ratio_to_benchmark, benchmark: { constant: 10 }, cap: 3 }
      - id: va_per_tce
        title: { zh: 单位能耗增加值, en: VA per tce }
        unit: 万元/吨标准煤
        numerator: value_added
        denominator: energy_tce
        weight: 40
        scoring: { method: ratio_to_benchmark, benchmark: { constant: 2 }, cap: 1.05 }
classing:
  rankingUnit: county
  method: threshold
  thresholds: { A: 120, B: 90, C: 60 }
vetoes:
  - id: safety
    title: { zh: 安全事故, en: Safety accident }
    when: { field: safety_accident, op: eq, value: 1 }
    atBest: C
`;
const m: Methodology = loadMethodologyText(M, 'two.yaml');
const u = withCheckChar('91330402000000001');
const values = { land_mu: 10, tax: 80, value_added: 1000, energy_tce: 500 };
const run = evaluate(batchFromRecords([{ uscc: u, division: '330402', industry: '3825', values }]), m, {
  methodologyHash: 'h',
  datasetVersion: 't',
});
const cell: StoredCell = storedCells(run)[0]!;
const inp: MoveUpInput = {
  methodology: m,
  groupId: 'all',
  cell,
  values,
  scores: [48, 40],
  total: 88,
  initialClass: 'C',
  adjustedClass: 'C',
  classSteps: [{ kind: 'threshold', from: null, to: 'C', thresholds: { A: 120, B: 90, C: 60 } }],
};

describe('moveUp', () => {
  it('the firm is C with 88 (the engine agrees)', () => {
    expect(run.total[0]).toBeCloseTo(88, 9);
    expect(run.adjustedClass[0]).toBe(3);
  });

  const target = thresholdTarget(cell, 'C')!;
  const r = moveUp(inp, target);
  const opt = (f: string) => r.options.find((o) => o.field === f)!;

  it('aims at the next class’s threshold', () => {
    expect(target).toEqual({ class: 'B', total: 90, strict: false, rank: null });
    expect(r.status).toBe('ok');
    expect(r.gap).toBe(2);
  });

  it('tax alone: (tax / 10) / 10 × 60 ≥ 50 → tax ≥ 83.333…, shown as 83.34', () => {
    expect(opt('tax')).toMatchObject({ reason: 'ok', direction: 'increase', required: 83.34 });
    expect(opt('tax').change).toBeCloseTo(3.34, 9);
  });

  it('value added alone: VA / 500 / 2 × 40 ≥ 42 → 1050', () => {
    expect(opt('value_added')).toMatchObject({ reason: 'ok', direction: 'increase', required: 1050 });
  });

  it('energy alone: 1000 / E / 2 × 40 ≥ 42 → E ≤ 476.190…, shown as 476.19', () => {
    expect(opt('energy_tce')).toMatchObject({ reason: 'ok', direction: 'decrease', required: 476.19 });
    expect(opt('energy_tce').relative).toBeCloseTo(-23.81 / 500, 9);
  });

  it('land alone: 80 / L / 10 × 60 ≥ 50 → L ≤ 9.6', () => {
    expect(opt('land_mu')).toMatchObject({ reason: 'ok', direction: 'decrease', required: 9.6 });
  });

  it('electricity is not offered: this group does not use it', () => {
    expect(r.options.map((o) => o.field)).toEqual(['tax', 'value_added', 'energy_tce', 'land_mu']);
  });

  it('the engine confirms each figure lifts the firm to B', () => {
    for (const o of r.options) {
      const rerun = evaluate(
        batchFromRecords([
          { uscc: u, division: '330402', industry: '3825', values: { ...values, [o.field]: o.required! } },
        ]),
        m,
        { methodologyHash: 'h', datasetVersion: 't' },
      );
      expect(rerun.adjustedClass[0], o.field).toBe(2);
    }
  });

  it('says when no single input can do it: to A (120) value added and energy are capped at 42', () => {
    // from B (as if): tax would need 48 + x with x = 120 − 40 − 48 → tax/100 × 60 ≥ 80 → 133.34;
    // value added or energy alone can add at most 1.05 × 40 − 40 = 2 points
    const toA = moveUp(
      { ...inp, adjustedClass: 'B', initialClass: 'B' },
      { class: 'A', total: 120, strict: false, rank: null },
    );
    expect(toA.options.find((o) => o.field === 'tax')).toMatchObject({ reason: 'ok', required: 133.34 });
    expect(toA.options.find((o) => o.field === 'value_added')!.reason).toBe('not_reachable');
    expect(toA.options.find((o) => o.field === 'energy_tce')!.reason).toBe('not_reachable');
    expect(toA.noSingleInput).toBe(false);
    // and to A from a firm with no tax figure: none of them
    const noTax = moveUp(
      {
        ...inp,
        adjustedClass: 'B',
        initialClass: 'B',
        values: { land_mu: 10, value_added: 1000, energy_tce: 500 },
      },
      { class: 'A', total: 120, strict: false, rank: null },
    );
    expect(noTax.options.find((o) => o.field === 'tax')!.reason).toBe('missing');
    expect(noTax.noSingleInput).toBe(true);
  });

  it('a veto that caps the class below the target blocks every input', () => {
    const v = moveUp(
      {
        ...inp,
        initialClass: 'B',
        classSteps: [
          { kind: 'threshold', from: null, to: 'B' },
          { kind: 'veto', from: 'B', to: 'C', rule: 'safety' },
        ],
      },
      target,
    );
    expect(v).toMatchObject({ status: 'blocked_by_veto', vetoes: ['safety'], noSingleInput: true });
  });

  it('an A firm is at the top', () => {
    expect(moveUp({ ...inp, adjustedClass: 'A' }, null).status).toBe('top');
  });

  it('quota classing: the rank of the last place of the next class that has places', () => {
    const q = (cuts: number[]) => ({ ...cell, cuts, thresholds: null });
    // docs/methodology.md example 4: N = 20, cuts 4, 13, 19, 20
    expect(quotaTargetRank(q([4, 13, 19, 20]), 'C')).toEqual({ class: 'B', rank: 13 });
    expect(quotaTargetRank(q([4, 13, 19, 20]), 'B')).toEqual({ class: 'A', rank: 4 });
    // N = 2: cuts 0, 1, 2, 2 — nobody is A
    expect(quotaTargetRank(q([0, 1, 2, 2]), 'B')).toBeNull();
    // N = 1: cuts 0, 1, 1, 1 — from C (impossible here, but) the next class with a place is B
    expect(quotaTargetRank(q([0, 1, 1, 1]), 'D')).toEqual({ class: 'B', rank: 1 });
  });

  it('quota classing: strictly above the last firm of the next class', () => {
    // the last B scores exactly 90: reaching 90 is not enough, the firm must exceed it
    const s = moveUp(inp, { class: 'B', total: 90, strict: true, rank: 13 });
    const tax = s.options.find((o) => o.field === 'tax')!;
    expect(tax.required).toBe(83.34);
    expect(tax.totalAfter!).toBeGreaterThan(90);
  });
});
