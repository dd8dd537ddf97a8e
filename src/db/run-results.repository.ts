/**
 * The results of a run as the pages read them: the filters and orders of the enterprise table, its pages
 * and counts, one enterprise's result, and the rows of an export with their records' inputs.
 */
import type { Scope } from '../domain/access.js';
import { intParam, textParam } from './bulk.js';
import type { Sql } from './database.js';
import { scopeCondition } from './scope.js';
import {
  resultHeadSql,
  resultSummarySql,
  toResultHead,
  toResultSummary,
  type ResultHeadRow,
  type ResultSummaryRow,
} from './run-result-columns.js';
import { type ResultOrder } from '../domain/results.js';
import type { ResultStatus, RunResultRow } from './run.repository.js';

export interface ResultFilter {
  /** One county code, or any of several. */
  readonly division?: string | readonly string[];
  /** One class or any of several; `none` matches results without a class. */
  readonly adjustedClass?: string | readonly string[];
  readonly initialClass?: string;
  readonly status?: ResultStatus;
  readonly groupId?: string;
  readonly unitKey?: string;
  /** Industry code prefix: '38' (大类), '381', '3811'; or any of several prefixes of one length. */
  readonly industryPrefix?: string | readonly string[];
  /** Bits of `RESULT_FLAG_BITS` that must all be set. */
  readonly flags?: number;
  /** Substring of the name, or of the USCC (compared in upper case). */
  readonly q?: string;
  /** The asker's scope (ANDed with everything else): a county, an enterprise, or the whole city. */
  readonly scope?: Scope;
}

const ORDER_COLUMN: Record<ResultOrder, string> = {
  seq: 'seq',
  uscc: 'uscc COLLATE "C"',
  total: 'total',
  rank: 'rank',
  name: 'name COLLATE "C"',
  division: 'division COLLATE "C"',
  industry: 'industry COLLATE "C"',
  land_mu: 'land_mu',
  tax: 'tax',
  value_added: 'value_added',
  tax_per_mu: 'tax_per_mu',
  value_added_per_mu: 'va_per_mu',
};

/** The direction an order takes when none is given. */
export function defaultDirection(order: ResultOrder): 'asc' | 'desc' {
  return ['total', 'land_mu', 'tax', 'value_added', 'tax_per_mu', 'value_added_per_mu'].includes(order)
    ? 'desc'
    : 'asc';
}

function orderSql(order: ResultOrder, direction: 'asc' | 'desc' = defaultDirection(order)): string {
  if (order === 'seq') return direction === 'desc' ? 'seq DESC' : 'seq';
  return `${ORDER_COLUMN[order]} ${direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, seq`;
}

export interface ResultPage extends ResultFilter {
  /** No limit when absent. */
  readonly limit?: number;
  readonly offset?: number;
  /** Default 'seq'. */
  readonly orderBy?: ResultOrder;
  readonly direction?: 'asc' | 'desc';
}

interface ResultRow extends ResultHeadRow {
  detail: unknown;
}

// the explanation by primary key from its own table, for the rows returned only
const RESULT_COLUMNS =
  resultHeadSql() +
  ', (SELECT d.detail FROM run_result_details d WHERE d.run_id = run_results.run_id AND d.seq = run_results.seq) AS detail';

const toResult = (r: ResultRow): RunResultRow => ({ ...toResultHead(r), detail: r.detail });

