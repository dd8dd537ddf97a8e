/**
 * The contract of runs, enterprises and jobs (contract/runs.ts, enterprises.ts, jobs.ts): its lists of
 * values are the repository's, its query rules parse what the web sends (comma lists with blanks,
 * decimal numbers) and refuse the rest with a 400 naming the parameter, and POST /api/runs still says
 * where its job is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_FLAG_BITS, RESULT_ORDERS } from '../db/index.js';
import { openDatabase } from '../db/index.js';
import { CLASS_KEYS } from '../services/runs.service.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import type * as C from './contract/index.js';
import { classKey, intQuery, listQuery, resultFlag, resultOrder, runEndpoints } from './contract/index.js';
import { testClient, type TestClient } from './testing.js';
import { E, loadWebFixture } from './web-fixture.js';

describe('the runs contract', () => {
  it('lists the same flags, orders and class keys as the repository and the service', () => {
    expect([...resultFlag.options]).toEqual(Object.keys(RESULT_FLAG_BITS));
    expect([...resultOrder.options].sort()).toEqual([...RESULT_ORDERS].sort());
    expect([...classKey.options]).toEqual([...CLASS_KEYS]);
  });

  it('reads a comma list with blanks and empty items, and refuses an unknown item', () => {
    const classes = listQuery(['A', 'B', 'C', 'D', 'none'], 'classes');
    expect(classes.parse(' A , none,,')).toEqual(['A', 'none']);
    expect(classes.parse(',')).toBeUndefined();
    expect(classes.parse(undefined)).toBeUndefined();
    expect(classes.safeParse('A,E').success).toBe(false);
    expect(classes.safeParse('AB').success).toBe(false);
    const divisions = listQuery(/\d{6}/, 'codes');
    expect(divisions.parse('330402, 330411')).toEqual(['330402', '330411']);
    expect(divisions.safeParse('3304').success).toBe(false);
    // a long hostile value is refused at once (the pattern does not backtrack)
    expect(divisions.safeParse(`${' '.repeat(50_000)}x`).success).toBe(false);
  });

  it('reads whole numbers in decimal digits within their bounds only', () => {
    const n = intQuery(1, 1000);
    expect(n.parse('007')).toBe(7);
    for (const bad of ['0', '1001', '-1', '0x2', ' 2', '2e0', '+2', '2.0', '1_0'])
      expect(n.safeParse(bad).success, bad).toBe(false);
    const q = runEndpoints.results.query;
    expect(q.parse({})).toMatchObject({ limit: 50, offset: 0 });
  });
});

describe('runs, enterprises and jobs through the API', () => {
  let store: Store;
  let dir: string;
  let run2021: number;
  let run2022: number;
  let app: TestClient;
  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const res = await app.request(url);
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-runs-contract-'));
    store = await initStore(await openDatabase({ dataDir: ':memory:' }));
    const runs = await loadWebFixture(store, dir);
    run2021 = runs.y2021.runId;
    run2022 = runs.y2022.runId;
    app = await testClient(store);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('filters the table by a class list written with blanks, as by the list without them', async () => {
    const spaced = await get<C.ResultsPage>(
      `/api/runs/${run2022}/results?class=${encodeURIComponent(' B , C ,')}`,
    );
    const plain = await get<C.ResultsPage>(`/api/runs/${run2022}/results?class=B,C`);
    expect(spaced.status).toBe(200);
    expect(spaced.body.total).toBeGreaterThan(0);
    expect(spaced.body.items.map((r) => r.uscc)).toEqual(plain.body.items.map((r) => r.uscc));
    expect(spaced.body.items.every((r) => r.adjustedClass === 'B' || r.adjustedClass === 'C')).toBe(true);
    // an empty list is no filter
    expect((await get<C.ResultsPage>(`/api/runs/${run2022}/results?class=,`)).body.total).toBe(
      (await get<C.ResultsPage>(`/api/runs/${run2022}/results`)).body.total,
    );
  });

  it('refuses a language, a comparison class, a job id and a cockpit size outside their rules, naming them', async () => {
    for (const [url, name] of [
      [`/api/runs/${run2022}/enterprises/${E.E1}?lang=fr`, 'lang'],
      [`/api/enterprises/${E.E1}?lang=fr`, 'lang'],
      [`/api/enterprises/${E.E1}?year=22`, 'year'],
      [`/api/runs/${run2021}/compare/${run2022}?to=A,Z`, 'to'],
      [`/api/runs/${run2021}/compare/${run2022}?division=3304`, 'division'],
      [`/api/runs/${run2022}/cockpit?size=101`, 'size'],
      ['/api/jobs/1', 'id'],
      ['/api/runs/latest%20/counties', 'run'],
    ] as const) {
      const r = await get<C.ApiError>(url);
      expect(r.status, url).toBe(400);
      expect(r.body.error.message, url).toMatch(
        new RegExp(`^(查询参数|路径参数) ${name}：.* / (query|path) parameter ${name}: `),
      );
    }
    // an empty value is an absent one
    expect((await get(`/api/runs/${run2022}/cockpit?size=&group=`)).status).toBe(200);
    expect((await get(`/api/runs/${run2022}/enterprises/${E.E1}?lang=`)).status).toBe(200);
  });

  it('answers a started run with 202, the job and where to follow it', async () => {
    const res = await app.request('/api/runs', {
      method: 'POST',
      body: JSON.stringify({ methodology: 'jiaxing-demo-2024', year: 2022 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as C.JobAccepted<C.RunJobResult>;
    expect(res.headers.get('location')).toBe(`/api/jobs/${job.id}`);
    await jobsOf(store).idle();
    const done = await get<C.JobView<C.RunJobResult>>(`/api/jobs/${job.id}`);
    expect(done.body).toMatchObject({ kind: 'run', state: 'done', result: { records: 8 } });
    // a year as decimal digits is the year (the same run again: 409 with it); other writings are refused
    const post = (year: unknown) =>
      app.request('/api/runs', {
        method: 'POST',
        body: JSON.stringify({ methodology: 'jiaxing-demo-2024', year }),
        headers: { 'content-type': 'application/json' },
      });
    const again = await post('2022');
    expect(again.status).toBe(409);
    expect(((await again.json()) as C.RepeatRunConflict).run.id).toBe(done.body.result!.runId);
    for (const year of ['MMXXII', '0x7e6', '2022.0', 2022.5, true, 1999]) {
      const bad = await post(year);
      expect(bad.status, String(year)).toBe(400);
      expect(((await bad.json()) as C.ApiError).error.message).toMatch(
        /^请求体字段 year：.* \/ body field year: /,
      );
    }
  });
});
