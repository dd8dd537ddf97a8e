/**
 * The evaluation engine: a pure, deterministic function from a batch of canonical records and a
 * methodology to every enterprise's indicators, scores, total, rank and class, with the explanation.
 * No IO, no clock, no randomness: the same inputs give the same arrays, bit for bit.
 *
 * Order of work (methodology.md): scope and groups → indicator values → group statistics per ranking
 * unit → scores (missing and zero-denominator rules, group-mean fills) → adjustment points → total →
 * ranking (total ↓, tax per mu ↓, uscc ↑) → quota or threshold classes → vetoes → protections → manual.
 */
import { normaliseUscc, usccProblem } from '../domain/uscc.js';
import { IndustryTable } from '../domain/reference.js';
import type { RecordBatch } from '../domain/record-batch.js';
import { compileCondition, type Predicate } from './conditions.js';
import type { ClassId, Methodology } from './methodology/schema.js';
import { CLASS_IDS } from './methodology/schema.js';
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

const USCC_FAST = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/** Evaluates every record of the batch under the methodology. Pure and deterministic. */
export function evaluate(batch: RecordBatch, m: Methodology, ctx: EvaluateContext): EvaluationRun {
  const n = batch.length;
  const G = m.groups.length;
  const dataYear = ctx.dataYear ?? m.dataYear;
  const land = batch.columns.land_mu;
  const tax = batch.columns.tax;

  // ---- 1. identity, scope, group, ranking unit ----------------------------------------------
  const uscc = new Array<string>(n);
  const status = new Uint8Array(n);
  const reason = new Array<string | null>(n).fill(null);
  const group = new Int16Array(n).fill(-1);
  const cell = new Int32Array(n).fill(-1);
  const groupWhen: Predicate[] = m.groups.map((g) => compileCondition(g.when, batch, dataYear));
  const notGraded = m.scope.notGraded.map((r) => ({
    id: r.id,
    p: compileCondition(r.when, batch, dataYear),
  }));
  const seen = new UsccSet(n);
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
    let u = batch.uscc[i]!;
    if (!USCC_FAST.test(u)) u = normaliseUscc(u);
    uscc[i] = u;
    if (usccProblem(u) !== null) {
      notEvaluated(i, 'invalid_uscc');
      continue;
    }
    if (!seen.add(u, i, uscc)) {
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

  // ---- 2. indicator values ----------------------------------------------------------------
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
  for (let s = 0; s < slots; s++) {
    value.push(new Float64Array(n).fill(NaN));
    score.push(new Float64Array(n).fill(NaN));
    note.push(new Uint8Array(n));
    fill.push(new Uint8Array(n));
  }

  // Members of each group, to loop over a group's firms only.
  const members: number[][] = m.groups.map(() => []);
  for (let i = 0; i < n; i++) if (cell[i]! >= 0) members[group[i]!]!.push(i);

  for (let g = 0; g < G; g++) {
    const grp = m.groups[g]!;
    const idx = members[g]!;
    grp.indicators.forEach((ind, j) => {
      const s = slotOffset[g]! + j;
      const val = value[s]!;
      const nt = note[s]!;
      const num = batch.columns[ind.numerator];
      const den = ind.denominator ? batch.columns[ind.denominator] : null;
      const stat =
        ind.scoring.method === 'ratio_to_benchmark' && 'statistic' in ind.scoring.benchmark
          ? ind.scoring.benchmark
          : null;
      const needsMedian = stat?.statistic === 'median';
      const medianValues: number[][] | null = needsMedian ? Array.from({ length: U }, () => []) : null;
      const counts = stat && stat.statistic !== 'aggregate' ? new Float64Array(U) : null;
      const sums = counts ? new Float64Array(U) : null;
      for (const i of idx) {
        const a = num[i]!;
        const b = den ? den[i]! : 1;
        const c = cells[cell[i]!]!;
        if (Number.isNaN(a)) {
          nt[i] = NOTE_MISSING_NUM;
          continue;
        }
        if (Number.isNaN(b)) {
          nt[i] = NOTE_MISSING_DEN;
          continue;
        }
        if (b <= 0) {
          nt[i] = NOTE_ZERO_DEN;
          continue;
        }
        const x = a / b;
        val[i] = x;
        nt[i] = a < 0 ? NOTE_NEGATIVE : NOTE_SCORED;
        const inPopulation = !stat || stat.population === 'evaluated' || status[i] === ST_GRADED;
        if (inPopulation) {
          c.sumNumerator[j] = c.sumNumerator[j]! + a;
          c.sumDenominator[j] = c.sumDenominator[j]! + b;
          const ui = (cell[i]! - g) / G;
          if (sums && counts) {
            sums[ui] = sums[ui]! + x;
            counts[ui] = counts[ui]! + 1;
          }
          if (medianValues) medianValues[ui]!.push(x);
        }
        if (a >= 0) {
          if (x < c.min[j]!) c.min[j] = x;
          if (x > c.max[j]!) c.max[j] = x;
        }
      }
      // benchmarks per cell
      for (let ui = 0; ui < U; ui++) {
        const c = cells[ui * G + g]!;
        if (ind.scoring.method !== 'ratio_to_benchmark') continue;
        const bm = ind.scoring.benchmark;
        if ('constant' in bm) c.benchmark[j] = bm.constant;
        else if (bm.statistic === 'aggregate')
          c.benchmark[j] =
            c.sumDenominator[j]! > 0 ? (c.sumNumerator[j]! / c.sumDenominator[j]!) * bm.multiplier : NaN;
        else if (bm.statistic === 'mean')
          c.benchmark[j] = counts![ui]! > 0 ? (sums![ui]! / counts![ui]!) * bm.multiplier : NaN;
        else c.benchmark[j] = median(medianValues![ui]!) * bm.multiplier;
      }
    });
  }

  // ---- 3. scores --------------------------------------------------------------------------
  for (let g = 0; g < G; g++) {
    const grp = m.groups[g]!;
    const idx = members[g]!;
    grp.indicators.forEach((ind, j) => {
      const s = slotOffset[g]! + j;
      const val = value[s]!;
      const nt = note[s]!;
      const sc = score[s]!;
      const fl = fill[s]!;
      const w = ind.weight;
      const dir = ind.direction;
      const onMissNum = typeof ind.onMissing === 'string' ? ind.onMissing : ind.onMissing.numerator;
      const onMissDen = typeof ind.onMissing === 'string' ? ind.onMissing : ind.onMissing.denominator;
      const num = batch.columns[ind.numerator];
      const scoring = ind.scoring;
      const cap = scoring.method === 'ratio_to_benchmark' ? scoring.cap : undefined;
      let needMean = false;
      for (const i of idx) {
        const c = cells[cell[i]!]!;
        let rule: keyof typeof FILL_CODE | null = null;
        switch (nt[i]) {
          case NOTE_MISSING_NUM:
            rule = onMissNum;
            break;
          case NOTE_MISSING_DEN:
            rule = onMissDen;
            break;
          case NOTE_ZERO_DEN:
            rule = ind.onZeroDenominator;
            break;
          default:
            rule = null;
        }
        if (rule !== null) {
          fl[i] = FILL_CODE[rule];
          switch (rule) {
            case 'zero':
              sc[i] = 0;
              break;
            case 'full':
              sc[i] = w;
              break;
            case 'full_if_numerator_positive':
              sc[i] = num[i]! > 0 ? w : 0;
              break;
            case 'group_mean':
              needMean = true; // filled below, once the means are known
              break;
          }
          continue;
        }
        const x = val[i]!;
        if (nt[i] === NOTE_NEGATIVE) {
          sc[i] = 0;
          continue;
        }
        let v: number;
        switch (scoring.method) {
          case 'ratio_to_benchmark': {
            const b = c.benchmark[j]!;
            if (!(b > 0)) {
              nt[i] = NOTE_NO_BENCHMARK;
              v = 0;
            } else {
              v = ratioToBenchmark(x, b, w, dir, cap);
              if (cap !== undefined && v === cap * w && (dir === 'lower_is_better' || x / b >= cap))
                nt[i] = NOTE_CAPPED;
            }
            break;
          }
          case 'ratio_to_max':
            v = ratioToMax(x, c.min[j]!, c.max[j]!, w, dir);
            break;
          case 'minmax':
            v = minmaxScore(x, c.min[j]!, c.max[j]!, w, scoring.floor, dir);
            break;
        }
        sc[i] = v;
      }
      // Mean score of the graded firms with data, per cell (also shown in the explanation).
      const sum = new Float64Array(U);
      const cnt = new Float64Array(U);
      for (const i of idx) {
        if (status[i] !== ST_GRADED || fl[i] === FILL_GROUP_MEAN) continue;
        const ui = (cell[i]! - g) / G;
        sum[ui] = sum[ui]! + sc[i]!;
        cnt[ui] = cnt[ui]! + 1;
      }
      for (let ui = 0; ui < U; ui++) cells[ui * G + g]!.meanScore[j] = cnt[ui]! > 0 ? sum[ui]! / cnt[ui]! : 0;
      if (needMean)
        for (const i of idx) if (fl[i] === FILL_GROUP_MEAN) sc[i] = cells[cell[i]!]!.meanScore[j]!;
    });
  }

  // ---- 4. adjustments and totals ------------------------------------------------------------
  const adjustment = m.adjustments.map(() => new Float64Array(n).fill(NaN));
  const total = new Float64Array(n).fill(NaN);
  const adjRules = m.adjustments.map((a) => ({
    a,
    when: a.when ? compileCondition(a.when, batch, dataYear) : null,
    groups: a.groups ? new Set(a.groups.map((id) => m.groups.findIndex((g) => g.id === id))) : null,
    per: a.perUnit ? batch.columns[a.perUnit.field] : null,
  }));
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (cell[i]! < 0) continue;
    let t = 0;
    const off = slotOffset[g]!;
    const k = m.groups[g]!.indicators.length;
    for (let j = 0; j < k; j++) t += score[off + j]![i]!;
    for (let r = 0; r < adjRules.length; r++) {
      const { a, when, groups, per } = adjRules[r]!;
      if (groups && !groups.has(g)) continue;
      if (when && !when(i)) continue;
      let pts = a.points;
      if (per) {
        const units = per[i]! - (a.perUnit?.beyond ?? 0);
        if (!(units > 0)) continue;
        pts *= units;
      }
      if (a.min !== undefined && pts < a.min) pts = a.min;
      if (a.max !== undefined && pts > a.max) pts = a.max;
      adjustment[r]![i] = pts;
      t += pts;
    }
    total[i] = t;
  }

  // ---- 5. ranking within unit × group ------------------------------------------------------
  const graded: number[] = [];
  for (let i = 0; i < n; i++) if (status[i] === ST_GRADED) graded.push(i);
  const tpm = new Float64Array(n);
  for (const i of graded) {
    const v = tax[i]! / land[i]!;
    tpm[i] = Number.isNaN(v) ? -Infinity : v;
  }
  // Counting sort by cell, then each cell sorted by total ↓, tax per mu ↓, USCC ↑.
  const cellStart = new Int32Array(cellCount + 1);
  for (const i of graded) cellStart[cell[i]! + 1]!++;
  for (let c = 0; c < cellCount; c++) cellStart[c + 1]! += cellStart[c]!;
  const order = new Int32Array(graded.length);
  const fillAt = cellStart.slice(0, cellCount);
  for (const i of graded) order[fillAt[cell[i]!]!++] = i;
  const byTotal = (a: number, b: number): number => {
    const ta = total[a]!;
    const tb = total[b]!;
    if (ta !== tb) return tb - ta;
    const pa = tpm[a]!;
    const pb = tpm[b]!;
    if (pa !== pb) return pb > pa ? 1 : -1;
    const ua = uscc[a]!;
    const ub = uscc[b]!;
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  };
  for (let c = 0; c < cellCount; c++) order.subarray(cellStart[c], cellStart[c + 1]).sort(byTotal);
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
  for (const i of graded) {
    vetoes.forEach((v, k) => {
      if (v.p(i)) {
        const list = vetoesApplied.get(i) ?? [];
        list.push(k);
        vetoesApplied.set(i, list);
        if (adjustedClass[i]! < v.best) adjustedClass[i] = v.best;
      }
    });
  }
  for (const i of graded) {
    protections.forEach((v, k) => {
      if (v.p(i)) {
        const list = protectionsApplied.get(i) ?? [];
        list.push(k);
        protectionsApplied.set(i, list);
        if (adjustedClass[i]! > v.worst) adjustedClass[i] = v.worst;
      }
    });
  }
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
 * A set of USCCs for duplicate detection: open addressing over an Int32Array of record indices, hashed
 * from the characters (a JS Set of 200,000 fresh strings costs more than the rest of the scope pass).
 */
class UsccSet {
  private readonly slots: Int32Array;
  private readonly mask: number;
  constructor(n: number) {
    let size = 16;
    while (size < n * 2) size <<= 1;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }
  /** Adds record i's code (`codes[i]`); false when an earlier record has the same code. */
  add(code: string, i: number, codes: readonly string[]): boolean {
    let h = 0;
    for (let k = 0; k < code.length; k++) h = (Math.imul(h, 31) + code.charCodeAt(k)) | 0;
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    let slot = (h ^ (h >>> 16)) & this.mask;
    for (;;) {
      const v = this.slots[slot]!;
      if (v === 0) break;
      if (codes[v - 1] === code) return false;
      slot = (slot + 1) & this.mask;
    }
    this.slots[slot] = i + 1;
    return true;
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
