/**
 * The columns of `run_results` that the reads of a result take, and their mapping from snake_case rows to
 * the domain's names — one list and one mapper, used by run.repository.ts and analysis.repository.ts. A
 * new headline column of a result is added here (and in its migration), nowhere else.
 */
import type { ResultStatus, RunResultRow } from './run.repository.js';
import type { ResultSummary } from './run-results.repository.js';

/** What every read of a result takes, in this order. */
export const RESULT_HEAD_COLUMNS = [
  'seq',
  'uscc',
  'name',
  'division',
  'industry',
  'status',
  'reason',
  'group_id',
  'unit_key',
  'total',
  'rank',
  'unit_size',
  'initial_class',
  'adjusted_class',
] as const;

/** The headline figures and flags the enterprise table, the cockpit and the comparison add. */
export const RESULT_SUMMARY_EXTRA_COLUMNS = [
  'land_mu',
  'tax',
  'value_added',
  'tax_per_mu',
  'va_per_mu',
  'flags',
] as const;

/** `seq, uscc, …` for a SELECT of the head columns (an alias prefix, e.g. `r.`, when given). */
export const resultHeadSql = (alias = ''): string => RESULT_HEAD_COLUMNS.map((c) => alias + c).join(', ');

/** The head and summary columns for a SELECT of result summaries. */
export const resultSummarySql = (alias = ''): string =>
  [...RESULT_HEAD_COLUMNS, ...RESULT_SUMMARY_EXTRA_COLUMNS].map((c) => alias + c).join(', ');

export interface ResultHeadRow {
  seq: number;
  uscc: string;
  name: string | null;
  division: string | null;
  industry: string | null;
  status: ResultStatus;
  reason: string | null;
  group_id: string | null;
  unit_key: string | null;
  total: number | null;
  rank: number | null;
  unit_size: number | null;
  initial_class: string | null;
  adjusted_class: string | null;
}

export interface ResultSummaryRow extends ResultHeadRow {
  land_mu: number | null;
  tax: number | null;
  value_added: number | null;
  tax_per_mu: number | null;
  va_per_mu: number | null;
  flags: number;
}

type ResultHead = Omit<RunResultRow, 'detail' | 'detailJson'>;

export const toResultHead = (r: ResultHeadRow): ResultHead => ({
  seq: r.seq,
  uscc: r.uscc,
  name: r.name,
  division: r.division,
  industry: r.industry,
  status: r.status,
  reason: r.reason,
  groupId: r.group_id,
  unitKey: r.unit_key,
  total: r.total,
  rank: r.rank,
  unitSize: r.unit_size,
  initialClass: r.initial_class,
  adjustedClass: r.adjusted_class,
});

export const toResultSummary = (r: ResultSummaryRow): ResultSummary => ({
  ...toResultHead(r),
  landMu: r.land_mu,
  tax: r.tax,
  valueAdded: r.value_added,
  taxPerMu: r.tax_per_mu,
  valueAddedPerMu: r.va_per_mu,
  flags: r.flags,
});
