/**
 * Issue 11, item 20, with the demo methodology (jiaxing-demo-2024: benchmarks and quotas per county): a
 * corrected figure moves classes inside its own county only. The year is imported again (v2, every
 * enterprise's tax changed) before the objection, as in the issue: a re-run on v2 would move classes in
 * every county; the re-run on the objected run's version moves none outside the enterprise's county.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDatasetBatch } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { runDemo } from '../services/demo.service.js';
import { importBatch } from '../services/evaluation.service.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import type * as C from './contract/index.js';
import { clientFor, testAccount, testClient, type TestClient } from './testing.js';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describeEachDatabase('issue 11: an objection re-run moves classes in its county only', ({ db }) => {
  let store: Store;
  let dir: string;
  let runId: number;
  let analyst: TestClient;

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
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-issue11-county-'));
    store = await initStore(db());
    const demo = await runDemo(store, { enterprises: 400, seed: 11, outDir: dir });
    runId = demo.stored.runId;
    analyst = await testClient(store, 'analyst', { username: 'city' });
    expect((await post(analyst, `/api/runs/${runId}/publish`, { noticeDays: 7 })).status).toBe(200);
    // the year again as v2: every tax changed by up to ±50 %
    const batch = await loadDatasetBatch(db(), demo.dataset.id);
    for (let i = 0; i < batch.length; i++)
      batch.columns.tax[i] = batch.columns.tax[i]! * (0.5 + ((i * 37) % 100) / 100);
    const v2 = await importBatch(store, batch, {
      year: demo.dataset.year,
      contentHash: 'issue-11-county-v2',
      source: 'import:again',
      createdBy: 'city',
    });
    expect(v2.dataset.version).toBe(demo.dataset.version + 1);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-runs the corrected figure on the objected run’s version: no class changes in another county', async () => {
    // a D-class enterprise says its tax was ten times what is stored
    const page = (
      await json<C.ResultsPage>(
        analyst.request(`/api/runs/${runId}/results?class=D&limit=50&order=total&dir=desc`),
      )
    ).body;
    const firm = page.items.find((x) => (x.tax ?? 0) > 0)!;
    expect(firm).toBeDefined();
    const app = analyst.app;
    const enterprise = clientFor(
      app,
      await testAccount(store, 'enterprise', { username: 'firm', uscc: firm.uscc }),
    );
    const county = clientFor(
      app,
      await testAccount(store, 'county', { username: 'county', division: firm.division! }),
    );
    const fd = new FormData();
    fd.append('field', 'tax');
    fd.append('claimedValue', String(Math.round(firm.tax! * 10 * 100) / 100));
    fd.append('explanation', '税额录入少了一位');
    fd.append('evidence', new File([PDF], 'proof.pdf'));
    const filed = await json<C.ObjectionView>(
      enterprise.request(`/api/runs/${runId}/objections`, { method: 'POST', body: fd }),
    );
    expect(filed.status).toBe(201);

    const preview = (
      await json<C.ObjectionDecisionPreview>(
        county.request(`/api/objections/${filed.body.id}/decision-preview`),
      )
    ).body;
    expect(preview.base.id).not.toBe(preview.newerDataset?.id);
    expect(preview.enterprise.now!.adjustedClass).toBe('D');
    expect(preview.enterprise.after!.adjustedClass).not.toBe('D');
    expect(preview.others.otherCounties).toBe(0);

    const r = await post(county, `/api/objections/${filed.body.id}/decision`, {
      decision: 'accept',
      reason: '属实',
    });
    expect(r.status).toBe(200);
    await jobsOf(store).idle();
    const rerun = (await json<C.ObjectionView>(county.request(`/api/objections/${filed.body.id}`))).body
      .rerunId!;
    const cmp = (
      await json<C.RunComparison>(analyst.request(`/api/runs/${runId}/compare/${rerun}?limit=500`))
    ).body;
    const moved = cmp.moved.items;
    expect(moved.map((m) => m.uscc)).toContain(firm.uscc);
    expect(moved.filter((m) => m.division !== firm.division)).toEqual([]);
    for (const d of cmp.byDivision)
      if (d.division !== firm.division) expect(d.up + d.down + d.other, String(d.division)).toBe(0);
    // the preview said what happened
    expect(cmp.moved.total - 1).toBe(preview.others.changed);
    expect(moved.find((m) => m.uscc === firm.uscc)!.to).toBe(preview.enterprise.after!.adjustedClass);
  });
});
