/**
 * Materialises one enterprise's result and explanation from a run's columns, and summarises a run.
 */
import { CLASS_IDS, type ClassId } from './classes.js';
import type { NumericField } from '../domain/fields.js';
import type { Methodology } from './methodology/schema.js';
import {
  CLASS_OF_CODE,
  FILL_RULES,
  SCORE_NOTES,
  STATUS_CODES,
  type ClassStep,
  type EnterpriseResult,
  type EvaluationRun,
  type IndicatorResult,
  type Status,
} from './result.js';

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** The full result of the i-th record of the run. */
export function enterpriseResult(run: EvaluationRun, i: number): EnterpriseResult {
  const m = run.methodology;
  const b = run.batch;
  const g = run.group[i]!;
  const c = run.cell[i]!;
  const evaluated = c >= 0;
  const indicators: IndicatorResult[] = [];
  const adjustments: { id: string; points: number }[] = [];
  if (evaluated) {
    const grp = m.groups[g]!;
    const cs = run.cells[c]!;
    const k = run.memberPos[i]!;
    grp.indicators.forEach((ind, j) => {
      const s = run.slotOffset[g]! + j;
      indicators.push({
        id: ind.id,
        value: nullIfNaN(run.value[s]![k]!),
        numerator: nullIfNaN(b.columns[ind.numerator][i]!),
        denominator: ind.denominator ? nullIfNaN(b.columns[ind.denominator][i]!) : null,
        benchmark: nullIfNaN(cs.benchmark[j]!),
        weight: ind.weight,
        score: run.score[s]![k]!,
        note: SCORE_NOTES[run.note[s]![k]!]!,
        fill: FILL_RULES[run.fill[s]![k]!]!,
      });
    });
    m.adjustments.forEach((a, r) => {
      const p = run.adjustment[r]![i]!;
      if (!Number.isNaN(p)) adjustments.push({ id: a.id, points: p });
    });
  }
  return {
    seq: i + 1,
    uscc: run.uscc[i]!,
    name: b.name[i] ?? null,
    division: b.division[i] ?? null,
    industry: b.industry[i] ?? null,
    status: STATUS_CODES[run.status[i]!]!,
    reason: run.reason[i] ?? null,
    group: g >= 0 ? m.groups[g]!.id : null,
    unit: evaluated ? run.cells[c]!.unit : null,
    indicators,
    adjustments,
    total: evaluated ? run.total[i]! : null,
    rank: run.rank[i]! > 0 ? run.rank[i]! : null,
    unitSize: run.unitSize[i]! > 0 ? run.unitSize[i]! : null,
    initialClass: CLASS_OF_CODE[run.initialClass[i]!] ?? null,
    adjustedClass: CLASS_OF_CODE[run.adjustedClass[i]!] ?? null,
    classSteps: classSteps(run, i),
    methodologyId: m.id,
    methodologyHash: run.methodologyHash,
    datasetVersion: run.datasetVersion,
  };
}

/** How the class came about, step by step: quota or threshold, then each veto, protection, manual change. */
export function classSteps(run: EvaluationRun, i: number): ClassStep[] {
  const init = CLASS_OF_CODE[run.initialClass[i]!];
  if (!init) return [];
  const m = run.methodology;
  const cs = run.cells[run.cell[i]!]!;
  const steps: ClassStep[] = [];
  if (cs.method === 'quota') steps.push({ kind: 'quota', from: null, to: init, cuts: cs.cuts ?? [] });
  else
    steps.push({
      kind: 'threshold',
      from: null,
      to: init,
      ...(cs.thresholds ? { thresholds: cs.thresholds } : {}),
    });
  let cur: ClassId = init;
  for (const k of run.vetoesApplied.get(i) ?? []) {
    const v = m.vetoes[k]!;
    const to = worse(cur, v.atBest);
    steps.push({ kind: 'veto', from: cur, to, rule: v.id });
    cur = to;
  }
  for (const k of run.protectionsApplied.get(i) ?? []) {
    const p = m.protections[k]!;
    const to = better(cur, p.atWorst);
    steps.push({ kind: 'protection', from: cur, to, rule: p.id });
    cur = to;
  }
  const man = run.manual.get(i);
  if (man)
    steps.push({ kind: 'manual', from: cur, to: man.toClass, rule: man.reason, by: man.by, at: man.at });
  return steps;
}

/**
 * The compact stored form of one enterprise's explanation: what is specific to the firm. The rest is
 * kept once elsewhere — indicator ids and weights in the methodology, benchmarks in the run summary's
 * `cells`, numerators and denominators in the dataset — and `expandResultDetail` puts it back together.
 * `v` values, `s` scores, `n` SCORE_NOTES indices, `f` FILL_RULES indices (per indicator, methodology
 * order), `a` [adjustment index, points], `c` the class steps.
 */
export interface ResultDetail {
  v: (number | null)[];
  s: number[];
  n: number[];
  f: number[];
  a: [number, number][];
  c: ClassStep[];
}

const num = (v: number): string => (Number.isFinite(v) ? String(v) : 'null');

/**
 * `JSON.stringify` of the record's `ResultDetail`, written directly: storing a 200,000-firm run
 * serialises 200,000 of them. A test checks it against JSON.stringify.
 */
