/**
 * Policies (资源要素差别化配置) and their applications to runs; and what applying a policy reads from a
 * run: the adjusted class of every result, the classes of the earlier years' runs, and the total at a rank.
 */
import { NUMERIC_FIELDS, type NumericField } from '../domain/fields.js';
import { allocateBatch, type RecordBatch, type RecordIssue } from '../domain/record-batch.js';
import type { Sql } from './database.js';

export interface NewPolicy {
  readonly id: string;
  readonly contentHash: string;
  /** The file's text, exactly as read. */
  readonly content: string;
  readonly format: string;
}

export interface StoredPolicy extends NewPolicy {
  /** ISO 8601, UTC. */
  readonly createdAt: string;
}

interface PolicyRow {
  id: string;
  content_hash: string;
  content: string;
  format: string;
  created_at: string;
}

const toPolicy = (r: PolicyRow): StoredPolicy => ({
  id: r.id,
  contentHash: r.content_hash,
  content: r.content,
  format: r.format,
  createdAt: r.created_at,
});

/** Saves a policy version; saving the same id and hash again changes nothing. */
export async function savePolicy(sql: Sql, p: NewPolicy): Promise<StoredPolicy> {
  await sql.query(
    `INSERT INTO policies (id, content_hash, content, format) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id, content_hash) DO NOTHING`,
    [p.id, p.contentHash, p.content, p.format],
  );
  const stored = await getPolicy(sql, p.id, p.contentHash);
  if (!stored) throw new Error(`policy ${p.id}@${p.contentHash} vanished after saving`);
  return stored;
}

/** The version `contentHash` of policy `id`, or, without a hash, the one saved last; null if none. */
export async function getPolicy(sql: Sql, id: string, contentHash?: string): Promise<StoredPolicy | null> {
  const rows = await sql.query<PolicyRow>(
    `SELECT id, content_hash, content, format, created_at FROM policies
     WHERE id = $1 AND ($2::text IS NULL OR content_hash = $2) ORDER BY seq DESC LIMIT 1`,
    [id, contentHash ?? null],
  );
  return rows[0] ? toPolicy(rows[0]) : null;
}

/** A run of an earlier year whose classes were read for the consecutive-year counts. */
export interface HistoryRun {
  readonly year: number;
  readonly runId: number;
}

export interface NewPolicyApplication {
  readonly runId: number;
  readonly policyId: string;
  readonly policyHash: string;
  readonly draft: boolean;
  readonly history: readonly HistoryRun[];
  readonly ledgerHash: string;
  readonly totals: unknown;
  readonly createdBy: string;
}

export interface PolicyApplicationRecord extends NewPolicyApplication {
  readonly id: number;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
}

interface ApplicationRow {
  id: number;
  run_id: number;
  policy_id: string;
  policy_hash: string;
  draft: boolean;
  history: HistoryRun[];
  ledger_hash: string;
  totals: unknown;
  created_by: string;
  created_at: string;
}

const APPLICATION_COLUMNS =
  'id, run_id, policy_id, policy_hash, draft, history, ledger_hash, totals, created_by, created_at';

