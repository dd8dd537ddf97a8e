/**
 * Issue 11, item 9: a job's result is scoped like every other read. A county operator who accepts an
 * objection polls the re-run job and is told its county's counts — 南湖区 has 6 of the fixture's 8
 * records — never the city's; the city analyst is told the city's. On PGlite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import type * as C from './contract/index.js';
import { clientFor, testAccount, testClient, type TestClient } from './testing.js';
import { E, loadWebFixture } from './web-fixture.js';

describeEachDatabase('job results in the viewer’s scope', ({ db }) => {
  let store: Store;
  let dir: string;
  let run2022: number;
  let analyst: TestClient;
  let nanhu: TestClient;
  let e6: TestClient;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-job-scope-'));
    store = await initStore(db());
    run2022 = (await loadWebFixture(store, dir)).y2022.runId;
    analyst = await testClient(store, 'analyst', { username: 'city' });
    nanhu = clientFor(
      analyst.app,
      await testAccount(store, 'county', { username: 'nanhu', division: '330402' }),
    );
    e6 = clientFor(analyst.app, await testAccount(store, 'enterprise', { username: 'e6', uscc: E.E6 }));
    const published = await analyst.request(`/api/runs/${run2022}/publish`, {
      method: 'POST',
      body: JSON.stringify({ noticeDays: 7 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(published.status).toBe(200);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tells the county operator its county’s records and graded enterprises of the re-run, the analyst the city’s', async () => {
    const fd = new FormData();
    fd.append('field', 'tax');
    fd.append('claimedValue', '120');
    fd.append('explanation', '见完税证明');
    const filed = await e6.request(`/api/runs/${run2022}/objections`, { method: 'POST', body: fd });
    expect(filed.status).toBe(201);
    const objection = (await filed.json()) as C.ObjectionView;
    const decided = await nanhu.request(`/api/objections/${objection.id}/decision`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept', reason: '完税证明属实' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(decided.status).toBe(200);
    const jobId = ((await decided.json()) as C.ObjectionDecisionResponse).job!.id;
    await jobsOf(store).idle();

    const job = (await (await nanhu.request(`/api/jobs/${jobId}`)).json()) as C.JobView<C.RunJobResult>;
    expect(job.state).toBe('done');
    const rerun = job.result!.runId;
    // what the re-run stored, counted by the database: the county's rows and the city's
    const [county] = await db().query<{ records: number; graded: number }>(
      `SELECT count(*)::int4 AS records, count(*) FILTER (WHERE status = 'graded')::int4 AS graded
       FROM run_results WHERE run_id = $1 AND division = '330402'`,
      [rerun],
    );
    const [city] = await db().query<{ records: number; graded: number }>(
      `SELECT count(*)::int4 AS records, count(*) FILTER (WHERE status = 'graded')::int4 AS graded
       FROM run_results WHERE run_id = $1`,
      [rerun],
    );
    // the fixture: 6 of 8 records are 南湖区's
    expect(county!.records).toBe(6);
    expect(city!.records).toBe(8);
    expect(county!.graded).toBeLessThan(city!.graded);
    expect(job.result).toEqual({ runId: rerun, records: 6, graded: county!.graded });
    // the list of jobs says the same
    const list = (await (await nanhu.request('/api/jobs')).json()) as { items: C.JobView<C.RunJobResult>[] };
    expect(list.items.find((j) => j.id === jobId)!.result).toEqual(job.result);
    // the city analyst sees the city's counts of the same job
    const cityJob = (await (await analyst.request(`/api/jobs/${jobId}`)).json()) as C.JobView<C.RunJobResult>;
    expect(cityJob.result).toEqual({ runId: rerun, records: 8, graded: city!.graded });
  });
});
