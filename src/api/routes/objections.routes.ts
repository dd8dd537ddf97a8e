/**
 * Objections (异议), the handlers of contract/objections.ts: an enterprise files one against its figure
 * in a published run during the notice (multipart: `field`, `claimedValue`, `explanation`, files
 * `evidence`, read here: the upload's parts are not JSON); its county operator (or a city analyst)
 * previews and accepts or rejects it; everybody sees the objections of their scope and their outcome.
 */
import { bodyLimit } from 'hono/body-limit';
import { ServiceError } from '../../services/errors.js';
import {
  decideOnObjection,
  EVIDENCE_LIMITS,
  evidenceFile,
  fileObjection,
  objectionDetail,
  objectionsList,
  previewDecision,
} from '../../services/objections.service.js';
import type { Store } from '../../services/store.js';
import { objectionEndpoints as E } from '../contract/index.js';
import { principalOf, scopeOf, type App, type Ctx } from '../env.js';
import { checkLength, strictDecimal, MAX_EXPLANATION_CHARS } from '../params.js';
import { route } from '../route.js';

/** A whole objection request: the evidence plus the form's text fields. */
const MAX_OBJECTION_BYTES = EVIDENCE_LIMITS.totalBytes + 1024 * 1024;

const tooLarge = () =>
  new ServiceError(
    '请求过大：证明材料每个文件至多 10 MB，合计至多 20 MB / request too large: evidence is 10 MB per file, 20 MB in all',
    'payload_too_large',
  );

/** `latest` → undefined (the service resolves it for the caller's scope). */
const ref = (r: number | 'latest' | undefined): number | undefined => (r === 'latest' ? undefined : r);

/** The objection form: its text fields and evidence files, each field checked as the message names it. */
async function objectionForm(c: Ctx) {
  if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data'))
    throw new ServiceError(
      '请以 multipart/form-data 提交异议（字段 field、claimedValue、explanation，文件 evidence）/ send the objection as multipart/form-data (fields field, claimedValue, explanation; files evidence)',
      'unsupported_media_type',
    );
  if (Number(c.req.header('content-length') ?? 0) > MAX_OBJECTION_BYTES) throw tooLarge();
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw new ServiceError('无法读取表单 / the form cannot be read');
  }
  const one = (name: string): string => {
    const v = form[name];
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s !== 'string') throw new ServiceError(`缺少参数 ${name} / missing parameter ${name}`);
    return s;
  };
  const raw = form.evidence ?? form['evidence[]'];
  const files = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (f): f is File => f instanceof File,
  );
  const claimed = one('claimedValue').trim();
  const explanation = one('explanation');
  checkLength(explanation, 'explanation', MAX_EXPLANATION_CHARS);
  return {
    field: one('field'),
    // decimal digits as written: `0x10` or `1e3` is not a figure anybody reported
    claimedValue: strictDecimal(claimed),
    explanation,
    evidence: await Promise.all(
      files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })),
    ),
  };
}

/**
 * `?correctedValue=` of a preview: an unsigned decimal as written (no `0x10`, `1e3`, `-1`). Checked here,
 * not by the query's schema, to keep the message the page and its tests know (`参数 correctedValue`).
 */
function correctedValueOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,13}(\.\d{1,10})?$/.test(raw))
    throw new ServiceError(
      `参数 correctedValue：应为不带符号的十进制数，而不是“${raw.slice(0, 40)}” / parameter correctedValue: must be an unsigned decimal number, not "${raw.slice(0, 40)}"`,
    );
  return Number(raw);
}

export function registerObjectionRoutes(app: App, store: Store): void {
  route(app, E.list, async ({ query: q }, c) => {
    const run = ref(q.run);
    return objectionsList(
      store,
      {
        ...(run !== undefined ? { runId: run } : {}),
        ...(q.status !== undefined ? { status: q.status } : {}),
        ...(q.uscc !== undefined ? { uscc: q.uscc } : {}),
        limit: q.limit,
        offset: q.offset,
      },
      scopeOf(c),
    );
  });

  app.use(
    E.file.path,
    bodyLimit({
      maxSize: MAX_OBJECTION_BYTES,
      onError: () => {
        throw tooLarge();
      },
    }),
  );
  route(app, E.file, async ({ params }, c) => {
    const run = ref(params.run);
    const objection = await fileObjection(store, principalOf(c), {
      ...(run !== undefined ? { runId: run } : {}),
      ...(await objectionForm(c)),
    });
    c.header('location', `/api/objections/${objection.id}`);
    return objection;
  });

  route(app, E.view, async ({ params }, c) => objectionDetail(store, params.id, scopeOf(c)));

  route(app, E.evidence, async ({ params }, c) => {
    const e = await evidenceFile(store, params.id, params.seq, scopeOf(c));
    const ascii = e.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return c.body(new Uint8Array(e.data), 200, {
      'content-type': e.contentType,
      // never shown inline: a file from outside is downloaded, not rendered in our origin
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(e.fileName)}`,
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'no-store',
    });
  });

  route(app, E.decide, async ({ params, body: b }, c) => {
    const r = await decideOnObjection(store, principalOf(c), params.id, {
      decision: b.decision,
      reason: b.reason,
      ...(typeof b.correctedValue === 'number' ? { correctedValue: b.correctedValue } : {}),
    });
    if (r.job) c.header('location', `/api/jobs/${r.job.id}`);
    return { objection: r.objection, job: r.job };
  });

  // what accepting will do (the dataset version, the run, classes now and after), nothing stored
  route(app, E.preview, async ({ params, query }, c) =>
    previewDecision(store, principalOf(c), params.id, correctedValueOf(query.correctedValue)),
  );
}
