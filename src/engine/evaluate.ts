/**
 * The evaluation engine: a pure, deterministic function from a batch of canonical records and a
 * methodology to every enterprise's indicators, scores, total, rank and class, with the explanation.
 * No IO, no clock, no randomness: the same inputs give the same arrays, bit for bit.
 *
 * Order of work (methodology.md): scope and groups → indicator values → group statistics per ranking
 * unit → scores (missing and zero-denominator rules, group-mean fills) → adjustment points → total →
 * ranking (total ↓, tax per mu ↓, uscc ↑) → quota or threshold classes → vetoes → protections → manual.
 */
import { normaliseUscc, usccHashIfValid } from '../domain/uscc.js';
import { IndustryTable } from '../domain/reference.js';
import type { RecordBatch } from '../domain/record-batch.js';
import { compileCondition, type Predicate } from './conditions.js';
import type { ClassId, Methodology } from './methodology/schema.js';
import { CLASS_IDS } from './classes.js';
import type { CellStats, EvaluationRun, ManualAdjustment, NotEvaluatedReason } from './result.js';
import { minmaxScore, quotaCuts, ratioToBenchmark, ratioToMax } from './scoring.js';

export interface EvaluateContext {
  /** Content hash of the methodology, recorded with the run. */
  methodologyHash: string;
  /** Identifies the input data, e.g. `2023/v3` or a file's hash. */
  datasetVersion: string;
  /** County-level division codes that exist; when given, other codes are not evaluated. */
  knownDivisions?: ReadonlySet<string>;
  /** GB/T 4754-2017 codes; when given, a code whose 大类 (first two digits) is not among them is not evaluated. */
  knownIndustries?: ReadonlySet<string>;
  /** The year the data describe, when it differs from the methodology's `dataYear` (year-window rules use it). */
  dataYear?: number;
  /** Manual class adjustments by USCC, applied last (graded firms only). */
  manualAdjustments?: ReadonlyMap<string, ManualAdjustment>;
}

const ST_NOT_EVALUATED = 0;
const ST_NOT_GRADED = 1;
const ST_GRADED = 2;

const NOTE_SCORED = 0;
const NOTE_CAPPED = 1;
const NOTE_NEGATIVE = 2;
const NOTE_MISSING_NUM = 3;
const NOTE_MISSING_DEN = 4;
const NOTE_ZERO_DEN = 5;
const NOTE_NO_BENCHMARK = 6;

const FILL_ZERO = 1;
const FILL_FULL = 2;
const FILL_GROUP_MEAN = 3;
const FILL_FULL_IF_POS = 4;

const FILL_CODE = {
  zero: FILL_ZERO,
  full: FILL_FULL,
  group_mean: FILL_GROUP_MEAN,
  full_if_numerator_positive: FILL_FULL_IF_POS,
};

