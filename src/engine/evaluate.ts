/**
 * The evaluation engine: a pure, deterministic function from a batch of canonical records and a
 * methodology to every enterprise's indicators, scores, total, rank and class, with the explanation.
 * No IO, no clock, no randomness: the same inputs give the same arrays, bit for bit.
 *
 * Order of work (docs/methodology.md): scope and groups → indicator values → group statistics per ranking
 * unit → scores (missing and zero-denominator rules, group-mean fills) → adjustment points → total →
 * ranking (total ↓, tax per mu ↓, uscc ↑) → quota or threshold classes → vetoes → protections → manual.
 */
import { normaliseUscc, usccHashIfValid } from '../domain/uscc.js';
import { IndustryTable } from '../domain/reference.js';
import type { RecordBatch } from '../domain/record-batch.js';
import { conditionMask } from './conditions.js';
import type { ClassId, Methodology } from './methodology/schema.js';
import { CLASS_IDS } from './classes.js';
import type { CellStats, EvaluationRun, ManualAdjustment } from './result.js';
import { quotaCuts } from './scoring.js';
import { methodOf, type CellStatistics } from './methods/index.js';

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

// status 0: not evaluated (the arrays start at 0)
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

/**
 * Scratch memory kept from one evaluation to the next, by name, grown when a batch is larger: a
 * 200,000-record run would otherwise allocate some 10 MB of working arrays each time, and memory
 * outside the JavaScript heap that comes and goes that fast makes V8 collect the whole heap more
 * often. Only the work inside one evaluation uses it (evaluations do not nest); nothing returned
 * refers to it, and every array is written before it is read.
 */
const scratchPool = new Map<string, ArrayBuffer>();

function scratchBuffer(name: string, bytes: number): ArrayBuffer {
  let b = scratchPool.get(name);
  if (b === undefined || b.byteLength < bytes) {
    b = new ArrayBuffer(bytes);
    scratchPool.set(name, b);
  }
  return b;
}

function scratchI32(name: string, n: number): Int32Array {
  return new Int32Array(scratchBuffer(name, n * 4), 0, n);
}

function scratchU32(name: string, n: number): Uint32Array {
  return new Uint32Array(scratchBuffer(name, n * 4), 0, n);
}

function scratchI16(name: string, n: number): Int16Array {
  return new Int16Array(scratchBuffer(name, n * 2), 0, n);
}

function scratchU8(name: string, n: number): Uint8Array {
  return new Uint8Array(scratchBuffer(name, n), 0, n);
}

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
  const classingOf = (g: number) => m.groups[g]!.classing ?? m.classing;
  const graded = scratchI32('graded', countEqual(status, ST_GRADED));
  collectEqual(status, ST_GRADED, graded);
  // Order within each cell: total ↓, tax per mu ↓, USCC ↑ — a radix sort on (cell, total), then the
  // rare runs of equal totals sorted by the tie-breakers.
  const { order, ties } = sortByCellAndTotal(graded, cell, total);
  const cellStart = new Int32Array(cellCount + 1);
  countCells(graded, cell, cellStart);
  for (let c = 0; c < cellCount; c++) cellStart[c + 1]! += cellStart[c]!;
  if (ties) breakTies(order, cell, total, batch.columns.tax, batch.columns.land_mu, uscc);
  const rank = new Int32Array(n);
  const unitSize = new Int32Array(n);
  const initialClass = new Uint8Array(n);
  const cutsOf = new Float64Array(3);
  for (let c = 0; c < cellCount; c++) {
    const start = cellStart[c]!;
    const N = cellStart[c + 1]! - start;
    if (N === 0) continue;
    const cl = classingOf(c % G);
    if (cl.method === 'quota') {
      const cuts = quotaCuts(
        N,
        CLASS_IDS.map((k) => cl.quotas[k]),
      );
      cells[c]!.cuts = cuts;
      for (let k = 0; k < 3; k++) cutsOf[k] = cuts[k]!;
      rankCell(order, start, N, rank, unitSize, initialClass, cutsOf, total, true, 0, 0, 0);
    } else {
      const th = cl.thresholds;
      rankCell(order, start, N, rank, unitSize, initialClass, cutsOf, total, false, th.A, th.B, th.C);
    }
  }

  return { graded, rank, unitSize, initialClass };
}

