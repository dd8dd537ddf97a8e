/**
 * Issue 11, the policy page (差别化政策) in Chromium over a real server and store (PGlite) holding a small
 * demo city whose run is not published, as on a fresh `npm start`:
 *  #16 the page opens on a neutral state offering the draft preview (and, to an analyst, the runs page to
 *      publish), with no command-line option or API field in its words;
 *  #21 every card of figures of the unpublished run carries a 草稿 label;
 *  #23 a ledger sum that cannot be computed shows no figure and the reason; a county's totals are named
 *      after the county;
 *  #25 storing an application asks first, stores an identical repeat once, and lists what is stored;
 *  #26 county names (not codes) in the ledger and the sensitivity list, field labels in its summary;
 *  #29 what-if says which run, dataset version and methodologies it compares, uses the run's dataset (not
 *      a newer import), lists the changes apart from the hardest hit, pages and exports them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadDatasetBatch, openDatabase } from '../../src/db/index.js';
import { runDemo } from '../../src/services/demo.service.js';
import { importBatch } from '../../src/services/evaluation.service.js';
import { initStore, type Store } from '../../src/services/store.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createUser } from '../../src/services/accounts.service.js';
import { randomPassword } from '../../src/services/password.js';
import { openTable, readSheetNames } from '../../src/ingest/readers/index.js';
import { hasChromium, launchBrowser } from './browser.js';

const WEB_DIR = path.resolve('dist/web');
const ANALYST = { username: 'p-analyst', password: randomPassword() };
const LEADER = { username: 'p-leader', password: randomPassword() };
const NANHU = { username: 'p-nanhu', password: randomPassword() };

let store: Store;
let server: RunningServer;
let browser: Browser;
let tmp: string;
let runId: number;
let newerDatasetVersion: number;
const pageErrors: string[] = [];

async function open(who: { username: string; password: string }): Promise<{ c: BrowserContext; p: Page }> {
  const c = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const p = await c.newPage();
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  await p.goto(server.url + '/');
  await p.getByTestId('login-page').waitFor();
  await p.getByTestId('login-username').fill(who.username);
  await p.getByTestId('login-password').fill(who.password);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('user-menu').waitFor();
  return { c, p };
}

describe.skipIf(!hasChromium)('issue 11: the policy page', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'mujun-policy-page-'));
    store = await initStore(await openDatabase({ dataDir: ':memory:' }));
    const demo = await runDemo(store, { enterprises: 1200, seed: 11, outDir: path.join(tmp, 'demo') });
    runId = demo.stored.runId;
    // a newer import of 2023 after the run (every tax figure doubled): what-if must not use it
    const run = (
      await store.db.query<{ dataset_id: number }>('SELECT dataset_id FROM runs WHERE id = $1', [runId])
    )[0]!;
    const batch = await loadDatasetBatch(store.db, run.dataset_id);
    const tax = batch.columns.tax;
    for (let i = 0; i < tax.length; i++) tax[i] = tax[i]! * 2;
    const { dataset } = await importBatch(store, batch, {
      year: 2023,
      contentHash: 'issue-11-newer',
      source: 'test',
      createdBy: 'e2e',
    });
    newerDatasetVersion = dataset.version;
    await createUser(store, { ...ANALYST, role: 'analyst', displayName: '分析员' }, 'e2e');
    await createUser(store, { ...LEADER, role: 'leader' }, 'e2e');
    await createUser(store, { ...NANHU, role: 'county', division: '330402' }, 'e2e');
    server = await startServer(store, { port: 0, host: '127.0.0.1', webDir: WEB_DIR });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.db.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('#16 #21: an unpublished run opens on a neutral state with the draft preview; the draft is labelled', async () => {
    const { c, p } = await open(ANALYST);
    await p.goto(server.url + '/policy');
    await p.getByTestId('policy-unpublished').waitFor();
    const text = (await p.getByTestId('policy-page').textContent())!;
    expect(text).not.toMatch(/--draft|draft: true|API/);
    expect(await p.locator('.ant-alert-error').count()).toBe(0);
    // the analyst is shown the way to publish
    expect(await p.getByTestId('policy-go-publish').textContent()).toContain('评价批次');
    expect(await p.locator(`a[href="/runs?run=${runId}"]`).count()).toBe(1);
    await p.getByTestId('policy-preview-draft').click();
    await p.getByTestId('draft-banner').waitFor({ timeout: 60_000 });
    await p.getByTestId('ledger-table').waitFor();
    // the city figures, the county totals and the ledger each carry the label
    expect(await p.getByTestId('draft-tag').count()).toBeGreaterThanOrEqual(3);
    expect(await p.getByTestId('city-figures').textContent()).toContain('草稿');
    await c.close();
  });

  it('#16: a leader is told the run is not yet published, without a way it cannot take', async () => {
    const { c, p } = await open(LEADER);
    await p.goto(server.url + '/policy');
    await p.getByTestId('policy-unpublished').waitFor();
    expect(await p.getByTestId('policy-wait-publish').textContent()).toContain('发布后');
    expect(await p.getByTestId('policy-go-publish').count()).toBe(0);
    expect((await p.getByTestId('policy-page').textContent())!).not.toMatch(/--draft|draft: true|API/);
    await c.close();
  });

  it('#23 #26: the ledger names counties and shows no figure, with the reason, where one cannot be computed', async () => {
    const { c, p } = await open(ANALYST);
    await p.goto(server.url + '/policy?draft=1&class=D');
    await p.getByTestId('ledger-table').waitFor({ timeout: 60_000 });
    const rows = p.getByTestId('ledger-table').locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBeGreaterThan(0);
    // the county column (second) holds names, not six-digit codes
    const counties = await rows.locator('td:nth-child(3)').allTextContents();
    for (const t of counties) expect(t).not.toMatch(/^\d{6}$/);
    expect(counties.some((t) => t.endsWith('区') || t.endsWith('市') || t.endsWith('县'))).toBe(true);
    // an enterprise lacking its emissions: no 0 in its emission column, the reason at hand
    const missing = p.getByTestId('ledger-missing').first();
    await missing.waitFor();
    expect(await missing.textContent()).toContain('—');
    expect(await missing.getAttribute('data-reason')).toMatch(/缺少.+无法计算/);
    await c.close();
  });

  it("#23: a county operator's totals are named after its county, not 全市合计", async () => {
    const { c, p } = await open(NANHU);
    await p.goto(server.url + '/policy?draft=1');
    await p.getByTestId('city-figures-title').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('city-figures-title').textContent()).toBe('南湖区合计');
    expect((await p.getByTestId('policy-page').textContent())!).not.toContain('全市合计');
    await c.close();
  });

  it('#25: storing asks first, stores an identical repeat once and lists what is stored', async () => {
    const { c, p } = await open(ANALYST);
    await p.goto(server.url + '/policy?draft=1');
    await p.getByTestId('ledger-table').waitFor({ timeout: 60_000 });
    const stored = p.getByTestId('stored-applications').locator('tbody tr.ant-table-row');
    expect(await stored.count()).toBe(0);
    await p.getByTestId('save-application').click();
    // nothing is stored before the confirmation
    await p.getByTestId('save-application-confirm').waitFor();
    expect(await stored.count()).toBe(0);
    await p.getByTestId('save-application-confirm').click();
    await expect.poll(() => stored.count()).toBe(1);
    const row = (await stored.first().textContent())!;
    expect(row).toContain('p-analyst');
    expect(row).toContain('草稿');
    expect(await stored.first().getByTestId('stored-xlsx').getAttribute('href')).toMatch(
      /^\/api\/policy-applications\/\d+\/ledger\.xlsx/,
    );
    // the same again: said so, and still one
    await p.getByTestId('save-application').click();
    await p.getByTestId('save-application-confirm').last().click();
    await p.getByText('同一应用已保存过').waitFor();
    expect(await stored.count()).toBe(1);
    const n = await store.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM policy_applications WHERE run_id = $1',
      [runId],
    );
    expect(n[0]!.n).toBe(1);
    await c.close();
  });

  it("#29: what-if states what it compares, uses the run's dataset, lists changes apart, pages and exports them", async () => {
    const { c, p } = await open(ANALYST);
    await p.goto(server.url + '/policy?tab=whatif');
    await p.getByTestId('whatif-methodology-b').click();
    await p
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '黄岩' })
      .click();
    await p.getByTestId('whatif-run').click();
    await p.getByTestId('whatif-result').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('whatif-run-label').textContent()).toContain(`第 ${runId} 批`);
    expect(await p.getByTestId('whatif-run-label').textContent()).toContain('未发布');
    // the run's dataset (v1), not the newer import
    expect(newerDatasetVersion).toBeGreaterThan(1);
    expect(await p.getByTestId('whatif-dataset-label').textContent()).toContain('2023/v1');
    expect(await p.getByTestId('whatif-basis').getByTestId('draft-tag').count()).toBe(1);
    const changedRows = p.getByTestId('whatif-changed').locator('tbody tr.ant-table-row');
    const hardestRows = p.getByTestId('whatif-hardest').locator('tbody tr.ant-table-row');
    const changedFirst = await changedRows.allTextContents();
    const hardest = await hardestRows.allTextContents();
    expect(changedFirst.length).toBe(20);
    expect(changedFirst).not.toEqual(hardest);
    // page 2 of the changes
    await p.getByTestId('whatif-changed-card').locator('.ant-pagination-item-2').click();
    await expect.poll(async () => (await changedRows.allTextContents())[0]).not.toBe(changedFirst[0]);
    // every change in the workbook
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('whatif-xlsx').click()]);
    const file = path.join(tmp, 'whatif.xlsx');
    await download.saveAs(file);
    expect(await readSheetNames(file)).toContain('等级变化企业');
    const t = await openTable(file, { sheet: '等级变化企业' });
    let n = 0;
    for await (const r of t.rows) if (r.cells.some((x) => x !== null && x !== '')) n++;
    const count = Number(await p.getByTestId('whatif-changed-card').getAttribute('data-count'));
    expect(n - 1).toBe(count);
    expect(count).toBeGreaterThan(20);
    await c.close();
  });

  it('#26 #21: the sensitivity list names counties, its summary names fields in words, the draft is labelled', async () => {
    const { c, p } = await open(ANALYST);
    await p.goto(server.url + '/policy?tab=sensitivity');
    await p.locator('.ant-input-number input').first().fill('4');
    await p.getByTestId('sensitivity-run').click();
    await p.getByTestId('sensitivity-result').waitFor({ timeout: 60_000 });
    const text = (await p.getByTestId('sensitivity-result').textContent())!;
    expect(text).not.toMatch(/land_mu|value_added|\btax\b/);
    expect(text).toContain('用地面积');
    expect(await p.getByTestId('sensitivity-result').getByTestId('draft-tag').count()).toBe(1);
    const counties = await p
      .getByTestId('fragile-table')
      .locator('tbody tr.ant-table-row td:nth-child(2)')
      .allTextContents();
    for (const t of counties) expect(t).not.toMatch(/^\d{6}$/);
    expect(pageErrors).toEqual([]);
    await c.close();
  });
});
