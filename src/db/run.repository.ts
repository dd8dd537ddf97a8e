/**
 * Evaluation runs: one methodology version applied to one dataset version, its result per record,
 * and the manual class adjustments made to it afterwards.
 */
import { chunkRanges, floatParam, intParam, textParam } from './bulk.js';
import type { Sql } from './database.js';

/** A result's status (methodology.md "Result per enterprise"). */
export type ResultStatus = 'graded' | 'computed_not_graded' | 'not_evaluated';

/** One enterprise's result in a run (one per record of the run's dataset, in dataset order). */
export interface RunResultRow {
  /** Position in the run, 0-based: the record's row in the dataset. */
  readonly seq: number;
  readonly uscc: string;
  readonly name: string | null;
  readonly division: string | null;
  readonly industry: string | null;
  readonly status: ResultStatus;
  /** Why not graded / not evaluated. */
  readonly reason: string | null;
  readonly groupId: string | null;
  readonly unitKey: string | null;
  readonly total: number | null;
  /** Rank in the ranking unit and group, 1-based. */
  readonly rank: number | null;
  /** N, the number of graded firms in the unit and group. */
  readonly unitSize: number | null;
  readonly initialClass: string | null;
  readonly adjustedClass: string | null;
  /**
   * The full explanation (indicators, benchmarks, scores, adjustments), any JSON value.
   * Stored as jsonb: it comes back equal as a value, but object keys may come back in another order.
   */
  readonly detail: unknown;
  /** `detail` already serialised as JSON text (takes precedence; saves serialising twice). */
  readonly detailJson?: string;
}

export interface NewRun {
  readonly year: number;
  readonly methodologyId: string;
  readonly methodologyHash: string;
  readonly datasetId: number;
  readonly datasetVersion: number;
  /** e.g. 'draft', 'published'. */
  readonly status: string;
  readonly createdBy: string;
  readonly resultHash: string | null;
  readonly summary: unknown;
}

export interface Run extends NewRun {
  readonly id: number;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly publishedAt: string | null;
}

interface RunRow {
  id: number;
  year: number;
  methodology_id: string;
  methodology_hash: string;
  dataset_id: number;
  dataset_version: number;
  status: string;
  created_by: string;
  created_at: string;
  published_at: string | null;
  result_hash: string | null;
  summary: unknown;
}

const RUN_COLUMNS =
  'id, year, methodology_id, methodology_hash, dataset_id, dataset_version, status, created_by, created_at, published_at, result_hash, summary';

const toRun = (r: RunRow): Run => ({
  id: r.id,
  year: r.year,
  methodologyId: r.methodology_id,
  methodologyHash: r.methodology_hash,
  datasetId: r.dataset_id,
  datasetVersion: r.dataset_version,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
  publishedAt: r.published_at,
  resultHash: r.result_hash,
  summary: r.summary,
});

/** Stores a run (its methodology version must be saved first); returns its id. */
export async function insertRun(sql: Sql, run: NewRun): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `INSERT INTO runs (year, methodology_id, methodology_hash, dataset_id, dataset_version, status, created_by, result_hash, summary)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING id`,
    [
      run.year,
      run.methodologyId,
      run.methodologyHash,
      run.datasetId,
      run.datasetVersion,
      run.status,
      run.createdBy,
      run.resultHash,
      run.summary === undefined || run.summary === null ? null : JSON.stringify(run.summary),
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into runs returned no row');
  return row.id;
}

const INSERT_RESULTS = `
INSERT INTO run_results (run_id, seq, uscc, name, division, industry, status, reason, group_id, unit_key,
  total, rank, unit_size, initial_class, adjusted_class, detail)
SELECT $1, t.seq, t.uscc, t.name, t.division, t.industry, t.status, t.reason, t.group_id, t.unit_key,
  t.total, t.rank, t.unit_size, t.initial_class, t.adjusted_class, t.detail::jsonb
FROM unnest($2::int4[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
  $11::float8[], $12::int4[], $13::int4[], $14::text[], $15::text[], $16::text[])
  AS t(seq, uscc, name, division, industry, status, reason, group_id, unit_key, total, rank, unit_size, initial_class, adjusted_class, detail)`;

