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
  readonly action?: string;
  readonly subject?: string;
  /** Default 100. */
  readonly limit?: number;
  readonly offset?: number;
  /** 'desc' (newest first, the default) or 'asc'. */
  readonly order?: 'asc' | 'desc';
}

/** Entries matching every given filter. */
export async function listAudit(sql: Sql, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const rows = await sql.query<AuditRow>(
    `SELECT id, at, actor, action, subject, before, after FROM audit_log
     WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR subject = $3)
     ORDER BY id ${filter.order === 'asc' ? 'ASC' : 'DESC'} LIMIT $4 OFFSET $5`,
    [
      filter.actor ?? null,
      filter.action ?? null,
      filter.subject ?? null,
      filter.limit ?? 100,
      filter.offset ?? 0,
    ],
  );
  return rows.map(toEntry);
}
