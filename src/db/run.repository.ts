/**
 * Evaluation runs: one methodology version applied to one dataset version, storing its result per
 * record, the counts of its summary, and the manual class adjustments made to it afterwards. Reading the
 * results page by page is run-results.repository.ts.
 */
import type { Scope } from '../domain/access.js';
import { chunkRanges, floatParam, intParam, textParam } from './bulk.js';
import type { Sql } from './database.js';
import { params, scopeCondition } from './scope.js';
import { RESULT_FLAG_BITS, type ResultFlagName } from '../domain/results.js';

export { RESULT_FLAG_BITS, RESULT_ORDERS, type ResultFlagName, type ResultOrder } from '../domain/results.js';

/** A result's status (docs/methodology.md "Result per enterprise"). */
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
  /** The record's land (亩), tax and value added (万元), and tax and value added per 亩 (land > 0). */
  readonly landMu?: number | null;
  readonly tax?: number | null;
  readonly valueAdded?: number | null;
  readonly taxPerMu?: number | null;
  readonly valueAddedPerMu?: number | null;
  /** Bit set of `RESULT_FLAG_BITS`. */
  readonly flags?: number;
}

/** The names of the bits set in `flags`, in `RESULT_FLAG_BITS` order. */
export function flagNames(flags: number): ResultFlagName[] {
  const out: ResultFlagName[] = [];
  for (const [name, bit] of Object.entries(RESULT_FLAG_BITS))
    if (flags & bit) out.push(name as ResultFlagName);
  return out;
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
  /** End of the public notice (公示) of a published run. */
  readonly noticeUntil: string | null;
  readonly publishedBy: string | null;
  /** Goes up whenever any stored result of the run changes (a manual adjustment); 0 as stored. */
  readonly resultsRevision: number;
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
  notice_until: string | null;
  published_by: string | null;
  result_hash: string | null;
  summary: unknown;
  results_revision: number;
}

const RUN_COLUMNS =
  'id, year, methodology_id, methodology_hash, dataset_id, dataset_version, status, created_by, created_at, published_at, notice_until, published_by, result_hash, summary, results_revision';

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
  noticeUntil: r.notice_until,
  publishedBy: r.published_by,
  resultHash: r.result_hash,
  summary: r.summary,
  resultsRevision: r.results_revision,
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
  total, rank, unit_size, initial_class, adjusted_class,
  land_mu, tax, value_added, tax_per_mu, va_per_mu, flags)
SELECT $1, t.seq, t.uscc, t.name, t.division, t.industry, t.status, t.reason, t.group_id, t.unit_key,
  t.total, t.rank, t.unit_size, t.initial_class, t.adjusted_class,
  t.land_mu, t.tax, t.value_added, t.tax_per_mu, t.va_per_mu, coalesce(t.flags, 0)
