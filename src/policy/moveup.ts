/**
 * How to move up (如何提档): for one enterprise of a stored run, the smallest change of each input alone
 * (tax, value added, energy, land…) that lifts its total over what the next class takes, under that run's
 * benchmarks, extremes and cuts (held fixed: one firm changing its figures is not a new run). Quota
 * classing: the total of the last enterprise of the next class in the ranking unit, to be exceeded;
 * thresholds: the next class's threshold, to be reached. Pure.
 */
import { FIELD_INFO, type NumericField } from '../domain/fields.js';
import {
  CLASS_IDS,
  ratioToBenchmark,
  type ClassId,
  type ClassStep,
  type Indicator,
  type Methodology,
  type StoredCell,
} from '../engine/index.js';

/** The inputs of the issue, always shown; electricity too when the group's indicators use it. */
export const MOVE_UP_FIELDS: readonly NumericField[] = [
  'tax',
  'value_added',
  'energy_tce',
  'land_mu',
  'electricity',
];

export interface MoveUpInput {
  methodology: Methodology;
  groupId: string;
  cell: StoredCell;
  /** The record's inputs (missing ones absent). */
  values: Partial<Record<NumericField, number>>;
  /** The stored score of each indicator of the group, in methodology order. */
  scores: readonly number[];
  total: number;
  initialClass: ClassId;
  adjustedClass: ClassId;
  classSteps: readonly ClassStep[];
}

/** What the next class takes. */
export interface MoveUpTarget {
  class: ClassId;
  /** Quota: the total of the last enterprise of `class` in the unit; threshold: the threshold. */
  total: number;
  /** Quota: the total must be exceeded (a tie is decided by tax per mu); threshold: reached. */
  strict: boolean;
  /** Quota: the rank to reach. */
  rank: number | null;
}

export type MoveUpReason = 'ok' | 'missing' | 'not_used' | 'not_reachable';

export interface MoveUpOption {
  field: NumericField;
  unit: string;
  current: number | null;
  /** The value the field would need, rounded away from the current value to 2 decimals. */
  required: number | null;
  change: number | null;
  /** change ÷ |current|. */
  relative: number | null;
  direction: 'increase' | 'decrease' | null;
  totalAfter: number | null;
  reason: MoveUpReason;
}

/** ok; top (class A already); blocked_by_veto; no_slot (no better class has a place in the unit). */
export type MoveUpStatus = 'ok' | 'top' | 'blocked_by_veto' | 'no_slot';

export interface MoveUpResult {
  status: MoveUpStatus;
  currentClass: ClassId;
  target: MoveUpTarget | null;
  total: number;
  /** target total − total. */
  gap: number | null;
  /** Vetoes that keep the firm below the target class whatever its figures. */
  vetoes: string[];
  /** The class was set by a manual adjustment (the figures below are what the rules would need). */
  manual: boolean;
  options: MoveUpOption[];
  /** No single input can do it (every option is missing, unused or not reachable). */
  noSingleInput: boolean;
}

const better = (c: ClassId): ClassId | null => (c === 'A' ? null : CLASS_IDS[CLASS_IDS.indexOf(c) - 1]!);

/**
 * For quota classing: the class to aim for (the nearest better class that has any place in the unit) and
 * the rank of its last place; null when no better class has a place.
 */
export function quotaTargetRank(cell: StoredCell, current: ClassId): { class: ClassId; rank: number } | null {
  const cuts = cell.cuts;
  if (!cuts) return null;
  for (let k = CLASS_IDS.indexOf(current) - 1; k >= 0; k--) {
    const prev = k > 0 ? cuts[k - 1]! : 0;
    if (cuts[k]! > prev) return { class: CLASS_IDS[k]!, rank: cuts[k]! };
  }
  return null;
}

/** For threshold classing: the next better class and its threshold. */
export function thresholdTarget(cell: StoredCell, current: ClassId): MoveUpTarget | null {
  const c = better(current);
  if (!c || !cell.thresholds) return null;
  return { class: c, total: cell.thresholds[c as 'A' | 'B' | 'C'], strict: false, rank: null };
}