/** Evaluates every record of the batch under the methodology. Pure and deterministic. */
export function evaluate(batch: RecordBatch, m: Methodology, ctx: EvaluateContext): EvaluationRun {
  const n = batch.length;
  const G = m.groups.length;
  const dataYear = ctx.dataYear ?? m.dataYear;

  // ---- 1. identity, scope, group, ranking unit ----------------------------------------------
  const { uscc, status, reason, group, cell, unitKeys } = scopePass(batch, m, ctx, dataYear);

  // Cells are indexed unit × group; create their stats objects in a deterministic order.
  const U = unitKeys.length;
  const cellCount = U * G;
  const classingOf = (g: number) => m.groups[g]!.classing ?? m.classing;
  const cells: CellStats[] = new Array<CellStats>(cellCount);
  for (let ui = 0; ui < U; ui++)
    for (let g = 0; g < G; g++) {
      const k = m.groups[g]!.indicators.length;
      const cl = classingOf(g);
      cells[ui * G + g] = {
        unit: unitKeys[ui]!,
        group: m.groups[g]!.id,
        evaluated: 0,
        graded: 0,
        benchmark: new Array<number>(k).fill(NaN),
        min: new Array<number>(k).fill(Infinity),
        max: new Array<number>(k).fill(-Infinity),
        meanScore: new Array<number>(k).fill(NaN),
        sumNumerator: new Array<number>(k).fill(0),
        sumDenominator: new Array<number>(k).fill(0),
        method: cl.method,
        cuts: null,
        thresholds: cl.method === 'threshold' ? { ...cl.thresholds } : null,
      };
    }
  for (let i = 0; i < n; i++) {
    const c = cell[i]!;
    if (c < 0) continue;
    cells[c]!.evaluated++;
    if (status[i] === ST_GRADED) cells[c]!.graded++;
  }

  // ---- 2–3. indicator values, statistics per cell, scores (one indicator at a time) ----------------
  const slotOffset: number[] = [];
  let slots = 0;
  for (const g of m.groups) {
    slotOffset.push(slots);
    slots += g.indicators.length;
  }
  const value: Float64Array[] = [];
  const score: Float64Array[] = [];
  const note: Uint8Array[] = [];
  const fill: Uint8Array[] = [];
  const members = groupMembers(group, cell, G);
  const memberPos = new Int32Array(n).fill(-1);
  for (const idx of members) for (let k = 0; k < idx.length; k++) memberPos[idx[k]!] = k;
  const graded01 = new Uint8Array(n);
  for (let i = 0; i < n; i++) graded01[i] = status[i] === ST_GRADED ? 1 : 0;
  const total = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) if (cell[i]! >= 0) total[i] = 0;

  for (let g = 0; g < G; g++) {
    const grp = m.groups[g]!;
    const idx = members[g]!;
    grp.indicators.forEach((ind, j) => {
      // Per-indicator arrays hold the group's members only (position k = memberPos[i]).
      const val = new Float64Array(idx.length).fill(NaN);
      const sc = new Float64Array(idx.length).fill(NaN);
      const nt = new Uint8Array(idx.length);
      const fl = new Uint8Array(idx.length);
      value.push(val);
      score.push(sc);
      note.push(nt);
      fill.push(fl);
      const num = batch.columns[ind.numerator];
      const den = ind.denominator ? batch.columns[ind.denominator] : null;
      indicatorValues(idx, num, den, val, nt);

      // statistics per cell
      const scoring = ind.scoring;
      const stat =
        scoring.method === 'ratio_to_benchmark' && 'statistic' in scoring.benchmark
          ? scoring.benchmark
          : null;
      const st = cellStatistics(
        idx,
        cell,
        cellCount,
        num,
        den ?? ONE,
        val,
        nt,
        stat && stat.population === 'graded' ? graded01 : null,
      );
      const bench = new Float64Array(cellCount).fill(NaN);
      if (scoring.method === 'ratio_to_benchmark') {
        const bm = scoring.benchmark;
        for (let c = g; c < cellCount; c += G) {
          if ('constant' in bm) bench[c] = bm.constant;
          else if (bm.statistic === 'aggregate')
            bench[c] = st.sumDen[c]! > 0 ? (st.sumNum[c]! / st.sumDen[c]!) * bm.multiplier : NaN;
          else if (bm.statistic === 'mean')
            bench[c] = st.count[c]! > 0 ? (st.sumX[c]! / st.count[c]!) * bm.multiplier : NaN;
          else
            bench[c] =
              cellMedian(idx, cell, c, val, nt, stat && stat.population === 'graded' ? graded01 : null) *
              bm.multiplier;
        }
      }

      // scores: the formula where there is a value, the rules where there is not
      const w = ind.weight;
      switch (scoring.method) {
        case 'ratio_to_benchmark':
          scoreRatioToBenchmark(idx, cell, val, nt, sc, bench, w, ind.direction, scoring.cap);
          break;
        case 'ratio_to_max':
          scoreByExtremes(idx, cell, val, nt, sc, st.min, st.max, w, ind.direction, -1);
          break;
        case 'minmax':
          scoreByExtremes(idx, cell, val, nt, sc, st.min, st.max, w, ind.direction, scoring.floor);
          break;
      }
      const onMissNum = typeof ind.onMissing === 'string' ? ind.onMissing : ind.onMissing.numerator;
      const onMissDen = typeof ind.onMissing === 'string' ? ind.onMissing : ind.onMissing.denominator;
      const needMean = applyFillRules(
        idx,
        num,
        nt,
        sc,
        fl,
        w,
        FILL_CODE[onMissNum],
        FILL_CODE[onMissDen],
        FILL_CODE[ind.onZeroDenominator],
      );
      const meanScore = cellMeanScores(idx, cell, cellCount, sc, fl, graded01);
      if (needMean)
        for (let k = 0; k < idx.length; k++)
          if (fl[k] === FILL_GROUP_MEAN) sc[k] = meanScore[cell[idx[k]!]!]!;
      addScores(total, idx, sc);

      // keep the cell statistics for the explanation
      for (let c = g; c < cellCount; c += G) {
        const cs = cells[c]!;
        cs.benchmark[j] = bench[c]!;
        cs.min[j] = st.min[c]!;
        cs.max[j] = st.max[c]!;
        cs.meanScore[j] = meanScore[c]!;
        cs.sumNumerator[j] = st.sumNum[c]!;
        cs.sumDenominator[j] = st.sumDen[c]!;
      }
    });
  }

  // ---- 4. adjustment points ------------------------------------------------------------------
  const adjustment = m.adjustments.map(() => new Float64Array(n).fill(NaN));
  m.adjustments.forEach((a, r) => {
    const when = a.when ? compileCondition(a.when, batch, dataYear) : null;
    const groups = a.groups ? new Set(a.groups.map((id) => m.groups.findIndex((g) => g.id === id))) : null;
    const per = a.perUnit ? batch.columns[a.perUnit.field] : null;
    const beyond = a.perUnit?.beyond ?? 0;
    const out = adjustment[r]!;
    for (let g = 0; g < G; g++) {
      if (groups && !groups.has(g)) continue;
      applyAdjustment(members[g]!, when, per, beyond, a.points, a.min, a.max, out, total);
    }
  });

  // ---- 5. ranking within unit × group ------------------------------------------------------
  const { graded, rank, unitSize, initialClass } = rankAndClass(batch, m, status, cell, total, uscc, cells);

  // ---- 6. vetoes, protections, manual adjustments --------------------------------------------
  const adjustedClass = initialClass.slice();
  const vetoes = m.vetoes.map((v) => ({
    best: CLASS_IDS.indexOf(v.atBest) + 1,
    p: compileCondition(v.when, batch, dataYear),
  }));
  const protections = m.protections.map((v) => ({
    worst: CLASS_IDS.indexOf(v.atWorst) + 1,
    p: compileCondition(v.when, batch, dataYear),
  }));
  const vetoesApplied = new Map<number, number[]>();
  const protectionsApplied = new Map<number, number[]>();
  const manual = new Map<number, ManualAdjustment>();
  // One rule at a time over the graded firms (a closure per firm and rule would cost more than the rule).
  vetoes.forEach(({ p, best }, k) =>
    applyClassRule(graded, p, k, vetoesApplied, (c) => (c < best ? best : c), adjustedClass),
  );
  protections.forEach(({ p, worst }, k) =>
    applyClassRule(graded, p, k, protectionsApplied, (c) => (c > worst ? worst : c), adjustedClass),
  );
  if (ctx.manualAdjustments && ctx.manualAdjustments.size > 0) {
    for (const i of graded) {
      const adj = ctx.manualAdjustments.get(uscc[i]!);
      if (!adj) continue;
      manual.set(i, adj);
      adjustedClass[i] = CLASS_IDS.indexOf(adj.toClass) + 1;
    }
  }

  return {
    methodology: m,
    methodologyHash: ctx.methodologyHash,
    datasetVersion: ctx.datasetVersion,
    batch,
    length: n,
    uscc,
    status,
    reason,
    group,
    cell,
    cells,
    slotOffset,
    memberPos,
    value,
    score,
    note,
    fill,
    adjustment,
    total,
    rank,
    unitSize,
    initialClass,
    adjustedClass,
    vetoesApplied,
    protectionsApplied,
    manual,
  };
}

