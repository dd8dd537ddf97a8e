/** Runs, their results by county and class, and one enterprise's explanation. */
import type { Hono } from 'hono';
import type { ResultOrder } from '../../db/index.js';
import {
  classesByCounty,
  explanationOf,
  resultsPage,
  runDetail,
  runsList,
} from '../../services/runs.service.js';
import type { Store } from '../../services/store.js';
import { intParam, langParam } from '../params.js';

const ORDERS: readonly ResultOrder[] = ['seq', 'uscc', 'total', 'rank'];

/** `latest` or a number. */
const runId = (v: string): number | undefined =>
  v === 'latest' ? undefined : intParam(v, 'run', undefined, 1);

export function registerRunRoutes(app: Hono, store: Store): void {
  app.get('/api/runs', async (c) => c.json({ items: await runsList(store) }));
  app.get('/api/runs/:run', async (c) => c.json(await runDetail(store, runId(c.req.param('run')))));
  app.get('/api/runs/:run/counties', async (c) =>
    c.json(await classesByCounty(store, runId(c.req.param('run')))),
  );
  app.get('/api/runs/:run/results', async (c) => {
    const q = c.req.query();
    const orderBy = ORDERS.includes(q.order as ResultOrder) ? (q.order as ResultOrder) : 'seq';
    return c.json(
      await resultsPage(store, {
        ...(runId(c.req.param('run')) !== undefined ? { runId: runId(c.req.param('run'))! } : {}),
        ...(q.division ? { division: q.division } : {}),
        ...(q.class ? { adjustedClass: q.class } : {}),
        ...(q.status ? { status: q.status } : {}),
        limit: intParam(q.limit, 'limit', 50, 1, 1000)!,
        offset: intParam(q.offset, 'offset', 0, 0)!,
        orderBy,
      }),
    );
  });
  app.get('/api/runs/:run/enterprises/:uscc', async (c) =>
    c.json(
      await explanationOf(
        store,
        c.req.param('uscc'),
        langParam(c.req.query('lang')),
        runId(c.req.param('run')),
      ),
    ),
  );
}
