/**
 * Uploading departmental files (multipart/form-data, field `files`, any number) for a year: the same
 * import as `mujun import`, answered with the reconciliation and each rejection; the stored datasets,
 * their files and their rejected rows (JSON or XLSX).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bodyLimit } from 'hono/body-limit';
import { actorOf, scopeOf, type App, type Ctx } from '../env.js';
import {
  datasetDetail,
  datasetRejections,
  datasetRejectionsXlsx,
  datasetsList,
} from '../../services/datasets.service.js';
import { ServiceError } from '../../services/errors.js';
import {
  ImportError,
  importFiles,
  parseSheetChoices,
  resolveImportProfile,
} from '../../services/import.service.js';
import { safeFileName } from '../../services/files.js';

export { safeFileName } from '../../services/files.js';
import {
  commitStaged,
  discardStaged,
  importResult,
  previewImport,
  stagedRejectionsXlsx,
} from '../../services/staging.service.js';
import type { Store } from '../../services/store.js';
import type * as C from '../contract.js';
import { intParam, MAX_ID } from '../params.js';

/** Upper bound of one upload request (all files together). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/**
 * The year, the forced profile, the sheet choices and the uploaded files of a multipart request
 * (field `files`), or a 4xx. The parameters are checked before the body is read.
 */
async function readUpload(c: Ctx): Promise<{
  year: number;
  uploads: File[];
  options: { profile?: string; sheet?: string; sheets?: Record<string, string> };
}> {
  const year = intParam(c.req.query('year'), 'year', undefined, 2000, 2100);
  if (year === undefined)
    throw new ServiceError('缺少参数 year（数据年份）/ missing parameter year (data year)');
  const profile = c.req.query('profile');
  if (profile) resolveImportProfile(profile);
  const options = { ...(profile ? { profile } : {}), ...parseSheetChoices(c.req.queries('sheet') ?? []) };
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_UPLOAD_BYTES)
    throw new ServiceError(`上传过大（上限 512 MB）/ upload too large (512 MB at most)`, 'payload_too_large');
  if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data'))
    throw new ServiceError(
      '请以 multipart/form-data 上传文件（字段 files）/ upload the files as multipart/form-data (field files)',
      'unsupported_media_type',
    );
  const body = await c.req.parseBody({ all: true });
  const raw = body.files ?? body['files[]'];
  const uploads = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (f): f is File => f instanceof File,
  );
  if (uploads.length === 0)
    throw new ServiceError('没有收到文件（字段 files）/ no files received (field files)');
  return { year, uploads, options };
}

/** An import that stopped: 413 over a bound, 400 for the request, 422 for a file (each problem listed). */
const unreadable = (c: Ctx, e: ImportError) =>
  c.json({ error: { code: e.code, message: e.message, problems: e.problems } }, e.status);

/** Refuses an upload over the limit even when it comes without a length (chunked). */
const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: () => {
    throw new ServiceError(`上传过大（上限 512 MB）/ upload too large (512 MB at most)`, 'payload_too_large');
  },
});

export function registerImportRoutes(app: App, store: Store): void {
  app.post('/api/imports/preview', uploadLimit, async (c) => {
    try {
      const { year, uploads, options } = await readUpload(c);
      const body: C.ImportPreview = await previewImport(
        store,
        await Promise.all(
          uploads.map(async (f, k) => ({
            name: safeFileName(f.name, k),
            data: new Uint8Array(await f.arrayBuffer()),
          })),
        ),
        { year, createdBy: actorOf(c), ...options },
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
  app.post('/api/imports', uploadLimit, async (c) => {
    let upload;
    try {
      upload = await readUpload(c);
    } catch (e) {
      if (e instanceof ImportError) return unreadable(c, e);
      throw e;
    }
    const { year, uploads, options } = upload;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mujun-upload-'));
    try {
      const names = uploads.map((f, k) => safeFileName(f.name, k));
      const paths = names.map((n, k) => path.join(dir, `${k}-${n}`));
      for (const [k, f] of uploads.entries()) await writeFile(paths[k]!, Buffer.from(await f.arrayBuffer()));
      const out = await importFiles(store, paths, {
        year,
        createdBy: actorOf(c),
        displayNames: names,
        ...options,
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
  app.get('/api/datasets', async (c) => c.json({ items: await datasetsList(store, scopeOf(c)) }));
  app.get('/api/datasets/:id', async (c) =>
    c.json(await datasetDetail(store, intParam(c.req.param('id'), 'id', undefined, 1, MAX_ID)!, scopeOf(c))),
  );
  app.get('/api/datasets/:id/rejections', async (c) =>
    c.json({
      items: await datasetRejections(
        store,
        intParam(c.req.param('id'), 'id', undefined, 1, MAX_ID)!,
        scopeOf(c),
      ),
    }),
  );
  app.get('/api/datasets/:id/rejections.xlsx', async (c) => {
    const id = intParam(c.req.param('id').replace(/\.xlsx$/, ''), 'id', undefined, 1, MAX_ID)!;
    const xlsx = await datasetRejectionsXlsx(store, id, scopeOf(c));
    return c.body(new Uint8Array(xlsx), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="rejected-dataset-${id}.xlsx"`,
    });
  });
}
