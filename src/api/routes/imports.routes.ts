/**
 * Uploading departmental files (multipart/form-data, field `files`, any number) for a year: the same
 * import as `mujun import`, answered with the reconciliation and each rejection; the stored datasets,
 * their files and their rejected rows (JSON or XLSX). Definitions: contract/imports.ts, datasets.ts.
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
import { datasetsEndpoints as D } from '../contract/datasets.js';
import { importsEndpoints as E } from '../contract/imports.js';
import { route, type Request } from '../route.js';

/** Upper bound of one upload request (all files together). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** The query of an upload, checked by its definition before the body is read. */
type UploadQuery = Request<typeof E.upload>['query'];

/**
 * The forced profile, the sheet choices and the uploaded files of a multipart request (field `files`),
 * or a 4xx. The year, the profile and the sheet choices are checked before the body is read.
 */
async function readUpload(
  c: Ctx,
  query: UploadQuery,
): Promise<{
  uploads: File[];
  options: { profile?: string; sheet?: string; sheets?: Record<string, string> };
}> {
  const { profile } = query;
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
  return { uploads, options };
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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerImportRoutes(app: App, store: Store): void {
  // uploads have their own bound (app.ts leaves them out of the small-body limit)
  app.use(E.preview.path, uploadLimit);
  app.use(E.upload.path, uploadLimit);
  route(app, E.preview, async ({ query }, c) => {
    try {
      const { uploads, options } = await readUpload(c, query);
      return await previewImport(
        store,
        await Promise.all(
          uploads.map(async (f, k) => ({
            name: safeFileName(f.name, k),
            data: new Uint8Array(await f.arrayBuffer()),
          })),
        ),
        { year: query.year, createdBy: actorOf(c), ...options },
      );
    } catch (e) {
      if (e instanceof ImportError) return unreadable(c, e);
      throw e;
    }
  });
  route(app, E.commit, async ({ params }, c) => {
    const job = await commitStaged(store, params.token, actorOf(c));
    c.header('location', `/api/jobs/${job.id}`);
    return { job };
  });
  route(app, E.discard, async ({ params }, c) => {
    await discardStaged(params.token);
    return c.body(null, 204);
  });
  route(app, E.previewRejectionsXlsx, async ({ params }, c) => {
    const xlsx = await stagedRejectionsXlsx(params.token);
    return c.body(new Uint8Array(xlsx), 200, {
      'content-type': XLSX,
      'content-disposition': `attachment; filename="rejected-preview.xlsx"`,
    });
  });
  route(app, E.upload, async ({ query }, c) => {
    let upload;
    try {
      upload = await readUpload(c, query);
    } catch (e) {
      if (e instanceof ImportError) return unreadable(c, e);
      throw e;
    }
    const { uploads, options } = upload;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mujun-upload-'));
    try {
      const names = uploads.map((f, k) => safeFileName(f.name, k));
      const paths = names.map((n, k) => path.join(dir, `${k}-${n}`));
      for (const [k, f] of uploads.entries()) await writeFile(paths[k]!, Buffer.from(await f.arrayBuffer()));
      const out = await importFiles(store, paths, {
        year: query.year,
        createdBy: actorOf(c),
        displayNames: names,
        ...options,
      });
      return importResult(out);
    } catch (e) {
      if (e instanceof ImportError) return unreadable(c, e);
      throw e;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  route(app, D.list, async (_, c) => ({ items: await datasetsList(store, scopeOf(c)) }));
  route(app, D.one, async ({ params }, c) => datasetDetail(store, params.id, scopeOf(c)));
  route(app, D.rejections, async ({ params }, c) => ({
    items: await datasetRejections(store, params.id, scopeOf(c)),
  }));
  route(app, D.rejectionsXlsx, async ({ params }, c) => {
    const xlsx = await datasetRejectionsXlsx(store, params.id, scopeOf(c));
    return c.body(new Uint8Array(xlsx), 200, {
      'content-type': XLSX,
      'content-disposition': `attachment; filename="rejected-dataset-${params.id}.xlsx"`,
    });
  });
}
