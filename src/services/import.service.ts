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
import {
  boundedRows,
  ImportLimitError,
  importLimitsFromEnv,
  type ImportCounter,
  type ImportLimits,
} from '../ingest/limits.js';
import { loadProfileDir, loadProfileFile, shippedProfiles, type Profile } from '../ingest/profiles/index.js';
import { IngestFileError, openTable, type OpenedTable } from '../ingest/readers/index.js';
import type { RawRow, Rejection } from '../ingest/types.js';
import { writeXlsx } from '../ingest/xlsx-write.js';
import type { Store } from './store.js';

/** A reason an import stopped: the file (as the user named it), the sheet when there is one, the rule. */
export interface ImportProblem {
  file: string;
  sheet?: string | null;
  rule: string;
  zh: string;
  en: string;
}

/** Rules of problems with the request rather than the files (a 400). */
const REQUEST_RULES = new Set(['unknown_profile', 'bad_profile', 'bad_sheet', 'no_files']);

/** One or more files could not be imported at all; nothing was written. */
export class ImportError extends Error {
  constructor(
    readonly problems: readonly ImportProblem[],
    /** Rows rejected before the import stopped (when the files could be read). */
    readonly rejections: readonly Rejection[] = [],
  ) {
    super(
      problems
        .map((p) => {
          if (p.file === '-') return `${p.zh} / ${p.en} [${p.rule}]`;
          const where = p.sheet ? `${p.file} [${p.sheet}]` : p.file;
          return `${where}：${p.zh} / ${where}: ${p.en} [${p.rule}]`;
        })
        .join('\n'),
    );
    this.name = 'ImportError';
  }

  /**
   * What kind of failure, for an API answer and `--format json`: `import_too_large` (over a bound of
   * the import, 413), `invalid` (the request: an unknown profile, no files; 400) or `unreadable_file`
   * (a file that cannot be imported; 422).
   */
  get code(): 'import_too_large' | 'invalid' | 'unreadable_file' {
    if (this.problems.some((p) => p.rule === 'import_too_large' || p.rule === 'too_large'))
      return 'import_too_large';
    if (this.problems.every((p) => REQUEST_RULES.has(p.rule))) return 'invalid';
    return 'unreadable_file';
  }

  get status(): 413 | 400 | 422 {
    return this.code === 'import_too_large' ? 413 : this.code === 'invalid' ? 400 : 422;
  }
}

/**
 * The layout forced with `profile`: a profile id among the shipped ones and those of `profileDir`,
 * or (`files: true`, the command line only) a profile file. Throws ImportError `unknown_profile`
 * naming the known ids. Called before an upload is read, so that a wrong id is a quick 400.
 */
export function resolveImportProfile(
  profile: string,
  o: { profileDir?: string; files?: boolean } = {},
): Profile {
  const profiles = importProfiles(o.profileDir) ?? shippedProfiles();
  const found = profiles.find((p) => p.id === profile);
  if (found) return found;
  if (o.files && /\.(ya?ml|json)$/iu.test(profile)) {
    try {
      return loadProfileFile(profile);
    } catch (e) {
      throw new ImportError([
        {
          file: path.basename(profile),
          rule: 'bad_profile',
          zh: `映射配置无效：${(e as Error).message}`,
          en: `invalid profile: ${(e as Error).message}`,
        },
      ]);
    }
  }
  const ids = profiles.map((p) => p.id).join(', ');
  throw new ImportError([
    {
      file: '-',
      rule: 'unknown_profile',
      zh: `没有名为“${profile.slice(0, 80)}”的映射配置；可用：${ids}`,
      en: `no mapping profile "${profile.slice(0, 80)}"; known: ${ids}`,
    },
  ]);
}

/**
 * Sheet choices as given on the command line (`--sheet`) or in an upload's address (`sheet=`):
 * `NAME` reads sheet NAME of every workbook, `FILE:NAME` of that file only (a sheet name cannot hold
 * a colon, so the last one separates them).
 */
