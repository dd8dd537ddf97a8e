/**
 * Aggregates over stored runs for the cockpit (驾驶舱), the comparison of two runs and an enterprise's
 * history: counts and sums per county, the best and worst totals, class transitions.
 */
import type { Scope } from '../domain/access.js';
import { intParam, textParam } from './bulk.js';
import type { Sql } from './database.js';
import { params, scopeCondition } from './scope.js';
import type { ResultStatus } from './run.repository.js';
import { resultWhere, type ResultSummary } from './run-results.repository.js';
import { resultSummarySql, toResultSummary, type ResultSummaryRow } from './run-result-columns.js';

/** One county of a run: statuses, classes, and the sums behind its per-mu figures (graded firms). */
export interface CountyFigures {
  readonly division: string | null;
  readonly graded: number;
  readonly computedNotGraded: number;
  readonly notEvaluated: number;
  /** Adjusted and initial class counts. */
  readonly classes: Readonly<Record<'A' | 'B' | 'C' | 'D', number>>;
  readonly initialClasses: Readonly<Record<'A' | 'B' | 'C' | 'D', number>>;
  /** Σ land over graded firms. */
  readonly landMu: number;
  /** Σ tax and Σ land over graded firms that have a tax figure. */
  readonly tax: number;
  readonly landWithTax: number;
  /** Σ value added and Σ land over graded firms that have a value-added figure. */
  readonly valueAdded: number;
  readonly landWithValueAdded: number;
}

interface CountyRow {
  division: string | null;
  graded: number;
  cng: number;
  ne: number;
  a: number;
  b: number;
  c: number;
  d: number;
  ia: number;
  ib: number;
  ic: number;
  id: number;
  land: number | null;
  tax: number | null;
  land_tax: number | null;
  va: number | null;
  land_va: number | null;
}

/** Per county (division code, NULL last), in code order, of the scope's rows. One pass over the run's results. */
export async function countyFigures(sql: Sql, runId: number, scope?: Scope): Promise<CountyFigures[]> {
  const q = params(2);
  const inScope = scopeCondition(scope, q.p);
  const rows = await sql.query<CountyRow>(
    `SELECT division,
       count(*) FILTER (WHERE status = 'graded')::int4 AS graded,
       count(*) FILTER (WHERE status = 'computed_not_graded')::int4 AS cng,
       count(*) FILTER (WHERE status = 'not_evaluated')::int4 AS ne,
       count(*) FILTER (WHERE adjusted_class = 'A')::int4 AS a,
       count(*) FILTER (WHERE adjusted_class = 'B')::int4 AS b,
       count(*) FILTER (WHERE adjusted_class = 'C')::int4 AS c,
       count(*) FILTER (WHERE adjusted_class = 'D')::int4 AS d,
       count(*) FILTER (WHERE initial_class = 'A')::int4 AS ia,
       count(*) FILTER (WHERE initial_class = 'B')::int4 AS ib,
       count(*) FILTER (WHERE initial_class = 'C')::int4 AS ic,
       count(*) FILTER (WHERE initial_class = 'D')::int4 AS id,
       sum(land_mu) FILTER (WHERE status = 'graded') AS land,
       sum(tax) FILTER (WHERE status = 'graded' AND tax IS NOT NULL AND land_mu IS NOT NULL) AS tax,
       sum(land_mu) FILTER (WHERE status = 'graded' AND tax IS NOT NULL) AS land_tax,
       sum(value_added) FILTER (WHERE status = 'graded' AND value_added IS NOT NULL AND land_mu IS NOT NULL) AS va,
       sum(land_mu) FILTER (WHERE status = 'graded' AND value_added IS NOT NULL) AS land_va
     FROM run_results WHERE run_id = $1${inScope ? ` AND ${inScope}` : ''}
     GROUP BY division ORDER BY division COLLATE "C" NULLS LAST`,
    [runId, ...q.values],
  );
  return rows.map((r) => ({
    division: r.division,
    graded: r.graded,
    computedNotGraded: r.cng,
    notEvaluated: r.ne,
    classes: { A: r.a, B: r.b, C: r.c, D: r.d },
    initialClasses: { A: r.ia, B: r.ib, C: r.ic, D: r.id },
    landMu: r.land ?? 0,
    tax: r.tax ?? 0,
    landWithTax: r.land_tax ?? 0,
    valueAdded: r.va ?? 0,
    landWithValueAdded: r.land_va ?? 0,
  }));
}

