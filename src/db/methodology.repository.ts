/** Methodology files, stored verbatim and addressed by id and content hash (a run names both). */
import type { Sql } from './database.js';

export interface NewMethodology {
  readonly id: string;
  readonly contentHash: string;
  /** The file's text, exactly as read. */
  readonly content: string;
  /** The file format, e.g. 'yaml' or 'json'. */
  readonly format: string;
}

export interface MethodologyInfo {
  readonly id: string;
  readonly contentHash: string;
  readonly format: string;
  /** When this version was first saved (ISO 8601, UTC). */
  readonly createdAt: string;
}

export interface StoredMethodology extends MethodologyInfo {
  readonly content: string;
}

interface MethodologyRow {
  id: string;
  content_hash: string;
  content: string;
  format: string;
  created_at: string;
}

const toInfo = (r: Omit<MethodologyRow, 'content'>): MethodologyInfo => ({
  id: r.id,
  contentHash: r.content_hash,
  format: r.format,
  createdAt: r.created_at,
});

const toStored = (r: MethodologyRow): StoredMethodology => ({ ...toInfo(r), content: r.content });

/**
 * Saves a methodology version; saving the same id and hash again changes nothing (the first save's
 * content and time are kept). Returns the stored version.
 */
export async function saveMethodology(sql: Sql, m: NewMethodology): Promise<StoredMethodology> {
  await sql.query(
    `INSERT INTO methodologies (id, content_hash, content, format) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id, content_hash) DO NOTHING`,
    [m.id, m.contentHash, m.content, m.format],
  );
  const stored = await getMethodology(sql, m.id, m.contentHash);
  if (!stored) throw new Error(`methodology ${m.id}@${m.contentHash} vanished after saving`);
  return stored;
}

/** The version `contentHash` of methodology `id`, or, without a hash, the one saved last; null if none. */
export async function getMethodology(
  sql: Sql,
  id: string,
  contentHash?: string,
): Promise<StoredMethodology | null> {
  const rows =
    contentHash === undefined
      ? await sql.query<MethodologyRow>(
          'SELECT id, content_hash, content, format, created_at FROM methodologies WHERE id = $1 ORDER BY seq DESC LIMIT 1',
          [id],
        )
      : await sql.query<MethodologyRow>(
          'SELECT id, content_hash, content, format, created_at FROM methodologies WHERE id = $1 AND content_hash = $2',
          [id, contentHash],
        );
  return rows[0] ? toStored(rows[0]) : null;
}

/** Every stored version (without content): by id, then the one saved last first. */
export async function listMethodologies(sql: Sql): Promise<MethodologyInfo[]> {
  const rows = await sql.query<Omit<MethodologyRow, 'content'>>(
    'SELECT id, content_hash, format, created_at FROM methodologies ORDER BY id COLLATE "C", seq DESC',
  );
  return rows.map(toInfo);
}