export function parseSheetChoices(values: readonly string[]): {
  sheet?: string;
  sheets?: Record<string, string>;
} {
  let sheet: string | undefined;
  const sheets: Record<string, string> = {};
  for (const v of values) {
    const at = v.lastIndexOf(':');
    const name = (at < 0 ? v : v.slice(at + 1)).trim();
    if (name === '' || name.length > 100)
      throw new ImportError([
        {
          file: '-',
          rule: 'bad_sheet',
          zh: `工作表参数“${v.slice(0, 120)}”无效：应为“工作表名”或“文件名:工作表名”`,
          en: `the sheet choice "${v.slice(0, 120)}" is not valid: give "SHEET" or "FILE:SHEET"`,
        },
      ]);
    if (at < 0) sheet = name;
    else sheets[path.basename(v.slice(0, at))] = name;
  }
  return { ...(sheet !== undefined ? { sheet } : {}), ...(Object.keys(sheets).length > 0 ? { sheets } : {}) };
}

/** The shipped profiles and those of the profile folder, or undefined when there is no folder. */
function importProfiles(dir: string | undefined): Profile[] | undefined {
  const profileDir = dir ?? process.env.MUJUN_PROFILE_DIR;
  if (!profileDir) return undefined;
  try {
    return [...shippedProfiles(), ...loadProfileDir(profileDir)];
  } catch (e) {
    throw new ImportError([
      {
        file: path.basename(profileDir),
        rule: 'bad_profile',
        zh: `映射配置无效：${(e as Error).message}`,
        en: `invalid profile: ${(e as Error).message}`,
      },
    ]);
  }
}

/**
 * A text with the paths of the files being imported replaced by the names the user knows them by,
 * and their folder (a staging or temporary folder) removed: no answer names a server path.
 */
export function withoutServerPaths(text: string, files: readonly string[], names: readonly string[]): string {
  let out = text;
  files.forEach((f, k) => {
    for (const p of [path.resolve(f), f]) out = out.split(p).join(names[k] ?? path.basename(f));
  });
  for (const d of new Set(files.map((f) => path.dirname(path.resolve(f)))))
    out = out
      .split(d + path.sep)
      .join('')
      .split(d)
      .join('…');
  return out;
}

export interface ImportOptions {
  year: number;
  /**
   * A folder of extra profiles (YAML/JSON, `profiles/README.md`) recognised beside the shipped ones,
   * so that a new layout needs a file, not code. Default `MUJUN_PROFILE_DIR`.
   */
  profileDir?: string;
  /** Force one layout (a shipped profile id, or with `profileFiles` a profile file) for every file. */
  profile?: string;
  /** `profile` may be a profile file's path (the command line; never an upload's parameter). */
  profileFiles?: boolean;
  /**
   * The sheet to read of every workbook, or per file (by the name it is known by). Without it every
   * sheet with a value is read and each sheet a profile recognises is imported.
   */
  sheet?: string;
  sheets?: Readonly<Record<string, string>>;
  /** Bounds of the import (default: from the environment, see importLimitsFromEnv). */
  limits?: ImportLimits;
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
  /** Per workbook, each of its sheets and whether it was imported (`imported`), read without a header a profile recognises (`no_header`: a notes sheet), or not read (`not_read`: empty, hidden or not chosen). */
  workbooks: readonly WorkbookSheets[];
  /** Per table (file and sheet) of the reconciliation, its first data rows as read, by header. */
  samples: readonly {
    file: string;
    sheet: string | null;
    rows: { row: number; cells: Record<string, string> }[];
  }[];
}

export interface WorkbookSheets {
  file: string;
  sheets: { name: string; status: 'imported' | 'no_header' | 'not_read' }[];
}

