/**
 * The evaluation engine: a pure, deterministic function from a batch of canonical records and a
 * methodology to every enterprise's indicators, scores, total, rank and class, with the explanation.
 * No IO, no clock, no randomness: the same inputs give the same arrays, bit for bit.
 *
 * Order of work (docs/methodology.md): scope and groups → indicator values → group statistics per ranking
 * unit → scores (missing and zero-denominator rules, group-mean fills) → adjustment points → total →
 * ranking (total ↓, tax per mu ↓, uscc ↑) → quota or threshold classes → vetoes → protections → manual.
 */
import type { RecordBatch } from '../domain/record-batch.js';
import { conditionMask } from './conditions.js';
import type { ClassId, Methodology } from './methodology/schema.js';
import { CLASS_IDS } from './classes.js';
import type { CellStats, EvaluationRun, ManualAdjustment } from './result.js';
import { methodOf, type CellStatistics } from './methods/index.js';
import { rankAndClass } from './rank.js';
import {
  FILL_CODE,
  FILL_FULL,
  FILL_FULL_IF_POS,
  FILL_GROUP_MEAN,
  FILL_ZERO,
  NOTE_CAPPED,
  NOTE_MISSING_DEN,
  NOTE_MISSING_NUM,
  NOTE_NEGATIVE,
  NOTE_NO_BENCHMARK,
  NOTE_SCORED,
  NOTE_ZERO_DEN,
  ST_GRADED,
} from './codes.js';
import { scratchI32, scratchU8 } from './scratch.js';
import { scopePass } from './scope-pass.js';

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