const ONE = new Float64Array(0);

/** A veto or protection: for each graded firm it applies to, note it and bound the class. */
function applyClassRule(
  graded: Int32Array,
  p: Predicate,
  k: number,
  applied: Map<number, number[]>,
  bound: (classCode: number) => number,
  adjustedClass: Uint8Array,
): void {
  for (const i of graded) {
    if (!p(i)) continue;
    const list = applied.get(i);
    if (list) list.push(k);
    else applied.set(i, [k]);
    adjustedClass[i] = bound(adjustedClass[i]!);
  }
}

/** total[idx[k]] += sc[k] for every member k. */
function addScores(total: Float64Array, idx: Int32Array, sc: Float64Array): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    total[i] = total[i]! + sc[k]!;
  }
}

/** One adjustment rule over a group's members: points (per unit beyond a threshold, within bounds). */
function applyAdjustment(
  idx: Int32Array,
  when: Predicate | null,
  per: Float64Array | null,
  beyond: number,
  points: number,
  min: number | undefined,
  max: number | undefined,
  out: Float64Array,
  total: Float64Array,
): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (when && !when(i)) continue;
    let pts = points;
    if (per) {
      const units = per[i]! - beyond;
      if (!(units > 0)) continue;
      pts *= units;
    }
    if (min !== undefined && pts < min) pts = min;
    if (max !== undefined && pts > max) pts = max;
    out[i] = pts;
    total[i] = total[i]! + pts;
  }
}

