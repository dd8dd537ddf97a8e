/**
 * Materialises one enterprise's result and explanation from a run's columns, and summarises a run.
 */
import { CLASS_IDS, type ClassId } from './classes.js';
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

const worse = (a: ClassId, b: ClassId): ClassId => (CLASS_IDS.indexOf(a) >= CLASS_IDS.indexOf(b) ? a : b);
const better = (a: ClassId, b: ClassId): ClassId => (CLASS_IDS.indexOf(a) <= CLASS_IDS.indexOf(b) ? a : b);

export interface RunSummary {
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
