/**
 * Datasets: stored sets of canonical records for one data year. Every record of a batch is kept in
 * batch order (`row_no`), duplicates and unreadable rows included, so that a run can report them; the
 * batch read back is the batch written (same order, NaN for missing, issues and source rows restored).
 */
import type { Scope } from '../domain/access.js';
import { params, scopeCondition } from './scope.js';
import { NUMERIC_FIELDS, type NumericField } from '../domain/fields.js';
import {
  allocateBatch,
  type EnterpriseRecord,
  type RecordBatch,
  type RecordIssue,
} from '../domain/record-batch.js';
import { isValidUscc } from '../domain/uscc.js';
import { CHUNK_ROWS, chunkRanges, floatParam, intParam, jsonParam, textParam } from './bulk.js';
import type { Sql } from './database.js';

/** Where one field's value came from (a department's file and row, say). */
export interface FieldProvenance {
  readonly source: string;
  readonly file?: string | null;
  readonly row?: number | null;
}

/**
 * Per record: where its values came from, as a JSON object. The importer stores, per department, the
 * file (its position among the dataset's files) and the row(s): `{ "tax": [1, 17], "power": [3, [8, 9]] }`;
 * the files' column mappings (`dataset_files.columns`) say which header gave which field.
 */
export type RecordProvenance = Readonly<Record<string, unknown>>;

/** What describes a dataset besides its records. */
export interface NewDataset {
  /** The data year (the year the figures describe, e.g. 2022). */
  readonly year: number;
  /** Hash of the records' content, to find an identical earlier import. */
  readonly contentHash: string;
  readonly source?: string | null;
  readonly createdBy?: string | null;
  readonly note?: string | null;
  /** Per record (batch order), the provenance of its fields, or null. */
  readonly provenance?: readonly (RecordProvenance | null)[];
}

export interface Dataset {
  readonly id: number;
  readonly year: number;
  readonly version: number;
  readonly contentHash: string;
  readonly source: string | null;
  readonly recordCount: number;
  readonly createdBy: string | null;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly note: string | null;
}

interface DatasetRow {
  id: number;
  year: number;
  version: number;
  content_hash: string;
  source: string | null;
  record_count: number;
  created_by: string | null;
  created_at: string;
  note: string | null;
}

const DATASET_COLUMNS = 'id, year, version, content_hash, source, record_count, created_by, created_at, note';

function toDataset(r: DatasetRow): Dataset {
  return {
    id: r.id,
    year: r.year,
    version: r.version,
    contentHash: r.content_hash,
    source: r.source,
    recordCount: r.record_count,
    createdBy: r.created_by,
    createdAt: r.created_at,
    note: r.note,
  };
}

// The numeric columns carry the canonical field names (fields.ts), so the column list follows NUMERIC_FIELDS.
const TEXT_COLUMNS = ['uscc', 'name', 'division', 'industry', 'tenant_of'] as const;
const INSERT_COLUMNS = ['row_no', ...TEXT_COLUMNS, 'source_row', 'issue', 'provenance', ...NUMERIC_FIELDS];
const INSERT_TYPES = [
  'int4',
  ...TEXT_COLUMNS.map(() => 'text'),
  'int4',
  'text',
  'text',
  ...NUMERIC_FIELDS.map(() => 'float8'),
];
const INSERT_FACTS = `
INSERT INTO enterprise_facts (dataset_id, ${INSERT_COLUMNS.join(', ')})
SELECT $1, ${INSERT_COLUMNS.map((c) => (c === 'issue' || c === 'provenance' ? `t.${c}::jsonb` : `t.${c}`)).join(', ')}
FROM unnest(${INSERT_TYPES.map((t, i) => `$${i + 2}::${t}[]`).join(', ')}) AS t(${INSERT_COLUMNS.join(', ')})`;

