/**
 * The import wizard's two steps. Preview: the uploaded files are kept in a staging folder under the
 * data folder (`<MUJUN_DATA_DIR>/staging/<token>/`), read, recognised, validated and merged exactly as
 * the import would — nothing is written to the database — and the wizard shows the recognised
 * layouts, the column mapping, the first rows, the reconciliation and the rejected rows. Commit: the
 * staged files are imported (as a job) and the folder is removed. Staged uploads expire after
 * `STAGING_HOURS` hours; expired folders are removed whenever a preview or commit runs.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { findDatasetByHash, type Dataset } from '../db/index.js';
import { privateDir } from '../db/private-files.js';
import { CANONICAL_COLUMNS, NUMERIC_FIELDS } from '../domain/fields.js';
import type { Reconciliation } from '../ingest/merge/index.js';
import type { Rejection } from '../ingest/types.js';
import { ServiceError } from './errors.js';
import type { ImportLimits } from '../ingest/limits.js';
import { shippedProfiles } from '../ingest/profiles/index.js';
import { fieldLabel } from '../report/fields.js';
import {
  analyseImport,
  ImportError,
  importFiles,
  rejectionsXlsx,
  withoutServerPaths,
  type ImportOutcome,
  type WorkbookSheets,
} from './import.service.js';
import { jobsOf, type JobView } from './jobs.service.js';
import type { Store } from './store.js';

/** How long a staged upload waits for its commit. */
export const STAGING_HOURS = 24;
/** Rows of each file, and merged records, shown in a preview. */
const SAMPLE_ROWS = 5;
const SAMPLE_RECORDS = 20;
/** Long lists in a preview are cut here (their full length is given beside them). */
const LIST_CAP = 1000;
/** Rejections listed in a preview's or a job's answer (all those kept are in the XLSX). */
const REJECTIONS_LISTED = 5000;
/** Claimed by the one commit of a staged import (a folder: made atomically, once). */
const COMMIT_LOCK = 'commit.lock';

