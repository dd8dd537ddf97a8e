/**
 * Issue 11, items 20, 21 and 22: accepting an objection corrects the dataset version of the run objected
 * to (not the newest import), re-runs it with the run's methodology, shows beforehand what will happen,
 * keeps the author of carried-over adjustments; every role but the analyst sees the latest *published*
 * run by default and an enterprise never sees a draft re-run's result; land is never listed twice.
 *
 * Over web-fixture.ts (huangyan-2023, quotas per county and group): in 2022, E2 (南湖区, below scale,
 * tax 80) is rank 1 of 2 → B, E6 (tax 20) rank 2 → C. E6 objects that its tax was 120 (→ 358.611,
 * rank 1 → B; E2 → C). Before that, a second 2022 dataset is imported (v2) in which E2's tax is 500
 * (50·50/11.5932 + 50·1.25/0.2352 = 481.4): on v2, E2 would stay B and E6 C however E6's tax is corrected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  getDataset,
  insertLandHoldings,
  landHoldingsFor,
  listAudit,
  listClassAdjustments,
  listDatasets,
  listRuns,
  loadDatasetBatch,
} from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { NUMERIC_FIELDS } from '../domain/fields.js';
import { importBatch } from '../services/evaluation.service.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import type * as C from './contract/index.js';
import { clientFor, testAccount, testClient, type TestClient } from './testing.js';
import { E, loadWebFixture } from './web-fixture.js';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describeEachDatabase('issue 11: objection re-runs', ({ db }) => {
  let store: Store;
  let dir: string;
  let run2022: number;
  let v1: number;
  let v2: number;
  let analyst: TestClient;
  let leader: TestClient;
  let nanhu: TestClient;
  let xiuzhou: TestClient;
  let e6: TestClient;
  let objection: C.ObjectionView;
  let rerunId: number;

  const json = async <T>(r: Response | Promise<Response>) => {
    const res = await r;
    return { status: res.status, body: (await res.json()) as T };
  };
  const post = (c: TestClient, url: string, body: unknown) =>
    c.request(url, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-issue11-objections-'));
    store = await initStore(db());
    const f = await loadWebFixture(store, dir);
    run2022 = f.y2022.runId;
    v1 = f.y2022.dataset.id;
    analyst = await testClient(store, 'analyst', { username: 'city' });
    const app = analyst.app;
    leader = clientFor(app, await testAccount(store, 'leader', { username: 'boss' }));
    nanhu = clientFor(app, await testAccount(store, 'county', { username: 'nanhu', division: '330402' }));
    xiuzhou = clientFor(app, await testAccount(store, 'county', { username: 'xiuzhou', division: '330411' }));
    e6 = clientFor(app, await testAccount(store, 'enterprise', { username: 'e6', uscc: E.E6 }));
    // E6's two parcels, as the run's version (v1) has them
    await insertLandHoldings(db(), [
      {
        uscc: E.E6,
        certificateNo: '浙(2022)嘉兴市不动产权第0000601号',
        areaMu: 3,
        tenure: 'owned',
        datasetId: v1,
      },
      {
        uscc: E.E6,
        certificateNo: '浙(2022)嘉兴市不动产权第0000602号',
        areaMu: 2,
        tenure: 'owned',
        datasetId: v1,
      },
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows leaders and county operators the newest draft while nothing is published, labelled', async () => {
    for (const c of [leader, nanhu, analyst]) {
      const r = await json<C.RunView>(c.request('/api/runs/latest'));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: run2022, published: false });
    }
    expect((await e6.request('/api/runs/latest')).status).toBe(404);
  });

  it('reproduces the issue: publish, import the year again as v2, object', async () => {
    expect((await post(analyst, `/api/runs/${run2022}/publish`, { noticeDays: 7 })).status).toBe(200);
    // an analyst's manual adjustment in the published run (E8, 秀洲区: B → A)
    expect(
      (
        await post(analyst, `/api/runs/${run2022}/adjustments`, {
          uscc: E.E8,
          toClass: 'A',
          reason: '核查后调整',
        })
      ).status,
    ).toBe(201);
    // the year imported again: E2's tax is 500 in v2, and E6's parcels come once more with it
    const batch = await loadDatasetBatch(db(), v1);
    const k2 = batch.uscc.indexOf(E.E2);
    batch.columns.tax[k2] = 500;
    const imported = await importBatch(store, batch, {
      year: 2022,
      contentHash: 'issue-11-v2',
      source: 'import:second',
      createdBy: 'city',
    });
    v2 = imported.dataset.id;
    expect(imported.dataset.version).toBe(2);
    await insertLandHoldings(db(), [
      {
        uscc: E.E6,
        certificateNo: '浙(2022)嘉兴市不动产权第0000601号',
        areaMu: 3,
        tenure: 'owned',
        datasetId: v2,
      },
      {
        uscc: E.E6,
        certificateNo: '浙(2022)嘉兴市不动产权第0000602号',
        areaMu: 2,
        tenure: 'owned',
        datasetId: v2,
      },
    ]);
    const fd = new FormData();
    fd.append('field', 'tax');
    fd.append('claimedValue', '120');
    fd.append('explanation', '2022 年实缴税金为 120 万元，见完税证明。');
    fd.append('evidence', new File([PDF], '完税证明.pdf'));
    const r = await json<C.ObjectionView>(
      e6.request(`/api/runs/${run2022}/objections`, { method: 'POST', body: fd }),
    );
    expect(r.status).toBe(201);
    objection = r.body;
  });

  it('previews the decision with the engine, storing nothing: the run’s version, classes now and after', async () => {
    const datasets = (await listDatasets(db())).length;
    const runs = (await listRuns(db())).length;
    const r = await json<C.ObjectionDecisionPreview>(
      nanhu.request(`/api/objections/${objection.id}/decision-preview`),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      objectionId: objection.id,
      run: { id: run2022, year: 2022, datasetLabel: '2022/v1', published: true },
      methodology: { id: 'huangyan-2023' },
      base: { id: v1, label: '2022/v1' },
      newerDataset: { id: v2, label: '2022/v2' },
      correction: { field: 'tax', from: 20, to: 120, label: { unit: '万元' } },
      enterprise: {
        uscc: E.E6,
        division: '330402',
        divisionName: '南湖区',
        now: { adjustedClass: 'C', rank: 2, unitSize: 2 },
        after: { adjustedClass: 'B', rank: 1, unitSize: 2 },
      },
      // E2 goes down from B to C, in 南湖区; nothing moves in 秀洲区 (E8 keeps its adjustment)
      others: { changed: 1, up: 0, down: 1, other: 0, inCounty: 1, otherCounties: 0 },
      carriedAdjustments: 1,
    });
    expect(r.body.enterprise.after!.total).toBeCloseTo(358.611, 3);
    // another figure: 21 → 50·4.2/11.5932 + 50·0.21/0.2352 = 62.75, still below E2's 77.02 → C
    const other = await json<C.ObjectionDecisionPreview>(
      nanhu.request(`/api/objections/${objection.id}/decision-preview?correctedValue=21`),
    );
    expect(other.body.correction.to).toBe(21);
    expect(other.body.enterprise.after).toMatchObject({ adjustedClass: 'C', rank: 2 });
    expect(other.body.others.changed).toBe(0);
    expect((await listDatasets(db())).length).toBe(datasets);
    expect((await listRuns(db())).length).toBe(runs);
    // scoped like the decision; bad figures are a 400 in both languages
    expect((await xiuzhou.request(`/api/objections/${objection.id}/decision-preview`)).status).toBe(404);
    expect((await leader.request(`/api/objections/${objection.id}/decision-preview`)).status).toBe(403);
    expect((await e6.request(`/api/objections/${objection.id}/decision-preview`)).status).toBe(403);
    for (const bad of ['-1', '0x10', 'abc', '1e3', '%202']) {
      const b = await json<C.ApiError>(
        nanhu.request(`/api/objections/${objection.id}/decision-preview?correctedValue=${bad}`),
      );
      expect(b.status, bad).toBe(400);
      expect(b.body.error.message).toMatch(/correctedValue.* \/ parameter correctedValue/);
    }
  });

  it('on acceptance corrects the run’s own dataset version and re-runs it with the run’s methodology', async () => {
    const r = await json<C.ObjectionDecisionResponse>(
      post(nanhu, `/api/objections/${objection.id}/decision`, { decision: 'accept', reason: '完税证明属实' }),
    );
    expect(r.status).toBe(200);
    await jobsOf(store).idle();
    const done = (await json<C.ObjectionView>(nanhu.request(`/api/objections/${objection.id}`))).body;
    rerunId = done.rerunId!;
    expect(rerunId).toBeGreaterThan(run2022);
    const ds = (await getDataset(db(), done.datasetId!))!;
    expect(ds.version).toBe(3);
    expect(ds.note).toContain(`#${v1} 2022/v1`);
    // the corrected version is v1 with E6's tax, and nothing of v2
    const base = await loadDatasetBatch(db(), v1);
    const corrected = await loadDatasetBatch(db(), ds.id);
    expect(corrected.uscc).toEqual(base.uscc);
    const k6 = base.uscc.indexOf(E.E6);
    for (const f of NUMERIC_FIELDS)
      for (let i = 0; i < base.length; i++) {
        const want = f === 'tax' && i === k6 ? 120 : base.columns[f][i]!;
        expect(
          Object.is(corrected.columns[f][i], want) || corrected.columns[f][i] === want,
          `${f}[${i}]`,
        ).toBe(true);
      }
    const run = (await json<C.RunView>(analyst.request(`/api/runs/${run2022}`))).body;
    const rerun = (await json<C.RunView>(analyst.request(`/api/runs/${rerunId}`))).body;
    expect(rerun).toMatchObject({
      datasetId: ds.id,
      methodologyId: run.methodologyId,
      methodologyHash: run.methodologyHash,
      published: false,
    });
    expect(done.after).toMatchObject({ runId: rerunId, adjustedClass: 'B', rank: 1, published: false });
    // as previewed: E6 up, E2 down, nothing else
    const cmp = (await json<C.RunComparison>(analyst.request(`/api/runs/${run2022}/compare/${rerunId}`)))
      .body;
    expect(cmp.moved.items.map((m) => [m.uscc, m.from, m.to]).sort()).toEqual(
      [
        [E.E2, 'B', 'C'],
        [E.E6, 'C', 'B'],
      ].sort(),
    );
  });

  it('keeps the author of a carried-over manual adjustment; the audit names who accepted', async () => {
    const [a] = await listClassAdjustments(db(), rerunId, E.E8);
    expect(a).toMatchObject({ toClass: 'A', createdBy: 'city' });
    expect(a!.reason).toContain('核查后调整');
    const audit = await listAudit(db(), { action: 'class.adjust', order: 'asc' });
    const carried = audit.find((e) => e.subject === `run:${rerunId}/enterprise:${E.E8}`)!;
    expect(carried.actor).toBe('nanhu');
    expect(carried.after).toMatchObject({ carriedOverFrom: { run: run2022, author: 'city' } });
    const e8 = (await json<C.Explanation>(analyst.request(`/api/runs/${rerunId}/enterprises/${E.E8}`))).body;
    expect(e8.why.join(' ')).toContain('city');
    expect(e8.why.join(' ')).not.toContain('nanhu');
  });

  it('shows every role but the analyst the latest published run by default', async () => {
    const latest = async (c: TestClient) => (await json<C.RunView>(c.request('/api/runs/latest'))).body;
    expect(await latest(analyst)).toMatchObject({ id: rerunId, published: false });
    for (const c of [leader, nanhu, xiuzhou, e6])
      expect(await latest(c), c.user.username).toMatchObject({ id: run2022, published: true });
    // the statement too
    const statement = async (c: TestClient) =>
      (await json<C.EnterpriseView>(c.request(`/api/enterprises/${E.E6}`))).body;
    expect((await statement(analyst)).run).toMatchObject({ id: rerunId, published: false });
    for (const c of [leader, nanhu, e6]) {
      const s = await statement(c);
      expect(s.run, c.user.username).toMatchObject({ id: run2022, published: true });
      expect(s.result!.adjustedClass).toBe('C');
    }
    // the draft stays readable by id for those who may see drafts, labelled
    expect(await json<C.RunView>(leader.request(`/api/runs/${rerunId}`))).toMatchObject({
      status: 200,
      body: { published: false },
    });
  });

  it('never shows the enterprise a draft re-run’s result: it is pending publication', async () => {
    const mine = (await json<C.ObjectionView>(e6.request(`/api/objections/${objection.id}`))).body;
    expect(mine).toMatchObject({ status: 'accepted', after: null, rerunPending: true });
    const listed = (await json<C.ObjectionList>(e6.request('/api/objections'))).body.items[0]!;
    expect(listed).toMatchObject({ after: null, rerunPending: true });
    const county = (await json<C.ObjectionView>(nanhu.request(`/api/objections/${objection.id}`))).body;
    expect(county).toMatchObject({ rerunPending: true, after: { adjustedClass: 'B', published: false } });
    // once published, the enterprise sees it
    expect((await post(analyst, `/api/runs/${rerunId}/publish`, { noticeDays: 7 })).status).toBe(200);
    const later = (await json<C.ObjectionView>(e6.request(`/api/objections/${objection.id}`))).body;
    expect(later).toMatchObject({
      rerunPending: false,
      after: { runId: rerunId, adjustedClass: 'B', published: true },
    });
  });

  it('keeps every parcel once in the corrected version and lists each certificate once', async () => {
    const ds = (await json<C.ObjectionView>(nanhu.request(`/api/objections/${objection.id}`))).body
      .datasetId!;
    const parcels = await landHoldingsFor(db(), E.E6, ds);
    expect(parcels.map((p) => [p.certificateNo, p.areaMu, p.datasetId])).toEqual([
      ['浙(2022)嘉兴市不动产权第0000601号', 3, ds],
      ['浙(2022)嘉兴市不动产权第0000602号', 2, ds],
    ]);
    const s = (await json<C.EnterpriseView>(e6.request(`/api/enterprises/${E.E6}`))).body;
    expect(s.run!.id).toBe(rerunId);
    const certificates = s.land.map((p) => p.certificateNo);
    expect(new Set(certificates).size).toBe(certificates.length);
    expect(certificates).toHaveLength(2);
    expect(s.land.reduce((a, p) => a + p.areaMu, 0)).toBe(5);
  });
});