/**
 * Evaluates every record of the batch under the methodology. Pure and deterministic.
 *
 * The work is a series of small loops over typed arrays, each in a function of its own: V8 optimises
 * a short function with one hot loop within a few thousand iterations, whereas a long function with
 * many loops is compiled again (and thrown away) at each loop it reaches — what a one-shot command
 * such as `mujun evaluate --records` pays for in full. Conditions are evaluated as masks over the whole
 * batch (one tight loop per column), not as a closure call per record.
 */
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
  const evaluatedIn = new Int32Array(cellCount);
  const gradedIn = new Int32Array(cellCount);
  countPerCell(cell, status, evaluatedIn, gradedIn);
  const cells: CellStats[] = new Array<CellStats>(cellCount);
  for (let ui = 0; ui < U; ui++)
    for (let g = 0; g < G; g++) {
      const k = m.groups[g]!.indicators.length;
      const cl = classingOf(g);
      const c = ui * G + g;
      cells[c] = {
        unit: unitKeys[ui]!,
        group: m.groups[g]!.id,
        evaluated: evaluatedIn[c]!,
        graded: gradedIn[c]!,
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
  for (const idx of members) setPositions(idx, memberPos);
  const graded01 = scratchU8('graded01', n);
  gradedFlags(status, graded01);
  const total = new Float64Array(n);
  initTotals(cell, total);

  for (let g = 0; g < G; g++) {
    const grp = m.groups[g]!;
    const idx = members[g]!;
    for (let j = 0; j < grp.indicators.length; j++) {
      const ind = grp.indicators[j]!;
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

      // values and statistics per cell
      const scoring = ind.scoring;
      const method = methodOf(scoring);
      const onlyGraded = method.gradedPopulation(scoring) ? graded01 : null;
      const st = newCellStats(cellCount, idx, cell, val, nt, onlyGraded);
      valuesAndStatistics(
        idx,
        cell,
        num,
        den ?? ONE,
        den !== null,
        val,
        nt,
        onlyGraded ?? NO_FLAGS,
        onlyGraded !== null,
        st.sumNum,
        st.sumDen,
        st.sumX,
        st.count,
        st.min,
        st.max,
      );
      const bench = new Float64Array(cellCount).fill(NaN);
      method.benchmarks(scoring, st, g, G, bench);

      // scores: the method's kernel where there is a value, the indicator's rules where there is not;
      // the sums for the group-mean fills on the way
      method.scoreMembers(scoring, idx, cell, val, nt, sc, bench, st, ind.weight, ind.direction);
      const onMissNum = typeof ind.onMissing === 'string' ? ind.onMissing : ind.onMissing.numerator;
      const onMissDen = typeof ind.onMissing === 'string' ? ind.onMissing : ind.onMissing.denominator;
      const meanSum = new Float64Array(cellCount);
      const meanCount = new Float64Array(cellCount);
      const needMean = scoreUnscored(
        idx,
        cell,
        num,
        nt,
        sc,
        fl,
        ind.weight,
        FILL_CODE[onMissNum],
        FILL_CODE[onMissDen],
        FILL_CODE[ind.onZeroDenominator],
        graded01,
        meanSum,
        meanCount,
      );
      const meanScore = new Float64Array(cellCount);
      for (let c = 0; c < cellCount; c++) meanScore[c] = meanCount[c]! > 0 ? meanSum[c]! / meanCount[c]! : 0;
      finishScores(idx, cell, sc, fl, needMean, meanScore, total);

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
    }
  }

  // ---- 4. adjustment points ------------------------------------------------------------------
  const adjustment = m.adjustments.map(() => new Float64Array(n).fill(NaN));
  m.adjustments.forEach((a, r) => {
    const when = a.when ? conditionMask(a.when, batch, dataYear) : null;
    const groups = a.groups ? new Set(a.groups.map((id) => m.groups.findIndex((g) => g.id === id))) : null;
    const per = a.perUnit ? batch.columns[a.perUnit.field] : null;
    const beyond = a.perUnit?.beyond ?? 0;
    const out = adjustment[r]!;
    for (let g = 0; g < G; g++) {
      if (groups && !groups.has(g)) continue;
      applyAdjustment(
        members[g]!,
        when ?? NO_FLAGS,
        when !== null,
        per ?? ONE,
        per !== null,
        beyond,
        a.points,
        a.min !== undefined,
        a.min ?? 0,
        a.max !== undefined,
        a.max ?? 0,
        out,
        total,
      );
    }
  });

  // ---- 5. ranking within unit × group ------------------------------------------------------
  const { graded, rank, unitSize, initialClass } = rankAndClass(batch, m, status, cell, total, uscc, cells);

  // ---- 6. vetoes, protections, manual adjustments --------------------------------------------
  const adjustedClass = initialClass.slice();
  const vetoesApplied = new Map<number, number[]>();
  const protectionsApplied = new Map<number, number[]>();
  const manual = new Map<number, ManualAdjustment>();
  // One rule at a time over the graded firms, each rule's condition a mask.
  m.vetoes.forEach((v, k) =>
    applyClassRule(
      graded,
      conditionMask(v.when, batch, dataYear),
      k,
      vetoesApplied,
      true,
      CLASS_IDS.indexOf(v.atBest) + 1,
      adjustedClass,
    ),
  );
  m.protections.forEach((v, k) =>
    applyClassRule(
      graded,
      conditionMask(v.when, batch, dataYear),
      k,
      protectionsApplied,
      false,
      CLASS_IDS.indexOf(v.atWorst) + 1,
      adjustedClass,
    ),
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

/** Stands for "no column" (no denominator, no per-unit field) in the kernels' typed parameters. */
const ONE = new Float64Array(0);
/** Stands for "no mask" in the kernels' typed parameters. */
const NO_FLAGS = new Uint8Array(0);

/** Per cell: how many records are evaluated, and how many graded. */
function countPerCell(cell: Int32Array, status: Uint8Array, evaluated: Int32Array, graded: Int32Array): void {
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (c < 0) continue;
    evaluated[c]!++;
    if (status[i] === ST_GRADED) graded[c]!++;
  }
}

function setPositions(idx: Int32Array, memberPos: Int32Array): void {
  for (let k = 0; k < idx.length; k++) memberPos[idx[k]!] = k;
}

function gradedFlags(status: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < status.length; i++) out[i] = status[i] === ST_GRADED ? 1 : 0;
}

/** 0 for evaluated records (the scores are added to it), NaN for the others. */
function initTotals(cell: Int32Array, total: Float64Array): void {
  for (let i = 0; i < cell.length; i++) total[i] = cell[i]! >= 0 ? 0 : NaN;
}

/** A veto (`veto`: the class is at best `limit`) or a protection (at worst `limit`) over the graded firms. */
function applyClassRule(
  graded: Int32Array,
  mask: Uint8Array,
  k: number,
  applied: Map<number, number[]>,
  veto: boolean,
  limit: number,
  adjustedClass: Uint8Array,
): void {
  for (let q = 0; q < graded.length; q++) {
    const i = graded[q]!;
    if (mask[i] !== 1) continue;
    const list = applied.get(i);
    if (list) list.push(k);
    else applied.set(i, [k]);
    const c = adjustedClass[i]!;
    adjustedClass[i] = veto ? (c < limit ? limit : c) : c > limit ? limit : c;
  }
}

/** One adjustment rule over a group's members: points (per unit beyond a threshold, within bounds). */
function applyAdjustment(
  idx: Int32Array,
  when: Uint8Array,
  hasWhen: boolean,
  per: Float64Array,
  hasPer: boolean,
  beyond: number,
  points: number,
  hasMin: boolean,
  min: number,
  hasMax: boolean,
  max: number,
  out: Float64Array,
  total: Float64Array,
): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (hasWhen && when[i] !== 1) continue;
    let pts = points;
    if (hasPer) {
      const units = per[i]! - beyond;
      if (!(units > 0)) continue;
      pts *= units;
    }
    if (hasMin && pts < min) pts = min;
    if (hasMax && pts > max) pts = max;
    out[i] = pts;
    total[i] = total[i]! + pts;
  }
}