FROM unnest($2::int4[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
  $11::float8[], $12::int4[], $13::int4[], $14::text[], $15::text[],
  $16::float8[], $17::float8[], $18::float8[], $19::float8[], $20::float8[], $21::int4[])
  AS t(seq, uscc, name, division, industry, status, reason, group_id, unit_key, total, rank, unit_size, initial_class, adjusted_class,
    land_mu, tax, value_added, tax_per_mu, va_per_mu, flags)`;

// explanations live apart from the rows every list reads (migration 0008)
const INSERT_DETAILS = `
INSERT INTO run_result_details (run_id, seq, detail)
SELECT $1, t.seq, t.detail::jsonb FROM unnest($2::int4[], $3::text[]) AS t(seq, detail)
WHERE t.detail IS NOT NULL`;

/** Stores a run's results in bulk (20,000 rows per statement); a NaN total is stored as NULL. */
export async function insertRunResults(
  sql: Sql,
  runId: number,
  rows: readonly RunResultRow[],
): Promise<void> {
  for (const [a, b] of chunkRanges(rows.length)) {
    const part = rows.slice(a, b);
    const seqs = intParam(part.map((r) => r.seq));
    await sql.query(INSERT_RESULTS, [
      runId,
      seqs,
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
      floatParam(part.map((r) => r.landMu)),
      floatParam(part.map((r) => r.tax)),
      floatParam(part.map((r) => r.valueAdded)),
      floatParam(part.map((r) => r.taxPerMu)),
      floatParam(part.map((r) => r.valueAddedPerMu)),
      intParam(part.map((r) => r.flags ?? 0)),
    ]);
    await sql.query(INSERT_DETAILS, [
      runId,
      seqs,
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
  /** Only runs published for public notice (what an enterprise may see). */
  readonly publishedOnly?: boolean;
}

/** Runs matching the filter, newest first. */
export async function listRuns(sql: Sql, filter: RunFilter = {}): Promise<Run[]> {
  const rows = await sql.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE ($1::int4 IS NULL OR year = $1) AND ($2::text IS NULL OR status = $2)
       AND (NOT $3::boolean OR published_at IS NOT NULL) ORDER BY id DESC`,
    [filter.year ?? null, filter.status ?? null, filter.publishedOnly ?? false],
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

/** The newest run of `year` made with methodology `methodologyId`, or null. */
export async function latestRunOf(sql: Sql, year: number, methodologyId: string): Promise<Run | null> {
  const rows = await sql.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE year = $1 AND methodology_id = $2 ORDER BY id DESC LIMIT 1`,
    [year, methodologyId],
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

/**
 * Publishes a run for public notice (公示): status 'published', published_at now, the notice ending
 * `noticeDays` days later, by whom. Only an unpublished run changes; returns it, or null when the run
 * does not exist or was already published.
 */
export async function publishRun(
  sql: Sql,
  runId: number,
  o: { noticeDays: number; by: string },
): Promise<Run | null> {
  const rows = await sql.query<RunRow>(
    `UPDATE runs SET status = 'published', published_at = now(),
       notice_until = now() + make_interval(days => $2::int4), published_by = $3
     WHERE id = $1 AND published_at IS NULL RETURNING ${RUN_COLUMNS}`,
    [runId, o.noticeDays, o.by],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/** Per division and class: how many firms have it as initial class and as adjusted class. */
export interface ClassCount {
  readonly division: string | null;
  readonly class: string;
  readonly initial: number;
  readonly adjusted: number;
}

/** Class counts of a run by division, in division then class order (graded firms only carry a class). */
export async function countByDivisionAndClass(sql: Sql, runId: number, scope?: Scope): Promise<ClassCount[]> {
  const q = params(2);
  const inScope = scopeCondition(scope, q.p);
  const and = inScope ? ` AND ${inScope}` : '';
  const rows = await sql.query<ClassCount>(
    `SELECT division, class, sum(initial)::int4 AS initial, sum(adjusted)::int4 AS adjusted
     FROM (
       SELECT division, initial_class AS class, 1 AS initial, 0 AS adjusted FROM run_results
       WHERE run_id = $1 AND initial_class IS NOT NULL${and}
       UNION ALL
       SELECT division, adjusted_class, 0, 1 FROM run_results
       WHERE run_id = $1 AND adjusted_class IS NOT NULL${and}
     ) c
     GROUP BY division, class
     ORDER BY division COLLATE "C" NULLS LAST, class COLLATE "C"`,
    [runId, ...q.values],
  );
  return rows.map((r) => ({
    division: r.division,
    class: r.class,
    initial: r.initial,
    adjusted: r.adjusted,
  }));
}

/** A run's counts in a scope: records, by status, by reason, initial and adjusted classes. */
export interface ScopedRunCounts {
  readonly records: number;
  readonly byStatus: Record<ResultStatus, number>;
  readonly byReason: Record<string, number>;
  readonly classes: Record<'A' | 'B' | 'C' | 'D', number>;
  readonly initialClasses: Record<'A' | 'B' | 'C' | 'D', number>;
}

/** The counts of a run's summary, over the rows of a scope only (one query). */
export async function scopedRunCounts(sql: Sql, runId: number, scope: Scope): Promise<ScopedRunCounts> {
  const q = params(2);
  const inScope = scopeCondition(scope, q.p);
  const rows = await sql.query<{
    status: ResultStatus;
    reason: string | null;
    ic: string | null;
    ac: string | null;
    n: number;
  }>(
    `SELECT status, reason, initial_class AS ic, adjusted_class AS ac, count(*)::int4 AS n FROM run_results
     WHERE run_id = $1${inScope ? ` AND ${inScope}` : ''} GROUP BY status, reason, initial_class, adjusted_class`,
    [runId, ...q.values],
  );
  const out = {
    records: 0,
    byStatus: { graded: 0, computed_not_graded: 0, not_evaluated: 0 } as Record<ResultStatus, number>,
    byReason: {} as Record<string, number>,
    classes: { A: 0, B: 0, C: 0, D: 0 },
    initialClasses: { A: 0, B: 0, C: 0, D: 0 },
  };
  for (const r of rows) {
    out.records += r.n;
    out.byStatus[r.status] += r.n;
    if (r.reason) out.byReason[r.reason] = (out.byReason[r.reason] ?? 0) + r.n;
    if (r.ac && r.ac in out.classes) out.classes[r.ac as 'A'] += r.n;
    if (r.ic && r.ic in out.initialClasses) out.initialClasses[r.ic as 'A'] += r.n;
  }
  return out;
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

/** A run's class adjustments (of one enterprise, when given; of the scope's enterprises), oldest first. */
export async function listClassAdjustments(
  sql: Sql,
  runId: number,
  uscc?: string,
  scope?: Scope,
): Promise<ClassAdjustment[]> {
  const q = params(3);
  const inScope = scopeCondition(scope, q.p, { division: 'r.division', uscc: 'a.uscc' });
  const rows = await sql.query<AdjustmentRow>(
    `SELECT ${ADJUSTMENT_COLUMNS.split(', ')
      .map((c) => `a.${c}`)
      .join(', ')} FROM class_adjustments a
     ${inScope ? 'JOIN LATERAL (SELECT division FROM run_results WHERE run_id = a.run_id AND uscc = a.uscc ORDER BY seq LIMIT 1) r ON true' : ''}
     WHERE a.run_id = $1 AND ($2::text IS NULL OR a.uscc = $2)${inScope ? ` AND ${inScope}` : ''} ORDER BY a.id`,
    [runId, uscc ?? null, ...q.values],
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
    `UPDATE run_results SET adjusted_class = $3, flags = flags | ${RESULT_FLAG_BITS.adjusted} WHERE run_id = $1 AND uscc = $2 RETURNING seq`,
    [runId, uscc, toClass],
  );
  return rows.length;
}

/**
 * Refreshes the results table after a run was stored: the planner's statistics (without them PGlite's
 * plans keep assuming the table is nearly empty) and the visibility map (counting a run's rows becomes an
 * index-only scan: 200,000 rows in ~25 ms instead of ~100 ms). PostgreSQL's autovacuum would do both some
 * minutes later; PGlite has no autovacuum. Not inside a transaction (VACUUM refuses one).
 */
export async function analyzeResults(sql: Sql): Promise<void> {
  await sql.exec('VACUUM (ANALYZE) run_results');
}

/** Every result's position, county and adjusted class in a run (seq order): to count classes that change. */
export async function runClasses(
  sql: Sql,
  runId: number,
): Promise<{ seq: number; uscc: string; division: string | null; adjustedClass: string | null }[]> {
  const rows = await sql.query<{ r: string | null }>(
    `SELECT json_agg(json_build_array(seq, uscc, division, adjusted_class) ORDER BY seq)::text AS r
     FROM run_results WHERE run_id = $1`,
    [runId],
  );
  const list = rows[0]?.r ? (JSON.parse(rows[0].r) as [number, string, string | null, string | null][]) : [];
  return list.map(([seq, uscc, division, adjustedClass]) => ({ seq, uscc, division, adjustedClass }));
}