/** The score of indicator j for given numerator and denominator, under the cell's fixed statistics. */
export function indicatorScore(
  ind: Indicator,
  j: number,
  cell: StoredCell,
  num: number,
  den: number,
): number {
  const w = ind.weight;
  const fillScore = (rule: 'zero' | 'full' | 'group_mean' | 'full_if_numerator_positive'): number =>
    rule === 'zero'
      ? 0
      : rule === 'full'
        ? w
        : rule === 'group_mean'
          ? (cell.meanScore[j] ?? 0)
          : num > 0
            ? w
            : 0;
  const onMissNum = typeof ind.onMissing === 'string' ? ind.onMissing : ind.onMissing.numerator;
  const onMissDen = typeof ind.onMissing === 'string' ? ind.onMissing : ind.onMissing.denominator;
  if (Number.isNaN(num)) return fillScore(onMissNum);
  if (Number.isNaN(den)) return fillScore(onMissDen);
  if (den <= 0) return fillScore(ind.onZeroDenominator);
  const x = num / den;
  if (x < 0) return 0;
  const s = ind.scoring;
  switch (s.method) {
    case 'ratio_to_benchmark': {
      const b = cell.benchmark[j] ?? NaN;
      return b > 0 ? ratioToBenchmark(x, b, w, ind.direction, s.cap) : 0;
    }
    case 'ratio_to_max': {
      // the firm itself may become the extreme: at most the full weight
      const max = cell.max[j] ?? NaN;
      const min = cell.min[j] ?? NaN;
      if (ind.direction === 'higher_is_better') return max > 0 ? Math.min(x / max, 1) * w : 0;
      return x === 0 ? w : Math.min(min / x, 1) * w;
    }
    case 'minmax': {
      const max = cell.max[j] ?? NaN;
      const min = cell.min[j] ?? NaN;
      if (!(max > min)) return w;
      let t = ind.direction === 'higher_is_better' ? (x - min) / (max - min) : (max - x) / (max - min);
      t = Math.min(1, Math.max(0, t));
      return (w * (s.floor + (100 - s.floor) * t)) / 100;
    }
  }
}

/** The firm's total as a function of one input, the other inputs and the stored scores unchanged. */
function totalAsFunctionOf(inp: MoveUpInput, field: NumericField): ((x: number) => number) | null {
  const grp = inp.methodology.groups.find((g) => g.id === inp.groupId);
  if (!grp) return null;
  const uses = grp.indicators
    .map((ind, j) => ({ ind, j }))
    .filter(({ ind }) => ind.numerator === field || ind.denominator === field);
  if (uses.length === 0) return null;
  const base = inp.total - uses.reduce((s, { j }) => s + (inp.scores[j] ?? 0), 0);
  const v = (f: NumericField, x: number) => (f === field ? x : (inp.values[f] ?? NaN));
  return (x) =>
    base +
    uses.reduce(
      (s, { ind, j }) =>
        s +
        indicatorScore(ind, j, inp.cell, v(ind.numerator, x), ind.denominator ? v(ind.denominator, x) : 1),
      0,
    );
}