/** Record indices of each group's evaluated firms, in record order. */
function groupMembers(group: Int16Array, cell: Int32Array, G: number): Int32Array[] {
  const counts = new Int32Array(G);
  countGroups(group, cell, counts);
  let total = 0;
  for (const c of counts) total += c;
  const all = scratchI32('members', total);
  let from = 0;
  const out = Array.from(counts, (c) => all.subarray(from, (from += c)));
  const at = new Int32Array(G);
  if (G === 1) collectEvaluated(cell, out[0]!);
  else for (let i = 0; i < group.length; i++) if (cell[i]! >= 0) out[group[i]!]![at[group[i]!]!++] = i;
  return out;
}

function countGroups(group: Int16Array, cell: Int32Array, counts: Int32Array): void {
  for (let i = 0; i < group.length; i++) if (cell[i]! >= 0) counts[group[i]!]!++;
}

function collectEvaluated(cell: Int32Array, out: Int32Array): void {
  for (let i = 0, k = 0; i < cell.length; i++) if (cell[i]! >= 0) out[k++] = i;
}

/** The statistics of one indicator per cell, with the median computed on demand (see CellStatistics). */
function newCellStats(
  cellCount: number,
  idx: Int32Array,
  cell: Int32Array,
  val: Float64Array,
  nt: Uint8Array,
  onlyGraded: Uint8Array | null,
): CellStatistics {
  return {
    sumNum: new Float64Array(cellCount),
    sumDen: new Float64Array(cellCount),
    sumX: new Float64Array(cellCount),
    count: new Float64Array(cellCount),
    min: new Float64Array(cellCount).fill(Infinity),
    max: new Float64Array(cellCount).fill(-Infinity),
    median: (c) => cellMedian(idx, cell, c, val, nt, onlyGraded),
  };
}

