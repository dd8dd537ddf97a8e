/**
 * Objections (异议): an enterprise files one against its figure in a published run during the notice
 * (multipart: `field`, `claimedValue`, `explanation`, files `evidence`); its county operator (or a city
 * analyst) accepts or rejects it; everybody sees the objections of their scope and their outcome.
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
import type * as C from '../contract.js';
import { principalOf, scopeOf, type App } from '../env.js';
import {
  checkLength,
  intParam,
  jsonBody,
  stringField,
  strictDecimal,
  textField,
  MAX_EXPLANATION_CHARS,
  MAX_ID,
  MAX_REASON_CHARS,
} from '../params.js';
import { runId } from './runs.routes.js';

/** A whole objection request: the evidence plus the form's text fields. */
const MAX_OBJECTION_BYTES = EVIDENCE_LIMITS.totalBytes + 1024 * 1024;

const tooLarge = () =>
  new ServiceError(
    '请求过大：证明材料每个文件至多 10 MB，合计至多 20 MB / request too large: evidence is 10 MB per file, 20 MB in all',
    'payload_too_large',
  );

export function registerObjectionRoutes(app: App, store: Store): void {
  app.get('/api/objections', async (c) => {
    const q = c.req.query();
    const run = q.run ? runId(q.run) : undefined;
    const body: C.ObjectionList = await objectionsList(
      store,
      {
        ...(run !== undefined ? { runId: run } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.uscc ? { uscc: q.uscc } : {}),
        limit: intParam(q.limit, 'limit', 50, 1, 500)!,
        offset: intParam(q.offset, 'offset', 0, 0)!,
      },
      scopeOf(c),
    );
    return c.json(body);
  });

  app.post(
    '/api/runs/:run/objections',
    bodyLimit({
      maxSize: MAX_OBJECTION_BYTES,
      onError: () => {
        throw tooLarge();
      },
    }),
    async (c) => {
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
      const objection = await fileObjection(store, principalOf(c), {
        ...(runId(c.req.param('run')) !== undefined ? { runId: runId(c.req.param('run'))! } : {}),
        field: one('field'),
        // decimal digits as written: `0x10` or `1e3` is not a figure anybody reported
        claimedValue: strictDecimal(claimed),
        explanation,
        evidence: await Promise.all(
          files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })),
        ),
      });
      return c.json<C.ObjectionView>(objection, 201, { location: `/api/objections/${objection.id}` });
    },
  );

  app.get('/api/objections/:id', async (c) => {
    const id = intParam(c.req.param('id'), 'id', undefined, 1, MAX_ID)!;
    return c.json<C.ObjectionView>(await objectionDetail(store, id, scopeOf(c)));
  });

  app.get('/api/objections/:id/evidence/:seq', async (c) => {
    const id = intParam(c.req.param('id'), 'id', undefined, 1, MAX_ID)!;
    const seq = intParam(c.req.param('seq'), 'seq', undefined, 1, 100)!;
    const e = await evidenceFile(store, id, seq, scopeOf(c));
    const ascii = e.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return c.body(new Uint8Array(e.data), 200, {
      'content-type': e.contentType,
      // never shown inline: a file from outside is downloaded, not rendered in our origin
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(e.fileName)}`,
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'no-store',
    });
  });

  app.post('/api/objections/:id/decision', async (c) => {
    const id = intParam(c.req.param('id'), 'id', undefined, 1, MAX_ID)!;
    const b = await jsonBody(c);
    const corrected = b.correctedValue;
    if (corrected !== undefined && corrected !== null && typeof corrected !== 'number')
      throw new ServiceError('参数 correctedValue 应为数字 / parameter correctedValue must be a number');
    const r = await decideOnObjection(store, principalOf(c), id, {
      decision: stringField(b, 'decision')!,
      reason: textField(b, 'reason', MAX_REASON_CHARS)!,
      ...(typeof corrected === 'number' ? { correctedValue: corrected } : {}),
    });
    return c.json<C.ObjectionDecisionResponse>(
      { objection: r.objection, job: r.job },
      200,
      r.job ? { location: `/api/jobs/${r.job.id}` } : {},
    );
  });

  // what accepting will do (the dataset version, the run, classes now and after), nothing stored
  app.get('/api/objections/:id/decision-preview', async (c) => {
    const id = intParam(c.req.param('id'), 'id', undefined, 1, MAX_ID)!;
    const raw = c.req.query('correctedValue');
    if (raw !== undefined && !/^\d{1,13}(\.\d{1,10})?$/.test(raw))
      throw new ServiceError(
        `参数 correctedValue：应为不带符号的十进制数，而不是“${raw.slice(0, 40)}” / parameter correctedValue: must be an unsigned decimal number, not "${raw.slice(0, 40)}"`,
      );
    const preview = await previewDecision(
      store,
      principalOf(c),
      id,
      raw === undefined ? undefined : Number(raw),
    );
    return c.json<C.ObjectionDecisionPreview>(preview);
  });
}
