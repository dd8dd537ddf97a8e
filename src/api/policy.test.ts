/**
 * The policy endpoints through `app.request()` over a PGlite store holding a small demo city: policies,
 * applying one to a run (refused while unpublished unless a draft is asked for), the ledger as JSON and
 * XLSX, what-if, sensitivity as a job, and how to move up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, setRunPublishedAt } from '../db/index.js';
import { openTable, readSheetNames } from '../ingest/readers/index.js';
import { runDemo } from '../services/demo.service.js';
import { initStore, type Store } from '../services/store.js';
import { testClient, type TestClient } from './testing.js';
import type * as P from './contract/index.js';

let store: Store;
let dir: string;
let app: TestClient;
let runId: number;
const get = async <T>(url: string) => {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as T };
};
const post = async <T>(url: string, body: unknown) => {
  const res = await app.request(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-policy-api-'));
  store = await initStore(await openDatabase({ dataDir: ':memory:' }));
  const demo = await runDemo(store, { enterprises: 400, seed: 5, outDir: dir });
  runId = demo.stored.runId;
  app = await testClient(store);
});
afterAll(async () => {
  await store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('policy API', () => {
  it('lists the shipped policies and their schema', async () => {
    const { body } = await get<P.PolicyList>('/api/policies');
    expect(body.items.map((p) => p.id)).toContain('jiaxing-demo-2024');
    const schema = await get<{ $id: string }>('/api/policies/schema');
    expect(schema.body.$id).toBe('urn:mujun.policy/v1');
    const one = await get<P.PolicyDetail>('/api/policies/jiaxing-demo-2024');
    expect(one.body.text).toContain('schema: mujun.policy/v1');
    expect((await get('/api/policies/nope')).status).toBe(404);
  });

  it('validates an uploaded policy and says where it is wrong', async () => {
    const text = (await get<P.PolicyDetail>('/api/policies/jiaxing-demo-2024')).body.text;
    const res = await app.request('/api/policies/validate', {
      method: 'POST',
      body: text.replace('{ class: D, rate: 0.3 }', '{ class: D, rate: -0.3 }'),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as P.PolicyValidation;
    expect(body.issues[0]).toMatchObject({ rule: 'negative_rate', path: 'instruments[1].rules[1].rate' });
    expect(body.issues[0]!.line).toBeGreaterThan(1);
  });

  it('refuses to apply a policy to an unpublished run, unless a draft preview is asked for', async () => {
    const refused = await post<{ error: { code: string; message: string } }>(
      `/api/runs/${runId}/policy-applications`,
      { policy: 'jiaxing-demo-2024' },
    );
    expect(refused.status).toBe(409);
    // a code the page words itself; no command-line option or API field in the words
    expect(refused.body.error.code).toBe('run_not_published');
    expect(refused.body.error.message).toMatch(/尚未发布.*not published/);
    expect(refused.body.error.message).not.toMatch(/--draft|draft: true|API/);
    const draft = await post<P.PolicyApplicationView>(`/api/runs/${runId}/policy-applications`, {
      policy: 'jiaxing-demo-2024',
      draft: true,
      limit: 3,
    });
    expect(draft.status).toBe(201);
    expect(draft.body.draft).toBe(true);
    expect(draft.body.application?.draft).toBe(true);
    expect(draft.body.ledger.items).toHaveLength(3);
  });

  it('applies it to the published run: totals per county add up to the city', async () => {
    await setRunPublishedAt(store.db, runId, new Date('2024-04-01T00:00:00Z'));
    const { status, body } = await post<P.PolicyApplicationView>(`/api/runs/${runId}/policy-applications`, {
      policy: 'jiaxing-demo-2024',
    });
    expect(status).toBe(201);
    expect(body.draft).toBe(false);
    const { counties, city } = body.totals;
    expect(counties.map((c) => c.name)).toContain('海宁市');
    const sum = (k: keyof P.PolicyTotalsView) => counties.reduce((s, c) => s + (c[k] as number), 0);
    expect(sum('enterprises')).toBe(city.enterprises);
    expect(sum('reliefWan')).toBeCloseTo(city.reliefWan, 6);
    expect(sum('electricitySurchargeWan')).toBeCloseTo(city.electricitySurchargeWan, 6);
    expect(city.reliefWan).toBeGreaterThan(0);
    expect(body.ledger.total).toBe(city.enterprises);
    // read back: recomputed and checked against the stored hash
    const back = await get<P.PolicyApplicationView>(
      `/api/policy-applications/${body.application!.id}?class=D&limit=5`,
    );
    expect(back.body.verified).toBe(true);
    expect(back.body.totals).toEqual(body.totals);
    for (const r of back.body.ledger.items) expect(r.class).toBe('D');
    const list = await get<P.PolicyApplicationList>(`/api/runs/${runId}/policy-applications`);
    expect(list.body.items.length).toBe(2);
  });

  it('serves the ledger as XLSX, and a shipped policy computed on the fly', async () => {
    const res = await app.request(`/api/runs/${runId}/policy/jiaxing-demo-2024/ledger.xlsx?class=A`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('PK');
    const fly = await get<P.PolicyApplicationView>(
      `/api/runs/latest/policy/jiaxing-demo-2024?division=330481&limit=2&lang=en`,
    );
    expect(fly.body.application).toBeNull();
    for (const r of fly.body.ledger.items) expect(r.division).toBe('330481');
    expect(fly.body.ledger.items[0]!.items[0]!.basis).toMatch(/[a-z]/);
  });

  it('compares two methodologies on the same dataset', async () => {
    const { status, body } = await post<P.WhatIfView>('/api/whatif', {
      year: 2023,
      methodology: 'jiaxing-demo-2024',
      methodologyB: 'huangyan-2023',
      limit: 5,
    });
    expect(status).toBe(200);
    const all = body.transition.counts.flat().reduce((s, x) => s + x, 0);
    expect(all).toBe(body.records);
    const diagonal = body.transition.counts.reduce((s, row, k) => s + row[k]!, 0);
    expect(body.changedCount).toBe(all - diagonal);
    expect(body.hardestHit.length).toBeLessThanOrEqual(5);
    expect(body.fiscal.counties.length).toBeGreaterThan(1);
  });

  it('runs a sensitivity analysis as a job', async () => {
    const { status, body } = await post<P.SensitivityAccepted>('/api/sensitivity', {
      run: runId,
      draws: 6,
      seed: 2,
      weights: 0.1,
      data: 0.05,
    });
    expect(status).toBe(202);
    let job = body.job;
    for (let k = 0; k < 200 && job.state !== 'done' && job.state !== 'failed'; k++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await get<P.SensitivityJobView>(`/api/jobs/${job.id}`)).body;
    }
    expect(job.state).toBe('done');
    expect(job.kind).toBe('sensitivity');
    expect(job.result!.draws).toBe(6);
    expect(job.result!.graded).toBeGreaterThan(0);
    const bad = await post<{ error: { message: string } }>('/api/sensitivity', {
      draws: 5,
      weights: 2,
      data: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/weights/);
  });

  it('says how a C enterprise moves up: past the last B of its ranking unit (or that a veto keeps it down)', async () => {
    const page = await get<{ items: { uscc: string }[] }>(
      `/api/runs/${runId}/results?class=C&limit=40&order=rank`,
    );
    const seen = new Set<string>();
    for (const { uscc } of page.body.items) {
      const { status, body } = await get<P.MoveUpView>(`/api/runs/${runId}/enterprises/${uscc}/move-up`);
      expect(status).toBe(200);
      const m = body.moveUp!;
      expect(m.currentClass).toBe('C');
      seen.add(m.status);
      if (m.status === 'blocked_by_veto') {
        // its rules' total would make it better than C: a veto (safety or environment) holds it at C
        expect(m.vetoes).toEqual(['safety_or_environment']);
        expect(m.noSingleInput).toBe(true);
        continue;
      }
      expect(m.status).toBe('ok');
      expect(m.target).toMatchObject({ class: 'B', strict: true });
      expect(m.total).toBeLessThanOrEqual(m.target!.total);
      for (const o of m.options.filter((x) => x.reason === 'ok'))
        expect(o.totalAfter!).toBeGreaterThan(m.target!.total);
    }
    expect(seen.has('ok')).toBe(true);
    const bad = await app.request(
      `/api/runs/${runId}/enterprises/${page.body.items[0]!.uscc}/move-up?fields=water`,
    );
    expect(bad.status).toBe(400);
  });
  it('issue 11 #25: storing the same application again answers the stored one (200, existing: true)', async () => {
    const first = await post<P.PolicyApplicationView>(`/api/runs/${runId}/policy-applications`, {
      policy: 'jiaxing-demo-2024',
      limit: 0,
    });
    // the published run's application was stored by the test above: this is a repeat
    expect(first.status).toBe(200);
    expect(first.body.existing).toBe(true);
    const again = await post<P.PolicyApplicationView>(`/api/runs/${runId}/policy-applications`, {
      policy: 'jiaxing-demo-2024',
      limit: 0,
    });
    expect(again.status).toBe(200);
    expect(again.body.application!.id).toBe(first.body.application!.id);
    const list = await get<P.PolicyApplicationList>(`/api/runs/${runId}/policy-applications`);
    const published = list.body.items.filter((a) => !a.draft);
    expect(published).toHaveLength(1);
    expect(published[0]!.id).toBe(first.body.application!.id);
  });

  it('issue 11 #23, #26: the ledger names the counties and leaves out what cannot be computed', async () => {
    const { body } = await get<P.PolicyApplicationView>(
      `/api/runs/${runId}/policy/jiaxing-demo-2024?limit=1000`,
    );
    expect(body.countyNames['330402']).toBe('南湖区');
    for (const r of body.ledger.items) expect(body.countyNames[r.division!]).toBeTruthy();
    // an enterprise without emissions: its emission quota is no figure (not 0), and the basis says why
    const lacking = body.ledger.items.find((r) =>
      r.items.some((i) => i.kind === 'emission_quota' && i.amount === null),
    );
    expect(lacking).toBeDefined();
    expect(lacking!.emissionT).toBeNull();
    expect(lacking!.items.find((i) => i.kind === 'emission_quota')!.basis).toMatch(/缺少.*无法计算/);
  });

  it('issue 11 #29: what-if on the run: says which run and dataset, pages the changes, exports them all', async () => {
    const one = await post<P.WhatIfView>('/api/whatif', {
      run: runId,
      methodologyB: 'huangyan-2023',
      limit: 5,
    });
    expect(one.status).toBe(200);
    expect(one.body.run).toMatchObject({ id: runId, year: 2023 });
    expect(one.body.a.methodology).toBe('jiaxing-demo-2024');
    expect(one.body.changedCount).toBeGreaterThan(10);
    const two = await post<P.WhatIfView>('/api/whatif', {
      run: runId,
      methodologyB: 'huangyan-2023',
      limit: 5,
      offset: 5,
    });
    expect(two.body.changedOffset).toBe(5);
    expect(two.body.changed).toHaveLength(5);
    expect(two.body.changed.map((c) => c.uscc)).not.toContain(one.body.changed[0]!.uscc);
    // the two lists are not the same list
    expect(one.body.changed.map((c) => c.uscc)).not.toEqual(one.body.hardestHit.map((c) => c.uscc));
    const res = await app.request('/api/whatif', {
      method: 'POST',
      body: JSON.stringify({ run: runId, methodologyB: 'huangyan-2023', format: 'xlsx' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const file = path.join(dir, 'whatif.xlsx');
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    expect(await readSheetNames(file)).toEqual(['说明', '等级变化企业', '受影响最大', '财政影响']);
    const t = await openTable(file, { sheet: '等级变化企业' });
    let rows = 0;
    for await (const r of t.rows) if (r.cells.some((c) => c !== null && c !== '')) rows++;
    expect(rows - 1).toBe(one.body.changedCount);
    const bad = await post<{ error: { code: string } }>('/api/whatif', { run: runId, format: 'pdf' });
    expect(bad.status).toBe(400);
  });

  it('checks requests against the definitions: each bad part a 400 naming it in both languages', async () => {
    type Err = { error: { code: string; message: string } };
    const named = (r: { status: number; body: unknown }, part: RegExp) => {
      expect(r.status).toBe(400);
      const { error } = r.body as Err;
      expect(error.code).toBe('invalid');
      expect(error.message).toMatch(/[\u4e00-\u9fff].* \/ /);
      expect(error.message).toMatch(part);
    };
    // a body gives a shipped policy or a policy file's text
    named(await post(`/api/runs/${runId}/policy-applications`, { limit: 0 }), /body field policy: /);
    named(
      await post(`/api/runs/${runId}/policy-applications`, { policy: 'jiaxing-demo-2024', save: 'yes' }),
      /body field save: /,
    );
    named(await post('/api/whatif', { run: runId, format: 'pdf' }), /body field format: .*"json" \| "xlsx"/);
    named(await post('/api/whatif', { run: '0x5' }), /body field run: /);
    named(
      await post('/api/sensitivity', { draws: 5, weights: 0.1, data: 0, dataFields: ['water'] }),
      /dataFields/,
    );
    // whole numbers as numbers or decimal digits, as before
    const page = await post<P.WhatIfView>('/api/whatif', { run: String(runId), limit: '2' });
    expect(page.status).toBe(200);
    expect(page.body.changed.length).toBeLessThanOrEqual(2);
    // the query of a ledger: a class, a six-digit county, a flag, a page within bounds
    for (const [q, name] of [
      ['class=E', 'class'],
      ['division=33', 'division'],
      ['affected=yes', 'affected'],
      ['limit=1001', 'limit'],
      ['lang=fr', 'lang'],
    ])
      named(
        await get(`/api/runs/${runId}/policy/jiaxing-demo-2024?${q}`),
        new RegExp(`query parameter ${name}: `),
      );
    const affected = await get<P.PolicyApplicationView>(
      `/api/runs/${runId}/policy/jiaxing-demo-2024?affected=1&limit=1000`,
    );
    expect(affected.body.ledger.items.every((r) => r.items.some((i) => i.amount !== 0))).toBe(true);
    // path parameters: a run is `latest` or decimal digits; an unknown field of move-up is named
    named(await get('/api/runs/0x1/policy-applications'), /path parameter run: /);
    named(await get(`/api/runs/${runId}/enterprises/x/move-up?fields=tax,water`), /query parameter fields: /);
  });

  it('is described in the OpenAPI document: the file-text body of validate, the statuses of apply', async () => {
    const doc = (
      await get<{ paths: Record<string, Record<string, Record<string, unknown>>> }>('/api/openapi.json')
    ).body;
    const validate = doc.paths['/api/policies/validate']!.post! as { requestBody: { content: object } };
    expect(Object.keys(validate.requestBody.content)).toEqual(['application/yaml', 'application/json']);
    const apply = doc.paths['/api/runs/{run}/policy-applications']!.post! as { responses: object };
    expect(Object.keys(apply.responses)).toContain('201');
    expect(doc.paths['/api/runs/{run}/enterprises/{uscc}/move-up']!.get!['x-roles']).toEqual([
      'analyst',
      'county',
      'enterprise',
      'leader',
    ]);
  });
});
