/**
 * The authorisation matrix (ADR 0011, 0016), on PGlite and PostgreSQL: every endpoint of the contract
 * (`ENDPOINTS`, the list the middleware's table is made from), called as nobody and as every role,
 * answers as this file's own table says (the expected answers are written here by hand, not read from
 * the definitions, so that a change of the policy must change this specification too; a definition
 * without its row here fails); and what the
 * scoped roles are answered — JSON and XLSX alike — holds no enterprise of another county (or, for an
 * enterprise, of anybody else), with counts that are those of their own rows.
 *
 * The city (web-fixture.ts): 2022 has 8 records, 6 in 南湖区 330402 (E1, E2, E3, E4, E6, E7) and 2 in
 * 秀洲区 330411 (E5, E8); graded are E1 B, E2 B, E6 C (南湖区) and E5 C (vetoed), E8 B (秀洲区).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getRun } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { openTable, readSheetNames } from '../ingest/readers/index.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import type * as C from './contract/index.js';
import { ENDPOINTS, routeKey } from './contract/index.js';
import { clientFor, testAccount, testClient, type TestClient } from './testing.js';
import { E, loadWebFixture } from './web-fixture.js';

type Who = 'anonymous' | 'analyst' | 'nanhu' | 'xiuzhou' | 'enterprise' | 'leader';
const ROLES: Exclude<Who, 'anonymous'>[] = ['analyst', 'nanhu', 'xiuzhou', 'enterprise', 'leader'];

/**
 * Who may call what: `public`, or the roles as letters — A analyst, C county operator (both counties),
 * E enterprise, L leader.
 */
const MATRIX: Record<string, string> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'ACEL',
  'POST /api/auth/password': 'ACEL',
  'GET /api/users': 'A',
  'POST /api/users': 'A',
  'PATCH /api/users/:username': 'A',
  'GET /api/tokens': 'A',
  'DELETE /api/tokens/:id': 'A',
  'GET /api/reference/divisions': 'ACEL',
  'GET /api/reference/industries': 'ACEL',
  'GET /api/methodologies': 'ACEL',
  'GET /api/methodologies/schema': 'ACEL',
  'GET /api/methodologies/:id': 'ACEL',
  'GET /api/methodologies/:id/rules': 'ACEL',
  'GET /api/methodologies/:id/tests': 'ACEL',
  'POST /api/methodologies/validate': 'A',
  'GET /api/policies': 'ACEL',
  'GET /api/policies/schema': 'ACEL',
  'GET /api/policies/:id': 'ACEL',
  'POST /api/policies/validate': 'A',
  'GET /api/runs': 'ACEL',
  'POST /api/runs': 'A',
  'GET /api/runs/:run': 'ACEL',
  'POST /api/runs/:run/publish': 'A',
  'GET /api/runs/:run/adjustments': 'ACL',
  'POST /api/runs/:run/adjustments': 'A',
  'GET /api/runs/:run/counties': 'ACL',
  'GET /api/runs/:run/results': 'ACL',
  'GET /api/runs/:run/results.xlsx': 'ACL',
  'GET /api/runs/:run/cockpit': 'ACL',
  'GET /api/runs/:a/compare/:b': 'ACL',
  'GET /api/runs/:run/enterprises/:uscc': 'ACEL',
  'GET /api/runs/:run/enterprises/:uscc/move-up': 'ACEL',
  'GET /api/enterprises/:uscc': 'ACEL',
  'GET /api/jobs': 'ACL',
  'GET /api/jobs/:id': 'ACL',
  'POST /api/imports': 'A',
  'POST /api/imports/preview': 'A',
  'POST /api/imports/:token/commit': 'A',
  'DELETE /api/imports/:token': 'A',
  'GET /api/imports/:token/rejections.xlsx': 'A',
  'GET /api/datasets': 'AL',
  'GET /api/datasets/:id': 'AL',
  'GET /api/datasets/:id/rejections': 'AL',
  'GET /api/datasets/:id/rejections.xlsx': 'AL',
  'POST /api/runs/:run/policy-applications': 'A',
  'GET /api/runs/:run/policy-applications': 'ACL',
  'GET /api/policy-applications/:id': 'ACL',
  'GET /api/policy-applications/:id/ledger.xlsx': 'ACL',
  'GET /api/runs/:run/policy/:policyId': 'ACL',
  'GET /api/runs/:run/policy/:policyId/ledger.xlsx': 'ACL',
  'POST /api/whatif': 'AL',
  'POST /api/sensitivity': 'A',
  'GET /api/objections': 'ACEL',
  'GET /api/objections/:id': 'ACEL',
  'GET /api/objections/:id/evidence/:seq': 'ACEL',
  'POST /api/runs/:run/objections': 'E',
  'POST /api/objections/:id/decision': 'AC',
  'GET /api/objections/:id/decision-preview': 'AC',
  'GET /api/audit': 'A',
  'GET /api/audit.xlsx': 'A',
};