// Reads the identity from the facts just stored (no second upload). $2 lists the rows of the first
// occurrence of each valid USCC, so no code comes twice; a later dataset refreshes the identity but
// never blanks a known value, and an unchanged row is not rewritten. A non-integer founding year is
// left out.
const UPSERT_ENTERPRISES = `
INSERT INTO enterprises AS e (uscc, name, division_code, industry_code, founded_year)
SELECT f.uscc, f.name, f.division, f.industry,
  CASE WHEN f.founded = trunc(f.founded) AND abs(f.founded) < 100000 THEN f.founded::int4 END
FROM enterprise_facts f JOIN unnest($2::int4[]) AS r(row_no) ON r.row_no = f.row_no
WHERE f.dataset_id = $1
ON CONFLICT (uscc) DO UPDATE SET
  name = coalesce(excluded.name, e.name),
  division_code = coalesce(excluded.division_code, e.division_code),
  industry_code = coalesce(excluded.industry_code, e.industry_code),
  founded_year = coalesce(excluded.founded_year, e.founded_year),
  updated_at = now()
WHERE (e.name, e.division_code, e.industry_code, e.founded_year) IS DISTINCT FROM (
  coalesce(excluded.name, e.name), coalesce(excluded.division_code, e.division_code),
  coalesce(excluded.industry_code, e.industry_code), coalesce(excluded.founded_year, e.founded_year))`;

/**
 * Stores a dataset and all its records; its version is the year's highest plus one. Also upserts the
 * `enterprises` identity of every distinct valid USCC (first occurrence in the batch wins).
 * Call it inside a transaction: it writes in several statements.
 *
 * Two concurrent inserts for one year can collide on (year, version); the loser fails with a unique
 * violation and may retry.
 */
export async function insertDataset(
  sql: Sql,
  meta: NewDataset,
  batch: RecordBatch,
): Promise<{ id: number; version: number }> {
  if (meta.provenance && meta.provenance.length !== batch.length) {
    throw new Error(`provenance has ${meta.provenance.length} entries for ${batch.length} records`);
  }
  const inserted = await sql.query<{ id: number; version: number }>(
    `INSERT INTO datasets (year, version, content_hash, source, record_count, created_by, note)
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM datasets WHERE year = $1
     RETURNING id, version`,
    [
      meta.year,
      meta.contentHash,
      meta.source ?? null,
      batch.length,
      meta.createdBy ?? null,
      meta.note ?? null,
    ],
  );
  const ds = inserted[0];
  if (!ds) throw new Error('insert into datasets returned no row');

  const rowNo = Array.from({ length: batch.length }, (_, i) => i);
  const provenance = meta.provenance ?? [];
  const sourceRow = batch.sourceRow ?? [];
  for (const [a, b] of chunkRanges(batch.length, CHUNK_ROWS)) {
    const params: unknown[] = [
      ds.id,
      intParam(rowNo, a, b),
      textParam(batch.uscc, a, b),
      textParam(batch.name, a, b),
      textParam(batch.division, a, b),
      textParam(batch.industry, a, b),
      textParam(batch.tenantOf, a, b),
      intParam(sourceRow, a, b), // absent → NULL
      jsonParam(batch.issues, a, b),
      jsonParam(provenance, a, b), // shorter (absent) → NULL
      ...NUMERIC_FIELDS.map((f) => floatParam(batch.columns[f], a, b)),
    ];
    await sql.query(INSERT_FACTS, params);
  }

  await upsertEnterprises(sql, ds.id, batch);
  return { id: ds.id, version: ds.version };
}

async function upsertEnterprises(sql: Sql, datasetId: number, batch: RecordBatch): Promise<void> {
  const seen = new Set<string>();
  const firstRows: number[] = [];
  for (let i = 0; i < batch.length; i++) {
    const code = batch.uscc[i]!;
    if (seen.has(code) || !isValidUscc(code)) continue;
    seen.add(code);
    firstRows.push(i);
  }
  // One statement: the parameter is only 8 bytes per enterprise.
  if (firstRows.length > 0) await sql.query(UPSERT_ENTERPRISES, [datasetId, intParam(firstRows)]);
}

