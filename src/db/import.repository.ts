/** The files behind an imported dataset, and the rows they had that were rejected. */
import { chunkRanges, intParam, textParam } from './bulk.js';
import type { Sql } from './database.js';
import type { Rejection } from '../domain/rejection.js';

export interface DatasetFile {
  readonly fileName: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly sheet: string | null;
  readonly department: string | null;
  readonly profile: string | null;
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly skipped: number;
  /** How the headers were read: which header gave which field, in which unit. */
  readonly columns: readonly {
    header: string;
    field: string;
    unit: string | null;
    unitFrom: string | null;
  }[];
  readonly createdBy: string | null;
}

/** A rejected row as stored (the import's `Rejection`). */
export type StoredRejection = Rejection;

export async function insertDatasetFiles(
  sql: Sql,
  datasetId: number,
  files: readonly DatasetFile[],
): Promise<void> {
  let seq = 0;
  for (const f of files) {
    await sql.query(
      `INSERT INTO dataset_files (dataset_id, seq, file_name, sha256, bytes, sheet, department, profile,
         rows_read, accepted, rejected, skipped, columns, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14)`,
      [
        datasetId,
        seq++,
        f.fileName,
        f.sha256,
        f.bytes,
        f.sheet,
        f.department,
        f.profile,
        f.rowsRead,
        f.accepted,
        f.rejected,
        f.skipped,
        JSON.stringify(f.columns),
        f.createdBy,
      ],
    );
  }
}

export async function listDatasetFiles(
  sql: Sql,
  datasetId: number,
): Promise<(DatasetFile & { createdAt: string })[]> {
  const rows = await sql.query<{
    file_name: string;
    sha256: string;
    bytes: number;
    sheet: string | null;
    department: string | null;
    profile: string | null;
    rows_read: number;
    accepted: number;
    rejected: number;
    skipped: number;
    columns: DatasetFile['columns'] | null;
    created_by: string | null;
    created_at: string;
  }>('SELECT * FROM dataset_files WHERE dataset_id = $1 ORDER BY seq', [datasetId]);
  return rows.map((r) => ({
    fileName: r.file_name,
    sha256: r.sha256,
    bytes: r.bytes,
    sheet: r.sheet,
    department: r.department,
    profile: r.profile,
    rowsRead: r.rows_read,
    accepted: r.accepted,
    rejected: r.rejected,
    skipped: r.skipped,
    columns: r.columns ?? [],
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

export async function insertRejections(
  sql: Sql,
  datasetId: number,
  items: readonly StoredRejection[],
): Promise<void> {
  for (const [a, b] of chunkRanges(items.length)) {
    const part = items.slice(a, b);
    await sql.query(
      `INSERT INTO import_rejections (dataset_id, seq, file_name, sheet, row_no, column_name, value, rule, message_zh, message_en)
       SELECT $1, * FROM unnest($2::int4[], $3::text[], $4::text[], $5::int4[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
      [
        datasetId,
        intParam(part.map((_, k) => a + k)),
        textParam(part.map((r) => r.file)),
        textParam(part.map((r) => r.sheet)),
        intParam(part.map((r) => r.row)),
        textParam(part.map((r) => r.column)),
        textParam(part.map((r) => r.value)),
        textParam(part.map((r) => r.rule)),
        textParam(part.map((r) => r.zh)),
        textParam(part.map((r) => r.en)),
      ],
    );
  }
}

export async function listRejections(sql: Sql, datasetId: number): Promise<StoredRejection[]> {
  const rows = await sql.query<{
    file_name: string;
    sheet: string | null;
    row_no: number;
    column_name: string | null;
    value: string | null;
    rule: string;
    message_zh: string;
    message_en: string;
  }>('SELECT * FROM import_rejections WHERE dataset_id = $1 ORDER BY seq', [datasetId]);
  return rows.map((r) => ({
    file: r.file_name,
    sheet: r.sheet,
    row: r.row_no,
    column: r.column_name,
    value: r.value,
    rule: r.rule,
    zh: r.message_zh,
    en: r.message_en,
  }));
}

/** Copies the file records of one dataset to another (a corrected version keeps its sources). */
export async function copyDatasetFiles(sql: Sql, fromDatasetId: number, toDatasetId: number): Promise<void> {
  await sql.query(
    `INSERT INTO dataset_files (dataset_id, seq, file_name, sha256, bytes, sheet, department, profile,
       rows_read, accepted, rejected, skipped, columns, created_by, created_at)
     SELECT $2, seq, file_name, sha256, bytes, sheet, department, profile, rows_read, accepted, rejected, skipped,
       columns, created_by, created_at
     FROM dataset_files WHERE dataset_id = $1`,
    [fromDatasetId, toDatasetId],
  );
}
