/** Objections (异议) to a published run's figures, their evidence files and their decisions. */
import type { Scope } from '../domain/access.js';
import type { Sql } from './database.js';
import { params, scopeCondition } from './scope.js';

export type ObjectionStatus = 'open' | 'accepted' | 'rejected';

export interface Objection {
  readonly id: number;
  readonly runId: number;
  readonly uscc: string;
  readonly name: string | null;
  readonly division: string | null;
  readonly field: string;
  readonly currentValue: number | null;
  readonly claimedValue: number;
  readonly explanation: string;
  readonly status: ObjectionStatus;
  readonly filedBy: string;
  readonly filedAt: string;
  readonly deadline: string;
  readonly respondBy: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly reason: string | null;
  readonly correctedValue: number | null;
  readonly datasetId: number | null;
  readonly rerunId: number | null;
  readonly evidence: readonly EvidenceInfo[];
}

export interface EvidenceInfo {
  readonly seq: number;
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: number;
  readonly sha256: string;
}

interface ObjectionRow {
  id: number;
  run_id: number;
  uscc: string;
  name: string | null;
  division: string | null;
  field: string;
  current_value: number | null;
  claimed_value: number;
  explanation: string;
  status: ObjectionStatus;
  filed_by: string;
  filed_at: string;
  deadline: string;
  respond_by: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  corrected_value: number | null;
  dataset_id: number | null;
  rerun_id: number | null;
  evidence: EvidenceRow[] | string | null;
}

interface EvidenceRow {
  seq: number;
  file_name: string;
  content_type: string;
  bytes: number;
  sha256: string;
}

const COLUMNS = `o.id, o.run_id, o.uscc, o.name, o.division, o.field, o.current_value, o.claimed_value, o.explanation,
  o.status, o.filed_by, o.filed_at, o.deadline, o.respond_by, o.decided_by, o.decided_at, o.reason,
  o.corrected_value, o.dataset_id, o.rerun_id,
  (SELECT coalesce(json_agg(json_build_object('seq', e.seq, 'file_name', e.file_name, 'content_type', e.content_type,
     'bytes', e.bytes, 'sha256', e.sha256) ORDER BY e.seq), '[]'::json)
   FROM objection_evidence e WHERE e.objection_id = o.id) AS evidence`;

const toObjection = (r: ObjectionRow): Objection => {
  const ev = (typeof r.evidence === 'string' ? (JSON.parse(r.evidence) as EvidenceRow[]) : r.evidence) ?? [];
  return {
    id: r.id,
    runId: r.run_id,
    uscc: r.uscc,
    name: r.name,
    division: r.division,
    field: r.field,
    currentValue: r.current_value,
    claimedValue: r.claimed_value,
    explanation: r.explanation,
    status: r.status,
    filedBy: r.filed_by,
    filedAt: r.filed_at,
    deadline: r.deadline,
    respondBy: r.respond_by,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reason: r.reason,
    correctedValue: r.corrected_value,
    datasetId: r.dataset_id,
    rerunId: r.rerun_id,
    evidence: ev.map((e) => ({
      seq: e.seq,
      fileName: e.file_name,
      contentType: e.content_type,
      bytes: e.bytes,
      sha256: e.sha256,
    })),
  };
};

export interface NewObjection {
  readonly runId: number;
  readonly uscc: string;
  readonly name: string | null;
  readonly division: string | null;
  readonly field: string;
  readonly currentValue: number | null;
  readonly claimedValue: number;
  readonly explanation: string;
  readonly filedBy: string;
  readonly deadline: string;
  readonly respondBy: string;
}

export interface NewEvidence {
  readonly fileName: string;
  readonly contentType: string;
  readonly sha256: string;
  readonly data: Uint8Array;
}