/** The dataset with this id, or null. */
export async function getDataset(sql: Sql, id: number): Promise<Dataset | null> {
  const rows = await sql.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE id = $1`, [id]);
  return rows[0] ? toDataset(rows[0]) : null;
}

/** The newest dataset of `year` with this content hash (an identical earlier import), or null. */
export async function findDatasetByHash(
  sql: Sql,
  year: number,
  contentHash: string,
): Promise<Dataset | null> {
  const rows = await sql.query<DatasetRow>(
    `SELECT ${DATASET_COLUMNS} FROM datasets WHERE year = $1 AND content_hash = $2 ORDER BY version DESC LIMIT 1`,
    [year, contentHash],
  );
  return rows[0] ? toDataset(rows[0]) : null;
}

/** The highest version of `year`, or null when the year has none. */
export async function latestDataset(sql: Sql, year: number): Promise<Dataset | null> {
  const rows = await sql.query<DatasetRow>(
    `SELECT ${DATASET_COLUMNS} FROM datasets WHERE year = $1 ORDER BY version DESC LIMIT 1`,
    [year],
  );
  return rows[0] ? toDataset(rows[0]) : null;
}

/** Every dataset, newest year first, then newest version first. */
export async function listDatasets(sql: Sql): Promise<Dataset[]> {
  const rows = await sql.query<DatasetRow>(
    `SELECT ${DATASET_COLUMNS} FROM datasets ORDER BY year DESC, version DESC`,
  );
  return rows.map(toDataset);
}

// Reading back: one row per chunk, each column aggregated into a JSON array in row order. Both engines
// return it as one text that JSON.parse reads in a blink; row by row, PGlite took 8 s for 200,000
// records (its result parser), this way under 2 s, and the server is as fast either way.
const LOAD_CHUNK_ROWS = 50_000;
const LOAD_COLUMNS = ['row_no', ...TEXT_COLUMNS, 'source_row', 'issue', ...NUMERIC_FIELDS] as const;
const SELECT_FACTS = `
SELECT ${LOAD_COLUMNS.map((c) => `json_agg(${c} ORDER BY row_no)::text AS ${c}`).join(', ')}
FROM enterprise_facts WHERE dataset_id = $1 AND row_no >= $2 AND row_no < $3`;

type AggregatedRow = Record<(typeof LOAD_COLUMNS)[number], string | null>;

/** A JSON number back to a float: null is missing (NaN); ±Infinity and NaN come as strings. */
function jsonFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  return typeof v === 'string' ? Number(v) : NaN;
}

/**
 * Reads a dataset's records back as the batch that was stored. `sourceRow` is present when the stored
 * batch had it. Throws when the dataset does not exist or has lost records.
 */
export async function loadDatasetBatch(sql: Sql, datasetId: number): Promise<RecordBatch> {
  const ds = await getDataset(sql, datasetId);
  if (!ds) throw new Error(`dataset ${datasetId} does not exist`);
  const n = ds.recordCount;
  const batch = allocateBatch(n);
  const sourceRow = new Int32Array(n);
  let sourceRows = 0;
  for (const [a, b] of chunkRanges(n, LOAD_CHUNK_ROWS)) {
    const [row] = await sql.query<AggregatedRow>(SELECT_FACTS, [datasetId, a, b]);
    const column = (c: (typeof LOAD_COLUMNS)[number]): unknown[] => {
      const text = row?.[c] ?? null;
      return text === null ? [] : (JSON.parse(text) as unknown[]);
    };
    const rowNo = column('row_no');
    if (rowNo.length !== b - a || rowNo.some((r, k) => r !== a + k)) {
      throw new Error(
        `dataset ${datasetId} should have records ${a}…${b - 1} but has ${rowNo.length} of them`,
      );
    }
    const text = (c: (typeof TEXT_COLUMNS)[number], into: (string | null)[]): void => {
      column(c).forEach((v, k) => (into[a + k] = typeof v === 'string' ? v : null));
    };
    text('name', batch.name);
    text('division', batch.division);
    text('industry', batch.industry);
    text('tenant_of', batch.tenantOf);
    column('uscc').forEach((v, k) => (batch.uscc[a + k] = typeof v === 'string' ? v : ''));
    column('issue').forEach((v, k) => (batch.issues[a + k] = (v ?? null) as RecordIssue | null));
    column('source_row').forEach((v, k) => {
      if (typeof v !== 'number') return;
      sourceRow[a + k] = v;
      sourceRows++;
    });
    for (const f of NUMERIC_FIELDS) {
      const into = batch.columns[f];
      column(f).forEach((v, k) => (into[a + k] = jsonFloat(v)));
    }
  }
  return sourceRows === n && n > 0 ? { ...batch, sourceRow } : batch;
}

/** Per record (batch order), the stored provenance, or null. */
export async function loadDatasetProvenance(
  sql: Sql,
  datasetId: number,
): Promise<(RecordProvenance | null)[]> {
  const rows = await sql.query<{ provenance: RecordProvenance | null }>(
    'SELECT provenance FROM enterprise_facts WHERE dataset_id = $1 ORDER BY row_no',
    [datasetId],
  );
  return rows.map((r) => r.provenance);
}

/** The row numbers (batch order) of a dataset's records with this USCC; more than one is a duplicate. */
export async function findRecordRows(sql: Sql, datasetId: number, uscc: string): Promise<number[]> {
  const rows = await sql.query<{ row_no: number }>(
    'SELECT row_no FROM enterprise_facts WHERE dataset_id = $1 AND uscc = $2 ORDER BY row_no',
    [datasetId, uscc],
  );
  return rows.map((r) => r.row_no);
}

/** One stored record (by its position in the dataset), or null. */
export async function loadDatasetRecord(
  sql: Sql,
  datasetId: number,
  rowNo: number,
): Promise<EnterpriseRecord | null> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT uscc, name, division, industry, tenant_of, ${NUMERIC_FIELDS.join(', ')}
     FROM enterprise_facts WHERE dataset_id = $1 AND row_no = $2`,
    [datasetId, rowNo],
  );
  const r = rows[0];
  if (!r) return null;
  const values: Partial<Record<NumericField, number>> = {};
  for (const f of NUMERIC_FIELDS) {
    const v = r[f];
    if (typeof v === 'number' && !Number.isNaN(v)) values[f] = v;
  }
  const text = (k: string): string | null => (typeof r[k] === 'string' ? r[k] : null);
  return {
    uscc: text('uscc') ?? '',
    name: text('name'),
    division: text('division'),
    industry: text('industry'),
    tenant_of: text('tenant_of'),
    values,
  };
}

