/**
 * Importing departmental files as they arrive: read each file (CSV or XLSX, encoding and header found),
 * recognise its department, validate and merge every row into canonical records, then store the
 * dataset version — records with provenance, land parcels, the files' names, hashes and row counts,
 * and every rejected row — in one transaction. Importing the same files again changes nothing; a bad
 * file stops the import before anything is written.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import {
  appendAudit,
  findDatasetByHash,
  getDataset,
  insertDataset,
  insertDatasetFiles,
  insertLandHoldings,
  insertRejections,
  type Dataset,
  type DatasetFile,
} from '../db/index.js';
import { mergeDepartmentsAsync, type MergeResult, type Reconciliation } from '../ingest/merge/index.js';
import { loadProfileDir, shippedProfiles, type Profile } from '../ingest/profiles/index.js';
import { IngestFileError, openTable } from '../ingest/readers/index.js';
import type { RawRow, Rejection } from '../ingest/types.js';
import { writeXlsx } from '../ingest/xlsx-write.js';
import type { Store } from './store.js';

/** One or more files could not be imported at all; nothing was written. */
export class ImportError extends Error {
  constructor(
    readonly problems: readonly { file: string; rule: string; zh: string; en: string }[],
    /** Rows rejected before the import stopped (when the files could be read). */
    readonly rejections: readonly Rejection[] = [],
  ) {
    super(problems.map((p) => `${p.file}：${p.zh} / ${p.file}: ${p.en} [${p.rule}]`).join('\n'));
    this.name = 'ImportError';
  }
}

export interface ImportOptions {
  year: number;
  /**
   * A folder of extra profiles (YAML/JSON, `profiles/README.md`) recognised beside the shipped ones,
   * so that a new layout needs a file, not code. Default `MUJUN_PROFILE_DIR`.
   */
  profileDir?: string;
  /** Force one layout (a shipped profile id or a profile file) for every file. */
  profile?: string;
  createdBy: string;
  /** The name each file is known by (default its base name; an upload keeps the uploaded name). */
  displayNames?: readonly string[];
  /** Rows read so far in the current file. */
  onProgress?: (file: string, rows: number, fileIndex: number, files: number) => void;
  /** Each phase as it starts: reading and merging the files, storing the dataset. */
  onPhase?: (phase: 'read' | 'store') => void;
  signal?: AbortSignal;
}

/** What reading, recognising, validating and merging the files found, before anything is stored. */
export interface ImportAnalysis {
  names: readonly string[];
  merge: MergeResult;
  reconciliation: Reconciliation;
  files: readonly DatasetFile[];
  /** The dataset's identity: the same files (any order) for the same year read the same way. */
  contentHash: string;
  /** Per table (file and sheet) of the reconciliation, its first data rows as read, by header. */
  samples: readonly {
    file: string;
    sheet: string | null;
    rows: { row: number; cells: Record<string, string> }[];
  }[];
}

export interface ImportOutcome {
  dataset: Dataset;
  /** False when the same files had been imported before: nothing changed. */
  created: boolean;
  reconciliation: Reconciliation;
  rejections: readonly Rejection[];
  files: readonly DatasetFile[];
  records: number;
}