function countEqual(a: Uint8Array, v: number): number {
  let k = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === v) k++;
  return k;
}

function collectEqual(a: Uint8Array, v: number, out: Int32Array): void {
  for (let i = 0, k = 0; i < a.length; i++) if (a[i] === v) out[k++] = i;
}

/** cellStart[c + 1] = how many of the records are in cell c. */
function countCells(records: Int32Array, cell: Int32Array, cellStart: Int32Array): void {
  for (let k = 0; k < records.length; k++) cellStart[cell[records[k]!]! + 1]!++;
}

/** Sorts the runs of equal (cell, total) by tax per mu ↓, then USCC ↑. */
function breakTies(
  order: Int32Array,
  cell: Int32Array,
  total: Float64Array,
  tax: Float64Array,
  land: Float64Array,
  uscc: readonly string[],
): void {
  const tpm = (i: number): number => {
    const v = tax[i]! / land[i]!;
    return Number.isNaN(v) ? -Infinity : v;
  };
  const tieBreak = (a: number, b: number): number => {
    const pa = tpm(a);
    const pb = tpm(b);
    if (pa !== pb) return pb > pa ? 1 : -1;
    const ua = uscc[a]!;
    const ub = uscc[b]!;
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  };
  for (let k = 0; k < order.length;) {
    const e = runEnd(order, cell, total, k);
    if (e - k > 1) order.subarray(k, e).sort(tieBreak);
    k = e;
  }
}

/** The end of the run of records with the cell and total of order[k]. */
function runEnd(order: Int32Array, cell: Int32Array, total: Float64Array, k: number): number {
  const c = cell[order[k]!]!;
  const t = total[order[k]!]!;
  let e = k + 1;
  while (e < order.length && cell[order[e]!] === c && total[order[e]!] === t) e++;
  return e;
}

/** Rank, unit size and initial class of the N records of one cell, from order[start]. */
function rankCell(
  order: Int32Array,
  start: number,
  N: number,
  rank: Int32Array,
  unitSize: Int32Array,
  initialClass: Uint8Array,
  cuts: Float64Array,
  total: Float64Array,
  quota: boolean,
  a: number,
  b: number,
  c: number,
): void {
  let k = 0;
  for (let r = 0; r < N; r++) {
    const i = order[start + r]!;
    rank[i] = r + 1;
    unitSize[i] = N;
    if (quota) {
      // the cuts ascend with the rank: the class only moves down
      while (k < 3 && r + 1 > cuts[k]!) k++;
      initialClass[i] = k + 1;
    } else {
      const t = total[i]!;
      initialClass[i] = t >= a ? 1 : t >= b ? 2 : t >= c ? 3 : 4;
    }
  }
}

/**
 * Phase 1: each record's normalised code, status and reason, group and ranking unit × group cell.
 */
function scopePass(batch: RecordBatch, m: Methodology, ctx: EvaluateContext, dataYear: number) {
  const n = batch.length;
  const status = new Uint8Array(n);
  const reason = new Array<string | null>(n).fill(null);
  const group = new Int16Array(n).fill(-1);
  const cell = new Int32Array(n).fill(-1);
  // The first group, and the first not-graded rule, whose condition holds for each record.
  const groupOf = firstMatch(
    m.groups.map((g) => conditionMask(g.when, batch, dataYear)),
    scratchI16('groupOf', n),
  );
  const ruleOf = firstMatch(
    m.scope.notGraded.map((r) => conditionMask(r.when, batch, dataYear)),
    scratchI16('ruleOf', n),
  );
  // Normalised codes, their hashes (−1 = invalid) and which records repeat an earlier valid code.
  // The batch's codes are copied only if one needs normalising (a 200,000-pointer copy is not free).
  const hashes = scratchI32('hashes', n);
  const invalid = hashCodes(batch.uscc, hashes);
  const uscc = invalid > 0 ? normaliseInvalid(batch.uscc, hashes) : batch.uscc;
  const duplicate = markDuplicates(hashes, uscc);
  let knownMajors: Uint8Array | null = null;
  if (ctx.knownIndustries) {
    knownMajors = new Uint8Array(100);
    for (const code of ctx.knownIndustries)
      if (code.length === 2) knownMajors[IndustryTable.majorOf(code)] = 1;
  }
  const minLand = Float64Array.from(m.groups, (g) => g.minLandMu ?? NaN);
  const unitKeys = scopeRecords(
    batch,
    hashes,
    duplicate,
    ctx.knownDivisions ?? null,
    knownMajors,
    m.scope.industrial.from,
    m.scope.industrial.to,
    groupOf,
    minLand,
    ruleOf,
    m.scope.notGraded.map((r) => r.id),
    m.groups.length,
    m.classing.rankingUnit,
    status,
    reason,
    group,
    cell,
  );
  return { uscc, status, reason, group, cell, unitKeys };
}

