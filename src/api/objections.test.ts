/**
 * Objections (异议) over HTTP, on PGlite and PostgreSQL, over the hand-computed city of web-fixture.ts
 * (huangyan-2023; below-scale score = 50 · tax per 亩 / 11.5932 + 50 · tax per 万kWh / 0.2352; quotas per
 * county and group: of two firms, rank 1 is B and rank 2 is C).
 *
 * E6 (南湖区, below scale, land 5 亩, tax 20 万元, electricity 100 万kWh) scores 50·4/11.5932 +
 * 50·0.2/0.2352 = 59.768 and is rank 2 of 2 → C. It objects that its tax was 120: 50·24/11.5932 +
 * 50·1.2/0.2352 = 103.509 + 255.102 = 358.611, rank 1 → B, and E2 (77.020) drops to rank 2 → C.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getDataset, listAudit } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import type * as C from './contract/index.js';
import { clientFor, testAccount, testClient, type TestClient } from './testing.js';
import { E, loadWebFixture } from './web-fixture.js';

const PDF = new TextEncoder().encode('%PDF-1.4\n% 完税证明\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]);

describeEachDatabase('objections', ({ db }) => {
  let store: Store;
  let dir: string;
  let run2022: number;
  let analyst: TestClient;
  let e6: TestClient;
  let e2: TestClient;
  let nanhu: TestClient;
  let xiuzhou: TestClient;
  let leader: TestClient;
  let e6Objection: C.ObjectionView;
  let e2Objection: C.ObjectionView;

  const json = async <T>(r: Response) => ({ status: r.status, body: (await r.json()) as T });
  const form = (fields: Record<string, string>, files: { name: string; data: Uint8Array }[] = []) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    for (const f of files) fd.append('evidence', new File([f.data], f.name));
    return fd;
  };
  const file = (
    client: TestClient,
    fields: Record<string, string>,
    files: { name: string; data: Uint8Array }[] = [],
  ) => client.request(`/api/runs/${run2022}/objections`, { method: 'POST', body: form(fields, files) });
  const decide = (client: TestClient, id: number, body: unknown) =>
    client.request(`/api/objections/${id}/decision`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-objections-'));
    store = await initStore(db());
    run2022 = (await loadWebFixture(store, dir)).y2022.runId;
    analyst = await testClient(store, 'analyst', { username: 'city' });
    const app = analyst.app;
    e6 = clientFor(app, await testAccount(store, 'enterprise', { username: 'e6', uscc: E.E6 }));
    e2 = clientFor(app, await testAccount(store, 'enterprise', { username: 'e2', uscc: E.E2 }));
    nanhu = clientFor(app, await testAccount(store, 'county', { username: 'nanhu', division: '330402' }));
    xiuzhou = clientFor(app, await testAccount(store, 'county', { username: 'xiuzhou', division: '330411' }));
    leader = clientFor(app, await testAccount(store, 'leader', { username: 'boss' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows an enterprise nothing of a draft run, and nothing of other enterprises', async () => {
    expect((await json<C.RunList>(await e6.request('/api/runs'))).body.items).toEqual([]);
    expect((await e6.request(`/api/runs/${run2022}`)).status).toBe(404);
    expect((await e6.request(`/api/runs/${run2022}/enterprises/${E.E6}`)).status).toBe(404);
    const r = await file(e6, { field: 'tax', claimedValue: '120', explanation: '见完税证明' }, [
      { name: 'a.pdf', data: PDF },
    ]);
    expect(r.status).toBe(404); // a draft is "no such run" for an enterprise
    // the analyst publishes it for public notice
    const p = await analyst.request(`/api/runs/${run2022}/publish`, {
      method: 'POST',
      body: JSON.stringify({ noticeDays: 7 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(p.status).toBe(200);
    const runs = (await json<C.RunList>(await e6.request('/api/runs'))).body.items;
    expect(runs.map((x) => x.id)).toEqual([run2022]);
    // its summary counts are its own: one record, graded, class C
    expect(runs[0]!.summary).toMatchObject({
      records: 1,
      byStatus: { graded: 1 },
      classes: { A: 0, B: 0, C: 1, D: 0 },
    });
    expect(runs[0]!.summary!.cells).toEqual([]);
    expect((await e6.request(`/api/enterprises/${E.E6}`)).status).toBe(200);
    expect((await e6.request(`/api/enterprises/${E.E1}`)).status).toBe(404);
    expect((await e6.request(`/api/runs/${run2022}/enterprises/${E.E1}`)).status).toBe(404);
    expect((await e6.request(`/api/runs/${run2022}/results`)).status).toBe(403);
  });

  it('lets an enterprise object to its figure during the notice, with evidence', async () => {
    const r = await json<C.ObjectionView>(
      await file(
        e6,
        { field: 'tax', claimedValue: '120', explanation: '2022 年实缴税金为 120 万元，见完税证明。' },
        [
          { name: '../../etc/完税证明<script>.pdf', data: PDF },
          { name: 'C:\\Users\\a\\发票.png', data: PNG },
        ],
      ),
    );
    expect(r.status).toBe(201);
    e6Objection = r.body;
    const run = (await json<C.RunView>(await analyst.request(`/api/runs/${run2022}`))).body;
    expect(r.body).toMatchObject({
      runId: run2022,
      uscc: E.E6,
      division: '330402',
      field: 'tax',
      fieldLabel: { unit: '万元' },
      currentValue: 20,
      claimedValue: 120,
      status: 'open',
      filedBy: 'e6',
      deadline: run.noticeUntil,
      overdue: false,
      before: { runId: run2022, adjustedClass: 'C', rank: 2, unitSize: 2 },
      after: null,
    });
    expect(r.body.before!.total).toBeCloseTo(59.768, 3);
    expect((Date.parse(r.body.respondBy) - Date.parse(run.noticeUntil!)) / 86_400_000).toBe(10);
    // file names: no folders, no markup
    expect(r.body.evidence.map((e) => [e.fileName, e.contentType, e.bytes])).toEqual([
      ['完税证明_script_.pdf', 'application/pdf', PDF.byteLength],
      ['发票.png', 'image/png', PNG.byteLength],
    ]);
    const e2r = await json<C.ObjectionView>(
      await file(e2, { field: 'land_mu', claimedValue: '8', explanation: '部分厂房已出租' }, [
        { name: 'x.pdf', data: PDF },
      ]),
    );
    expect(e2r.status).toBe(201);
    e2Objection = e2r.body;
    // one open objection per figure
    const again = await file(e6, { field: 'tax', claimedValue: '110', explanation: '再次' });
    expect(again.status).toBe(409);
  });

  it('refuses bad objections with a 4xx and a clear message, storing nothing', async () => {
    const before = (await json<C.ObjectionList>(await analyst.request('/api/objections'))).body.total;
    const cases: [Record<string, string>, { name: string; data: Uint8Array }[], number, RegExp][] = [
      [{ field: 'name', claimedValue: '1', explanation: 'x' }, [], 400, /parameter field/],
      [{ field: 'tax', claimedValue: 'abc', explanation: 'x' }, [], 400, /parameter claimedValue/],
      [{ field: 'tax', claimedValue: '-5', explanation: 'x' }, [], 400, /parameter claimedValue/],
      [{ field: 'tax', claimedValue: '1e400', explanation: 'x' }, [], 400, /parameter claimedValue/],
      [{ field: 'tax', claimedValue: '1', explanation: '   ' }, [], 400, /parameter explanation/],
      [{ field: 'tax', claimedValue: '1', explanation: 'x'.repeat(2001) }, [], 400, /too long/],
      [{ claimedValue: '1', explanation: 'x' }, [], 400, /missing parameter field/],
      [
        { field: 'value_added', claimedValue: '1', explanation: 'x' },
        [{ name: 'proof.pdf', data: EXE }],
        415,
        /not a PDF, PNG or JPEG/,
      ],
      [
        { field: 'value_added', claimedValue: '1', explanation: 'x' },
        [{ name: 'empty.pdf', data: new Uint8Array(0) }],
        400,
        /empty/,
      ],
      [
        { field: 'value_added', claimedValue: '1', explanation: 'x' },
        Array.from({ length: 6 }, (_, k) => ({ name: `${k}.pdf`, data: PDF })),
        413,
        /at most 5/,
      ],
    ];
    for (const [fields, files, status, message] of cases) {
      const r = await json<C.ApiError>(await file(e6, fields, files));
      expect(r.status, JSON.stringify(fields)).toBe(status);
      expect(r.body.error.message).toMatch(message);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff].* ?\/ [A-Za-z]/); // Chinese / English
    }
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(PDF);
    const r = await json<C.ApiError>(
      await file(e6, { field: 'value_added', claimedValue: '1', explanation: 'x' }, [
        { name: 'big.pdf', data: big },
      ]),
    );
    expect(r.status).toBe(413);
    const asJson = await e6.request(`/api/runs/${run2022}/objections`, {
      method: 'POST',
      body: JSON.stringify({ field: 'tax', claimedValue: 1, explanation: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(asJson.status).toBe(415);
    expect((await json<C.ObjectionList>(await analyst.request('/api/objections'))).body.total).toBe(before);
  });

  it('shows each county its own objections only, and each enterprise its own', async () => {
    const list = async (c: TestClient) =>
      (await json<C.ObjectionList>(await c.request('/api/objections'))).body;
    expect((await list(nanhu)).items.map((o) => o.uscc).sort()).toEqual([E.E2, E.E6].sort());
    expect(await list(xiuzhou)).toMatchObject({ total: 0, items: [] });
    expect((await list(e6)).items.map((o) => o.id)).toEqual([e6Objection.id]);
    expect((await list(leader)).total).toBe(2);
    expect((await xiuzhou.request(`/api/objections/${e6Objection.id}`)).status).toBe(404);
    expect((await e2.request(`/api/objections/${e6Objection.id}`)).status).toBe(404);
    expect((await xiuzhou.request(`/api/objections/${e6Objection.id}/evidence/1`)).status).toBe(404);
    // evidence is downloaded, never shown inline
    const ev = await nanhu.request(`/api/objections/${e6Objection.id}/evidence/1`);
    expect(ev.status).toBe(200);
    expect(ev.headers.get('content-type')).toBe('application/pdf');
    expect(ev.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(ev.headers.get('content-security-policy')).toContain('sandbox');
    expect(new Uint8Array(await ev.arrayBuffer())).toEqual(PDF);
  });

  it('is decided by the county: others may not, a rejection needs a reason and is final', async () => {
    expect((await decide(xiuzhou, e2Objection.id, { decision: 'reject', reason: '无据' })).status).toBe(404);
    expect((await decide(e2, e2Objection.id, { decision: 'accept', reason: '我同意' })).status).toBe(403);
    expect((await decide(leader, e2Objection.id, { decision: 'reject', reason: '无据' })).status).toBe(403);
    expect((await decide(nanhu, e2Objection.id, { decision: 'reject', reason: ' ' })).status).toBe(400);
    expect((await decide(nanhu, e2Objection.id, { decision: 'maybe', reason: 'x' })).status).toBe(400);
    const r = await json<C.ObjectionDecisionResponse>(
      await decide(nanhu, e2Objection.id, {
        decision: 'reject',
        reason: '不动产登记面积为 10 亩，出租不减少用地面积',
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body.job).toBeNull();
    expect(r.body.objection).toMatchObject({
      status: 'rejected',
      decidedBy: 'nanhu',
      reason: '不动产登记面积为 10 亩，出租不减少用地面积',
    });
    expect((await decide(nanhu, e2Objection.id, { decision: 'accept', reason: 'x' })).status).toBe(409);
    // the enterprise sees the outcome
    const seen = (await json<C.ObjectionView>(await e2.request(`/api/objections/${e2Objection.id}`))).body;
    expect(seen).toMatchObject({ status: 'rejected', reason: '不动产登记面积为 10 亩，出租不减少用地面积' });
  });

  it('on acceptance stores the corrected figure as a new dataset version and re-runs, showing the difference', async () => {
    // a manual adjustment in the objected run is carried over to the re-run
    const adj = await analyst.request(`/api/runs/${run2022}/adjustments`, {
      method: 'POST',
      body: JSON.stringify({ uscc: E.E8, toClass: 'A', reason: '核查后调整' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(adj.status).toBe(201);
    const r = await json<C.ObjectionDecisionResponse>(
      await decide(nanhu, e6Objection.id, { decision: 'accept', reason: '完税证明属实' }),
    );
    expect(r.status).toBe(200);
    expect(r.body.objection).toMatchObject({ status: 'accepted', correctedValue: 120, decidedBy: 'nanhu' });
    expect(r.body.job).toMatchObject({ kind: 'run', createdBy: 'nanhu' });
    const ds = (await getDataset(db(), r.body.objection.datasetId!))!;
    expect(ds).toMatchObject({ year: 2022, version: 2, createdBy: 'nanhu' });
    expect(ds.note).toContain(`异议 #${e6Objection.id}`);
    await jobsOf(store).idle();
    const job = (await json<C.JobView<C.RunJobResult>>(await nanhu.request(`/api/jobs/${r.body.job!.id}`)))
      .body;
    expect(job.state).toBe('done');
    const done = (await json<C.ObjectionView>(await nanhu.request(`/api/objections/${e6Objection.id}`))).body;
    expect(done.rerunId).toBe(job.result!.runId);
    // the enterprise sees no result of the draft re-run (issue 11, item 21)
    const seen = (await json<C.ObjectionView>(await e6.request(`/api/objections/${e6Objection.id}`))).body;
    expect(seen).toMatchObject({ rerunId: job.result!.runId, after: null, rerunPending: true });
    expect(done.before).toMatchObject({ runId: run2022, adjustedClass: 'C', rank: 2 });
    expect(done.after).toMatchObject({ runId: job.result!.runId, adjustedClass: 'B', rank: 1, unitSize: 2 });
    expect(done.after!.total).toBeCloseTo(358.611, 3);
    // the re-run: same methodology, the corrected dataset, E2 down to C, E8's adjustment carried over
    const rerun = (await json<C.RunView>(await analyst.request(`/api/runs/${done.rerunId}`))).body;
    expect(rerun).toMatchObject({
      methodologyId: 'huangyan-2023',
      datasetId: ds.id,
      year: 2022,
      status: 'draft',
    });
    const cmp = (
      await json<C.RunComparison>(await nanhu.request(`/api/runs/${run2022}/compare/${done.rerunId}`))
    ).body;
    expect(cmp.moved.items.map((m) => [m.uscc, m.from, m.to]).sort()).toEqual(
      [
        [E.E2, 'B', 'C'],
        [E.E6, 'C', 'B'],
      ].sort(),
    );
    const e8 = (
      await json<C.Explanation>(await analyst.request(`/api/runs/${done.rerunId}/enterprises/${E.E8}`))
    ).body;
    expect(e8.adjustedClass).toBe('A');
    expect(e8.why.join(' ')).toContain('核查后调整');
  });

  it('audits each filing and decision with before and after', async () => {
    const entries = await listAudit(db(), { action: 'objection.*', order: 'asc' });
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['objection.file', 'e6'],
      ['objection.file', 'e2'],
      ['objection.reject', 'nanhu'],
      ['objection.accept', 'nanhu'],
    ]);
    expect(entries[0]!.after).toMatchObject({ field: 'tax', currentValue: 20, claimedValue: 120 });
    expect(entries[3]!.before).toMatchObject({ status: 'open', value: 20 });
    expect(entries[3]!.after).toMatchObject({ status: 'accepted', correctedValue: 120 });
  });

  it('closes filing when the notice ends', async () => {
    await db().query(`UPDATE runs SET notice_until = now() - interval '1 minute' WHERE id = $1`, [run2022]);
    const r = await json<C.ApiError>(
      await file(e6, { field: 'value_added', claimedValue: '200', explanation: '迟交' }),
    );
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/公示期.*结束.*notice.*ended/);
  });
});