export interface ImportOutcome {
  dataset: Dataset;
  /** False when the same files had been imported before: nothing changed. */
  created: boolean;
  reconciliation: Reconciliation;
  /** The rejections kept (at most the bound's); `rejectionCount` says how many there were. */
  rejections: readonly Rejection[];
  rejectionCount: number;
  files: readonly DatasetFile[];
  records: number;
  workbooks: readonly WorkbookSheets[];
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
  const names = files.map((f, k) => o.displayNames?.[k] ?? path.basename(f));
  try {
    return await analyse(files, names, o, sampleRows);
  } catch (e) {
    // whatever stopped the import, the answer names the files as the user knows them
    if (e instanceof ImportError)
      throw new ImportError(
        e.problems.map((p) => ({
          ...p,
          file: withoutServerPaths(p.file, files, names),
          zh: withoutServerPaths(p.zh, files, names),
          en: withoutServerPaths(p.en, files, names),
        })),
        e.rejections,
      );
    if (e instanceof Error) {
      const clean = withoutServerPaths(e.message, files, names);
      if (clean !== e.message) {
        const err = new Error(clean, { cause: e });
        err.name = e.name;
        throw err;
      }
    }
    throw e;
  }
}

async function analyse(
  files: readonly string[],
  names: readonly string[],
  o: Omit<ImportOptions, 'createdBy'> & { createdBy?: string },
  sampleRows: number,
): Promise<ImportAnalysis> {
  if (files.length === 0)
    throw new ImportError([
      { file: '-', rule: 'no_files', zh: '没有给出要导入的文件', en: 'no files to import' },
    ]);
  const profiles = importProfiles(o.profileDir);
  const forced = o.profile
    ? resolveImportProfile(o.profile, {
        ...(o.profileDir ? { profileDir: o.profileDir } : {}),
        ...(o.profileFiles ? { files: true } : {}),
      })
    : undefined;
  const limits = o.limits ?? importLimitsFromEnv();
  o.onPhase?.('read');
  const hashes: string[] = [];
  const sizes: number[] = [];
  const problems: ImportProblem[] = [];
  for (const [k, f] of files.entries()) {
    try {
      sizes.push(statSync(f).size);
      hashes.push(await fileHash(f));
    } catch (e) {
      const why = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : String(e);
      problems.push({
        file: names[k]!,
        rule: 'unreadable',
        zh: `无法读取文件：${why}`,
        en: `cannot read the file: ${why}`,
      });
    }
  }
  if (problems.length > 0) throw new ImportError(problems);

  // Open every file first: a file that cannot be read at all stops the import before any work.
  const tables: OpenedTable[] = [];
  for (const [k, f] of files.entries()) {
    const sheet = o.sheets?.[names[k]!] ?? o.sheet;
    try {
      tables.push(
        await openTable(f, {
          allSheets: true,
          ...(sheet !== undefined ? { sheet } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
        }),
      );
    } catch (e) {
      if (e instanceof IngestFileError) problems.push({ file: names[k]!, rule: e.rule, zh: e.zh, en: e.en });
      else throw e;
    }
  }
  if (problems.length > 0) throw new ImportError(problems);

  // The first raw rows of each sheet (title and header rows included), for the preview's samples.
  const firstRows: RawRow[][] = files.map(() => []);
  const keep = sampleRows > 0 ? 40 + sampleRows : 0;
  const counter: ImportCounter = { rows: 0, cells: 0 };
  let merge: MergeResult;
  try {
    merge = await mergeDepartmentsAsync(
      tables.map((t, k) => {
        const rows = boundedRows(t.rows, names[k]!, limits, counter);
        return {
          file: names[k]!,
          rows: counted(keep > 0 ? sampled(rows, firstRows[k]!, keep) : rows, (n) =>
            o.onProgress?.(names[k]!, n, k, files.length),
          ),
          ...(forced ? { profile: forced } : {}),
        };
      }),
      o.year,
      { ...(profiles ? { profiles } : {}), maxRejections: limits.maxRejections },
    );
  } catch (e) {
    if (e instanceof IngestFileError || e instanceof ImportLimitError) {
      const k = files.indexOf(e.file);
      const sheet = e instanceof ImportLimitError ? e.sheet : null;
      throw new ImportError([{ file: k >= 0 ? names[k]! : e.file, sheet, rule: e.rule, zh: e.zh, en: e.en }]);
    }
    throw e;
  }
  const rec = merge.reconciliation;
  // A file with a header and nothing under it is a mistake (an empty export), not an empty department.
  for (const f of rec.files)
    if (f.rowsRead === 0)
      problems.push({
        file: f.file,
        sheet: f.sheet,
        rule: 'no_data_rows',
        zh: `只有表头，没有数据行（第 ${f.headerRow} 行为表头）`,
        en: `only a header (row ${f.headerRow}), no data rows`,
      });
  if (problems.length > 0) throw new ImportError(problems);
  if (rec.problems.length > 0)
    throw new ImportError(
      rec.problems.map((p) => ({ file: p.file, sheet: p.sheet, rule: p.rule, zh: p.zh, en: p.en })),
    );

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

  // The same files (in any order) for the same year, read the same way: the same dataset. A sheet
  // chosen, or every sheet of a workbook read, reads a file another way than its first sheet alone.
  const chosen = names.map(
    (n, k) => o.sheets?.[n] ?? o.sheet ?? ((tables[k]!.info.readSheets?.length ?? 1) > 1 ? '*' : null),
  );
  const contentHash = createHash('sha256')
    .update(
      JSON.stringify({
        year: o.year,
        profile: o.profile ?? null,
        files: [...hashes].sort(),
        ...(chosen.some((c) => c !== null)
          ? { sheets: hashes.map((h, k) => `${h}:${chosen[k] ?? ''}`).sort() }
          : {}),
      }),
    )
    .digest('hex');

  const workbooks: WorkbookSheets[] = tables.flatMap((t, k) => {
    if (t.info.format !== 'xlsx') return [];
    const imported = new Set(rec.files.filter((f) => f.file === names[k]).map((f) => f.sheet));
    const read = new Set(t.info.readSheets ?? [t.info.sheet]);
    return [
      {
        file: names[k]!,
        sheets: (t.info.sheets ?? []).map((name) => ({
          name,
          status: imported.has(name) ? 'imported' : read.has(name) ? 'no_header' : 'not_read',
        })),
      },
    ];
  });

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
  return { names, merge, reconciliation: rec, files: datasetFiles, contentHash, workbooks, samples };
}

const cellText = (c: RawRow['cells'][number] | undefined): string =>
  c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c);