/** Stores a run's results in bulk (20,000 rows per statement); a NaN total is stored as NULL. */
export async function insertRunResults(
  sql: Sql,
  runId: number,
  rows: readonly RunResultRow[],
): Promise<void> {
  for (const [a, b] of chunkRanges(rows.length)) {
    const part = rows.slice(a, b);
    await sql.query(INSERT_RESULTS, [
      runId,
      intParam(part.map((r) => r.seq)),
      textParam(part.map((r) => r.uscc)),
      textParam(part.map((r) => r.name)),
      textParam(part.map((r) => r.division)),
      textParam(part.map((r) => r.industry)),
      textParam(part.map((r) => r.status)),
      textParam(part.map((r) => r.reason)),
      textParam(part.map((r) => r.groupId)),
      textParam(part.map((r) => r.unitKey)),
      floatParam(part.map((r) => r.total)),
      intParam(part.map((r) => r.rank)),
      intParam(part.map((r) => r.unitSize)),
      textParam(part.map((r) => r.initialClass)),
      textParam(part.map((r) => r.adjustedClass)),
      textParam(
        part.map(
          (r) =>
            r.detailJson ?? (r.detail === null || r.detail === undefined ? null : JSON.stringify(r.detail)),
        ),
      ),
    ]);
  }
}

/** The run with this id, or null. */
export async function getRun(sql: Sql, id: number): Promise<Run | null> {
  const rows = await sql.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`, [id]);
  return rows[0] ? toRun(rows[0]) : null;
}

export interface RunFilter {
  readonly year?: number;
  readonly status?: string;
}

/** Runs matching the filter, newest first. */
export async function listRuns(sql: Sql, filter: RunFilter = {}): Promise<Run[]> {
  const rows = await sql.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE ($1::int4 IS NULL OR year = $1) AND ($2::text IS NULL OR status = $2) ORDER BY id DESC`,
    [filter.year ?? null, filter.status ?? null],
  );
  return rows.map(toRun);
}

/** The newest run (of `year`, when given; only published ones with `publishedOnly`), or null. */
export async function latestRun(
  sql: Sql,
  year?: number,
  options: { publishedOnly?: boolean } = {},
): Promise<Run | null> {
  const rows = await sql.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs
     WHERE ($1::int4 IS NULL OR year = $1) AND (NOT $2::boolean OR published_at IS NOT NULL)
     ORDER BY id DESC LIMIT 1`,
    [year ?? null, options.publishedOnly ?? false],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/** Marks a run published (status 'published', published_at = `at` or now). Returns false if no such run. */
export async function setPublished(sql: Sql, runId: number, at?: Date): Promise<boolean> {
  const rows = await sql.query<{ id: number }>(
    `UPDATE runs SET status = 'published', published_at = coalesce($2::timestamptz, now()) WHERE id = $1 RETURNING id`,
    [runId, at ? at.toISOString() : null],
  );
  return rows.length > 0;
}

/** Per division and class: how many firms have it as initial class and as adjusted class. */
export interface ClassCount {
  readonly division: string | null;
  readonly class: string;
  readonly initial: number;
  readonly adjusted: number;
}

/** Class counts of a run by division, in division then class order (graded firms only carry a class). */
export async function countByDivisionAndClass(sql: Sql, runId: number): Promise<ClassCount[]> {
  const rows = await sql.query<ClassCount>(
    `SELECT division, class, sum(initial)::int4 AS initial, sum(adjusted)::int4 AS adjusted
     FROM (
       SELECT division, initial_class AS class, 1 AS initial, 0 AS adjusted FROM run_results
       WHERE run_id = $1 AND initial_class IS NOT NULL
       UNION ALL
       SELECT division, adjusted_class, 0, 1 FROM run_results
       WHERE run_id = $1 AND adjusted_class IS NOT NULL
     ) c
     GROUP BY division, class
     ORDER BY division COLLATE "C" NULLS LAST, class COLLATE "C"`,
    [runId],
  );
  return rows.map((r) => ({
    division: r.division,
    class: r.class,
    initial: r.initial,
    adjusted: r.adjusted,
  }));
}

export interface ResultFilter {
  readonly division?: string;
  readonly adjustedClass?: string;
  readonly initialClass?: string;
  readonly status?: ResultStatus;
  readonly groupId?: string;
  readonly unitKey?: string;
}

/** Result orders: dataset order, USCC, total (highest first), rank (1 first). Ties follow dataset order. */
export type ResultOrder = 'seq' | 'uscc' | 'total' | 'rank';

const ORDER_SQL: Record<ResultOrder, string> = {
  seq: 'seq',
  uscc: 'uscc COLLATE "C", seq',
  total: 'total DESC NULLS LAST, seq',
  rank: 'rank NULLS LAST, seq',
};

export interface ResultPage extends ResultFilter {
  /** No limit when absent. */
  readonly limit?: number;
  readonly offset?: number;
  /** Default 'seq'. */
  readonly orderBy?: ResultOrder;
}

interface ResultRow {
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
  detail: unknown;
}

const RESULT_COLUMNS =
  'seq, uscc, name, division, industry, status, reason, group_id, unit_key, total, rank, unit_size, initial_class, adjusted_class, detail';

const toResult = (r: ResultRow): RunResultRow => ({
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
  detail: r.detail,
});

// Parameters $2…$7 of every filtered results query.
const FILTER_SQL = `run_id = $1
  AND ($2::text IS NULL OR division = $2) AND ($3::text IS NULL OR adjusted_class = $3)
  AND ($4::text IS NULL OR initial_class = $4) AND ($5::text IS NULL OR status = $5)
  AND ($6::text IS NULL OR group_id = $6) AND ($7::text IS NULL OR unit_key = $7)`;

function filterParams(runId: number, f: ResultFilter): unknown[] {
  return [
    runId,
    f.division ?? null,
    f.adjustedClass ?? null,
    f.initialClass ?? null,
    f.status ?? null,
    f.groupId ?? null,
    f.unitKey ?? null,
  ];
}

/** A page of a run's results matching every given filter. */
export async function listResults(sql: Sql, runId: number, page: ResultPage = {}): Promise<RunResultRow[]> {
  const rows = await sql.query<ResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM run_results WHERE ${FILTER_SQL}
     ORDER BY ${ORDER_SQL[page.orderBy ?? 'seq']} LIMIT $8 OFFSET $9`,
    [...filterParams(runId, page), page.limit ?? null, page.offset ?? 0],
  );
  return rows.map(toResult);
}