/**
 * The graded results with the highest (`best`) or lowest totals: the methodology's ranking order
 * (total ↓, tax per mu ↓ with missing last, USCC ↑) city-wide, read from the top or from the bottom.
 */
export async function extremeResults(
  sql: Sql,
  runId: number,
  o: { best: boolean; limit: number; groupId?: string; division?: string; scope?: Scope },
): Promise<ResultSummary[]> {
  const w = resultWhere(runId, {
    status: 'graded',
    ...(o.scope ? { scope: o.scope } : {}),
    ...(o.groupId !== undefined ? { groupId: o.groupId } : {}),
    ...(o.division !== undefined ? { division: o.division } : {}),
  });
  const dir = o.best ? 'DESC' : 'ASC';
  const rows = await sql.query<ResultSummaryRow>(
    `SELECT ${resultSummarySql()}
     FROM run_results WHERE ${w.sql} AND total IS NOT NULL
     ORDER BY total ${dir}, tax_per_mu ${dir} NULLS ${o.best ? 'LAST' : 'FIRST'}, uscc COLLATE "C" ${o.best ? 'ASC' : 'DESC'}
     LIMIT $${w.params.length + 1}`,
    [...w.params, o.limit],
  );
  return rows.map(toResultSummary);
}

/** One year of an enterprise's history: the year's latest run and the enterprise's result in it. */
export interface HistoryRow {
  readonly runId: number;
  readonly year: number;
  readonly methodologyId: string;
  readonly publishedAt: string | null;
  readonly status: ResultStatus;
  readonly total: number | null;
  readonly rank: number | null;
  readonly unitSize: number | null;
  readonly initialClass: string | null;
  readonly adjustedClass: string | null;
  readonly taxPerMu: number | null;
  readonly valueAddedPerMu: number | null;
}

/**
 * Per year with a run, the latest run's result of this enterprise (years whose latest run lacks it are
 * left out), oldest first; with `publishedOnly`, the latest published run of each year; with
 * `division`, only the years the enterprise was in that county.
 */
export async function historyOf(
  sql: Sql,
  uscc: string,
  o: { publishedOnly?: boolean; division?: string } = {},
): Promise<HistoryRow[]> {
  const rows = await sql.query<{
    id: number;
    year: number;
    methodology_id: string;
    published_at: string | null;
    status: ResultStatus;
    total: number | null;
    rank: number | null;
    unit_size: number | null;
    initial_class: string | null;
    adjusted_class: string | null;
    tax_per_mu: number | null;
    va_per_mu: number | null;
  }>(
    `SELECT u.id, u.year, u.methodology_id, u.published_at, r.status, r.total, r.rank, r.unit_size,
       r.initial_class, r.adjusted_class, r.tax_per_mu, r.va_per_mu
     FROM (SELECT DISTINCT ON (year) id, year, methodology_id, published_at FROM runs
           WHERE (NOT $2::boolean OR published_at IS NOT NULL) ORDER BY year, id DESC) u
     JOIN LATERAL (
       SELECT status, total, rank, unit_size, initial_class, adjusted_class, tax_per_mu, va_per_mu
       FROM run_results WHERE run_id = u.id AND uscc = $1 AND ($3::text IS NULL OR division = $3)
       ORDER BY seq LIMIT 1
     ) r ON true
     ORDER BY u.year`,
    [uscc, o.publishedOnly ?? false, o.division ?? null],
  );
  return rows.map((r) => ({
    runId: r.id,
    year: r.year,
    methodologyId: r.methodology_id,
    publishedAt: r.published_at,
    status: r.status,
    total: r.total,
    rank: r.rank,
    unitSize: r.unit_size,
    initialClass: r.initial_class,
    adjustedClass: r.adjusted_class,
    taxPerMu: r.tax_per_mu,
    valueAddedPerMu: r.va_per_mu,
  }));
}