const toApplication = (r: ApplicationRow): PolicyApplicationRecord => ({
  id: r.id,
  runId: r.run_id,
  policyId: r.policy_id,
  policyHash: r.policy_hash,
  draft: r.draft,
  history: r.history,
  ledgerHash: r.ledger_hash,
  totals: r.totals,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** Stores an application (its policy version must be saved first); returns it. */
export async function insertPolicyApplication(
  sql: Sql,
  a: NewPolicyApplication,
): Promise<PolicyApplicationRecord> {
  const rows = await sql.query<ApplicationRow>(
    `INSERT INTO policy_applications (run_id, policy_id, policy_hash, draft, history, ledger_hash, totals, created_by)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8) RETURNING ${APPLICATION_COLUMNS}`,
    [
      a.runId,
      a.policyId,
      a.policyHash,
      a.draft,
      JSON.stringify(a.history),
      a.ledgerHash,
      JSON.stringify(a.totals),
      a.createdBy,
    ],
  );
  if (!rows[0]) throw new Error('insert into policy_applications returned no row');
  return toApplication(rows[0]);
}

/**
 * Holds, until the transaction ends, the right to store applications of run `runId`: two requests
 * storing the same application one after the other find the first one (PostgreSQL and PGlite alike).
 */
export async function lockPolicyApplications(sql: Sql, runId: number): Promise<void> {
  await sql.query(`SELECT pg_advisory_xact_lock(hashtext('mujun.policy_applications'), $1::int4)`, [runId]);
}

/**
 * The stored application of run `runId` with this policy version, draft flag and ledger (the same
 * classes, so the same amounts), oldest first; null if none.
 */
export async function findPolicyApplication(
  sql: Sql,
  a: { runId: number; policyId: string; policyHash: string; draft: boolean; ledgerHash: string },
): Promise<PolicyApplicationRecord | null> {
  const rows = await sql.query<ApplicationRow>(
    `SELECT ${APPLICATION_COLUMNS} FROM policy_applications
     WHERE run_id = $1 AND policy_id = $2 AND policy_hash = $3 AND draft = $4 AND ledger_hash = $5
     ORDER BY id LIMIT 1`,
    [a.runId, a.policyId, a.policyHash, a.draft, a.ledgerHash],
  );
  return rows[0] ? toApplication(rows[0]) : null;
}

export async function getPolicyApplication(sql: Sql, id: number): Promise<PolicyApplicationRecord | null> {
  const rows = await sql.query<ApplicationRow>(
    `SELECT ${APPLICATION_COLUMNS} FROM policy_applications WHERE id = $1`,
    [id],
  );
  return rows[0] ? toApplication(rows[0]) : null;
}

/** Applications (of one run, when given), newest first. */
export async function listPolicyApplications(sql: Sql, runId?: number): Promise<PolicyApplicationRecord[]> {
  const rows = await sql.query<ApplicationRow>(
    `SELECT ${APPLICATION_COLUMNS} FROM policy_applications WHERE ($1::int4 IS NULL OR run_id = $1) ORDER BY id DESC`,
    [runId ?? null],
  );
  return rows.map(toApplication);
}

/**
 * The adjusted class of every result of a run, as one string with a character per record in run order
 * ('A'…'D', '-' for none): 200,000 results in one value rather than 200,000 rows.
 */
export async function runClassString(sql: Sql, runId: number): Promise<string> {
  const rows = await sql.query<{ s: string | null }>(
    `SELECT string_agg(coalesce(adjusted_class, '-'), '' ORDER BY seq) AS s FROM run_results WHERE run_id = $1`,
    [runId],
  );
  return rows[0]?.s ?? '';
}

/**
 * For each of the years [year − count, year − 1]: its published run (the latest published one), else its
 * latest run. Years without any run are left out. Newest year first.
 */
export async function historyRuns(sql: Sql, year: number, count: number): Promise<HistoryRun[]> {
  if (count <= 0) return [];
  const rows = await sql.query<{ id: number; year: number }>(
    `SELECT DISTINCT ON (year) id, year FROM runs
     WHERE year < $1 AND year >= $2
     ORDER BY year DESC, (published_at IS NOT NULL) DESC, id DESC`,
    [year, year - count],
  );
  return rows.map((r) => ({ year: r.year, runId: r.id }));
}

/** USCC → adjusted class in a run, for the results whose class is one of `classes`. */
export async function classesInRun(
  sql: Sql,
  runId: number,
  classes: readonly string[],
): Promise<Map<string, string>> {
  const rows = await sql.query<{ uscc: string; c: string }>(
    `SELECT uscc, adjusted_class AS c FROM run_results WHERE run_id = $1 AND adjusted_class = ANY($2::text[])`,
    [runId, classes],
  );
  return new Map(rows.map((r) => [r.uscc, r.c]));
}

/** The total of the result at `rank` in a ranking unit and group of a run, or null. */
export async function totalAtRank(
  sql: Sql,
  runId: number,
  unitKey: string,
  groupId: string,
  rank: number,
): Promise<number | null> {
  const rows = await sql.query<{ total: number | null }>(
    `SELECT total FROM run_results WHERE run_id = $1 AND unit_key = $2 AND group_id = $3 AND rank = $4 LIMIT 1`,
    [runId, unitKey, groupId, rank],
  );
  return rows[0]?.total ?? null;
}

/**
 * Sets a run's published_at (tests and fixtures: publishing itself, with its notice and audit, is the
 * runs service's). `at` null makes it a draft again.
 */
export async function setRunPublishedAt(sql: Sql, runId: number, at: Date | null): Promise<void> {
  await sql.query(`UPDATE runs SET published_at = $2::timestamptz WHERE id = $1`, [
    runId,
    at ? at.toISOString() : null,
  ]);
}

const CHUNK = 50_000;

/** What applying a policy reads of a run: codes, names and counties of its results, in run order. */
export interface RunIdentity {
  readonly uscc: string[];
  readonly name: (string | null)[];
  readonly division: (string | null)[];
}

/**
 * The USCC (normalised, as evaluated), name and county of every result of a run, in run order — each
 * column aggregated into one JSON array per 50,000 results (as `loadDatasetBatch` does).
 */
export async function loadRunIdentity(sql: Sql, runId: number, n: number): Promise<RunIdentity> {
  const out: RunIdentity = { uscc: [], name: [], division: [] };
  for (let a = 0; a < n; a += CHUNK) {
    const rows = await sql.query<{ uscc: string | null; name: string | null; division: string | null }>(
      `SELECT json_agg(uscc ORDER BY seq)::text AS uscc, json_agg(name ORDER BY seq)::text AS name,
         json_agg(division ORDER BY seq)::text AS division
       FROM run_results WHERE run_id = $1 AND seq >= $2 AND seq < $3`,
      [runId, a, Math.min(n, a + CHUNK)],
    );
    const r = rows[0];
    const parse = (t: string | null | undefined) => (t ? (JSON.parse(t) as (string | null)[]) : []);
    for (const u of parse(r?.uscc)) out.uscc.push(u ?? '');
    out.name.push(...parse(r?.name));
    out.division.push(...parse(r?.division));
  }
  return out;
}

const FACT_FIELDS = new Set(NUMERIC_FIELDS);

/** Some numeric columns of a dataset's records (NaN = missing), in record order. */
export async function loadDatasetColumns(
  sql: Sql,
  datasetId: number,
  n: number,
  fields: readonly NumericField[],
): Promise<Partial<Record<NumericField, Float64Array>>> {
  const out: Partial<Record<NumericField, Float64Array>> = {};
  const cols = fields.filter((f) => FACT_FIELDS.has(f));
  for (const f of cols) out[f] = new Float64Array(n).fill(NaN);
  if (cols.length === 0) return out;
  for (let a = 0; a < n; a += CHUNK) {
    const rows = await sql.query<Record<string, string | null>>(
      `SELECT ${cols.map((c) => `json_agg(${c} ORDER BY row_no)::text AS ${c}`).join(', ')}
       FROM enterprise_facts WHERE dataset_id = $1 AND row_no >= $2 AND row_no < $3`,
      [datasetId, a, Math.min(n, a + CHUNK)],
    );
    for (const f of cols) {
      const t = rows[0]?.[f];
      if (!t) continue;
      const into = out[f]!;
      (JSON.parse(t) as unknown[]).forEach((v, k) => {
        into[a + k] = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
      });
    }
  }
  return out;
}

/**
 * A dataset's records with only some numeric columns (the others missing): codes, names, counties,
 * industries and reading problems, and `fields`, in record order — what evaluating with a given
 * methodology needs, read in a fraction of the time of the whole batch.
 */
export async function loadDatasetSubset(
  sql: Sql,
  datasetId: number,
  n: number,
  fields: readonly NumericField[],
): Promise<RecordBatch> {
  const columns = await loadDatasetColumns(sql, datasetId, n, fields);
  const b = allocateBatch(n);
  for (let a = 0; a < n; a += CHUNK) {
    const rows = await sql.query<Record<string, string | null>>(
      `SELECT json_agg(uscc ORDER BY row_no)::text AS uscc, json_agg(name ORDER BY row_no)::text AS name,
         json_agg(division ORDER BY row_no)::text AS division, json_agg(industry ORDER BY row_no)::text AS industry,
         json_agg(issue ORDER BY row_no)::text AS issue
       FROM enterprise_facts WHERE dataset_id = $1 AND row_no >= $2 AND row_no < $3`,
      [datasetId, a, Math.min(n, a + CHUNK)],
    );
    const r = rows[0];
    const parse = (t: string | null | undefined) => (t ? (JSON.parse(t) as unknown[]) : []);
    parse(r?.uscc).forEach((v, k) => (b.uscc[a + k] = typeof v === 'string' ? v : ''));
    parse(r?.name).forEach((v, k) => (b.name[a + k] = typeof v === 'string' ? v : null));
    parse(r?.division).forEach((v, k) => (b.division[a + k] = typeof v === 'string' ? v : null));
    parse(r?.industry).forEach((v, k) => (b.industry[a + k] = typeof v === 'string' ? v : null));
    parse(r?.issue).forEach((v, k) => (b.issues[a + k] = (v ?? null) as RecordIssue | null));
  }
  return { ...b, columns: { ...b.columns, ...columns } };
}