/** Stores an objection and its evidence; null when an open one of the same figure exists. */
export async function insertObjection(
  sql: Sql,
  o: NewObjection,
  evidence: readonly NewEvidence[],
): Promise<number | null> {
  const rows = await sql.query<{ id: number }>(
    `INSERT INTO objections (run_id, uscc, name, division, field, current_value, claimed_value, explanation,
       filed_by, deadline, respond_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (run_id, uscc, field) WHERE status = 'open' DO NOTHING RETURNING id`,
    [
      o.runId,
      o.uscc,
      o.name,
      o.division,
      o.field,
      o.currentValue,
      o.claimedValue,
      o.explanation,
      o.filedBy,
      o.deadline,
      o.respondBy,
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) return null;
  for (const [k, e] of evidence.entries())
    await sql.query(
      `INSERT INTO objection_evidence (objection_id, seq, file_name, content_type, bytes, sha256, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, k + 1, e.fileName, e.contentType, e.data.byteLength, e.sha256, e.data],
    );
  return id;
}

/** One objection, if the scope includes it. */
export async function getObjection(sql: Sql, id: number, scope?: Scope): Promise<Objection | null> {
  const q = params(2);
  const inScope = scopeCondition(scope, q.p, { division: 'o.division', uscc: 'o.uscc' });
  const rows = await sql.query<ObjectionRow>(
    `SELECT ${COLUMNS} FROM objections o WHERE o.id = $1${inScope ? ` AND ${inScope}` : ''}`,
    [id, ...q.values],
  );
  return rows[0] ? toObjection(rows[0]) : null;
}

export interface ObjectionFilter {
  readonly runId?: number;
  readonly status?: ObjectionStatus;
  readonly uscc?: string;
  readonly limit: number;
  readonly offset: number;
}

/** The scope's objections matching the filter, newest first, and how many match. */
export async function listObjections(
  sql: Sql,
  f: ObjectionFilter,
  scope: Scope,
): Promise<{ total: number; items: Objection[] }> {
  const q = params(4);
  const inScope = scopeCondition(scope, q.p, { division: 'o.division', uscc: 'o.uscc' });
  const where = `($1::int4 IS NULL OR o.run_id = $1) AND ($2::text IS NULL OR o.status = $2)
    AND ($3::text IS NULL OR o.uscc = $3)${inScope ? ` AND ${inScope}` : ''}`;
  const base = [f.runId ?? null, f.status ?? null, f.uscc ?? null, ...q.values];
  const n = base.length;
  const rows = await sql.query<ObjectionRow>(
    `SELECT ${COLUMNS} FROM objections o WHERE ${where} ORDER BY o.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...base, f.limit, f.offset],
  );
  const count = await sql.query<{ n: number }>(
    `SELECT count(*)::int4 AS n FROM objections o WHERE ${where}`,
    base,
  );
  return { total: count[0]?.n ?? 0, items: rows.map(toObjection) };
}

/** An evidence file of an objection (the objection within the scope), or null. */
export async function getEvidence(
  sql: Sql,
  objectionId: number,
  seq: number,
  scope: Scope,
): Promise<(EvidenceInfo & { data: Uint8Array }) | null> {
  const q = params(3);
  const inScope = scopeCondition(scope, q.p, { division: 'o.division', uscc: 'o.uscc' });
  const rows = await sql.query<EvidenceRow & { data: Uint8Array }>(
    `SELECT e.seq, e.file_name, e.content_type, e.bytes, e.sha256, e.data
     FROM objection_evidence e JOIN objections o ON o.id = e.objection_id
     WHERE e.objection_id = $1 AND e.seq = $2${inScope ? ` AND ${inScope}` : ''}`,
    [objectionId, seq, ...q.values],
  );
  const r = rows[0];
  return r
    ? {
        seq: r.seq,
        fileName: r.file_name,
        contentType: r.content_type,
        bytes: r.bytes,
        sha256: r.sha256,
        data: r.data,
      }
    : null;
}

/** Records a decision on an open objection; false when it is no longer open. */
export async function decideObjection(
  sql: Sql,
  id: number,
  d: {
    status: 'accepted' | 'rejected';
    by: string;
    reason: string;
    correctedValue: number | null;
    datasetId: number | null;
  },
): Promise<boolean> {
  const rows = await sql.query<{ id: number }>(
    `UPDATE objections SET status = $2, decided_by = $3, decided_at = now(), reason = $4, corrected_value = $5,
       dataset_id = $6
     WHERE id = $1 AND status = 'open' RETURNING id`,
    [id, d.status, d.by, d.reason, d.correctedValue, d.datasetId],
  );
  return rows.length > 0;
}

/** Links an accepted objection to the run that re-evaluated its corrected dataset. */
export async function setObjectionRerun(sql: Sql, id: number, runId: number): Promise<void> {
  await sql.query('UPDATE objections SET rerun_id = $2 WHERE id = $1', [id, runId]);
}

/**
 * The dataset version built by the latest accepted objection to `runId`, or null: corrections accepted
 * one after another to one run build on each other (never on a newer import of the year).
 */
export async function latestCorrectionOf(sql: Sql, runId: number): Promise<number | null> {
  const rows = await sql.query<{ dataset_id: number }>(
    `SELECT dataset_id FROM objections WHERE run_id = $1 AND status = 'accepted' AND dataset_id IS NOT NULL
     ORDER BY decided_at DESC, id DESC LIMIT 1`,
    [runId],
  );
  return rows[0]?.dataset_id ?? null;
}
