/** Runs, their results by county and class, and one enterprise's explanation. */
import { actorOf, principalOf, scopeOf, type App, type Ctx } from '../env.js';
import {
  adjustInRun,
  adjustmentsOf,
  classesByCounty,
  compareRuns,
  explanationOf,
  publishForNotice,
  resultsPage,
  runDetail,
  runsList,
  type ResultQuery,
} from '../../services/runs.service.js';
import { startRunUnlessRepeat } from '../../services/run-repeat.js';
import { ServiceError } from '../../services/errors.js';
import { jobsOf, jobView } from '../../services/jobs.service.js';
import { enterpriseView } from '../../services/enterprise.service.js';
import { resultsXlsx } from '../../services/export.service.js';
import type { Store } from '../../services/store.js';
import { cockpit } from '../../services/cockpit.service.js';
import type * as C from '../contract.js';
import {
  intField,
  intParam,
  jsonBody,
  langParam,
  listParam,
  stringField,
  textField,
  MAX_ID,
  MAX_REASON_CHARS,
} from '../params.js';

/** `latest` or a number. */
export const runId = (v: string): number | undefined =>
  v === 'latest' ? undefined : intParam(v, 'run', undefined, 1, MAX_ID);

/** The enterprise table's filters and order from the query string (shared by the page and the XLSX). */
export function resultQueryOf(c: Ctx): Omit<ResultQuery, 'limit' | 'offset'> {
  const q = c.req.query();
  const id = runId(c.req.param('run') ?? 'latest');
  const classes = listParam(q.class);
  const division = listParam(q.division);
  const flags = listParam(q.flags);
  return {
    ...(id !== undefined ? { runId: id } : {}),
    ...(division ? { division } : {}),
    ...(q.industry !== undefined ? { industry: q.industry } : {}),
    ...(q.group !== undefined ? { group: q.group } : {}),
    ...(classes ? { adjustedClass: classes } : {}),
    ...(q.initialClass !== undefined ? { initialClass: q.initialClass } : {}),
    ...(q.status !== undefined ? { status: q.status } : {}),
    ...(flags ? { flags } : {}),
    ...(q.q !== undefined ? { q: q.q } : {}),
    ...(q.order !== undefined ? { orderBy: q.order } : {}),
    ...(q.dir !== undefined ? { direction: q.dir } : {}),
  };
}