/** A WHERE clause over run_results (alias-free) with its parameters, `$1` being the run id. */
export function resultWhere(runId: number, f: ResultFilter, first = 1): { sql: string; params: unknown[] } {
  const params: unknown[] = [runId];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${first + params.length - 1}`;
  };
  const parts = [`run_id = $${first}`];
  const many = (v: string | readonly string[]): string[] => (typeof v === 'string' ? [v] : [...v]);
  if (f.division !== undefined) {
    const ds = many(f.division);
    parts.push(ds.length === 1 ? `division = ${p(ds[0])}` : `division = ANY(${p(textParam(ds))}::text[])`);
  }
  if (f.adjustedClass !== undefined) {
    const cs = many(f.adjustedClass);
    const named = cs.filter((c) => c !== 'none');
    const alts: string[] = [];
    if (named.length === 1) alts.push(`adjusted_class = ${p(named[0])}`);
    else if (named.length > 1) alts.push(`adjusted_class = ANY(${p(textParam(named))}::text[])`);
    if (cs.includes('none')) alts.push('adjusted_class IS NULL');
    parts.push(alts.length === 1 ? alts[0]! : `(${alts.join(' OR ')})`);
  }
  if (f.initialClass !== undefined) parts.push(`initial_class = ${p(f.initialClass)}`);
  if (f.status !== undefined) parts.push(`status = ${p(f.status)}`);
  if (f.groupId !== undefined) parts.push(`group_id = ${p(f.groupId)}`);
  if (f.unitKey !== undefined) parts.push(`unit_key = ${p(f.unitKey)}`);
  if (f.industryPrefix !== undefined) {
    const ps = many(f.industryPrefix);
    const len = ps[0]?.length ?? 0;
    if (ps.some((x) => x.length !== len)) throw new Error('industry prefixes must have one length');
    parts.push(
      ps.length === 1
        ? `left(industry, ${len}) = ${p(ps[0])}`
        : `left(industry, ${len}) = ANY(${p(textParam(ps))}::text[])`,
    );
  }
  if (f.flags) {
    const bits = p(f.flags);
    parts.push(`(flags & ${bits}::int4) = ${bits}::int4`);
  }
  if (f.q !== undefined && f.q !== '') {
    const q = p(f.q);
    parts.push(`(strpos(name, ${q}) > 0 OR strpos(uscc, upper(${q})) > 0)`);
  }
  const inScope = scopeCondition(f.scope, p);
  if (inScope) parts.push(inScope);
  return { sql: parts.join(' AND '), params };
}

/** A page of a run's results matching every given filter. */
export async function listResults(sql: Sql, runId: number, page: ResultPage = {}): Promise<RunResultRow[]> {
  const w = resultWhere(runId, page);
  const n = w.params.length;
  const rows = await sql.query<ResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM run_results WHERE ${w.sql}
     ORDER BY ${orderSql(page.orderBy ?? 'seq', page.direction)} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...w.params, page.limit ?? null, page.offset ?? 0],
  );
  return rows.map(toResult);
}

/** How many of a run's results match the filter (for paging). */
export async function countResults(sql: Sql, runId: number, filter: ResultFilter = {}): Promise<number> {
  const w = resultWhere(runId, filter);
  const rows = await sql.query<{ n: number }>(
    `SELECT count(*) AS n FROM run_results WHERE ${w.sql}`,
    w.params,
  );
  return rows[0]?.n ?? 0;
}

/** A result as the enterprise table shows it: no explanation, with the headline figures and flags. */
export interface ResultSummary extends Omit<RunResultRow, 'detail' | 'detailJson'> {
  readonly landMu: number | null;
  readonly tax: number | null;
  readonly valueAdded: number | null;
  readonly taxPerMu: number | null;
  readonly valueAddedPerMu: number | null;
  readonly flags: number;
}

/** A page of result summaries matching every given filter (the enterprise table). */
export async function listResultSummaries(
  sql: Sql,
  runId: number,
  page: ResultPage = {},
): Promise<ResultSummary[]> {
  const w = resultWhere(runId, page);
  const n = w.params.length;
  const rows = await sql.query<ResultSummaryRow>(
    `SELECT ${resultSummarySql()} FROM run_results WHERE ${w.sql}
     ORDER BY ${orderSql(page.orderBy ?? 'seq', page.direction)} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...w.params, page.limit ?? null, page.offset ?? 0],
  );
  return rows.map(toResultSummary);
}

/** The result of one enterprise in a run (the first, if its USCC occurs twice), or null. */
export async function getResult(sql: Sql, runId: number, uscc: string): Promise<RunResultRow | null> {
  const rows = await sql.query<ResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM run_results WHERE run_id = $1 AND uscc = $2 ORDER BY seq LIMIT 1`,
    [runId, uscc],
  );
  return rows[0] ? toResult(rows[0]) : null;
}

/** The positions (seq) of every result matching the filter, in the page's order: an export's rows. */
export async function orderedResultSeqs(sql: Sql, runId: number, page: ResultPage = {}): Promise<number[]> {
  const w = resultWhere(runId, page);
  const rows = await sql.query<{ seqs: number[] | string | null }>(
    `SELECT coalesce(array_agg(seq ORDER BY ${orderSql(page.orderBy ?? 'seq', page.direction)}), '{}') AS seqs
     FROM run_results WHERE ${w.sql}`,
    w.params,
  );
  const v = rows[0]?.seqs;
  if (Array.isArray(v)) return v.map(Number);
  // a driver that leaves int4[] as text: {1,2,3}
  return typeof v === 'string' && v.length > 2 ? v.slice(1, -1).split(',').map(Number) : [];
}

/** A result with its record's inputs (canonical units) for exports. */
export interface ExportRow extends ResultSummary {
  readonly revenue: number | null;
  readonly energyTce: number | null;
  readonly emissionsT: number | null;
  readonly employees: number | null;
  readonly rdSpend: number | null;
  readonly electricity: number | null;
  readonly aboveScale: number | null;
}

/** The results at these positions with their records' inputs, in the order given. */
export async function exportRows(
  sql: Sql,
  runId: number,
  datasetId: number,
  seqs: readonly number[],
): Promise<ExportRow[]> {
  const rows = await sql.query<SummaryRowWithFacts>(
    `SELECT ${resultSummarySql('r.')}, f.revenue, f.energy_tce, f.emissions_t, f.employees, f.rd_spend,
       f.electricity, f.above_scale
     FROM unnest($2::int4[]) WITH ORDINALITY AS s(pos, ord)
     CROSS JOIN LATERAL (SELECT * FROM run_results WHERE run_id = $1 AND seq = s.pos) r
     LEFT JOIN LATERAL (
       SELECT revenue, energy_tce, emissions_t, employees, rd_spend, electricity, above_scale
       FROM enterprise_facts WHERE dataset_id = $3 AND row_no = s.pos
     ) f ON true
     ORDER BY s.ord`,
    [runId, intParam(seqs), datasetId],
  );
  // one primary-key lookup per position (LATERAL), in the order given, whatever the table's statistics
  // say (a filter `seq = ANY(…)` or a hash join would read the whole run)
  return rows.map((r): ExportRow => ({
    ...toResultSummary(r),
    revenue: r.revenue,
    energyTce: r.energy_tce,
    emissionsT: r.emissions_t,
    employees: r.employees,
    rdSpend: r.rd_spend,
    electricity: r.electricity,
    aboveScale: r.above_scale,
  }));
}

interface SummaryRowWithFacts extends ResultSummaryRow {
  revenue: number | null;
  energy_tce: number | null;
  emissions_t: number | null;
  employees: number | null;
  rd_spend: number | null;
  electricity: number | null;
  above_scale: number | null;
}