/** The summary (headline figures, flags) of one enterprise's result in a run, or null. */
export async function getResultSummary(sql: Sql, runId: number, uscc: string): Promise<ResultSummary | null> {
  const rows = await sql.query<ResultSummaryRow>(
    `SELECT ${resultSummarySql()}
     FROM run_results WHERE run_id = $1 AND uscc = $2 ORDER BY seq LIMIT 1`,
    [runId, uscc],
  );
  return rows[0] ? toResultSummary(rows[0]) : null;
}

/** `A`–`D`, `none` (in the run, no class) or `absent` (not in the run). */
export type ClassKey = 'A' | 'B' | 'C' | 'D' | 'none' | 'absent';

// One row per USCC of either run (the first record of a USCC that occurs twice), with its class key
// in each: a full join on the USCC. $1, $2 the runs; the class column is chosen by the caller; `inScope`
// limits both runs to the asker's rows.
const compareSource = (column: 'adjusted_class' | 'initial_class', inScope: string | null = null) => `
WITH a AS (SELECT DISTINCT ON (uscc) uscc, seq, name, division, ${column} AS c, total
           FROM run_results WHERE run_id = $1${inScope ? ` AND ${inScope}` : ''} ORDER BY uscc, seq),
     b AS (SELECT DISTINCT ON (uscc) uscc, seq, name, division, ${column} AS c, total
           FROM run_results WHERE run_id = $2${inScope ? ` AND ${inScope}` : ''} ORDER BY uscc, seq),
     j AS (SELECT coalesce(b.uscc, a.uscc) AS uscc, coalesce(b.name, a.name) AS name,
             coalesce(b.division, a.division) AS division,
             CASE WHEN a.uscc IS NULL THEN 'absent' ELSE coalesce(a.c, 'none') END AS f,
             CASE WHEN b.uscc IS NULL THEN 'absent' ELSE coalesce(b.c, 'none') END AS t,
             a.total AS total_a, b.total AS total_b, coalesce(b.seq, a.seq) AS seq
           FROM a FULL JOIN b ON a.uscc = b.uscc)`;

export interface TransitionCount {
  readonly division: string | null;
  readonly from: ClassKey;
  readonly to: ClassKey;
  readonly n: number;
}

/** How many enterprises went from each class of run a to each class of run b, per county (of b, else a). */
export async function classTransitions(
  sql: Sql,
  a: number,
  b: number,
  basis: 'adjusted' | 'initial',
  scope?: Scope,
): Promise<TransitionCount[]> {
  const q = params(3);
  const inScope = scopeCondition(scope, q.p);
  const rows = await sql.query<{ division: string | null; f: ClassKey; t: ClassKey; n: number }>(
    `${compareSource(basis === 'adjusted' ? 'adjusted_class' : 'initial_class', inScope)}
     SELECT division, f, t, count(*)::int4 AS n FROM j GROUP BY division, f, t
     ORDER BY division COLLATE "C" NULLS LAST, f, t`,
    [a, b, ...q.values],
  );
  return rows.map((r) => ({ division: r.division, from: r.f, to: r.t, n: r.n }));
}

export interface MovedRow {
  readonly uscc: string;
  readonly name: string | null;
  readonly division: string | null;
  readonly from: ClassKey;
  readonly to: ClassKey;
  readonly totalA: number | null;
  readonly totalB: number | null;
  /** A manual adjustment (调档) of the enterprise is recorded in run a / run b. */
  readonly adjustedA: boolean;
  readonly adjustedB: boolean;
}