/** Per record, the index of the first mask that holds there, or −1. */
function firstMatch(masks: Uint8Array[], out: Int16Array): Int16Array {
  out.fill(-1);
  for (let k = masks.length - 1; k >= 0; k--) setWhere(masks[k]!, k, out);
  return out;
}

function setWhere(mask: Uint8Array, k: number, out: Int16Array): void {
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) out[i] = k;
}

/** hashes[i] = usccHashIfValid(codes[i]); returns how many are invalid. */
function hashCodes(codes: readonly string[], hashes: Int32Array): number {
  let invalid = 0;
  for (let i = 0; i < hashes.length; i++) {
    const h = usccHashIfValid(codes[i]!);
    hashes[i] = h;
    if (h < 0) invalid++;
  }
  return invalid;
}

/** Normalises the invalid codes (full-width, spaces, lower case); a copy of `codes` if one changes. */
function normaliseInvalid(codes: string[], hashes: Int32Array): string[] {
  let out = codes;
  for (let i = 0; i < hashes.length; i++) {
    if (hashes[i]! >= 0) continue;
    const u = codes[i]!;
    const v = normaliseUscc(u);
    if (v === u) continue;
    if (out === codes) out = codes.slice();
    out[i] = v;
    hashes[i] = usccHashIfValid(v);
  }
  return out;
}

/**
 * The scope checks of every record, in docs/methodology.md's order (the first that fails is the reason);
 * groups, not-graded rules and ranking units of the records in scope. Returns the ranking units'
 * keys in order of first appearance.
 */