/** The smallest change of `field` alone that reaches the target, or why there is none. */
export function moveUpOption(inp: MoveUpInput, target: MoveUpTarget, field: NumericField): MoveUpOption {
  const unit = FIELD_INFO[field].unit;
  const x0 = inp.values[field];
  const none = (reason: MoveUpReason): MoveUpOption => ({
    field,
    unit,
    current: x0 ?? null,
    required: null,
    change: null,
    relative: null,
    direction: null,
    totalAfter: null,
    reason,
  });
  const total = totalAsFunctionOf(inp, field);
  if (!total) return none('not_used');
  if (x0 === undefined || Number.isNaN(x0)) return none('missing');
  const T = target.total;
  const ok = (x: number) => (target.strict ? total(x) > T : total(x) >= T);
  // already enough by the rules (e.g. a class set lower by hand): no change needed
  if (ok(x0))
    return {
      field,
      unit,
      current: x0,
      required: x0,
      change: 0,
      relative: 0,
      direction: null,
      totalAfter: total(x0),
      reason: 'ok',
    };
  const grp = inp.methodology.groups.find((g) => g.id === inp.groupId)!;
  // land must stay positive and within the group's scope threshold; other inputs not below 0
  const lower = field === 'land_mu' ? Math.max(grp.minLandMu ?? 0, 1e-9) : 0;
  const scale = Math.max(Math.abs(x0), 1) * 1e-4;
  const search = (dir: 1 | -1): number | null => {
    let prev = x0;
    for (let k = 0; k <= 140; k++) {
      let x = x0 + dir * scale * Math.pow(2, k / 2);
      if (dir < 0 && x < lower) x = lower;
      if (ok(x)) {
        // bisect between the last point that fails and this one
        let lo = prev;
        let hi = x;
        for (let it = 0; it < 80; it++) {
          const mid = (lo + hi) / 2;
          if (ok(mid)) hi = mid;
          else lo = mid;
        }
        return hi;
      }
      if (dir < 0 && x <= lower) return null;
      prev = x;
    }
    return null;
  };
  const up = search(1);
  const down = search(-1);
  let x: number | null = null;
  if (up !== null && down !== null) x = up - x0 <= x0 - down ? up : down;
  else x = up ?? down;
  if (x === null) return none('not_reachable');
  // round to 2 decimals away from the current value, if that still reaches the target
  const dir = x > x0 ? 1 : -1;
  const r = dir > 0 ? Math.ceil(x * 100 - 1e-9) / 100 : Math.floor(x * 100 + 1e-9) / 100;
  const required = ok(r) && r >= lower ? r : x;
  const change = required - x0;
  return {
    field,
    unit,
    current: x0,
    required,
    change,
    relative: x0 !== 0 ? change / Math.abs(x0) : null,
    direction: dir > 0 ? 'increase' : 'decrease',
    totalAfter: total(required),
    reason: 'ok',
  };
}

/**
 * How to move up: the target (from the caller: for quota classing, `quotaTargetRank` gives the rank whose
 * stored total the caller looks up) and the smallest change of each field alone.
 */
export function moveUp(
  inp: MoveUpInput,
  target: MoveUpTarget | null,
  fields: readonly NumericField[] = MOVE_UP_FIELDS,
): MoveUpResult {
  const m = inp.methodology;
  const manual = inp.classSteps.some((s) => s.kind === 'manual');
  const base = {
    currentClass: inp.adjustedClass,
    total: inp.total,
    manual,
  };
  if (inp.adjustedClass === 'A')
    return { ...base, status: 'top', target: null, gap: null, vetoes: [], options: [], noSingleInput: false };
  if (!target)
    return {
      ...base,
      status: 'no_slot',
      target: null,
      gap: null,
      vetoes: [],
      options: [],
      noSingleInput: true,
    };
  // a veto that caps the class below the target: no figure helps
  const vetoes = inp.classSteps
    .filter((s) => s.kind === 'veto')
    .map((s) => m.vetoes.find((v) => v.id === s.rule))
    .filter((v) => v !== undefined && CLASS_IDS.indexOf(v.atBest) > CLASS_IDS.indexOf(target.class))
    .map((v) => v!.id);
  if (vetoes.length > 0)
    return {
      ...base,
      status: 'blocked_by_veto',
      target,
      gap: target.total - inp.total,
      vetoes,
      options: [],
      noSingleInput: true,
    };
  const grp = m.groups.find((g) => g.id === inp.groupId);
  const used = new Set<NumericField>();
  for (const ind of grp?.indicators ?? []) {
    used.add(ind.numerator);
    if (ind.denominator) used.add(ind.denominator);
  }
  const options = fields
    .filter((f) => f !== 'electricity' || used.has(f))
    .map((f) => moveUpOption(inp, target, f));
  return {
    ...base,
    status: 'ok',
    target,
    gap: target.total - inp.total,
    vetoes: [],
    options,
    noSingleInput: options.every((o) => o.reason !== 'ok'),
  };
}