/** The enterprises whose class differs between run a and run b, filtered, in county then USCC order. */
export async function movedEnterprises(
  sql: Sql,
  a: number,
  b: number,
  o: {
    basis: 'adjusted' | 'initial';
    from?: readonly ClassKey[];
    to?: readonly ClassKey[];
    division?: string;
    limit: number;
    offset: number;
    scope?: Scope;
  },
): Promise<{ total: number; items: MovedRow[] }> {
  const where = [
    'f <> t',
    '($3::text[] IS NULL OR f = ANY($3::text[]))',
    '($4::text[] IS NULL OR t = ANY($4::text[]))',
    '($5::text IS NULL OR division = $5)',
  ];
  const base = [a, b, o.from ? textParam(o.from) : null, o.to ? textParam(o.to) : null, o.division ?? null];
  const q = params(6);
  const inScope = scopeCondition(o.scope, q.p);
  const values = [...base, ...q.values];
  const src = compareSource(o.basis === 'adjusted' ? 'adjusted_class' : 'initial_class', inScope);
  const n = values.length;
  const rows = await sql.query<{
    uscc: string;
    name: string | null;
    division: string | null;
    f: ClassKey;
    t: ClassKey;
    total_a: number | null;
    total_b: number | null;
    adj_a: boolean;
    adj_b: boolean;
    n: number;
  }>(
    `${src}
     SELECT uscc, name, division, f, t, total_a, total_b,
       EXISTS (SELECT 1 FROM class_adjustments x WHERE x.run_id = $1 AND x.uscc = j.uscc) AS adj_a,
       EXISTS (SELECT 1 FROM class_adjustments x WHERE x.run_id = $2 AND x.uscc = j.uscc) AS adj_b,
       count(*) OVER ()::int4 AS n FROM j
     WHERE ${where.join(' AND ')}
     ORDER BY division COLLATE "C" NULLS LAST, uscc COLLATE "C" LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...values, o.limit, o.offset],
  );
  let total = rows[0]?.n;
  if (total === undefined) {
    const c = await sql.query<{ n: number }>(
      `${src} SELECT count(*)::int4 AS n FROM j WHERE ${where.join(' AND ')}`,
      values,
    );
    total = c[0]?.n ?? 0;
  }
  return {
    total,
    items: rows.map((r) => ({
      uscc: r.uscc,
      name: r.name,
      division: r.division,
      from: r.f,
      to: r.t,
      totalA: r.total_a,
      totalB: r.total_b,
      adjustedA: r.adj_a,
      adjustedB: r.adj_b,
    })),
  };
}

/** The class changes of a run's manual adjustments with the county of each enterprise, oldest first. */
export async function adjustmentMoves(
  sql: Sql,
  runId: number,
): Promise<{ division: string | null; fromClass: string | null; toClass: string }[]> {
  const rows = await sql.query<{ division: string | null; from_class: string | null; to_class: string }>(
    `SELECT r.division, a.from_class, a.to_class FROM class_adjustments a
     JOIN LATERAL (SELECT division FROM run_results WHERE run_id = a.run_id AND uscc = a.uscc ORDER BY seq LIMIT 1) r ON true
     WHERE a.run_id = $1 ORDER BY a.id`,
    [runId],
  );
  return rows.map((r) => ({ division: r.division, fromClass: r.from_class, toClass: r.to_class }));
}

/** The summaries of the results at these positions, in the order given. */
export async function resultSummariesAt(
  sql: Sql,
  runId: number,
  seqs: readonly number[],
): Promise<ResultSummary[]> {
  if (seqs.length === 0) return [];
  const rows = await sql.query<ResultSummaryRow>(
    `SELECT ${resultSummarySql()}
     FROM unnest($2::int4[]) WITH ORDINALITY AS s(pos, ord)
     CROSS JOIN LATERAL (SELECT * FROM run_results WHERE run_id = $1 AND seq = s.pos) r
     ORDER BY s.ord`,
    [runId, intParam(seqs)],
  );
  return rows.map(toResultSummary);
}