interface StagedMeta {
  token: string;
  year: number;
  profile: string | null;
  /** The sheet chosen for every workbook, and per file (by uploaded name). */
  sheet?: string | null;
  sheets?: Record<string, string>;
  /** Rejections found (those kept are in rejections.ndjson). */
  rejectionCount?: number;
  names: string[];
  files: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

export function stagingRoot(dataDir: string = process.env.MUJUN_DATA_DIR ?? './.mujun'): string {
  return path.join(dataDir, 'staging');
}

const TOKEN = /^[0-9a-f]{32}$/;

function checkToken(token: string): void {
  if (!TOKEN.test(token))
    throw new ServiceError(
      `参数 token：格式不对 / parameter token: not a preview token ("${token.slice(0, 40)}")`,
    );
}

async function readMeta(root: string, token: string): Promise<StagedMeta> {
  checkToken(token);
  let meta: StagedMeta;
  try {
    meta = JSON.parse(await readFile(path.join(root, token, 'meta.json'), 'utf8')) as StagedMeta;
  } catch {
    throw new ServiceError(
      `没有待提交的导入 ${token}（可能已提交、已取消或已过期）/ no staged import ${token} (committed, discarded or expired)`,
      'not_found',
    );
  }
  if (Date.parse(meta.expiresAt) < Date.now()) {
    await rm(path.join(root, token), { recursive: true, force: true });
    throw new ServiceError(
      `导入预览 ${token} 已过期（${STAGING_HOURS} 小时），请重新上传 / the staged import ${token} expired (${STAGING_HOURS} hours): upload again`,
      'not_found',
    );
  }
  return meta;
}

/** Removes staged uploads older than their expiry. */
export async function sweepStaging(root: string = stagingRoot(), now = Date.now()): Promise<number> {
  let removed = 0;
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!TOKEN.test(e)) continue;
    let expired = true;
    try {
      const meta = JSON.parse(await readFile(path.join(root, e, 'meta.json'), 'utf8')) as StagedMeta;
      expired = Date.parse(meta.expiresAt) < now;
    } catch {
      // a folder without a readable meta.json is a half-written upload: remove it when old enough
      expired = true;
    }
    // a folder being committed stays while its job may still read it (a day past its expiry)
    if (expired && (await exists(path.join(root, e, COMMIT_LOCK))))
      expired = now - (await expiryOf(root, e)) > STAGING_HOURS * 3_600_000;
    if (expired) {
      await rm(path.join(root, e), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

async function exists(p: string): Promise<boolean> {
  try {
    await readdir(p);
    return true;
  } catch {
    return false;
  }
}

async function expiryOf(root: string, token: string): Promise<number> {
  try {
    const meta = JSON.parse(await readFile(path.join(root, token, 'meta.json'), 'utf8')) as StagedMeta;
    return Date.parse(meta.expiresAt) || 0;
  } catch {
    return 0;
  }
}

/** The rejections kept, one JSON line each, written in chunks (no string of them all). */
async function writeRejections(file: string, rejections: readonly Rejection[]): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600 });
  try {
    for (let k = 0; k < rejections.length; k += 1000) {
      const chunk = rejections
        .slice(k, k + 1000)
        .map((r) => JSON.stringify(r) + '\n')
        .join('');
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

async function readRejections(file: string): Promise<Rejection[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Rejection);
}

export interface PreviewFile {
  file: string;
  sheet: string | null;
  department: string | null;
  profile: string | null;
  headerRow: number | null;
  rowsRead: number;
  accepted: number;
  rejected: number;
  skipped: number;
  columns: { header: string; field: string; unit: string | null; unitFrom: string | null }[];
  sample: { row: number; cells: Record<string, string> }[];
}

export interface ImportPreview {
  token: string;
  year: number;
  expiresAt: string;
  files: PreviewFile[];
  records: { total: number; sample: Record<string, string | number | null>[] };
  reconciliation: CappedReconciliation;
  rejections: Rejection[];
  /** Rejections found: more than listed when over REJECTIONS_LISTED or the import's bound. */
  rejectionCount: number;
  /** Per workbook, its sheets and which were imported. */
  workbooks: WorkbookSheets[];
  /** The words for each field and profile column named in the preview (mapping, records, conflicts). */
  fieldLabels: Record<string, { zh: string; en: string; unit: string }>;
  existingDataset: { id: number; year: number; version: number } | null;
}

/**
 * Labels of the canonical fields, and of a profile's own columns (税收实际贡献, 留抵退税…) by the
 * header the profile knows them by first, so that the wizard shows words, not codes.
 */
function fieldLabels(
  columns: readonly { profile: string | null; field: string }[],
): ImportPreview['fieldLabels'] {
  const out: ImportPreview['fieldLabels'] = {};
  for (const c of CANONICAL_COLUMNS) out[c] = fieldLabel(c);
  out.tenant_of = fieldLabel('tenant_of');
  for (const { profile, field } of columns) {
    if (out[field]) continue;
    const spec = shippedProfiles().find((p) => p.id === profile)?.columns[field];
    const header = spec?.headers[0];
    out[field] = { zh: header ?? field, en: field.replaceAll('_', ' '), unit: '' };
  }
  return out;
}

/** The reconciliation of a preview: its long lists cut to LIST_CAP, their lengths beside them. */
export type CappedReconciliation = Reconciliation & {
  readonly missingCounts: Readonly<Record<string, number>>;
  readonly conflictCount: number;
};

/** The reconciliation with its long lists cut to LIST_CAP (their lengths beside them). */
function cappedReconciliation(rec: Reconciliation): CappedReconciliation {
  return {
    ...rec,
    missing: Object.fromEntries(Object.entries(rec.missing).map(([k, v]) => [k, v.slice(0, LIST_CAP)])),
    missingCounts: Object.fromEntries(Object.entries(rec.missing).map(([k, v]) => [k, v.length])),
    conflicts: rec.conflicts.slice(0, LIST_CAP),
    conflictCount: rec.conflicts.length,
  };
}

/**
 * Stages the uploaded files and previews their import: what the import would recognise, accept,
 * reject and store, with nothing stored. Throws ImportError (422) when a file cannot be read at all;
 * the staged files are then removed.
 */
export async function previewImport(
  store: Store,
  uploads: readonly { name: string; data: Uint8Array }[],
  o: {
    year: number;
    profile?: string;
    sheet?: string;
    sheets?: Record<string, string>;
    createdBy: string;
    root?: string;
    limits?: ImportLimits;
  },
): Promise<ImportPreview> {
  const root = o.root ?? stagingRoot();
  await sweepStaging(root);
  const token = randomBytes(16).toString('hex');
  const dir = path.join(root, token);
  // owner-only, whatever the umask (issue 11, item 5): the folders 0700, the files 0600
  privateDir(root);
  privateDir(dir);
  const files = uploads.map((u, k) => path.join(dir, `${k}-${u.name}`));
  try {
    for (const [k, u] of uploads.entries()) await writeFile(files[k]!, u.data, { mode: 0o600 });
    const a = await analyseImport(
      files,
      {
        year: o.year,
        displayNames: uploads.map((u) => u.name),
        createdBy: o.createdBy,
        ...(o.profile ? { profile: o.profile } : {}),
        ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
        ...(o.sheets ? { sheets: o.sheets } : {}),
        ...(o.limits ? { limits: o.limits } : {}),
      },
      SAMPLE_ROWS,
    );
    const existing: Dataset | null = await findDatasetByHash(store.db, o.year, a.contentHash);
    const now = Date.now();
    const meta: StagedMeta = {
      token,
      year: o.year,
      profile: o.profile ?? null,
      sheet: o.sheet ?? null,
      ...(o.sheets ? { sheets: o.sheets } : {}),
      rejectionCount: a.merge.rejectionCount,
      names: uploads.map((u) => u.name),
      files: files.map((f) => path.basename(f)),
      createdBy: o.createdBy,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + STAGING_HOURS * 3_600_000).toISOString(),
    };
    await writeRejections(path.join(dir, 'rejections.ndjson'), a.merge.rejections);
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta), { mode: 0o600 });
    const b = a.merge.batch;
    const sample: Record<string, string | number | null>[] = [];
    for (let i = 0; i < Math.min(SAMPLE_RECORDS, b.length); i++) {
      const r: Record<string, string | number | null> = {};
      for (const c of CANONICAL_COLUMNS) {
        if (c === 'uscc') r.uscc = b.uscc[i] ?? null;
        else if (c === 'name' || c === 'division' || c === 'industry') r[c] = b[c][i] ?? null;
        else if ((NUMERIC_FIELDS as readonly string[]).includes(c)) {
          const v = b.columns[c][i]!;
          r[c] = Number.isNaN(v) ? null : v;
        }
      }
      r.tenant_of = b.tenantOf[i] ?? null;
      sample.push(r);
    }
    const samples = new Map(a.samples.map((s) => [`${s.file}\u0000${s.sheet ?? ''}`, s.rows]));
    return {
      token,
      year: o.year,
      expiresAt: meta.expiresAt,
      files: a.reconciliation.files.map((f, k) => {
        const df = a.files[k]!;
        return {
          file: f.file,
          sheet: f.sheet,
          department: f.department,
          profile: f.profile,
          headerRow: f.headerRow,
          rowsRead: f.rowsRead,
          accepted: f.accepted,
          rejected: f.rejected,
          skipped: df.skipped,
          columns: [...df.columns],
          sample: samples.get(`${f.file}\u0000${f.sheet ?? ''}`) ?? [],
        };
      }),
      records: { total: b.length, sample },
      reconciliation: cappedReconciliation(a.reconciliation),
      rejections: a.merge.rejections.slice(0, REJECTIONS_LISTED),
      rejectionCount: a.merge.rejectionCount,
      workbooks: [...a.workbooks],
      fieldLabels: fieldLabels(
        a.files.flatMap((f) => f.columns.map((c) => ({ profile: f.profile, field: c.field }))),
      ),
      existingDataset: existing ? { id: existing.id, year: existing.year, version: existing.version } : null,
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw scrubbed(
      e,
      files,
      uploads.map((u) => u.name),
    );
  }
}