/** Record indices of each group's evaluated firms, in record order. */
function groupMembers(group: Int16Array, cell: Int32Array, G: number): Int32Array[] {
  const counts = new Int32Array(G);
  for (let i = 0; i < group.length; i++) if (cell[i]! >= 0) counts[group[i]!]!++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const at = new Int32Array(G);
  for (let i = 0; i < group.length; i++) if (cell[i]! >= 0) out[group[i]!]![at[group[i]!]!++] = i;
  return out;
}

/** x = numerator ÷ denominator (or the numerator alone), with a note where it cannot be computed. */
function indicatorValues(
  idx: Int32Array,
  num: Float64Array,
  den: Float64Array | null,
  val: Float64Array,
  nt: Uint8Array,
): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const a = num[i]!;
    const b = den === null ? 1 : den[i]!;
    if (a !== a) nt[k] = NOTE_MISSING_NUM;
    else if (b !== b) nt[k] = NOTE_MISSING_DEN;
    else if (b <= 0) nt[k] = NOTE_ZERO_DEN;
    else {
      val[k] = a / b;
      nt[k] = a < 0 ? NOTE_NEGATIVE : NOTE_SCORED;
    }
  }
}

interface CellStatsArrays {
  sumNum: Float64Array;
  sumDen: Float64Array;
  sumX: Float64Array;
  count: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/**
 * Per cell: Σ numerator and Σ denominator (aggregate benchmarks), Σ x and count (mean) over the
 * statistic's population, and min / max of the non-negative values (ratio_to_max, minmax).
 */
function cellStatistics(
  idx: Int32Array,
  cell: Int32Array,
  cellCount: number,
  num: Float64Array,
  den: Float64Array,
  val: Float64Array,
  nt: Uint8Array,
  onlyGraded: Uint8Array | null,
): CellStatsArrays {
  const sumNum = new Float64Array(cellCount);
  const sumDen = new Float64Array(cellCount);
  const sumX = new Float64Array(cellCount);
  const count = new Float64Array(cellCount);
  const min = new Float64Array(cellCount).fill(Infinity);
  const max = new Float64Array(cellCount).fill(-Infinity);
  const hasDen = den.length > 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const note = nt[k]!;
    if (note !== NOTE_SCORED && note !== NOTE_NEGATIVE) continue;
    const c = cell[i]!;
    const x = val[k]!;
    if (onlyGraded === null || onlyGraded[i] === 1) {
      sumNum[c] = sumNum[c]! + num[i]!;
      sumDen[c] = sumDen[c]! + (hasDen ? den[i]! : 1);
      sumX[c] = sumX[c]! + x;
      count[c] = count[c]! + 1;
    }
    if (note === NOTE_SCORED) {
      if (x < min[c]!) min[c] = x;
      if (x > max[c]!) max[c] = x;
    }
  }
  return { sumNum, sumDen, sumX, count, min, max };
}