async function fileHash(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function* counted(rows: AsyncIterable<RawRow>, report: (n: number) => void): AsyncIterable<RawRow> {
  let n = 0;
  for await (const r of rows) {
    yield r;
    if (++n % 5000 === 0) report(n);
  }
  report(n);
}

/** Reads, validates and merges the files without storing anything; throws ImportError as the import would. */
export async function analyseImport(
  files: readonly string[],
  o: Omit<ImportOptions, 'createdBy'> & { createdBy?: string },
  sampleRows = 0,
): Promise<ImportAnalysis> {
  if (files.length === 0)
    throw new ImportError([
      { file: '-', rule: 'no_files', zh: '没有给出要导入的文件', en: 'no files to import' },
    ]);
  o.onPhase?.('read');
  const names = files.map((f, k) => o.displayNames?.[k] ?? path.basename(f));
  const hashes: string[] = [];
  const sizes: number[] = [];
  const problems: { file: string; rule: string; zh: string; en: string }[] = [];
  for (const [k, f] of files.entries()) {
    try {
      sizes.push(statSync(f).size);
      hashes.push(await fileHash(f));
    } catch (e) {
      problems.push({
        file: names[k]!,
        rule: 'unreadable',
        zh: `无法读取文件：${(e as Error).message}`,
        en: `cannot read the file: ${(e as Error).message}`,
      });
    }
  }
  if (problems.length > 0) throw new ImportError(problems);

  // Open every file first: a file that cannot be read at all stops the import before any work.
  const tables = [];
  for (const [k, f] of files.entries()) {
    try {
      tables.push(await openTable(f, o.signal ? { signal: o.signal } : {}));
    } catch (e) {
      if (e instanceof IngestFileError) problems.push({ file: names[k]!, rule: e.rule, zh: e.zh, en: e.en });
      else throw e;
    }
  }
  if (problems.length > 0) throw new ImportError(problems);

  let profiles: Profile[] | undefined;
  const profileDir = o.profileDir ?? process.env.MUJUN_PROFILE_DIR;
  if (profileDir) {
    try {
      profiles = [...shippedProfiles(), ...loadProfileDir(profileDir)];
    } catch (e) {
      throw new ImportError([
        {
          file: profileDir,
          rule: 'bad_profile',
          zh: `映射配置无效：${(e as Error).message}`,
          en: `invalid profile: ${(e as Error).message}`,
        },
      ]);
    }
  }

  // The first raw rows of each file (title and header rows included), for the preview's samples.
  const firstRows: RawRow[][] = files.map(() => []);
  const keep = sampleRows > 0 ? 40 + sampleRows : 0;
  let merge: MergeResult;
  try {
    merge = await mergeDepartmentsAsync(
      tables.map((t, k) => ({
        file: names[k]!,
        rows: counted(keep > 0 ? sampled(t.rows, firstRows[k]!, keep) : t.rows, (n) =>
          o.onProgress?.(names[k]!, n, k, files.length),
        ),
        ...(o.profile ? { profile: o.profile } : {}),
      })),
      o.year,
      profiles ? { profiles } : {},
    );
  } catch (e) {
    if (e instanceof IngestFileError)
      throw new ImportError([{ file: e.file, rule: e.rule, zh: e.zh, en: e.en }]);
    throw e;
  }
  const rec = merge.reconciliation;
  // A file with a header and nothing under it is a mistake (an empty export), not an empty department.
  for (const f of rec.files)
    if (f.rowsRead === 0)
      problems.push({
        file: f.sheet ? `${f.file} [${f.sheet}]` : f.file,
        rule: 'no_data_rows',
        zh: `只有表头，没有数据行（第 ${f.headerRow} 行为表头）`,
        en: `only a header (row ${f.headerRow}), no data rows`,
      });
  if (problems.length > 0) throw new ImportError(problems);
  if (rec.problems.length > 0)
    throw new ImportError(rec.problems.map((p) => ({ file: p.file, rule: p.rule, zh: p.zh, en: p.en })));

  if (merge.batch.length === 0)
    throw new ImportError(
      [
        {
          file: names.join(', '),
          rule: 'no_records',
          zh: '没有任何企业记录被接收（见退回行），未保存数据',
          en: 'no enterprise record was accepted (see the rejected rows); nothing was stored',
        },
      ],
      merge.rejections,
    );

  const datasetFiles: DatasetFile[] = rec.files.map((r) => {
    const k = names.indexOf(r.file);
    return {
      fileName: r.file,
      sha256: hashes[k] ?? '',
      bytes: sizes[k] ?? 0,
      sheet: r.sheet,
      department: r.department,
      profile: r.profile,
      rowsRead: r.rowsRead,
      accepted: r.accepted,
      rejected: r.rejected,
      skipped: Object.values(r.skipped).reduce((a, b) => a + b, 0),
      columns: r.columns
        .filter((c) => c.used)
        .map((c) => ({
          header: c.header,
          field: c.column,
          unit: c.unit?.id ?? null,
          unitFrom: c.unitFrom ?? null,
        })),
      createdBy: o.createdBy ?? null,
    };
  });

  // The same files (in any order) for the same year, read the same way: the same dataset.
  const contentHash = createHash('sha256')
    .update(JSON.stringify({ year: o.year, profile: o.profile ?? null, files: [...hashes].sort() }))
    .digest('hex');

  const samples = rec.files.map((f) => {
    const k = names.indexOf(f.file);
    const rows = (firstRows[k] ?? [])
      .filter((r) => r.sheet === f.sheet && r.row > f.headerRow)
      .slice(0, sampleRows)
      .map((r) => ({
        row: r.row,
        cells: Object.fromEntries(
          f.columns.map((c) => [c.header, cellText(r.cells[c.index])] as const).filter(([, v]) => v !== ''),
        ),
      }));
    return { file: f.file, sheet: f.sheet, rows };
  });
  return { names, merge, reconciliation: rec, files: datasetFiles, contentHash, samples };
}

const cellText = (c: RawRow['cells'][number] | undefined): string =>
  c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c);