export function resultDetailJson(run: EvaluationRun, i: number): string {
  const m = run.methodology;
  const g = run.group[i]!;
  const c = run.cell[i]!;
  let v = '';
  let sc = '';
  let nt = '';
  let fl = '';
  let adj = '';
  if (c >= 0) {
    const k = run.memberPos[i]!;
    const off = run.slotOffset[g]!;
    const count = m.groups[g]!.indicators.length;
    for (let j = 0; j < count; j++) {
      const sep = j ? ',' : '';
      v += sep + num(run.value[off + j]![k]!);
      sc += sep + num(run.score[off + j]![k]!);
      nt += sep + run.note[off + j]![k]!;
      fl += sep + run.fill[off + j]![k]!;
    }
    for (let r = 0; r < m.adjustments.length; r++) {
      const p = run.adjustment[r]![i]!;
      if (!Number.isNaN(p)) adj += (adj ? ',' : '') + '[' + r + ',' + num(p) + ']';
    }
  }
  const steps = run.initialClass[i]! > 0 ? JSON.stringify(classSteps(run, i)) : '[]';
  return `{"v":[${v}],"s":[${sc}],"n":[${nt}],"f":[${fl}],"a":[${adj}],"c":${steps}}`;
}

/** Cell statistics as stored in a run summary (JSON: NaN and ±Infinity become null). */
export interface StoredCell {
  unit: string;
  group: string;
  benchmark: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
  meanScore: (number | null)[];
  cuts: number[] | null;
  thresholds: { A: number; B: number; C: number } | null;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function storedCells(run: EvaluationRun): StoredCell[] {
  return run.cells
    .filter((c) => c.evaluated > 0)
    .map((c) => ({
      unit: c.unit,
      group: c.group,
      benchmark: c.benchmark.map(finiteOrNull),
      min: c.min.map(finiteOrNull),
      max: c.max.map(finiteOrNull),
      meanScore: c.meanScore.map(finiteOrNull),
      cuts: c.cuts,
      thresholds: c.thresholds,
    }));
}

/**
 * Rebuilds the indicators, adjustments and class steps of `enterpriseResult` from a stored detail, the
 * methodology, the record's cell statistics and its input values.
 */
export function expandResultDetail(
  d: ResultDetail,
  m: Methodology,
  groupId: string | null,
  cell: StoredCell | undefined,
  values: Partial<Record<NumericField, number>>,
): Pick<EnterpriseResult, 'indicators' | 'adjustments' | 'classSteps'> {
  const grp = m.groups.find((x) => x.id === groupId);
  const indicators: IndicatorResult[] = grp
    ? grp.indicators.map((ind, j) => ({
        id: ind.id,
        value: d.v[j] ?? null,
        numerator: values[ind.numerator] ?? null,
        denominator: ind.denominator ? (values[ind.denominator] ?? null) : null,
        benchmark: cell?.benchmark[j] ?? null,
        weight: ind.weight,
        score: d.s[j] ?? 0,
        note: SCORE_NOTES[d.n[j] ?? 0]!,
        fill: FILL_RULES[d.f[j] ?? 0] ?? null,
      }))
    : [];
  return {
    indicators,
    adjustments: d.a.map(([r, points]) => ({ id: m.adjustments[r]?.id ?? String(r), points })),
    classSteps: d.c,
  };
}

const worse = (a: ClassId, b: ClassId): ClassId => (CLASS_IDS.indexOf(a) >= CLASS_IDS.indexOf(b) ? a : b);
const better = (a: ClassId, b: ClassId): ClassId => (CLASS_IDS.indexOf(a) <= CLASS_IDS.indexOf(b) ? a : b);

export interface RunSummary {
  /** Per ranking unit and group: the benchmarks, extremes and cuts the scores and classes used. */
  cells: StoredCell[];
  methodologyId: string;
  methodologyHash: string;
  datasetVersion: string;
  dataYear: number;
  records: number;
  byStatus: Record<Status, number>;
  /** Reasons for not evaluated / not graded, with counts. */
  byReason: Record<string, number>;
  /** Adjusted class counts per ranking unit and group. */
  byUnit: {
    unit: string;
    group: string;
    evaluated: number;
    graded: number;
    classes: Record<ClassId, number>;
  }[];
  classes: Record<ClassId, number>;
  initialClasses: Record<ClassId, number>;
}

const emptyClasses = (): Record<ClassId, number> => ({ A: 0, B: 0, C: 0, D: 0 });

export function summarise(run: EvaluationRun): RunSummary {
  const byStatus: Record<Status, number> = { graded: 0, computed_not_graded: 0, not_evaluated: 0 };
  const byReason: Record<string, number> = {};
  const classes = emptyClasses();
  const initialClasses = emptyClasses();
  const perCell = run.cells.map(emptyClasses);
  for (let i = 0; i < run.length; i++) {
    byStatus[STATUS_CODES[run.status[i]!]!]++;
    const r = run.reason[i];
    if (r) byReason[r] = (byReason[r] ?? 0) + 1;
    const a = CLASS_OF_CODE[run.adjustedClass[i]!];
    if (a) {
      classes[a]++;
      perCell[run.cell[i]!]![a]++;
    }
    const ic = CLASS_OF_CODE[run.initialClass[i]!];
    if (ic) initialClasses[ic]++;
  }
  return {
    cells: storedCells(run),
    methodologyId: run.methodology.id,
    methodologyHash: run.methodologyHash,
    datasetVersion: run.datasetVersion,
    dataYear: run.methodology.dataYear,
    records: run.length,
    byStatus,
    byReason: Object.fromEntries(Object.entries(byReason).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    byUnit: run.cells
      .map((c, k) => ({
        unit: c.unit,
        group: c.group,
        evaluated: c.evaluated,
        graded: c.graded,
        classes: perCell[k]!,
      }))
      .filter((c) => c.evaluated > 0),
    classes,
    initialClasses,
  };
}