function cellMedian(
  idx: Int32Array,
  cell: Int32Array,
  c: number,
  val: Float64Array,
  nt: Uint8Array,
  onlyGraded: Uint8Array | null,
): number {
  const xs: number[] = [];
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (
      cell[i] === c &&
      (nt[k] === NOTE_SCORED || nt[k] === NOTE_NEGATIVE) &&
      (onlyGraded === null || onlyGraded[i] === 1)
    )
      xs.push(val[k]!);
  }
  return median(xs);
}

function scoreRatioToBenchmark(
  idx: Int32Array,
  cell: Int32Array,
  val: Float64Array,
  nt: Uint8Array,
  sc: Float64Array,
  bench: Float64Array,
  w: number,
  dir: 'higher_is_better' | 'lower_is_better',
  cap: number | undefined,
): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const note = nt[k]!;
    if (note === NOTE_NEGATIVE) sc[k] = 0;
    if (note !== NOTE_SCORED) continue;
    const b = bench[cell[i]!]!;
    if (!(b > 0)) {
      nt[k] = NOTE_NO_BENCHMARK;
      sc[k] = 0;
      continue;
    }
    const x = val[k]!;
    const v = ratioToBenchmark(x, b, w, dir, cap);
    if (cap !== undefined && v === cap * w && (dir === 'lower_is_better' || x / b >= cap))
      nt[k] = NOTE_CAPPED;
    sc[k] = v;
  }
}

/** ratio_to_max (floor < 0) or minmax (floor ≥ 0), from the cell's min and max. */
function scoreByExtremes(
  idx: Int32Array,
  cell: Int32Array,
  val: Float64Array,
  nt: Uint8Array,
  sc: Float64Array,
  min: Float64Array,
  max: Float64Array,
  w: number,
  dir: 'higher_is_better' | 'lower_is_better',
  floor: number,
): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const note = nt[k]!;
    if (note === NOTE_NEGATIVE) sc[k] = 0;
    if (note !== NOTE_SCORED) continue;
    const c = cell[i]!;
    sc[k] =
      floor < 0
        ? ratioToMax(val[k]!, min[c]!, max[c]!, w, dir)
        : minmaxScore(val[k]!, min[c]!, max[c]!, w, floor, dir);
  }
}

/** Scores missing values and zero denominators by the indicator's rules; true if a group mean is needed. */
function applyFillRules(
  idx: Int32Array,
  num: Float64Array,
  nt: Uint8Array,
  sc: Float64Array,
  fl: Uint8Array,
  w: number,
  onMissNum: number,
  onMissDen: number,
  onZeroDen: number,
): boolean {
  let needMean = false;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const note = nt[k]!;
    const rule =
      note === NOTE_MISSING_NUM
        ? onMissNum
        : note === NOTE_MISSING_DEN
          ? onMissDen
          : note === NOTE_ZERO_DEN
            ? onZeroDen
            : 0;
    if (rule === 0) continue;
    fl[k] = rule;
    if (rule === FILL_ZERO) sc[k] = 0;
    else if (rule === FILL_FULL) sc[k] = w;
    else if (rule === FILL_FULL_IF_POS) sc[k] = num[i]! > 0 ? w : 0;
    else needMean = true;
  }
  return needMean;
}

/** Per cell, the mean score of the graded firms whose score is not itself a group-mean fill (0 if none). */
function cellMeanScores(
  idx: Int32Array,
  cell: Int32Array,
  cellCount: number,
  sc: Float64Array,
  fl: Uint8Array,
  graded01: Uint8Array,
): Float64Array {
  const sum = new Float64Array(cellCount);
  const cnt = new Float64Array(cellCount);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (graded01[i] !== 1 || fl[k] === FILL_GROUP_MEAN) continue;
    const c = cell[i]!;
    sum[c] = sum[c]! + sc[k]!;
    cnt[c] = cnt[c]! + 1;
  }
  const out = new Float64Array(cellCount);
  for (let c = 0; c < cellCount; c++) out[c] = cnt[c]! > 0 ? sum[c]! / cnt[c]! : 0;
  return out;
}