async function* sampled(rows: AsyncIterable<RawRow>, into: RawRow[], keep: number): AsyncIterable<RawRow> {
  for await (const r of rows) {
    if (into.length < keep) into.push(r);
    yield r;
  }
}

/** Reads, validates and merges the files, and stores the result as the year's next dataset version. */
export async function importFiles(
  store: Store,
  files: readonly string[],
  o: ImportOptions,
): Promise<ImportOutcome> {
  const a = await analyseImport(files, o);
  const { names, merge, reconciliation: rec, files: datasetFiles, contentHash } = a;
  const existing = await findDatasetByHash(store.db, o.year, contentHash);
  const outcome = {
    reconciliation: rec,
    rejections: merge.rejections,
    files: datasetFiles,
    records: merge.batch.length,
  };
  if (existing) return { dataset: existing, created: false, ...outcome };

  o.onPhase?.('store');
  const provenance = compactProvenance(merge, rec);
  const id = await store.db.transaction(async (tx) => {
    const { id, version } = await insertDataset(
      tx,
      {
        year: o.year,
        contentHash,
        source: `import:${names.join(',')}`,
        createdBy: o.createdBy,
        note: null,
        provenance,
      },
      merge.batch,
    );
    await insertLandHoldings(
      tx,
      merge.landHoldings
        .filter((h) => h.areaMu !== null)
        .map((h) => ({
          uscc: h.uscc,
          certificateNo: h.certificate,
          areaMu: h.areaMu!,
          tenure: h.tenure ?? 'owned',
          ownerUscc: null,
          use: h.use,
          source: `${h.source} ${h.file}${h.sheet ? `[${h.sheet}]` : ''}#${h.row}`,
          datasetId: id,
        })),
    );
    await insertDatasetFiles(tx, id, datasetFiles);
    await insertRejections(tx, id, merge.rejections);
    await appendAudit(tx, {
      actor: o.createdBy,
      action: 'dataset.import',
      subject: `dataset:${id}`,
      after: {
        year: o.year,
        version,
        records: merge.batch.length,
        files: datasetFiles,
        rejected: merge.rejections.length,
      },
    });
    return id;
  });
  const dataset = await getDataset(store.db, id);
  if (!dataset) throw new Error(`dataset ${id} vanished after commit`);
  return { dataset, created: true, ...outcome };
}

/**
 * Per record, where its values came from, compactly: `{ department: [file, row] }` or `[file, [rows]]`
 * for summed rows (meters, parcels), `file` being the position among the dataset's files. The full
 * per-field provenance of the merge repeats file names and headers for every field of every record
 * (244 MB for 200,000 firms); this keeps the same facts in about a tenth, with the headers stored once
 * per file.
 */
function compactProvenance(merge: MergeResult, rec: Reconciliation): Record<string, unknown>[] {
  const seqOf = new Map(rec.files.map((f, k) => [`${f.file}\u0000${f.sheet ?? ''}`, k]));
  const out = new Array<Record<string, unknown>>(merge.batch.length);
  for (let i = 0; i < merge.batch.length; i++) {
    const p: Record<string, unknown> = {};
    for (const v of Object.values(merge.provenanceAt(i))) {
      if (!v || p[v.source] !== undefined || v.file === null) continue;
      const seq = seqOf.get(`${v.file}\u0000${v.sheet ?? ''}`) ?? -1;
      p[v.source] = [seq, v.rows && v.rows.length > 1 ? v.rows : v.row];
    }
    out[i] = p;
  }
  return out;
}

const REJECTION_COLUMNS = [
  { header: '文件 File', width: 28 },
  { header: '工作表 Sheet', width: 14 },
  { header: '行 Row', width: 8 },
  { header: '列 Column', width: 22 },
  { header: '值 Value', width: 24 },
  { header: '规则 Rule', width: 20 },
  { header: '说明', width: 50 },
  { header: 'Message', width: 60 },
];

/** The rejected rows as an XLSX a clerk can open, sort and fix (one row per rejected cell or row). */
export function rejectionsXlsx(rejections: readonly Rejection[]): Buffer {
  return writeXlsx([
    {
      name: '退回行 Rejected rows',
      columns: REJECTION_COLUMNS,
      rows: rejections.map((r) => [r.file, r.sheet, r.row, r.column, r.value, r.rule, r.zh, r.en]),
    },
  ]);
}