function scopeRecords(
  batch: RecordBatch,
  hashes: Int32Array,
  duplicate: Uint8Array,
  knownDivisions: ReadonlySet<string> | null,
  knownMajors: Uint8Array | null,
  indFrom: number,
  indTo: number,
  groupOf: Int16Array,
  minLand: Float64Array,
  ruleOf: Int16Array,
  ruleIds: readonly string[],
  G: number,
  rankingUnit: Methodology['classing']['rankingUnit'],
  status: Uint8Array,
  reason: (string | null)[],
  group: Int16Array,
  cell: Int32Array,
): string[] {
  const n = batch.length;
  const { issues, division, industry } = batch;
  const land = batch.columns.land_mu;
  const byCounty = rankingUnit === 'county';
  // Per division: −1 unknown, −2 known (not yet a ranking unit), else its unit (ranking by county).
  const divState = new Map<string, number>();
  let lastDiv: string | null = null;
  let lastDivState = 0;
  const unitIndex = new Map<string, number>();
  const unitKeys: string[] = [];
  let lastKey: string | null = null;
  let lastUnit = -1;
  for (let i = 0; i < n; i++) {
    if (hashes[i]! < 0) {
      reason[i] = 'invalid_uscc';
      continue;
    }
    if (duplicate[i] === 1) {
      reason[i] = 'duplicate_uscc';
      continue;
    }
    if (issues[i]) {
      reason[i] = 'invalid_value';
      continue;
    }
    const div = division[i];
    if (!div) {
      reason[i] = 'missing_division';
      continue;
    }
    // Records usually come grouped by county: compare with the previous code before hashing.
    let ds: number;
    if (div === lastDiv) ds = lastDivState;
    else {
      let s = divState.get(div);
      if (s === undefined) {
        s = knownDivisions === null || knownDivisions.has(div) ? -2 : -1;
        divState.set(div, s);
      }
      ds = s;
      lastDiv = div;
      lastDivState = s;
    }
    if (ds === -1) {
      reason[i] = 'unknown_division';
      continue;
    }
    const ind = industry[i];
    if (!ind) {
      reason[i] = 'missing_industry';
      continue;
    }
    const major = IndustryTable.majorOf(ind);
    // A code is usable when its 大类 exists: departments often send a 中类 padded with 0 (1810 for 181).
    if (Number.isNaN(major) || !digitsOnly(ind) || (knownMajors !== null && knownMajors[major] !== 1)) {
      reason[i] = 'unknown_industry';
      continue;
    }
    if (major < indFrom || major > indTo) {
      reason[i] = 'non_industrial';
      continue;
    }
    const lm = land[i]!;
    if (Number.isNaN(lm)) {
      reason[i] = 'land_missing';
      continue;
    }
    if (lm <= 0) {
      reason[i] = 'land_not_positive';
      continue;
    }
    const g = groupOf[i]!;
    if (g < 0) {
      reason[i] = 'no_group';
      continue;
    }
    group[i] = g;
    if (lm < minLand[g]!) {
      reason[i] = 'below_land_threshold';
      continue;
    }
    const r = ruleOf[i]!;
    if (r >= 0) {
      status[i] = ST_NOT_GRADED;
      reason[i] = ruleIds[r]!;
    } else status[i] = ST_GRADED;
    let ui: number;
    if (byCounty) {
      if (ds === -2) {
        ui = unitKeys.length;
        unitKeys.push(div);
        divState.set(div, ui);
        lastDivState = ui;
      } else ui = ds;
    } else {
      const key =
        rankingUnit === 'city'
          ? 'city'
          : rankingUnit === 'industry'
            ? ind.slice(0, 2)
            : `${div}/${ind.slice(0, 2)}`;
      let u = key === lastKey ? lastUnit : unitIndex.get(key);
      if (u === undefined) {
        u = unitKeys.length;
        unitIndex.set(key, u);
        unitKeys.push(key);
      }
      lastKey = key;
      lastUnit = u;
      ui = u;
    }
    cell[i] = ui * G + g;
  }
  return unitKeys;
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
  const valid = n - countNegative(hashes);
  const idx = scratchI32('dupOrder', valid);
  collectNonNegative(hashes, idx);
  const sorter = new RadixSorter(idx, scratchI32('dupTmp', valid));
  // the valid hashes are non-negative: the same bits as unsigned keys (one key type for the sorter)
  const keys = new Uint32Array(hashes.buffer, hashes.byteOffset, n);
  sorter.pass(keys, 0);
  sorter.pass(keys, 16);
  const dup = scratchU8('dup', n).fill(0);
  markRepeats(sorter.order, hashes, codes, dup);
  return dup;
}

function countNegative(a: Int32Array): number {
  let k = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! < 0) k++;
  return k;
}

function collectNonNegative(a: Int32Array, out: Int32Array): void {
  for (let i = 0, k = 0; i < a.length; i++) if (a[i]! >= 0) out[k++] = i;
}

/** In runs of equal hashes (in record order): a record is a repeat if an earlier one has its code. */
function markRepeats(
  sorted: Int32Array,
  hashes: Int32Array,
  codes: readonly string[],
  dup: Uint8Array,
): void {
  const m = sorted.length;
  for (let k = 0; k < m;) {
    let e = k + 1;
    const h = hashes[sorted[k]!]!;
    while (e < m && hashes[sorted[e]!] === h) e++;
    for (let a = k + 1; a < e; a++)
      for (let b = k; b < a; b++)
        if (dup[sorted[b]!] === 0 && codes[sorted[a]!] === codes[sorted[b]!]) {
          dup[sorted[a]!] = 1;
          break;
        }
    k = e;
  }
}

/** A stable LSD radix sort of an index array, 16 bits of a key per pass. */
class RadixSorter {
  private readonly count = scratchI32('radixCount', 65537);
  /** `tmp`: as long as `order`, for the passes to go back and forth. */
  constructor(
    public order: Int32Array,
    private tmp: Int32Array,
  ) {}
  /** Sorts `order` stably by bits [shift, shift + 16) of key[x] for each x in it. */
  pass(key: Uint32Array, shift: number): void {
    const { order, tmp, count } = this;
    count.fill(0);
    histogram(order, key, shift, count);
    prefixSums(count);
    scatter(order, key, shift, count, tmp);
    this.tmp = order;
    this.order = tmp;
  }
}