/** Phase 5: ranks within each unit × group (total ↓, tax per mu ↓, USCC ↑) and the initial classes. */
function rankAndClass(
  batch: RecordBatch,
  m: Methodology,
  status: Uint8Array,
  cell: Int32Array,
  total: Float64Array,
  uscc: readonly string[],
  cells: CellStats[],
) {
  const n = batch.length;
  const G = m.groups.length;
  const cellCount = cells.length;
  const tax = batch.columns.tax;
  const land = batch.columns.land_mu;
  const classingOf = (g: number) => m.groups[g]!.classing ?? m.classing;
  let gradedCount = 0;
  for (let i = 0; i < n; i++) if (status[i] === ST_GRADED) gradedCount++;
  const graded = new Int32Array(gradedCount);
  for (let i = 0, k = 0; i < n; i++) if (status[i] === ST_GRADED) graded[k++] = i;
  const tpm = new Float64Array(n);
  for (const i of graded) {
    const v = tax[i]! / land[i]!;
    tpm[i] = Number.isNaN(v) ? -Infinity : v;
  }
  // Order within each cell: total ↓, tax per mu ↓, USCC ↑ — a radix sort on (cell, total), then the
  // rare runs of equal totals sorted by the tie-breakers.
  const order = sortByCellAndTotal(graded, cell, total);
  const cellStart = new Int32Array(cellCount + 1);
  for (const i of graded) cellStart[cell[i]! + 1]!++;
  for (let c = 0; c < cellCount; c++) cellStart[c + 1]! += cellStart[c]!;
  const tieBreak = (a: number, b: number): number => {
    const pa = tpm[a]!;
    const pb = tpm[b]!;
    if (pa !== pb) return pb > pa ? 1 : -1;
    const ua = uscc[a]!;
    const ub = uscc[b]!;
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  };
  for (let k = 0; k < order.length;) {
    let e = k + 1;
    while (e < order.length && cell[order[e]!] === cell[order[k]!] && total[order[e]!] === total[order[k]!])
      e++;
    if (e - k > 1) order.subarray(k, e).sort(tieBreak);
    k = e;
  }
  const rank = new Int32Array(n);
  const unitSize = new Int32Array(n);
  const initialClass = new Uint8Array(n);
  for (let c = 0; c < cellCount; c++) {
    const start = cellStart[c]!;
    const end = cellStart[c + 1]!;
    const N = end - start;
    if (N === 0) continue;
    const cs = cells[c]!;
    const cl = classingOf(c % G);
    let cuts: number[] | null = null;
    if (cl.method === 'quota') {
      cuts = quotaCuts(
        N,
        CLASS_IDS.map((k) => cl.quotas[k]),
      );
      cs.cuts = cuts;
    }
    for (let r = 0; r < N; r++) {
      const i = order[start + r]!;
      rank[i] = r + 1;
      unitSize[i] = N;
      if (cuts) {
        let k = 0;
        while (k < 3 && r + 1 > cuts[k]!) k++;
        initialClass[i] = k + 1;
      } else if (cl.method === 'threshold') {
        const t = total[i]!;
        const th = cl.thresholds;
        initialClass[i] = t >= th.A ? 1 : t >= th.B ? 2 : t >= th.C ? 3 : 4;
      }
    }
  }

  return { graded, rank, unitSize, initialClass };
}

/**
 * Phase 1: each record's normalised code, status and reason, group and ranking unit × group cell.
 * (A function of its own: V8 optimises a small hot loop sooner than one inside a very long function.)
 */
