/**
 * Sensitivity of the classes (Monte Carlo, seeded): each draw multiplies every indicator weight by a
 * factor uniform in [1 − w, 1 + w] (then rescales each group's weights to their original sum) and every
 * input the indicators use by a factor uniform in [1 − d, 1 + d], record by record, and evaluates again
 * with the pure engine. An enterprise whose class under the unperturbed rules is not what most draws
 * give is fragile: it should be looked at before anyone is penalised. Draw k always uses the generator
 * seeded with (seed, k), so the counts do not depend on how the draws are split between workers.
 */
import { Random } from '../demo/random.js';
import type { NumericField } from '../domain/fields.js';
import type { RecordBatch } from '../domain/record-batch.js';
import {
  CLASS_IDS,
  evaluate,
  type ClassId,
  type EvaluateContext,
  type EvaluationRun,
  type Methodology,
} from '../engine/index.js';

export interface SensitivityOptions {
  /** Number of draws (≥ 1). */
  draws: number;
  seed: number;
  /** Relative bound of the weight perturbation, 0 ≤ w < 1 (0.1 = ±10 %). */
  weights: number;
  /** Relative bound of the data perturbation, 0 ≤ d < 1 (0.05 = ±5 %). */
  data: number;
  /** The inputs perturbed; default every numerator and denominator the methodology's indicators use. */
  dataFields?: readonly NumericField[];
}

/** Per record, how many draws gave A, B, C, D and no class: `counts[i * 5 + k]`. */
export type SensitivityCounts = Uint32Array;

/** The fields the indicators of a methodology read. */
export function indicatorFields(m: Methodology): NumericField[] {
  const s = new Set<NumericField>();
  for (const g of m.groups)
    for (const ind of g.indicators) {
      s.add(ind.numerator);
      if (ind.denominator) s.add(ind.denominator);
    }
  return [...s];
}

/** The methodology with each weight × U[1 − w, 1 + w], rescaled so that each group keeps its sum. */
export function perturbWeights(m: Methodology, rng: Random, w: number): Methodology {
  if (w === 0) return m;
  return {
    ...m,
    groups: m.groups.map((g) => {
      const sum = g.indicators.reduce((s, x) => s + x.weight, 0);
      const raw = g.indicators.map((x) => x.weight * (1 + w * (2 * rng.uniform() - 1)));
      const rawSum = raw.reduce((s, x) => s + x, 0);
      const k = rawSum > 0 ? sum / rawSum : 1;
      return { ...g, indicators: g.indicators.map((x, j) => ({ ...x, weight: raw[j]! * k })) };
    }),
  };
}

/** The batch with each value of `fields` × U[1 − d, 1 + d] (missing stays missing); other columns shared. */
export function perturbData(
  batch: RecordBatch,
  fields: readonly NumericField[],
  rng: Random,
  d: number,
): RecordBatch {
  if (d === 0 || fields.length === 0) return batch;
  const columns = { ...batch.columns };
  for (const f of fields) {
    const src = batch.columns[f];
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = src[i]! * (1 + d * (2 * rng.uniform() - 1));
    columns[f] = out;
  }
  return { ...batch, columns };
}

/** Checks the options; returns a message in both languages, or null. */
export function checkSensitivityOptions(o: SensitivityOptions): string | null {
  if (!Number.isInteger(o.draws) || o.draws < 1 || o.draws > 100_000)
    return `抽样次数须为 1–100000 的整数 / draws must be an integer between 1 and 100000`;
  if (!Number.isInteger(o.seed)) return `随机种子须为整数 / the seed must be an integer`;
  for (const [zh, en, v] of [
    ['权重', 'weights', o.weights],
    ['数据', 'data', o.data],
  ] as const)
    if (!(v >= 0 && v < 1))
      return `${zh}扰动幅度须在 0 到 1 之间（0.1 = ±10%），实际为 ${v} / the ${en} bound must be in [0, 1) (0.1 = ±10 %), got ${v}`;
  return null;
}

