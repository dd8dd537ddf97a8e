/** The audit log: who did what to which subject, with the state before and after. Append-only. */
import type { Sql } from './database.js';

export interface NewAuditEntry {
  readonly actor: string;
  /** A dotted verb, e.g. 'run.publish', 'class.adjust', 'dataset.import'. */
  readonly action: string;
  /** What was acted on, e.g. 'run:12' or 'enterprise:91330400…'. */
  readonly subject?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditEntry {
  readonly id: number;
  /** ISO 8601, UTC. */
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  before: unknown;
  after: unknown;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  before: r.before,
  after: r.after,
});

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** Appends one entry; returns it as stored. */
export async function appendAudit(sql: Sql, entry: NewAuditEntry): Promise<AuditEntry> {
  const rows = await sql.query<AuditRow>(
    `INSERT INTO audit_log (actor, action, subject, before, after) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)
     RETURNING id, at, actor, action, subject, before, after`,
    [entry.actor, entry.action, entry.subject ?? null, json(entry.before), json(entry.after)],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into audit_log returned no row');
  return toEntry(row);
}

export interface AuditFilter {
  readonly actor?: string;
  /** An action (`run.publish`), or a family of actions ending in `.` or `.*` (`auth.*`). */
  readonly action?: string;
  readonly subject?: string;
  /** Entries at or after, and before, these times (ISO 8601). */
  readonly from?: string;
  readonly to?: string;
  /** Default 100. */
  readonly limit?: number;
  readonly offset?: number;
  /** 'desc' (newest first, the default) or 'asc'. */
  readonly order?: 'asc' | 'desc';
}

/** The WHERE clause of a filter, `$1`–`$6`. */
function auditWhere(f: AuditFilter): { sql: string; params: unknown[] } {
  const family = f.action !== undefined && /\.\*?$/.test(f.action);
  return {
    sql: `($1::text IS NULL OR actor = $1)
      AND ($2::text IS NULL OR action = $2)
      AND ($3::text IS NULL OR left(action, length($3)) = $3)
      AND ($4::text IS NULL OR subject = $4)
      AND ($5::timestamptz IS NULL OR at >= $5::timestamptz)
      AND ($6::timestamptz IS NULL OR at < $6::timestamptz)`,
    params: [
      f.actor ?? null,
      family ? null : (f.action ?? null),
      family ? (f.action ?? '').replace(/\*$/, '') : null,
      f.subject ?? null,
      f.from ?? null,
      f.to ?? null,
    ],
  };
}

/** Entries matching every given filter. */
export async function listAudit(sql: Sql, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const w = auditWhere(filter);
  const rows = await sql.query<AuditRow>(
    `SELECT id, at, actor, action, subject, before, after FROM audit_log WHERE ${w.sql}
     ORDER BY id ${filter.order === 'asc' ? 'ASC' : 'DESC'} LIMIT $7 OFFSET $8`,
    [...w.params, filter.limit ?? 100, filter.offset ?? 0],
  );
  return rows.map(toEntry);
}

/** How many entries match the filter (limit and offset aside). */
export async function countAudit(sql: Sql, filter: AuditFilter = {}): Promise<number> {
  const w = auditWhere(filter);
  const rows = await sql.query<{ n: number }>(
    `SELECT count(*)::int4 AS n FROM audit_log WHERE ${w.sql}`,
    w.params,
  );
  return rows[0]?.n ?? 0;
}
