/**
 * Runs golden tests of a methodology: evaluates each test's records with the pure engine and compares
 * what it computed with what the test expects. Each failure names the enterprise, the step of the
 * evaluation it belongs to (scope → indicators → adjustments → total → rank → class → adjusted class), the
 * expected and the computed value; the earliest step that differs is where to look first.
 */
import { batchFromRecords, type EnterpriseRecord } from '../../domain/record-batch.js';
import { NUMERIC_FIELDS } from '../../domain/fields.js';
import { withCheckChar } from '../../domain/uscc.js';
import { evaluate, type EvaluateContext } from '../evaluate.js';
import { enterpriseResult } from '../explain.js';
import type { Methodology } from '../methodology/schema.js';
import type { EnterpriseResult } from '../result.js';
import { CLASS_IDS } from '../classes.js';
import { GOLDEN_STEPS, type Expectation, type GoldenStep, type GoldenTest, type Margin } from './schema.js';

export { GOLDEN_STEPS, type GoldenStep };

export const STEP_TITLES: Record<GoldenStep, { zh: string; en: string }> = {
  record: { zh: '测试记录', en: 'test record' },
  scope: { zh: '评价范围与分组', en: 'scope and group' },
  indicator: { zh: '指标值、基准值与得分', en: 'indicator value, benchmark and score' },
  adjustment: { zh: '加减分', en: 'adjustment points' },
  total: { zh: '总分', en: 'total' },
  rank: { zh: '排名', en: 'rank' },
  initial_class: { zh: '初评等级', en: 'initial class' },
  adjusted_class: { zh: '调档后等级', en: 'adjusted class' },
  class_counts: { zh: '各档企业数', en: 'class counts' },
};

export type GoldenValue = string | number | boolean | null;

export interface GoldenFailure {
  /** The record's label, or null for a test-wide check (class counts). */
  record: string | null;
  step: GoldenStep;
  /** What was compared, e.g. `indicators.tax_per_mu.score`, `total`, `classCounts[0].A`. */
  field: string;
  expected: GoldenValue;
  computed: GoldenValue;
  /** The margin the comparison allowed, for numbers. */
  margin?: Margin;
}

export interface GoldenOutcome {
  name: string;
  keywords: string[];
  passed: boolean;
  /** Sorted by step, then record order: the first is the earliest step that differs. */
  failures: GoldenFailure[];
  /** Checks made (each compared field counts one). */
  checks: number;
}

export const DEFAULT_MARGIN: Margin = { absolute: 0.0005 };

/** True when `computed` is within `margin` of `expected` (either bound suffices). */
export function withinMargin(expected: number, computed: number, margin: Margin): boolean {
  if (Number.isNaN(computed)) return false;
  const d = Math.abs(computed - expected);
  return d <= (margin.absolute ?? 0) + 1e-12 || d <= (margin.relative ?? 0) * Math.abs(expected) + 1e-12;
}

/** The USCC a record without one gets: valid, distinct for each position. */
export function goldenUscc(position: number): string {
  return withCheckChar('913300' + String(position).padStart(11, '0'));
}

function toRecord(r: GoldenTest['records'][number], test: GoldenTest, position: number): EnterpriseRecord {
  const merged: Record<string, unknown> = { ...test.defaults, ...r };
  const values: EnterpriseRecord['values'] = {};
  for (const f of NUMERIC_FIELDS) {
    const v = merged[f];
    if (typeof v === 'number' || typeof v === 'boolean') values[f] = v;
  }
  const text = (k: string) => (typeof merged[k] === 'string' ? merged[k] : null);
  return {
    uscc: text('uscc') ?? goldenUscc(position),
    name: text('name') ?? r.id,
    division: text('division'),
    industry: text('industry'),
    tenant_of: text('tenant_of'),
    values,
  };
}