/** An error whose message names the staged files as uploaded (no staging path in any answer). */
function scrubbed(e: unknown, files: readonly string[], names: readonly string[]): unknown {
  if (e instanceof ImportError || e instanceof ServiceError || !(e instanceof Error)) return e;
  const message = withoutServerPaths(e.message, files, names);
  if (message === e.message) return e;
  const err = new Error(message, { cause: e });
  err.name = e.name;
  return err;
}

/** The rejected rows of a staged preview as an XLSX (the same sheet as a committed import's). */
export async function stagedRejectionsXlsx(token: string, root: string = stagingRoot()): Promise<Buffer> {
  const meta = await readMeta(root, token);
  const rejections = await readRejections(path.join(root, token, 'rejections.ndjson'));
  return rejectionsXlsx(rejections, meta.rejectionCount ?? rejections.length);
}

export interface ImportJobResult {
  dataset: Dataset;
  created: boolean;
  records: number;
  reconciliation: Reconciliation;
  /** The first rejections (all those kept are in the XLSX); `rejectionCount` says how many there were. */
  rejections: Rejection[];
  rejectionCount: number;
  /** Per workbook, its sheets and which were imported. */
  workbooks: WorkbookSheets[];
  rejectedXlsx: string | null;
}

export const importResult = (out: ImportOutcome): ImportJobResult => ({
  dataset: out.dataset,
  created: out.created,
  records: out.records,
  reconciliation: out.reconciliation,
  rejections: out.rejections.slice(0, REJECTIONS_LISTED),
  rejectionCount: out.rejectionCount,
  workbooks: [...out.workbooks],
  rejectedXlsx: out.rejections.length > 0 ? `/api/datasets/${out.dataset.id}/rejections.xlsx` : null,
});