const COVERABLE = new Set<string>([...TEXT_COLUMNS, ...NUMERIC_FIELDS]);

export interface DatasetCoverage {
  readonly records: number;
  /** Per field asked for: records with a value. */
  readonly fields: Readonly<Record<string, number>>;
  /** Per group of fields: records with at least one of them. */
  readonly groups: Readonly<Record<string, number>>;
  /** Per provenance key (department) asked for: records whose provenance names it. */
  readonly provenance: Readonly<Record<string, number>>;
  /** Records that have any provenance at all (0 for datasets not imported from departmental files). */
  readonly withProvenance: number;
}

/** How many records of a dataset have each field, each group of fields and each provenance source. */
export async function datasetCoverage(
  sql: Sql,
  datasetId: number,
  fields: readonly string[],
  groups: Readonly<Record<string, readonly string[]>> = {},
  provenanceKeys: readonly string[] = [],
  scope?: Scope,
): Promise<DatasetCoverage> {
  for (const f of [...fields, ...Object.values(groups).flat()])
    if (!COVERABLE.has(f)) throw new Error(`not a record column: ${f}`);
  const groupNames = Object.keys(groups);
  const select = [
    'count(*)::int4 AS records',
    'count(provenance)::int4 AS with_provenance',
    ...fields.map((f, k) => `count(${f})::int4 AS f${k}`),
    ...groupNames.map(
      (g, k) =>
        `count(*) FILTER (WHERE ${groups[g]!.map((f) => `${f} IS NOT NULL`).join(' OR ')})::int4 AS g${k}`,
    ),
    ...provenanceKeys.map((_, k) => `count(*) FILTER (WHERE provenance ? $${k + 2})::int4 AS p${k}`),
  ];
  const q = params(provenanceKeys.length + 2);
  const inScope = scopeCondition(scope, q.p);
  const rows = await sql.query<Record<string, number>>(
    `SELECT ${select.join(', ')} FROM enterprise_facts WHERE dataset_id = $1${inScope ? ` AND ${inScope}` : ''}`,
    [datasetId, ...provenanceKeys, ...q.values],
  );
  const r = rows[0] ?? {};
  return {
    records: r.records ?? 0,
    withProvenance: r.with_provenance ?? 0,
    fields: Object.fromEntries(fields.map((f, k) => [f, r[`f${k}`] ?? 0])),
    groups: Object.fromEntries(groupNames.map((g, k) => [g, r[`g${k}`] ?? 0])),
    provenance: Object.fromEntries(provenanceKeys.map((p, k) => [p, r[`p${k}`] ?? 0])),
  };
}