/** Keeps the first `keep` rows of each sheet (of the first 100 sheets). */
async function* sampled(rows: AsyncIterable<RawRow>, into: RawRow[], keep: number): AsyncIterable<RawRow> {
  const perSheet = new Map<string | null, number>();
  for await (const r of rows) {
    const n = perSheet.get(r.sheet) ?? 0;
    if (n < keep && (n > 0 || perSheet.size < 100)) {
      into.push(r);
      perSheet.set(r.sheet, n + 1);
    }
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
    rejectionCount: merge.rejectionCount,
    files: datasetFiles,
    records: merge.batch.length,
    workbooks: a.workbooks,
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
        note: rejectionsNote(merge.rejectionCount, merge.rejections.length),
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
        rejected: merge.rejectionCount,
        rejectionsStored: merge.rejections.length,
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

/** Said when more rows were rejected than the import keeps (MUJUN_IMPORT_MAX_REJECTIONS). */
export function rejectionsNote(total: number, kept: number): string | null {
  if (total <= kept) return null;
  const t = total.toLocaleString('en');
  const k = kept.toLocaleString('en');
  return `共退回 ${t} 条，只保存了前 ${k} 条（按文件和行号）/ ${t} rejections, the first ${k} (by file and row) stored`;
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

/**
 * The rejected rows as an XLSX a clerk can open, sort and fix (one row per rejected cell or row).
 * With `total` above the rows given (more rejections than the import keeps), a 说明 sheet says so.
 */
export function rejectionsXlsx(rejections: readonly Rejection[], total = rejections.length): Buffer {
  const note = rejectionsNote(total, rejections.length);
  return writeXlsx([
    {
      name: '退回行 Rejected rows',
      columns: REJECTION_COLUMNS,
      rows: rejections.map((r) => [r.file, r.sheet, r.row, r.column, r.value, r.rule, r.zh, r.en]),
    },
    ...(note ? [{ name: '说明 Notes', columns: [{ header: '说明 Note', width: 100 }], rows: [[note]] }] : []),
  ]);
}