function scopePass(batch: RecordBatch, m: Methodology, ctx: EvaluateContext, dataYear: number) {
  const n = batch.length;
  const G = m.groups.length;
  const land = batch.columns.land_mu;
  // The batch's codes, copied only if one needs normalising (a 200,000-pointer copy is not free).
  let uscc: string[] = batch.uscc;
  const status = new Uint8Array(n);
  const reason = new Array<string | null>(n).fill(null);
  const group = new Int16Array(n).fill(-1);
  const cell = new Int32Array(n).fill(-1);
  const groupWhen: Predicate[] = m.groups.map((g) => compileCondition(g.when, batch, dataYear));
  const notGraded = m.scope.notGraded.map((r) => ({
    id: r.id,
    p: compileCondition(r.when, batch, dataYear),
  }));
  // Normalised codes, their hashes (−1 = invalid) and which records repeat an earlier valid code.
  const hashes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = batch.uscc[i]!;
    let h = usccHashIfValid(u);
    if (h < 0) {
      const v = normaliseUscc(u);
      if (v !== u) {
        if (uscc === batch.uscc) uscc = batch.uscc.slice();
        uscc[i] = v;
        h = usccHashIfValid(v);
      }
    }
    hashes[i] = h;
  }
  const duplicate = markDuplicates(hashes, uscc);
  const unitIndex = new Map<string, number>();
  const unitKeys: string[] = [];
  const { from: indFrom, to: indTo } = m.scope.industrial;
  let lastKey: string | null = null;
  let lastUnit = -1;
  let knownMajors: Uint8Array | null = null;
  if (ctx.knownIndustries) {
    knownMajors = new Uint8Array(100);
    for (const code of ctx.knownIndustries)
      if (code.length === 2) knownMajors[IndustryTable.majorOf(code)] = 1;
  }

  const unitKeyOf = (i: number): string => {
    switch (m.classing.rankingUnit) {
      case 'county':
        return batch.division[i]!;
      case 'city':
        return 'city';
      case 'county_industry':
        return `${batch.division[i]}/${batch.industry[i]!.slice(0, 2)}`;
      case 'industry':
        return batch.industry[i]!.slice(0, 2);
    }
  };

  const notEvaluated = (i: number, r: NotEvaluatedReason) => {
    status[i] = ST_NOT_EVALUATED;
    reason[i] = r;
  };

  for (let i = 0; i < n; i++) {
    if (hashes[i]! < 0) {
      notEvaluated(i, 'invalid_uscc');
      continue;
    }
    if (duplicate[i] === 1) {
      notEvaluated(i, 'duplicate_uscc');
      continue;
    }
    if (batch.issues[i]) {
      notEvaluated(i, 'invalid_value');
      continue;
    }
    const div = batch.division[i];
    if (!div) {
      notEvaluated(i, 'missing_division');
      continue;
    }
    if (ctx.knownDivisions && !ctx.knownDivisions.has(div)) {
      notEvaluated(i, 'unknown_division');
      continue;
    }
    const ind = batch.industry[i];
    if (!ind) {
      notEvaluated(i, 'missing_industry');
      continue;
    }
    const major = IndustryTable.majorOf(ind);
    // A code is usable when its 大类 exists: departments often send a 中类 padded with 0 (1810 for 181).
    if (Number.isNaN(major) || !digitsOnly(ind) || (knownMajors && knownMajors[major] !== 1)) {
      notEvaluated(i, 'unknown_industry');
      continue;
    }
    if (major < indFrom || major > indTo) {
      notEvaluated(i, 'non_industrial');
      continue;
    }
    const lm = land[i]!;
    if (Number.isNaN(lm)) {
      notEvaluated(i, 'land_missing');
      continue;
    }
    if (lm <= 0) {
      notEvaluated(i, 'land_not_positive');
      continue;
    }
    let g = -1;
    for (let k = 0; k < G; k++)
      if (groupWhen[k]!(i)) {
        g = k;
        break;
      }
    if (g < 0) {
      notEvaluated(i, 'no_group');
      continue;
    }
    group[i] = g;
    const minLand = m.groups[g]!.minLandMu;
    if (minLand !== undefined && lm < minLand) {
      notEvaluated(i, 'below_land_threshold');
      continue;
    }
    status[i] = ST_GRADED;
    for (const r of notGraded)
      if (r.p(i)) {
        status[i] = ST_NOT_GRADED;
        reason[i] = r.id;
        break;
      }
    const key = unitKeyOf(i);
    // Records usually come grouped by county: compare with the previous key before hashing.
    let ui = key === lastKey ? lastUnit : unitIndex.get(key);
    if (ui === undefined) {
      ui = unitKeys.length;
      unitIndex.set(key, ui);
      unitKeys.push(key);
    }
    lastKey = key;
    lastUnit = ui;
    cell[i] = ui * G + g;
  }

  return { uscc, status, reason, group, cell, unitKeys };
}

