/**
 * Phase 5 of an evaluation: ranks within each ranking unit × group (total ↓, tax per mu ↓, USCC ↑) by a
 * radix sort on the totals' bits with the rare ties sorted by the tie-breakers, and the initial classes
 * (quota cuts or thresholds).
 */
import type { RecordBatch } from '../domain/record-batch.js';
import type { Methodology } from './methodology/schema.js';
import { CLASS_IDS } from './classes.js';
import type { CellStats } from './result.js';
import { quotaCuts } from './scoring.js';
import { scratchI32, scratchU32 } from './scratch.js';
import { ST_GRADED } from './codes.js';

/** Phase 5: ranks within each unit × group (total ↓, tax per mu ↓, USCC ↑) and the initial classes. */
export function rankAndClass(
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

export function countEqual(a: Uint8Array, v: number): number {
  let k = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === v) k++;
  return k;
}

export function collectEqual(a: Uint8Array, v: number, out: Int32Array): void {
  for (let i = 0, k = 0; i < a.length; i++) if (a[i] === v) out[k++] = i;
}

/** cellStart[c + 1] = how many of the records are in cell c. */
export function countCells(records: Int32Array, cell: Int32Array, cellStart: Int32Array): void {
  for (let k = 0; k < records.length; k++) cellStart[cell[records[k]!]! + 1]!++;
}

/** Sorts the runs of equal (cell, total) by tax per mu ↓, then USCC ↑. */
export function breakTies(
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
export function runEnd(order: Int32Array, cell: Int32Array, total: Float64Array, k: number): number {
  const c = cell[order[k]!]!;
  const t = total[order[k]!]!;
  let e = k + 1;
  while (e < order.length && cell[order[e]!] === c && total[order[e]!] === t) e++;
  return e;
}

/** Rank, unit size and initial class of the N records of one cell, from order[start]. */
export function rankCell(
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

/** A stable LSD radix sort of an index array, 16 bits of a key per pass. */
export class RadixSorter {
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
export function prefixSums(count: Int32Array): void {
  for (let d = 0; d + 1 < count.length; d++) count[d + 1]! += count[d]!;
}

export function histogram(order: Int32Array, key: Uint32Array, shift: number, count: Int32Array): void {
  for (let k = 0; k < order.length; k++) count[((key[order[k]!]! >>> shift) & 0xffff) + 1]!++;
}

export function scatter(
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
export function sortByCellAndTotal(
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
export function sortLowBits(o: Int32Array, hi: Uint32Array, lo: Uint32Array, cl: Uint32Array): boolean {
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

export const F64 = new Float64Array(1);
export const U32 = new Uint32Array(F64.buffer);

/** The sort keys of each graded record: the total's bits (descending), its cell. Returns the largest cell. */
export function totalKeys(
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
export function gather(from: Int32Array, at: Int32Array, out: Int32Array): void {
  for (let k = 0; k < at.length; k++) out[k] = from[at[k]!]!;
}