/**
 * Commits a staged import as a job (phases read — rows of the current file — and store). A token
 * commits once: the first call claims it (a folder made atomically) and gets the job, any other call
 * while that job runs gets a 409, and after it succeeded a 404 (the staged folder is removed). After a
 * failure the claim is released and the folder stays until it expires.
 */
export async function commitStaged(
  store: Store,
  token: string,
  by: string,
  root: string = stagingRoot(),
): Promise<JobView<ImportJobResult>> {
  const meta = await readMeta(root, token);
  const dir = path.join(root, token);
  try {
    await mkdir(path.join(dir, COMMIT_LOCK));
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'EEXIST')
      throw new ServiceError(
        `导入 ${token} 已在提交中，只能提交一次 / the staged import ${token} is already being committed: it commits once`,
        'conflict',
      );
    throw new ServiceError(
      `没有待提交的导入 ${token}（可能已提交、已取消或已过期）/ no staged import ${token} (committed, discarded or expired)`,
      'not_found',
    );
  }
  await sweepStaging(root);
  const paths = meta.files.map((f) => path.join(dir, f));
  return jobsOf(store).submit('import', by, async (p) => {
    // rows read so far over all files (the total is not known before reading: 0)
    const perFile = meta.files.map(() => 0);
    let out: ImportOutcome;
    try {
      out = await importFiles(store, paths, {
        year: meta.year,
        createdBy: by,
        displayNames: meta.names,
        ...(meta.profile ? { profile: meta.profile } : {}),
        ...(meta.sheet ? { sheet: meta.sheet } : {}),
        ...(meta.sheets ? { sheets: meta.sheets } : {}),
        onPhase: (phase) => p.phase(phase),
        onProgress: (_file, rows, k) => {
          perFile[k] = rows;
          p.progress(
            perFile.reduce((a, b) => a + b, 0),
            0,
          );
        },
      });
    } catch (e) {
      await rmdir(path.join(dir, COMMIT_LOCK)).catch(() => undefined);
      throw scrubbed(e, paths, meta.names);
    }
    await rm(dir, { recursive: true, force: true });
    return importResult(out);
  });
}

/** Discards a staged import (no error when it is already gone). */
export async function discardStaged(token: string, root: string = stagingRoot()): Promise<void> {
  checkToken(token);
  await rm(path.join(root, token), { recursive: true, force: true });
}