/** Evaluates draws [from, to) and counts each record's class. Pure. */
export function sensitivityCounts(
  batch: RecordBatch,
  m: Methodology,
  ctx: EvaluateContext,
  o: SensitivityOptions,
  from = 0,
  to = o.draws,
  onDraw?: (done: number) => void,
): SensitivityCounts {
  const n = batch.length;
  const counts = new Uint32Array(n * 5);
  const fields = o.dataFields ?? indicatorFields(m);
  // no manual adjustments: the question is what the rules give
  const { manualAdjustments: _manual, ...rest } = ctx;
  for (let d = from; d < to; d++) {
    const rng = new Random(o.seed, `draw:${d}`);
    const md = perturbWeights(m, rng, o.weights);
    const bd = perturbData(batch, fields, rng, o.data);
    const run = evaluate(bd, md, rest);
    const cls = run.adjustedClass;
    for (let i = 0; i < n; i++) {
      const c = cls[i]!;
      counts[i * 5 + (c === 0 ? 4 : c - 1)]!++;
    }
    onDraw?.(d - from + 1);
  }
  return counts;
}

export interface FragileEnterprise {
  seq: number;
  uscc: string;
  name: string | null;
  division: string | null;
  /** The class under the unperturbed rules. */
  baseClass: ClassId;
  /** Share of draws that gave the base class. */
  stability: number;
  /** Draws per outcome. */
  counts: Record<ClassId | 'none', number>;
  /** The best and worst class seen in the draws. */
  best: ClassId | null;
  worst: ClassId | null;
  /** A penalty is at stake: the base class is C or D, or some draws give C or D to an A or B firm. */
  atStake: boolean;
}

export interface SensitivityResult {
  draws: number;
  seed: number;
  weights: number;
  data: number;
  dataFields: NumericField[];
  /** An enterprise is fragile when fewer than this share of draws give its base class. */
  minStability: number;
  graded: number;
  fragileCount: number;
  byClass: Record<ClassId, { graded: number; fragile: number }>;
  /** Fragile enterprises, least stable first (at most `limit`). */
  fragile: FragileEnterprise[];
}

/** The fragile enterprises of a base run, from the counts of all draws. */
export function summariseSensitivity(
  base: EvaluationRun,
  counts: SensitivityCounts,
  o: SensitivityOptions,
  opts: { minStability?: number; limit?: number } = {},
): SensitivityResult {
  const minStability = opts.minStability ?? 0.9;
  const n = base.length;
  const byClass = Object.fromEntries(CLASS_IDS.map((c) => [c, { graded: 0, fragile: 0 }])) as Record<
    ClassId,
    { graded: number; fragile: number }
  >;
  const fragileIdx: number[] = [];
  let graded = 0;
  const stabilityOf = (i: number) => counts[i * 5 + base.adjustedClass[i]! - 1]! / o.draws;
  for (let i = 0; i < n; i++) {
    const c = base.adjustedClass[i]!;
    if (c === 0) continue;
    graded++;
    byClass[CLASS_IDS[c - 1]!].graded++;
    if (stabilityOf(i) < minStability) {
      fragileIdx.push(i);
      byClass[CLASS_IDS[c - 1]!].fragile++;
    }
  }
  fragileIdx.sort((i, j) => stabilityOf(i) - stabilityOf(j) || (base.uscc[i]! < base.uscc[j]! ? -1 : 1));
  const fragile = fragileIdx.slice(0, opts.limit ?? 200).map((i): FragileEnterprise => {
    const k = (x: number) => counts[i * 5 + x]!;
    const seen = CLASS_IDS.filter((_, x) => k(x) > 0);
    const baseClass = CLASS_IDS[base.adjustedClass[i]! - 1]!;
    return {
      seq: i,
      uscc: base.uscc[i]!,
      name: base.batch.name[i] ?? null,
      division: base.batch.division[i] ?? null,
      baseClass,
      stability: stabilityOf(i),
      counts: { A: k(0), B: k(1), C: k(2), D: k(3), none: k(4) },
      best: seen[0] ?? null,
      worst: seen[seen.length - 1] ?? null,
      atStake: baseClass === 'C' || baseClass === 'D' || k(2) + k(3) > 0,
    };
  });
  return {
    draws: o.draws,
    seed: o.seed,
    weights: o.weights,
    data: o.data,
    dataFields: [...(o.dataFields ?? indicatorFields(base.methodology))],
    minStability,
    graded,
    fragileCount: fragileIdx.length,
    byClass,
    fragile,
  };
}