/** The stored provenance of one record (by its position in the dataset), or null. */
export async function loadRecordProvenance(
  sql: Sql,
  datasetId: number,
  rowNo: number,
): Promise<{ provenance: RecordProvenance | null; sourceRow: number | null } | null> {
  const rows = await sql.query<{ provenance: RecordProvenance | null; source_row: number | null }>(
    'SELECT provenance, source_row FROM enterprise_facts WHERE dataset_id = $1 AND row_no = $2',
    [datasetId, rowNo],
  );
  const r = rows[0];
  return r ? { provenance: r.provenance, sourceRow: r.source_row } : null;
}

/** An enterprise's identity as the latest dataset naming it left it. */
export interface EnterpriseIdentity {
  readonly uscc: string;
  readonly name: string | null;
  readonly divisionCode: string | null;
  readonly industryCode: string | null;
  readonly foundedYear: number | null;
}

export async function getEnterprise(sql: Sql, uscc: string): Promise<EnterpriseIdentity | null> {
  const rows = await sql.query<{
    uscc: string;
    name: string | null;
    division_code: string | null;
    industry_code: string | null;
    founded_year: number | null;
  }>('SELECT uscc, name, division_code, industry_code, founded_year FROM enterprises WHERE uscc = $1', [
    uscc,
  ]);
  const r = rows[0];
  return r
    ? {
        uscc: r.uscc,
        name: r.name,
        divisionCode: r.division_code,
        industryCode: r.industry_code,
        foundedYear: r.founded_year,
      }
    : null;
}

/** The latest dataset of each year that has a record with this USCC, newest year first. */
export async function datasetsWith(sql: Sql, uscc: string): Promise<Dataset[]> {
  const rows = await sql.query<DatasetRow>(
    `SELECT DISTINCT ON (d.year) ${DATASET_COLUMNS.split(', ')
      .map((c) => `d.${c}`)
      .join(', ')}
     FROM datasets d WHERE EXISTS (SELECT 1 FROM enterprise_facts f WHERE f.dataset_id = d.id AND f.uscc = $1)
     ORDER BY d.year DESC, d.version DESC`,
    [uscc],
  );
  return rows.map(toDataset);
}