/**
 * x = numerator ÷ denominator (or the numerator alone), with a note where it cannot be computed; and
 * per cell: Σ numerator and Σ denominator (aggregate benchmarks), Σ x and count (mean) over the
 * statistic's population, and min / max of the non-negative values (ratio_to_max, minmax).
 */
function valuesAndStatistics(
  idx: Int32Array,
  cell: Int32Array,
  num: Float64Array,
  den: Float64Array,
  hasDen: boolean,
  val: Float64Array,
  nt: Uint8Array,
  graded01: Uint8Array,
  onlyGraded: boolean,
  sumNum: Float64Array,
  sumDen: Float64Array,
  sumX: Float64Array,
  count: Float64Array,
  min: Float64Array,
  max: Float64Array,
): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const a = num[i]!;
    const b = hasDen ? den[i]! : 1;
    if (a !== a) {
      nt[k] = NOTE_MISSING_NUM;
      continue;
    }
    if (b !== b) {
      nt[k] = NOTE_MISSING_DEN;
      continue;
    }
    if (b <= 0) {
      nt[k] = NOTE_ZERO_DEN;
      continue;
    }
    const x = a / b;
    val[k] = x;
    const c = cell[i]!;
    if (!onlyGraded || graded01[i] === 1) {
      sumNum[c] = sumNum[c]! + a;
      sumDen[c] = sumDen[c]! + b;
      sumX[c] = sumX[c]! + x;
      count[c] = count[c]! + 1;
    }
    if (a < 0) {
      nt[k] = NOTE_NEGATIVE;
      continue;
    }
    nt[k] = NOTE_SCORED;
    if (x < min[c]!) min[c] = x;
    if (x > max[c]!) max[c] = x;
  }
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

/**
 * Scores the members the method's kernel left (no value to score: a missing figure, a zero denominator,
 * a negative numerator) by the indicator's rules, and adds the scores of graded firms that are not
 * themselves group-mean fills to the per-cell sums. True if a group mean is needed.
 */
function scoreUnscored(
  idx: Int32Array,
  cell: Int32Array,
  num: Float64Array,
  nt: Uint8Array,
  sc: Float64Array,
  fl: Uint8Array,
  w: number,
  onMissNum: number,
  onMissDen: number,
  onZeroDen: number,
  graded01: Uint8Array,
  meanSum: Float64Array,
  meanCount: Float64Array,
): boolean {
  let needMean = false;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const note = nt[k]!;
    let s: number;
    if (note === NOTE_SCORED || note === NOTE_CAPPED || note === NOTE_NO_BENCHMARK) s = sc[k]!;
    else if (note === NOTE_NEGATIVE) {
      s = 0;
      sc[k] = 0;
    } else {
      const rule =
        note === NOTE_MISSING_NUM
          ? onMissNum
          : note === NOTE_MISSING_DEN
            ? onMissDen
            : note === NOTE_ZERO_DEN
              ? onZeroDen
              : 0;
      fl[k] = rule;
      if (rule === FILL_ZERO) s = 0;
      else if (rule === FILL_FULL) s = w;
      else if (rule === FILL_FULL_IF_POS) s = num[i]! > 0 ? w : 0;
      else if (rule === FILL_GROUP_MEAN) {
        needMean = true;
        continue; // scored afterwards, from the cell's mean
      } else s = NaN;
      sc[k] = s;
    }
    if (graded01[i] === 1) {
      const c = cell[i]!;
      meanSum[c] = meanSum[c]! + s;
      meanCount[c] = meanCount[c]! + 1;
    }
  }
  return needMean;
}

/** Fills the group-mean scores and adds every member's score to its total. */
function finishScores(
  idx: Int32Array,
  cell: Int32Array,
  sc: Float64Array,
  fl: Uint8Array,
  needMean: boolean,
  meanScore: Float64Array,
  total: Float64Array,
): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (needMean && fl[k] === FILL_GROUP_MEAN) sc[k] = meanScore[cell[i]!]!;
    total[i] = total[i]! + sc[k]!;
  }
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