const LETTER: Record<Exclude<Who, 'anonymous'>, string> = {
  analyst: 'A',
  nanhu: 'C',
  xiuzhou: 'C',
  enterprise: 'E',
  leader: 'L',
};

/** The fixture's enterprises: code, name and county (what must not cross a county). */
const FIRMS: { uscc: string; name: string; division: string }[] = [
  { uscc: E.E1, name: '南湖甲光伏科技有限公司', division: '330402' },
  { uscc: E.E2, name: '南湖乙金属制品有限公司', division: '330402' },
  { uscc: E.E3, name: '南湖丙百货有限公司', division: '330402' },
  { uscc: E.E4, name: '南湖丁光伏有限公司', division: '330402' },
  { uscc: E.E6, name: '南湖己五金有限公司', division: '330402' },
  { uscc: E.E7, name: '南湖庚新能源有限公司', division: '330402' },
  { uscc: E.E5, name: '秀洲戊光伏科技有限公司', division: '330411' },
  { uscc: E.E8, name: '秀洲辛机械有限公司', division: '330411' },
];

/** What each scoped caller must never be answered: the codes and names of the others' enterprises. */
const FOREIGN: Partial<Record<Who, string[]>> = {
  nanhu: FIRMS.filter((f) => f.division !== '330402').flatMap((f) => [f.uscc, f.name]),
  xiuzhou: FIRMS.filter((f) => f.division !== '330411').flatMap((f) => [f.uscc, f.name]),
  // E6 rents from E1: its landlord's code is in its own record (tenant_of), nothing else of E1
  enterprise: FIRMS.filter((f) => f.uscc !== E.E6).flatMap((f) =>
    f.uscc === E.E1 ? [f.name] : [f.uscc, f.name],
  ),
};

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describeEachDatabase('authorisation matrix', ({ db }) => {
  let store: Store;
  let dir: string;
  let run2021: number;
  let run2022: number;
  let datasetId: number;
  let applicationId: number;
  let objectionId: number;
  let jobId: string;
  const as = {} as Record<Exclude<Who, 'anonymous'>, TestClient>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-matrix-'));
    store = await initStore(db());
    const runs = await loadWebFixture(store, dir);
    run2021 = runs.y2021.runId;
    run2022 = runs.y2022.runId;
    datasetId = (await getRun(db(), run2022))!.datasetId;
    as.analyst = await testClient(store, 'analyst', { username: 'city' });
    const app = as.analyst.app;
    as.nanhu = clientFor(app, await testAccount(store, 'county', { username: 'nanhu', division: '330402' }));
    as.xiuzhou = clientFor(
      app,
      await testAccount(store, 'county', { username: 'xiuzhou', division: '330411' }),
    );
    as.enterprise = clientFor(app, await testAccount(store, 'enterprise', { username: 'e6', uscc: E.E6 }));
    as.leader = clientFor(app, await testAccount(store, 'leader', { username: 'boss' }));
    const post = (c: TestClient, url: string, body: unknown) =>
      c.request(url, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    expect((await post(as.analyst, `/api/runs/${run2022}/publish`, { noticeDays: 7 })).status).toBe(200);
    const applied = await post(as.analyst, `/api/runs/${run2022}/policy-applications`, {
      policy: 'jiaxing-demo-2024',
    });
    expect(applied.status).toBe(201);
    applicationId = ((await applied.json()) as { application: { id: number } }).application.id;
    const fd = new FormData();
    fd.append('field', 'tax');
    fd.append('claimedValue', '30');
    fd.append('explanation', '见完税证明');
    fd.append('evidence', new File([PDF], 'proof.pdf'));
    const filed = await as.enterprise.request(`/api/runs/${run2022}/objections`, {
      method: 'POST',
      body: fd,
    });
    expect(filed.status).toBe(201);
    objectionId = ((await filed.json()) as C.ObjectionView).id;
    // an identical repeat of the fixture's 2021 run: confirmed (force), else 409 (issue 11 item 30)
    const started = await post(as.analyst, '/api/runs', {
      methodology: 'huangyan-2023',
      year: 2021,
      force: true,
    });
    expect(started.status).toBe(202);
    jobId = ((await started.json()) as C.JobAccepted).job.id;
    await jobsOf(store).idle();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A concrete address for a route pattern. */
  const urlOf = (pattern: string): string =>
    pattern
      .replace(':run', String(run2022))
      .replace(':a', String(run2021))
      .replace(':b', String(run2022))
      .replace(':uscc', E.E6)
      .replace(':policyId', 'jiaxing-demo-2024')
      .replace(':token', 'a'.repeat(32))
      .replace(':username', 'boss')
      .replace(':seq', '1')
      .replace(
        ':id',
        pattern.startsWith('/api/datasets')
          ? String(datasetId)
          : pattern.startsWith('/api/policy-applications')
            ? String(applicationId)
            : pattern.startsWith('/api/objections')
              ? String(objectionId)
              : pattern.startsWith('/api/jobs')
                ? jobId
                : pattern.startsWith('/api/tokens')
                  ? '999999'
                  : pattern.startsWith('/api/methodologies')
                    ? 'huangyan-2023'
                    : 'jiaxing-demo-2024',
      );

  /** A request that passes the gate but changes nothing: an empty (invalid) body. */
  const call = (who: Who, method: string, url: string): Promise<Response> => {
    const multipart = /\/imports(\/preview)?$|\/objections$/.test(url) && method === 'POST';
    const init: RequestInit = {
      method,
      ...(method === 'GET' || method === 'DELETE'
        ? {}
        : multipart
          ? { body: new FormData() }
          : { body: '{}', headers: { 'content-type': 'application/json' } }),
    };
    return Promise.resolve(
      who === 'anonymous' ? as.analyst.app.request(url, init) : as[who].request(url, init),
    );
  };

  /** The text of a response, XLSX sheets included, for the leak checks. */
  async function bodyText(res: Response): Promise<string> {
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('spreadsheetml')) {
      const file = path.join(dir, `x-${Math.random().toString(36).slice(2)}.xlsx`);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const out: string[] = [];
      for (const sheet of await readSheetNames(file))
        for await (const r of (await openTable(file, { sheet })).rows)
          out.push(r.cells.map((c) => String(c ?? '')).join('\t'));
      return out.join('\n');
    }
    if (type.includes('json') || type.startsWith('text/')) return res.text();
    return '';
  }

  /** The routes walked: every endpoint the contract defines. */
  const DEFINED = ENDPOINTS.map(routeKey);

  it('specifies every defined endpoint, and nothing else; every registered route is defined', () => {
    expect(DEFINED.filter((r) => !(r in MATRIX))).toEqual([]); // a definition without its expectation
    expect(Object.keys(MATRIX).filter((r) => !DEFINED.includes(r))).toEqual([]);
    const registered = as.analyst.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path}`);
    expect(new Set(registered)).toEqual(new Set(DEFINED));
  });

  it('answers every endpoint as the matrix says, for nobody and for every role, and leaks nothing across counties', async () => {
    const problems: string[] = [];
    for (const route of DEFINED) {
      const access = MATRIX[route];
      if (access === undefined) {
        problems.push(`${route}: defined, but no expectation in MATRIX`);
        continue;
      }
      const [method, pattern] = route.split(' ') as [string, string];
      const url = urlOf(pattern);
      for (const who of ['anonymous', ...ROLES] as Who[]) {
        const res = await call(who, method, url);
        const allowed = access === 'public' || (who !== 'anonymous' && access.includes(LETTER[who]));
        const expected = allowed ? 'allowed' : who === 'anonymous' ? 401 : 403;
        const ok = allowed
          ? res.status !== 401 && res.status !== 403 && res.status < 500
          : res.status === expected;
        if (!ok) problems.push(`${route} as ${who}: ${res.status}, expected ${expected}`);
        const text = await bodyText(res);
        if (!allowed && text.includes('"items"')) problems.push(`${route} as ${who}: a refusal with data`);
        if (res.ok)
          for (const foreign of FOREIGN[who] ?? [])
            if (text.includes(foreign)) problems.push(`${route} as ${who}: answer holds ${foreign}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('counts a county’s rows only, in every count, chart and export', async () => {
    const get = async <T>(who: Exclude<Who, 'anonymous'>, url: string) =>
      (await (await as[who].request(url)).json()) as T;
    for (const [who, division, records, graded] of [
      ['nanhu', '330402', 6, 3],
      ['xiuzhou', '330411', 2, 2],
      ['analyst', null, 8, 5],
    ] as const) {
      const run = await get<C.RunView>(who, `/api/runs/${run2022}`);
      expect(run.summary, who).toMatchObject({ records, byStatus: { graded } });
      const results = await get<C.ResultsPage>(who, `/api/runs/${run2022}/results?limit=100`);
      expect(results.total, who).toBe(records);
      // a county asking for the other county gets nothing
      const other = await get<C.ResultsPage>(
        who,
        `/api/runs/${run2022}/results?division=${division === '330402' ? '330411' : '330402'}`,
      );
      expect(other.total, who).toBe(division === null ? 6 : 0);
      const counties = await get<C.CountiesResponse>(who, `/api/runs/${run2022}/counties`);
      expect(
        counties.counties.reduce((s, c) => s + c.graded, 0),
        who,
      ).toBe(graded);
      if (division) expect(counties.counties.map((c) => c.division)).toEqual([division]);
      const k = await get<C.Cockpit>(who, `/api/runs/${run2022}/cockpit`);
      expect(k.classes.city.graded, who).toBe(graded);
      expect(k.coverage.records, who).toBe(records);
      if (division) {
        expect(k.classes.counties.map((c) => c.division)).toEqual([division]);
        expect(k.perMu.counties.map((c) => c.division)).toEqual([division]);
        for (const e of [...k.top.items, ...k.bottom.items]) expect(e.division).toBe(division);
      }
      const ledger = await get<{ ledger: { total: number }; totals: { counties: { division: string }[] } }>(
        who,
        `/api/policy-applications/${applicationId}`,
      );
      expect(ledger.ledger.total, who).toBe(graded);
      if (division) expect(ledger.totals.counties.map((c) => c.division)).toEqual([division]);
      // the export: a header and one row per record of the county
      const x = await as[who].request(`/api/runs/${run2022}/results.xlsx`);
      const file = path.join(dir, `${who}.xlsx`);
      writeFileSync(file, Buffer.from(await x.arrayBuffer()));
      let rows = 0;
      for await (const _ of (await openTable(file)).rows) rows++;
      expect(rows - 1, who).toBe(records);
    }
  });

  it('shows an enterprise its own published results and objections only', async () => {
    const runs = (await (await as.enterprise.request('/api/runs')).json()) as C.RunList;
    expect(runs.items.map((r) => r.id)).toEqual([run2022]); // 2021 is a draft; so is the job's re-run
    expect(runs.items[0]!.summary).toMatchObject({ records: 1 });
    for (const url of [
      `/api/runs/${run2021}`,
      `/api/runs/${run2022}/enterprises/${E.E2}`,
      `/api/enterprises/${E.E5}`,
    ])
      expect((await as.enterprise.request(url)).status, url).toBe(404);
    expect((await as.xiuzhou.request(`/api/objections/${objectionId}`)).status).toBe(404);
    expect(((await (await as.xiuzhou.request('/api/objections')).json()) as C.ObjectionList).total).toBe(0);
    expect(((await (await as.nanhu.request('/api/objections')).json()) as C.ObjectionList).total).toBe(1);
  });
});