/** Runs one test against a methodology. `ctx` carries the reference sets; hash and version are set here. */
export function runGoldenTest(
  test: GoldenTest,
  methodology: Methodology,
  ctx: Omit<EvaluateContext, 'methodologyHash' | 'datasetVersion'> = {},
  fileMargin: Margin = DEFAULT_MARGIN,
): GoldenOutcome {
  const margin = test.margin ?? fileMargin;
  const failures: GoldenFailure[] = [];
  let checks = 0;
  const fail = (f: GoldenFailure) => failures.push(f);

  const records = test.records.map((r, k) => toRecord(r, test, k + 1));
  const run = evaluate(batchFromRecords(records), methodology, {
    ...ctx,
    ...(test.dataYear === undefined ? {} : { dataYear: test.dataYear }),
    methodologyHash: 'golden-test',
    datasetVersion: 'golden-test',
  });
  const results = new Map<string, EnterpriseResult>();
  test.records.forEach((r, k) => results.set(r.id, enterpriseResult(run, k)));

  const same = (
    record: string,
    step: GoldenStep,
    field: string,
    expected: GoldenValue,
    computed: GoldenValue,
  ) => {
    checks++;
    const ok =
      typeof expected === 'number' && typeof computed === 'number'
        ? withinMargin(expected, computed, margin)
        : expected === computed;
    if (!ok)
      fail({
        record,
        step,
        field,
        expected,
        computed,
        ...(typeof expected === 'number' ? { margin } : {}),
      });
  };

  for (const [id, e] of Object.entries(test.expect ?? {})) {
    const r = results.get(id);
    if (!r) {
      checks++;
      fail({ record: id, step: 'record', field: 'id', expected: id, computed: null });
      continue;
    }
    compareOne(id, e, r, same);
  }

  (test.classCounts ?? []).forEach((cc, k) => {
    const counts = { A: 0, B: 0, C: 0, D: 0 };
    for (const r of results.values())
      if (
        r.status === 'graded' &&
        (cc.division === undefined || r.division === cc.division) &&
        (cc.group === undefined || r.group === cc.group)
      ) {
        const c = cc.of === 'adjusted' ? r.adjustedClass : r.initialClass;
        if (c !== null) counts[c]++;
      }
    for (const c of CLASS_IDS)
      if (cc[c] !== undefined) {
        checks++;
        if (cc[c] !== counts[c])
          fail({
            record: null,
            step: 'class_counts',
            field: `classCounts[${k}].${c}`,
            expected: cc[c],
            computed: counts[c],
          });
      }
  });

  const order = new Map(test.records.map((r, k) => [r.id, k]));
  failures.sort(
    (a, b) =>
      GOLDEN_STEPS.indexOf(a.step) - GOLDEN_STEPS.indexOf(b.step) ||
      (order.get(a.record ?? '') ?? -1) - (order.get(b.record ?? '') ?? -1),
  );
  return { name: test.name, keywords: test.keywords ?? [], passed: failures.length === 0, failures, checks };
}

function compareOne(
  id: string,
  e: Expectation,
  r: EnterpriseResult,
  same: (
    record: string,
    step: GoldenStep,
    field: string,
    expected: GoldenValue,
    computed: GoldenValue,
  ) => void,
): void {
  if (e.status !== undefined) same(id, 'scope', 'status', e.status, r.status);
  if (e.reason !== undefined) same(id, 'scope', 'reason', e.reason, r.reason);
  if (e.group !== undefined) same(id, 'scope', 'group', e.group, r.group);
  for (const [ind, x] of Object.entries(e.indicators ?? {})) {
    const got = r.indicators.find((i) => i.id === ind);
    if (!got) {
      same(id, 'indicator', `indicators.${ind}`, ind, null);
      continue;
    }
    if (x.value !== undefined) same(id, 'indicator', `indicators.${ind}.value`, x.value, got.value);
    if (x.benchmark !== undefined)
      same(id, 'indicator', `indicators.${ind}.benchmark`, x.benchmark, got.benchmark);
    if (x.score !== undefined) same(id, 'indicator', `indicators.${ind}.score`, x.score, got.score);
  }
  for (const [adj, points] of Object.entries(e.adjustments ?? {}))
    same(
      id,
      'adjustment',
      `adjustments.${adj}`,
      points,
      r.adjustments.find((a) => a.id === adj)?.points ?? 0,
    );
  if (e.total !== undefined) same(id, 'total', 'total', e.total, r.total);
  if (e.rank !== undefined) same(id, 'rank', 'rank', e.rank, r.rank);
  if (e.unit_size !== undefined) same(id, 'rank', 'unit_size', e.unit_size, r.unitSize);
  if (e.initial_class !== undefined)
    same(id, 'initial_class', 'initial_class', e.initial_class, r.initialClass);
  if (e.adjusted_class !== undefined)
    same(id, 'adjusted_class', 'adjusted_class', e.adjusted_class, r.adjustedClass);
}