/** How many of a run's results match the filter (for paging). */
export async function countResults(sql: Sql, runId: number, filter: ResultFilter = {}): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `SELECT count(*) AS n FROM run_results WHERE ${FILTER_SQL}`,
    filterParams(runId, filter),
  );
  return rows[0]?.n ?? 0;
}

/** The result of one enterprise in a run (the first, if its USCC occurs twice), or null. */
export async function getResult(sql: Sql, runId: number, uscc: string): Promise<RunResultRow | null> {
  const rows = await sql.query<ResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM run_results WHERE run_id = $1 AND uscc = $2 ORDER BY seq LIMIT 1`,
    [runId, uscc],
  );
  return rows[0] ? toResult(rows[0]) : null;
}

export interface NewClassAdjustment {
  readonly runId: number;
  readonly uscc: string;
  readonly fromClass: string | null;
  readonly toClass: string;
  /** Required, not blank. */
  readonly reason: string;
  /** The user who made it; required. */
  readonly createdBy: string;
}

export interface ClassAdjustment extends NewClassAdjustment {
  readonly id: number;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
}

interface AdjustmentRow {
  id: number;
  run_id: number;
  uscc: string;
  from_class: string | null;
  to_class: string;
  reason: string;
  created_by: string;
  created_at: string;
}

const ADJUSTMENT_COLUMNS = 'id, run_id, uscc, from_class, to_class, reason, created_by, created_at';

const toAdjustment = (r: AdjustmentRow): ClassAdjustment => ({
  id: r.id,
  runId: r.run_id,
  uscc: r.uscc,
  fromClass: r.from_class,
  toClass: r.to_class,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** Records a manual class adjustment (the record only: see `applyClassAdjustment`). */
export async function insertClassAdjustment(sql: Sql, adj: NewClassAdjustment): Promise<ClassAdjustment> {
  const rows = await sql.query<AdjustmentRow>(
    `INSERT INTO class_adjustments (run_id, uscc, from_class, to_class, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ADJUSTMENT_COLUMNS}`,
    [adj.runId, adj.uscc, adj.fromClass, adj.toClass, adj.reason, adj.createdBy],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into class_adjustments returned no row');
  return toAdjustment(row);
}

/** A run's class adjustments (of one enterprise, when given), oldest first. */
export async function listClassAdjustments(
  sql: Sql,
  runId: number,
  uscc?: string,
): Promise<ClassAdjustment[]> {
  const rows = await sql.query<AdjustmentRow>(
    `SELECT ${ADJUSTMENT_COLUMNS} FROM class_adjustments WHERE run_id = $1 AND ($2::text IS NULL OR uscc = $2) ORDER BY id`,
    [runId, uscc ?? null],
  );
  return rows.map(toAdjustment);
}

/** Sets the adjusted class of every result of `uscc` in the run; returns how many rows changed. */
export async function applyClassAdjustment(
  sql: Sql,
  runId: number,
  uscc: string,
  toClass: string,
): Promise<number> {
  const rows = await sql.query<{ seq: number }>(
    'UPDATE run_results SET adjusted_class = $3 WHERE run_id = $1 AND uscc = $2 RETURNING seq',
    [runId, uscc, toClass],
  );
  return rows.length;
}