/** True when every character is an ASCII digit (industry codes). */
function digitsOnly(s: string): boolean {
  if (s.length < 2 || s.length > 4) return false;
  for (let k = 0; k < s.length; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

/**
 * Marks every record whose (valid) code repeats an earlier record's: a stable radix sort of the 30-bit
 * hashes puts equal codes next to each other in record order, so the first of each is the original.
 * (A hash table of 200,000 codes costs twice as much here: its probes miss the cache.)
 */
function markDuplicates(hashes: Int32Array, codes: readonly string[]): Uint8Array {
  const n = hashes.length;
  let valid = 0;
  for (let i = 0; i < n; i++) if (hashes[i]! >= 0) valid++;
  const idx = new Int32Array(valid);
  for (let i = 0, k = 0; i < n; i++) if (hashes[i]! >= 0) idx[k++] = i;
  const sorter = new RadixSorter(idx);
  sorter.pass(hashes, 0);
  sorter.pass(hashes, 16);
  const sorted = sorter.order;
  const dup = new Uint8Array(n);
  for (let k = 0; k < valid;) {
    let e = k + 1;
    const h = hashes[sorted[k]!]!;
    while (e < valid && hashes[sorted[e]!] === h) e++;
    // a run of equal hashes (in record order): a record is a duplicate if an earlier one has its code
    for (let a = k + 1; a < e; a++)
      for (let b = k; b < a; b++)
        if (dup[sorted[b]!] === 0 && codes[sorted[a]!] === codes[sorted[b]!]) {
          dup[sorted[a]!] = 1;
          break;
        }
    k = e;
  }
  return dup;
}

/** A stable LSD radix sort of an index array, 16 bits of a key per pass. */
class RadixSorter {
  private tmp: Int32Array;
  private readonly count = new Int32Array(65537);
  constructor(public order: Int32Array) {
    this.tmp = new Int32Array(order.length);
  }
  /** Sorts `order` stably by bits [shift, shift + 16) of key[x] for each x in it. */
  pass(key: Int32Array | Uint32Array, shift: number): void {
    const { order, tmp, count } = this;
    const m = order.length;
    count.fill(0);
    for (let k = 0; k < m; k++) count[((key[order[k]!]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 0; d < 65536; d++) count[d + 1]! += count[d]!;
    for (let k = 0; k < m; k++) {
      const x = order[k]!;
      tmp[count[(key[x]! >>> shift) & 0xffff]!++] = x;
    }
    this.tmp = order;
    this.order = tmp;
  }
}

/**
 * The graded records ordered by cell ↑ then total ↓: a stable LSD radix sort on the 64 bits of the
 * total (mapped so that unsigned order is descending numeric order) and then the cell.
 */
function sortByCellAndTotal(graded: Int32Array, cell: Int32Array, total: Float64Array): Int32Array {
  const m = graded.length;
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const hi = new Uint32Array(m);
  const lo = new Uint32Array(m);
  const cl = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    const i = graded[k]!;
    f[0] = total[i]! + 0; // −0 → +0: equal totals must be equal keys
    let h = u[1]!;
    let l = u[0]!;
    // ascending-numeric bits, then inverted for descending
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    hi[k] = ~h >>> 0;
    lo[k] = ~l >>> 0;
    cl[k] = cell[i]!;
  }
  const positions = new Int32Array(m);
  for (let k = 0; k < m; k++) positions[k] = k;
  const sorter = new RadixSorter(positions);
  sorter.pass(lo, 0);
  sorter.pass(lo, 16);
  sorter.pass(hi, 0);
  sorter.pass(hi, 16);
  sorter.pass(cl, 0);
  if (cl.some((c) => c > 0xffff)) sorter.pass(cl, 16);
  const idx = sorter.order;
  const out = new Int32Array(m);
  for (let k = 0; k < m; k++) out[k] = graded[idx[k]!]!;
  return out;
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** The class id for a numeric class code (1 = A … 4 = D). */
export function classOf(code: number): ClassId | null {
  return code >= 1 && code <= 4 ? CLASS_IDS[code - 1]! : null;
}
