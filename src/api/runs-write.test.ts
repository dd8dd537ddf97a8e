/**
 * The web application's writes through `app.request()`, on PGlite and PostgreSQL: starting a run as
 * a job and polling it, publishing a run for public notice, manual class adjustments.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import { testClient, type TestClient } from './testing.js';
import type * as C from './contract/index.js';
import { E, loadWebFixture } from './web-fixture.js';

describeEachDatabase('web API: runs as jobs, publishing, adjustments', ({ db }) => {
  let store: Store;
  let app: TestClient;
  /** Analysts by name: the audit and the records name who acted. */
  const as: Record<string, TestClient> = {};
  let dir: string;
  let run2022: number;
  const call = async <T>(method: string, url: string, body?: unknown, user?: string) => {
    const res = await (user ? as[user]! : app).request(url, {
      method,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      headers: { 'content-type': 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const message = (r: { body: unknown }) => (r.body as C.ApiError).error.message;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-web-w-'));
    store = await initStore(db());
    run2022 = (await loadWebFixture(store, dir)).y2022.runId;
    app = await testClient(store, 'analyst', { username: 'web' });
    for (const name of ['wang', 'li'])
      as[name] = await testClient(store, 'analyst', { username: name, app: app.app });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a run as a job, answers 202 at once, and reports phases, progress and the run', async () => {
    const started = await call<C.JobAccepted<C.RunJobResult>>('POST', '/api/runs', {
      methodology: 'jiaxing-demo-2024',
      year: 2022,
    });
    expect(started.status).toBe(202);
    expect(started.body.job).toMatchObject({ kind: 'run', createdBy: 'web', result: null, error: null });
    expect(['queued', 'running']).toContain(started.body.job.state);
    await jobsOf(store).idle();
    const polled = await call<C.JobView<C.RunJobResult>>('GET', `/api/jobs/${started.body.job.id}`);
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({ state: 'done', phase: 'analyze' });
    // 2022 has 8 records; jiaxing-demo-2024 has the same scope as huangyan-2023 here (below-scale ≥ 3 亩,
    // founded within 3 years not graded, no land_acquired in the fixture): the same 5 graded firms
    expect(polled.body.result).toMatchObject({ records: 8, graded: 5 });
    const runId = polled.body.result!.runId;
    const run = await call<C.RunView>('GET', `/api/runs/${runId}`);
    expect(run.body).toMatchObject({ methodologyId: 'jiaxing-demo-2024', year: 2022, status: 'draft' });
    const list = await call<{ items: C.JobView[] }>('GET', '/api/jobs');
    expect(list.body.items[0]!.id).toBe(started.body.job.id);
  });

  it('refuses to start a run with bad input before queuing anything', async () => {
    const bad = await call('POST', '/api/runs', { methodology: 'nowhere-2024', year: 2022 });
    expect(bad.status).toBe(400);
    expect(message(bad)).toMatch(/参数 methodology.*parameter methodology/);
    const year = await call('POST', '/api/runs', { methodology: 'huangyan-2023', year: 1999 });
    expect(year.status).toBe(400);
    expect(message(year)).toMatch(/^请求体字段 year：.* \/ body field year: /);
    expect((await call('POST', '/api/runs', { methodology: 'huangyan-2023' })).status).toBe(400);
    expect((await call('POST', '/api/runs', '{not json')).status).toBe(400);
    expect((await call('POST', '/api/runs', { methodology: 'huangyan-2023', year: 2030 })).status).toBe(404);
    expect((await call('GET', '/api/jobs/j999')).status).toBe(404);
  });

  it('publishes a run for public notice once, and refuses a second time with 409', async () => {
    expect((await call('POST', `/api/runs/${run2022}/publish`, { noticeDays: 0 })).status).toBe(400);
    expect((await call('POST', `/api/runs/999/publish`, { noticeDays: 5 })).status).toBe(404);
    const p = await call<C.PublishResponse>(
      'POST',
      `/api/runs/${run2022}/publish`,
      { noticeDays: 5 },
      'wang',
    );
    expect(p.status).toBe(200);
    expect(p.body.run).toMatchObject({ id: run2022, status: 'published', publishedBy: 'wang' });
    const days = (Date.parse(p.body.run.noticeUntil!) - Date.parse(p.body.run.publishedAt!)) / 86_400_000;
    expect(days).toBe(5);
    const again = await call('POST', `/api/runs/${run2022}/publish`, { noticeDays: 5 });
    expect(again.status).toBe(409);
    expect(message(again)).toMatch(/已于.*公示.*already published/);
  });

  it('records a manual adjustment with reason and user, flags it and explains it', async () => {
    const a = await call<C.AdjustmentResponse>(
      'POST',
      `/api/runs/${run2022}/adjustments`,
      { uscc: E.E6, toClass: 'B', reason: '核查后调整' },
      'li',
    );
    expect(a.status).toBe(201);
    expect(a.body.adjustment).toMatchObject({
      runId: run2022,
      uscc: E.E6,
      fromClass: 'C',
      toClass: 'B',
      createdBy: 'li',
    });
    const list = await call<C.AdjustmentList>('GET', `/api/runs/${run2022}/adjustments`);
    expect(list.body.items.map((x) => x.reason)).toEqual(['核查后调整']);
    const flagged = await call<C.ResultsPage>('GET', `/api/runs/${run2022}/results?flags=adjusted`);
    expect(flagged.body.items.map((r) => [r.uscc, r.initialClass, r.adjustedClass])).toEqual([
      [E.E6, 'C', 'B'],
    ]);
    const why = await call<C.Explanation>('GET', `/api/runs/${run2022}/enterprises/${E.E6}`);
    expect(why.body.why.join(' ')).toContain('核查后调整');
    // the cockpit counts the adjusted class: 南湖区 was B 2 / C 1 (E6), now B 3; initial classes unchanged
    const k = await call<C.Cockpit>('GET', `/api/runs/${run2022}/cockpit`);
    const nanhu = k.body.classes.counties.find((c) => c.division === '330402')!;
    expect(nanhu.classes).toEqual({ A: 0, B: 3, C: 0, D: 0 });
    expect(nanhu.initialClasses).toEqual({ A: 0, B: 2, C: 1, D: 0 });
    expect(k.body.bottom.items[0]).toMatchObject({ uscc: E.E6, adjustedClass: 'B' });

    const bad = await call('POST', `/api/runs/${run2022}/adjustments`, {
      uscc: E.E6,
      toClass: 'E',
      reason: 'x',
    });
    expect(bad.status).toBe(400);
    expect(message(bad)).toMatch(/^请求体字段 toClass：.* \/ body field toClass: /);
    const noReason = await call('POST', `/api/runs/${run2022}/adjustments`, {
      uscc: E.E6,
      toClass: 'A',
      reason: ' ',
    });
    expect(message(noReason)).toMatch(/parameter reason/);
    expect(
      (await call('POST', `/api/runs/${run2022}/adjustments`, { toClass: 'A', reason: 'x' })).status,
    ).toBe(400);
    // E3 is not evaluated: its class cannot be adjusted
    expect(
      (await call('POST', `/api/runs/${run2022}/adjustments`, { uscc: E.E3, toClass: 'A', reason: 'x' }))
        .status,
    ).toBe(409);
    expect(
      (
        await call('POST', `/api/runs/${run2022}/adjustments`, {
          uscc: '91330402MA2A00009X',
          toClass: 'A',
          reason: 'x',
        })
      ).status,
    ).toBe(404);
  });

  it('turns pages on a remembered count that follows every change of the results', async () => {
    const nanhu = await testClient(store, 'county', { division: '330402', app: app.app });
    const total = async (q: string) =>
      (await call<C.ResultsPage>('GET', `/api/runs/${run2022}/results?${q}`)).body.total;
    const nanhuB = async () =>
      ((await (await nanhu.request(`/api/runs/${run2022}`)).json()) as C.RunView).summary!.classes.B;
    const revision = async () => (await call<C.RunView>('GET', `/api/runs/${run2022}`)).body.resultsRevision;
    // after the adjustment above E6 is B: 南湖区 has B 3 (E1, E2, E6), the city 4 (E8 in 秀洲区 too)
    const before = await revision();
    expect(await total('class=B&limit=1')).toBe(4);
    expect(await total('class=B&limit=1&offset=1&order=total')).toBe(4);
    expect(await nanhuB()).toBe(3);
    // an adjustment through the API: the next page's total and the county's summary follow it
    const back = await call('POST', `/api/runs/${run2022}/adjustments`, {
      uscc: E.E6,
      toClass: 'C',
      reason: '复核后恢复',
    });
    expect(back.status).toBe(201);
    expect(await revision()).toBe(before + 1);
    expect(await total('class=B&limit=1&offset=1')).toBe(3);
    expect(await total('class=C&limit=1')).toBe(2); // E6 and E5 (秀洲区, vetoed)
    expect(await nanhuB()).toBe(2);
    // a change by another writer (another process, a script in SQL): the trigger raises the revision
    await store.db.query(`UPDATE run_results SET adjusted_class = 'B' WHERE run_id = $1 AND uscc = $2`, [
      run2022,
      E.E6,
    ]);
    expect(await revision()).toBe(before + 2);
    expect(await total('class=B&limit=1&offset=2')).toBe(4);
    expect(await total('class=C&limit=1')).toBe(1);
    expect(await nanhuB()).toBe(3);
  });
});