/** count[d + 1] += count[d]: where each digit's records start. (A loop of its own, as in every kernel.) */
function prefixSums(count: Int32Array): void {
  for (let d = 0; d + 1 < count.length; d++) count[d + 1]! += count[d]!;
}

function histogram(order: Int32Array, key: Uint32Array, shift: number, count: Int32Array): void {
  for (let k = 0; k < order.length; k++) count[((key[order[k]!]! >>> shift) & 0xffff) + 1]!++;
}

function scatter(
  order: Int32Array,
  key: Uint32Array,
  shift: number,
  count: Int32Array,
  out: Int32Array,
): void {
  for (let k = 0; k < order.length; k++) {
    const x = order[k]!;
    out[count[(key[x]! >>> shift) & 0xffff]!++] = x;
  }
}

/**
 * The graded records ordered by cell ↑ then total ↓ (stable), and whether two have the same cell and
 * total: the 64 bits of each total are mapped so that unsigned order is descending numeric order; a
 * stable LSD radix sort on the high 32 bits and the cell, then the runs of equal high bits (rare: 20
 * bits of mantissa) put in order of the low bits by insertion.
 */
function sortByCellAndTotal(
  graded: Int32Array,
  cell: Int32Array,
  total: Float64Array,
): { order: Int32Array; ties: boolean } {
  const m = graded.length;
  const hi = scratchU32('hi', m);
  const lo = scratchU32('lo', m);
  const cl = scratchU32('cl', m);
  const maxCell = totalKeys(graded, cell, total, hi, lo, cl);
  const positions = scratchI32('positions', m);
  for (let k = 0; k < m; k++) positions[k] = k;
  const sorter = new RadixSorter(positions, scratchI32('sortTmp', m));
  sorter.pass(hi, 0);
  sorter.pass(hi, 16);
  sorter.pass(cl, 0);
  if (maxCell > 0xffff) sorter.pass(cl, 16);
  const ties = sortLowBits(sorter.order, hi, lo, cl);
  const order = scratchI32('order', m);
  gather(graded, sorter.order, order);
  return { order, ties };
}

/**
 * Orders the runs of equal (cell, high bits) by the low bits, keeping the order of equal keys; true
 * if two keys are equal (the same cell and total).
 */
function sortLowBits(o: Int32Array, hi: Uint32Array, lo: Uint32Array, cl: Uint32Array): boolean {
  let ties = false;
  for (let k = 1; k < o.length; k++) {
    const x = o[k]!;
    const h = hi[x]!;
    const c = cl[x]!;
    const prev = o[k - 1]!;
    if (hi[prev] !== h || cl[prev] !== c) continue; // the common case: a new run
    const l = lo[x]!;
    let j = k - 1;
    while (j >= 0 && hi[o[j]!] === h && cl[o[j]!] === c && lo[o[j]!]! > l) {
      o[j + 1] = o[j]!;
      j--;
    }
    o[j + 1] = x;
    if (j >= 0 && hi[o[j]!] === h && cl[o[j]!] === c && lo[o[j]!] === l) ties = true;
  }
  return ties;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** The sort keys of each graded record: the total's bits (descending), its cell. Returns the largest cell. */
function totalKeys(
  graded: Int32Array,
  cell: Int32Array,
  total: Float64Array,
  hi: Uint32Array,
  lo: Uint32Array,
  cl: Uint32Array,
): number {
  const f = F64;
  const u = U32;
  let maxCell = 0;
  for (let k = 0; k < graded.length; k++) {
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
    const c = cell[i]!;
    cl[k] = c;
    if (c > maxCell) maxCell = c;
  }
  return maxCell;
}

/** out[k] = from[at[k]]. */
function gather(from: Int32Array, at: Int32Array, out: Int32Array): void {
  for (let k = 0; k < at.length; k++) out[k] = from[at[k]!]!;
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
