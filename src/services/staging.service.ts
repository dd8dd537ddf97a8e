/**
 * The import wizard's two steps. Preview: the uploaded files are kept in a staging folder under the
 * data folder (`<MUJUN_DATA_DIR>/staging/<token>/`), read, recognised, validated and merged exactly as
 * the import would — nothing is written to the database — and the wizard shows the recognised
 * layouts, the column mapping, the first rows, the reconciliation and the rejected rows. Commit: the
 * staged files are imported (as a job) and the folder is removed. Staged uploads expire after
 * `STAGING_HOURS` hours; expired folders are removed whenever a preview or commit runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findDatasetByHash, type Dataset } from '../db/index.js';
import { CANONICAL_COLUMNS, NUMERIC_FIELDS } from '../domain/fields.js';
import type { Reconciliation } from '../ingest/merge/index.js';
import type { Rejection } from '../ingest/types.js';
import { ServiceError } from './evaluation.service.js';
import { analyseImport, importFiles, rejectionsXlsx, type ImportOutcome } from './import.service.js';
import { jobsOf, type JobView } from './jobs.service.js';
import type { Store } from './store.js';

/** How long a staged upload waits for its commit. */
export const STAGING_HOURS = 24;
/** Rows of each file, and merged records, shown in a preview. */
const SAMPLE_ROWS = 5;
const SAMPLE_RECORDS = 20;
/** Long lists in a preview are cut here (their full length is given beside them). */
const LIST_CAP = 1000;

interface StagedMeta {
  token: string;
  year: number;
  profile: string | null;
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
    if (expired) {
      await rm(path.join(root, e), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
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
  reconciliation: unknown;
  rejections: Rejection[];
  existingDataset: { id: number; year: number; version: number } | null;
}

/** The reconciliation with its long lists cut to LIST_CAP (their lengths beside them). */
function cappedReconciliation(rec: Reconciliation): unknown {
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
  o: { year: number; profile?: string; createdBy: string; root?: string },
): Promise<ImportPreview> {
  const root = o.root ?? stagingRoot();
  await sweepStaging(root);
  const token = randomBytes(16).toString('hex');
  const dir = path.join(root, token);
  await mkdir(dir, { recursive: true });
  const files = uploads.map((u, k) => path.join(dir, `${k}-${u.name}`));
  try {
    for (const [k, u] of uploads.entries()) await writeFile(files[k]!, u.data);
    const a = await analyseImport(
      files,
      {
        year: o.year,
        displayNames: uploads.map((u) => u.name),
        createdBy: o.createdBy,
        ...(o.profile ? { profile: o.profile } : {}),
      },
      SAMPLE_ROWS,
    );
    const existing: Dataset | null = await findDatasetByHash(store.db, o.year, a.contentHash);
    const now = Date.now();
    const meta: StagedMeta = {
      token,
      year: o.year,
      profile: o.profile ?? null,
      names: uploads.map((u) => u.name),
      files: files.map((f) => path.basename(f)),
      createdBy: o.createdBy,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + STAGING_HOURS * 3_600_000).toISOString(),
    };
    await writeFile(path.join(dir, 'rejections.json'), JSON.stringify(a.merge.rejections));
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
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
      rejections: a.merge.rejections.slice(0, 5000),
      existingDataset: existing ? { id: existing.id, year: existing.year, version: existing.version } : null,
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** The rejected rows of a staged preview as an XLSX (the same sheet as a committed import's). */
export async function stagedRejectionsXlsx(token: string, root: string = stagingRoot()): Promise<Buffer> {
  await readMeta(root, token);
  const rejections = JSON.parse(
    await readFile(path.join(root, token, 'rejections.json'), 'utf8'),
  ) as Rejection[];
  return rejectionsXlsx(rejections);
}

export interface ImportJobResult {
  dataset: Dataset;
  created: boolean;
  records: number;
  reconciliation: Reconciliation;
  rejections: Rejection[];
  rejectedXlsx: string | null;
}

export const importResult = (out: ImportOutcome): ImportJobResult => ({
  dataset: out.dataset,
  created: out.created,
  records: out.records,
  reconciliation: out.reconciliation,
  rejections: [...out.rejections],
  rejectedXlsx: out.rejections.length > 0 ? `/api/datasets/${out.dataset.id}/rejections.xlsx` : null,
});

/**
 * Commits a staged import as a job (phases read — rows of the current file — and store). The staged
 * folder is removed when the import succeeds; after a failure it stays until it expires.
 */
export async function commitStaged(
  store: Store,
  token: string,
  by: string,
  root: string = stagingRoot(),
): Promise<JobView<ImportJobResult>> {
  const meta = await readMeta(root, token);
  await sweepStaging(root);
  const dir = path.join(root, token);
  return jobsOf(store).submit('import', by, async (p) => {
    // rows read so far over all files (the total is not known before reading: 0)
    const perFile = meta.files.map(() => 0);
    const out = await importFiles(
      store,
      meta.files.map((f) => path.join(dir, f)),
      {
        year: meta.year,
        createdBy: by,
        displayNames: meta.names,
        ...(meta.profile ? { profile: meta.profile } : {}),
        onPhase: (phase) => p.phase(phase),
        onProgress: (_file, rows, k) => {
          perFile[k] = rows;
          p.progress(
            perFile.reduce((a, b) => a + b, 0),
            0,
          );
        },
      },
    );
    await rm(dir, { recursive: true, force: true });
    return importResult(out);
  });
}

/** Discards a staged import (no error when it is already gone). */
export async function discardStaged(token: string, root: string = stagingRoot()): Promise<void> {
  checkToken(token);
  await rm(path.join(root, token), { recursive: true, force: true });
}