export function registerRunRoutes(app: App, store: Store): void {
  app.get('/api/runs', async (c) => c.json<C.RunList>({ items: await runsList(store, scopeOf(c)) }));
  app.post('/api/runs', async (c) => {
    const b = await jsonBody(c);
    const datasetId = intField(b, 'datasetId', true, 1, MAX_ID);
    if (b.force !== undefined && typeof b.force !== 'boolean')
      throw new ServiceError('参数 force 应为 true 或 false / parameter force must be true or false');
    const r = await startRunUnlessRepeat(store, {
      methodology: stringField(b, 'methodology')!,
      year: intField(b, 'year', false, 2000, 2100)!,
      ...(datasetId !== undefined ? { datasetId } : {}),
      force: b.force === true,
      by: actorOf(c),
    });
    if ('repeat' in r)
      return c.json<C.RepeatRunConflict>(
        { error: { code: 'repeat_run', message: r.message }, run: r.repeat },
        409,
      );
    const job = r.started;
    return c.json<C.JobAccepted<C.RunJobResult>>({ job }, 202, { location: `/api/jobs/${job.id}` });
  });
  app.get('/api/jobs', (c) => c.json<{ items: C.JobView[] }>({ items: jobsOf(store).list(principalOf(c)) }));
  app.get('/api/jobs/:id', (c) => c.json<C.JobView>(jobView(store, c.req.param('id'), principalOf(c))));
  app.post('/api/runs/:run/publish', async (c) => {
    const b = await jsonBody(c);
    const noticeDays = intField(b, 'noticeDays', true, 1, 30);
    const run = await publishForNotice(store, runId(c.req.param('run')), {
      ...(noticeDays !== undefined ? { noticeDays } : {}),
      by: actorOf(c),
    });
    return c.json<C.PublishResponse>({ run });
  });
  app.get('/api/runs/:run/adjustments', async (c) =>
    c.json<C.AdjustmentList>({ items: await adjustmentsOf(store, runId(c.req.param('run')), scopeOf(c)) }),
  );
  app.post('/api/runs/:run/adjustments', async (c) => {
    const b = await jsonBody(c);
    const adjustment = await adjustInRun(store, runId(c.req.param('run')), {
      uscc: stringField(b, 'uscc')!,
      toClass: stringField(b, 'toClass')!,
      reason: textField(b, 'reason', MAX_REASON_CHARS)!,
      by: actorOf(c),
    });
    return c.json<C.AdjustmentResponse>({ adjustment }, 201);
  });
  app.get('/api/runs/:run', async (c) =>
    c.json<C.RunView>(await runDetail(store, runId(c.req.param('run')), scopeOf(c))),
  );
  app.get('/api/runs/:run/counties', async (c) =>
    c.json<C.CountiesResponse>(await classesByCounty(store, runId(c.req.param('run')), scopeOf(c))),
  );
  app.get('/api/runs/:run/results', async (c) => {
    const q = c.req.query();
    const body: C.ResultsPage = await resultsPage(
      store,
      {
        ...resultQueryOf(c),
        limit: intParam(q.limit, 'limit', 50, 1, 1000)!,
        offset: intParam(q.offset, 'offset', 0, 0)!,
      },
      scopeOf(c),
    );
    return c.json(body);
  });
  app.get('/api/runs/:a/compare/:b', async (c) => {
    const q = c.req.query();
    const from = listParam(q.from);
    const to = listParam(q.to);
    const body: C.RunComparison = await compareRuns(
      store,
      runId(c.req.param('a')),
      runId(c.req.param('b')),
      {
        ...(q.basis !== undefined ? { basis: q.basis } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(q.division ? { division: q.division } : {}),
        limit: intParam(q.limit, 'limit', 50, 1, 1000)!,
        offset: intParam(q.offset, 'offset', 0, 0)!,
      },
      scopeOf(c),
    );
    return c.json(body);
  });
  app.get('/api/enterprises/:uscc', async (c) => {
    const year = intParam(c.req.query('year'), 'year', undefined, 2000, 2100);
    const body: C.EnterpriseView = await enterpriseView(
      store,
      c.req.param('uscc'),
      {
        ...(year !== undefined ? { year } : {}),
        lang: langParam(c.req.query('lang')),
      },
      scopeOf(c),
    );
    return c.json(body);
  });
  app.get('/api/runs/:run/cockpit', async (c) => {
    const size = intParam(c.req.query('size'), 'size', 10, 1, 100)!;
    const group = c.req.query('group') || undefined;
    const body: C.Cockpit = await cockpit(
      store,
      runId(c.req.param('run')),
      {
        size,
        ...(group ? { group } : {}),
      },
      scopeOf(c),
    );
    return c.json(body);
  });
  app.get('/api/runs/:run/results.xlsx', async (c) => {
    const x = await resultsXlsx(store, resultQueryOf(c), scopeOf(c));
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next: IteratorResult<Buffer> = await x.body.next();
        if (next.done) controller.close();
        else
          controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      async cancel() {
        await x.body.return(undefined);
      },
    });
    return c.body(stream, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${x.asciiName}"; filename*=UTF-8''${encodeURIComponent(x.fileName)}`,
      'cache-control': 'no-store',
    });
  });
  app.get('/api/runs/:run/enterprises/:uscc', async (c) => {
    const body: C.Explanation = await explanationOf(
      store,
      c.req.param('uscc'),
      langParam(c.req.query('lang')),
      runId(c.req.param('run')),
      scopeOf(c),
    );
    return c.json(body);
  });
}
