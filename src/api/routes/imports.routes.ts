/**
 * Uploading departmental files (multipart/form-data, field `files`, any number) for a year: the same
 * import as `mujun import`, answered with the reconciliation and each rejection; the stored datasets,
 * their files and their rejected rows (JSON or XLSX).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import {
  datasetDetail,
  datasetRejections,
  datasetRejectionsXlsx,
  datasetsList,
} from '../../services/datasets.service.js';
import { ServiceError } from '../../services/evaluation.service.js';
import { ImportError, importFiles } from '../../services/import.service.js';
import {
  commitStaged,
  discardStaged,
  importResult,
  previewImport,
  stagedRejectionsXlsx,
} from '../../services/staging.service.js';
import type { Store } from '../../services/store.js';
import type * as C from '../contract.js';
import { actorOf, intParam } from '../params.js';

/** Upper bound of one upload request (all files together). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** A file name safe to write in our own temporary folder: no folders, no control characters. */
export function safeFileName(name: string, k: number): string {
  const base = [...path.basename(name.replaceAll('\\', '/'))]
    .map((ch) => (ch.charCodeAt(0) < 32 || '<>:"|?*'.includes(ch) ? '_' : ch))
    .join('');
  return base && base !== '.' && base !== '..' ? base : `file-${k + 1}`;
}

/** The year and the uploaded files of a multipart request (field `files`), or a 400. */
async function readUpload(c: Context): Promise<{ year: number; uploads: File[] }> {
  const year = intParam(c.req.query('year'), 'year', undefined, 2000, 2100);
  if (year === undefined)
    throw new ServiceError('缺少参数 year（数据年份）/ missing parameter year (data year)');
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_UPLOAD_BYTES)
    throw new ServiceError(`上传过大（上限 512 MB）/ upload too large (512 MB at most)`);
  if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data'))
    throw new ServiceError(
      '请以 multipart/form-data 上传文件（字段 files）/ upload the files as multipart/form-data (field files)',
    );
  const body = await c.req.parseBody({ all: true });
  const raw = body.files ?? body['files[]'];
  const uploads = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (f): f is File => f instanceof File,
  );
  if (uploads.length === 0)
    throw new ServiceError('没有收到文件（字段 files）/ no files received (field files)');
  return { year, uploads };
}

const unreadable = (c: Context, e: ImportError) =>
  c.json({ error: { code: 'unreadable_file', message: e.message, problems: e.problems } }, 422);

export function registerImportRoutes(app: Hono, store: Store): void {
  app.post('/api/imports/preview', async (c) => {
    const { year, uploads } = await readUpload(c);
    const profile = c.req.query('profile');
    try {
      const body: C.ImportPreview = await previewImport(
        store,
        await Promise.all(
          uploads.map(async (f, k) => ({
            name: safeFileName(f.name, k),
            data: new Uint8Array(await f.arrayBuffer()),
          })),
        ),
        { year, createdBy: actorOf(c), ...(profile ? { profile } : {}) },
      );
      return c.json(body);
    } catch (e) {
      if (e instanceof ImportError) return unreadable(c, e);
      throw e;
    }
  });
  app.post('/api/imports/:token/commit', async (c) => {
    const job = await commitStaged(store, c.req.param('token'), actorOf(c));
    return c.json<C.JobAccepted<C.ImportResult>>({ job }, 202, { location: `/api/jobs/${job.id}` });
  });
  app.delete('/api/imports/:token', async (c) => {
    await discardStaged(c.req.param('token'));
    return c.body(null, 204);
  });
  app.get('/api/imports/:token/rejections.xlsx', async (c) => {
    const token = c.req.param('token');
    const xlsx = await stagedRejectionsXlsx(token);
    return c.body(new Uint8Array(xlsx), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="rejected-preview.xlsx"`,
    });
  });
  app.post('/api/imports', async (c) => {
    const { year, uploads } = await readUpload(c);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mujun-upload-'));
    try {
      const names = uploads.map((f, k) => safeFileName(f.name, k));
      const paths = names.map((n, k) => path.join(dir, `${k}-${n}`));
      for (const [k, f] of uploads.entries()) await writeFile(paths[k]!, Buffer.from(await f.arrayBuffer()));
      const profile = c.req.query('profile');
      const out = await importFiles(store, paths, {
        year,
        createdBy: c.req.header('x-mujun-user') ?? 'api',
        displayNames: names,
        ...(profile ? { profile } : {}),
      });
      const body: C.ImportResult = importResult(out);
      return c.json(body);
    } catch (e) {
      if (e instanceof ImportError) return unreadable(c, e);
      throw e;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  app.get('/api/datasets', async (c) => c.json({ items: await datasetsList(store) }));
  app.get('/api/datasets/:id', async (c) =>
    c.json(await datasetDetail(store, intParam(c.req.param('id'), 'id', undefined, 1)!)),
  );
  app.get('/api/datasets/:id/rejections', async (c) =>
    c.json({ items: await datasetRejections(store, intParam(c.req.param('id'), 'id', undefined, 1)!) }),
  );
  app.get('/api/datasets/:id/rejections.xlsx', async (c) => {
    const id = intParam(c.req.param('id').replace(/\.xlsx$/, ''), 'id', undefined, 1)!;
    const xlsx = await datasetRejectionsXlsx(store, id);
    return c.body(new Uint8Array(xlsx), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="rejected-dataset-${id}.xlsx"`,
    });
  });
}
