/**
 * Runs, their results by county and class, the cockpit, comparisons, one enterprise's explanation and
 * page, and jobs: the handlers of contract/runs.ts, contract/enterprises.ts and contract/jobs.ts (the
 * request is parsed by its definition before a handler runs).
 */
import { actorOf, principalOf, scopeOf, type App } from '../env.js';
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
import { jobsOf, jobView } from '../../services/jobs.service.js';
import { enterpriseView } from '../../services/enterprise.service.js';
import { resultsXlsx } from '../../services/export.service.js';
import type { Store } from '../../services/store.js';
import { cockpit } from '../../services/cockpit.service.js';
import type { RepeatRunConflict } from '../contract/runs.js';
import { enterpriseEndpoints, jobEndpoints, runEndpoints as E } from '../contract/index.js';
import { route } from '../route.js';

/** `latest` → undefined (the service resolves it for the caller's scope). */
const ref = (r: number | 'latest'): number | undefined => (r === 'latest' ? undefined : r);

/** The enterprise table's filters and order, as the services take them (the page and its XLSX). */
function resultQueryOf(
  run: number | 'latest',
  q: {
    division?: string[] | undefined;
    industry?: string | undefined;
    group?: string | undefined;
    class?: string[] | undefined;
    initialClass?: string | undefined;
    status?: string | undefined;
    flags?: string[] | undefined;
    q?: string | undefined;
    order?: string | undefined;
    dir?: string | undefined;
  },
): Omit<ResultQuery, 'limit' | 'offset'> {
  const id = ref(run);
  return {
    ...(id !== undefined ? { runId: id } : {}),
    ...(q.division ? { division: q.division } : {}),
    ...(q.industry !== undefined ? { industry: q.industry } : {}),
    ...(q.group !== undefined ? { group: q.group } : {}),
    ...(q.class ? { adjustedClass: q.class } : {}),
    ...(q.initialClass !== undefined ? { initialClass: q.initialClass } : {}),
    ...(q.status !== undefined ? { status: q.status } : {}),
    ...(q.flags ? { flags: q.flags } : {}),
    ...(q.q !== undefined ? { q: q.q } : {}),
    ...(q.order !== undefined ? { orderBy: q.order } : {}),
    ...(q.dir !== undefined ? { direction: q.dir } : {}),
  };
}

export function registerRunRoutes(app: App, store: Store): void {
  route(app, E.list, async (_, c) => ({ items: await runsList(store, scopeOf(c)) }));
  route(app, E.start, async ({ body }, c) => {
    const r = await startRunUnlessRepeat(store, {
      methodology: body.methodology,
      year: body.year,
      ...(body.datasetId !== undefined ? { datasetId: body.datasetId } : {}),
      force: body.force === true,
      by: actorOf(c),
    });
    if ('repeat' in r)
      return c.json<RepeatRunConflict>(
        { error: { code: 'repeat_run', message: r.message }, run: r.repeat },
        409,
      );
    c.header('location', `/api/jobs/${r.started.id}`);
    return { job: r.started };
  });
  route(app, jobEndpoints.list, (_, c) => ({ items: jobsOf(store).list(principalOf(c)) }));
  route(app, jobEndpoints.view, ({ params }, c) => jobView(store, params.id, principalOf(c)));
  route(app, E.publish, async ({ params, body }, c) => ({
    run: await publishForNotice(store, ref(params.run), {
      ...(body.noticeDays !== undefined ? { noticeDays: body.noticeDays } : {}),
      by: actorOf(c),
    }),
  }));
  route(app, E.adjustments, async ({ params }, c) => ({
    items: await adjustmentsOf(store, ref(params.run), scopeOf(c)),
  }));
  route(app, E.adjust, async ({ params, body }, c) => ({
    adjustment: await adjustInRun(store, ref(params.run), { ...body, by: actorOf(c) }),
  }));
  route(app, E.view, async ({ params }, c) => runDetail(store, ref(params.run), scopeOf(c)));
  route(app, E.counties, async ({ params }, c) => classesByCounty(store, ref(params.run), scopeOf(c)));
  route(app, E.results, async ({ params, query }, c) => {
    const { limit, offset, ...filters } = query;
    return resultsPage(store, { ...resultQueryOf(params.run, filters), limit, offset }, scopeOf(c));
  });
  route(app, E.compare, async ({ params, query: q }, c) =>
    compareRuns(
      store,
      ref(params.a),
      ref(params.b),
      {
        ...(q.basis !== undefined ? { basis: q.basis } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.division !== undefined ? { division: q.division } : {}),
        limit: q.limit,
        offset: q.offset,
      },
      scopeOf(c),
    ),
  );
  route(app, enterpriseEndpoints.view, async ({ params, query }, c) =>
    enterpriseView(
      store,
      params.uscc,
      { ...(query.year !== undefined ? { year: query.year } : {}), lang: query.lang },
      scopeOf(c),
    ),
  );
  route(app, E.cockpit, async ({ params, query }, c) =>
    cockpit(
      store,
      ref(params.run),
      { size: query.size, ...(query.group ? { group: query.group } : {}) },
      scopeOf(c),
    ),
  );
  route(app, E.resultsXlsx, async ({ params, query }, c) => {
    const x = await resultsXlsx(store, resultQueryOf(params.run, query), scopeOf(c));
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
  route(app, enterpriseEndpoints.explanation, async ({ params, query }, c) =>
    explanationOf(store, params.uscc, query.lang, ref(params.run), scopeOf(c)),
  );
}
