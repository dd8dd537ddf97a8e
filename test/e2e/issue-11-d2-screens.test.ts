/**
 * Issue 11 in Chromium at 1366×768 over a real server and a small demo city (PGlite; the demo's runs
 * are drafts): items 21 (drafts labelled, the run named), 23 (coverage says what is missing; a county's
 * cockpit names its county), 25 (记录调档 asks to confirm), 26 (words, not codes), 27 (the enterprise
 * table fits and keeps the name), 29 (comparison headers, adjusted marks), 30 (repeat run, card after
 * publishing) and 31 (the methodology page opens on the run's methodology).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../src/db/index.js';
import { runDemo } from '../../src/services/demo.service.js';
import { initStore, type Store } from '../../src/services/store.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createApiToken, createUser } from '../../src/services/accounts.service.js';
import { randomPassword } from '../../src/services/password.js';
import { hasChromium, launchBrowser } from './browser.js';
import type * as C from '../../src/api/contract/index.js';

const WEB_DIR = path.resolve(process.env.MUJUN_E2E_WEB_DIR ?? 'dist/web');
const ANALYST = { username: 'd2-analyst', password: randomPassword() };
const NANHU = { username: 'd2-nanhu', password: randomPassword() };

let store: Store;
let server: RunningServer;
let browser: Browser;
let tmp: string;
let token: string;

const api = async <T>(p: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
  const res = await fetch(server.url + p, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as T };
};

async function pageAs(who: { username: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const p = await context.newPage();
  await p.goto(server.url + '/');
  await p.getByTestId('login-page').waitFor();
  await p.getByTestId('login-username').fill(who.username);
  await p.getByTestId('login-password').fill(who.password);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('user-menu').waitFor();
  return p;
}

const pctText = (share: number) => `${(share * 100).toFixed(1)}%`;

describe.skipIf(!hasChromium)('issue 11 screens (D2) in Chromium', () => {
  let analyst: Page;
  let latest: C.RunView;
  let previous: C.RunView;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'mujun-d2-'));
    store = await initStore(await openDatabase({ dataDir: ':memory:' }));
    await runDemo(store, { enterprises: 600, seed: 5, outDir: path.join(tmp, 'demo'), previousYear: true });
    await createUser(store, { ...ANALYST, role: 'analyst', displayName: '分析员' }, 'e2e');
    await createUser(store, { ...NANHU, role: 'county', division: '330402' }, 'e2e');
    token = (await createApiToken(store, ANALYST.username, { name: 'd2' }, 'e2e')).token;
    server = await startServer(store, { port: 0, host: '127.0.0.1', webDir: WEB_DIR });
    browser = await launchBrowser();
    analyst = await pageAs(ANALYST);
    const runs = (await api<C.RunList>('/api/runs')).body.items.sort((a, b) => b.id - a.id);
    latest = runs[0]!;
    previous = runs[1]!;
    expect(latest.published).toBe(false);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.db.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('cockpit: names the draft run it shows and says which share of records LACKS a field (21, 23)', async () => {
    const k = (await api<C.Cockpit>(`/api/runs/${latest.id}/cockpit`)).body;
    await analyst.goto(`${server.url}/cockpit?run=${latest.id}`);
    const banner = analyst.getByTestId('run-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-published')).toBe('false');
    const text = (await banner.textContent())!;
    expect(text).toContain('草稿');
    expect(text).toContain(`第 ${latest.id} 批`);
    expect(text).toContain(`${latest.year} 年度`);
    expect(text).toContain(k.methodologyTitle.zh);
    expect(await analyst.getByTestId('kpi-graded').textContent()).toContain('草稿');
    expect(await analyst.getByTestId('card-classes').textContent()).toContain('草稿未公示');
    const worst = k.coverage.mostMissing[0]!;
    const missing = (await analyst.getByTestId('coverage-missing').textContent())!;
    expect(missing).toContain(`${worst.label.zh} 缺失 ${pctText(worst.missingShare!)}`);
    expect(missing).not.toContain(`${worst.label.zh} ${pctText(worst.present / worst.records)}`);
  });

  it('a county operator’s cockpit labels its tax per mu with its county, not 全市 (23)', async () => {
    const nanhu = await pageAs(NANHU);
    await nanhu.goto(`${server.url}/cockpit?run=${latest.id}`);
    const kpi = nanhu.getByTestId('kpi-tax-per-mu');
    await kpi.waitFor();
    const text = (await kpi.textContent())!;
    expect(text).toContain('南湖区亩均税收');
    expect(text).not.toContain('全市');
    await nanhu.context().close();
  });

  it('run pickers name runs by methodology title and say 草稿 (21, 26)', async () => {
    const titles = new Map(
      (await api<{ items: { id: string; title: { zh: string } }[] }>('/api/methodologies')).body.items.map(
        (m) => [m.id, m.title.zh],
      ),
    );
    await analyst.goto(`${server.url}/enterprises?run=${latest.id}`);
    const picker = analyst.getByTestId('run-picker');
    await picker.waitFor();
    // the titles arrive with their own request
    await expect.poll(() => picker.textContent()).toContain(titles.get(latest.methodologyId)!);
    const shown = (await picker.textContent())!;
    expect(shown).not.toContain(latest.methodologyId);
    expect(shown).toContain('草稿');
    const banner = analyst.getByTestId('run-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-published')).toBe('false');
  });

  it('enterprise table fits 1366 px: rank, classes and status in view, the name fixed (27)', async () => {
    await analyst.goto(`${server.url}/enterprises?run=${latest.id}`);
    const table = analyst.getByTestId('results-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    // the page body does not scroll sideways
    const overflow = await analyst.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    for (const title of ['排名', '初评等级', '调整后等级', '状态']) {
      const th = table.locator('thead th', { hasText: title }).first();
      const box = (await th.boundingBox())!;
      expect(box.x + box.width, title).toBeLessThanOrEqual(1366);
    }
    // headers wrap to two lines at most: none is taller than twice a one-line header (padding included)
    const heights: number[] = [];
    const ths = table.locator('thead th');
    for (let k = 0; k < (await ths.count()); k++) heights.push((await ths.nth(k).boundingBox())!.height);
    const oneLine = (await table.locator('thead th', { hasText: '排名' }).first().boundingBox())!.height;
    for (const h of heights) expect(h).toBeLessThanOrEqual(2 * oneLine);
    // more columns from the chooser: the table scrolls, the name stays
    await analyst.getByTestId('column-chooser').click();
    for (const label of ['统一社会信用代码', '行业', '亩均增加值'])
      await analyst.getByTestId('column-options').getByText(label, { exact: true }).click();
    await analyst.keyboard.press('Escape');
    await table.locator('thead th', { hasText: '统一社会信用代码' }).first().waitFor();
    const scrolled = await analyst.evaluate<number>(
      `(() => { const t = document.querySelector('[data-testid=results-table]');
        const el = t.querySelector('.ant-table-body') || t.querySelector('.ant-table-content');
        el.scrollLeft = el.scrollWidth; return el.scrollLeft; })()`,
    );
    expect(scrolled).toBeGreaterThan(0);
    await analyst.waitForTimeout(100); // the scroll event
    const nameCell = table.locator('tbody tr.ant-table-row').first().locator('td').first();
    const box = (await nameCell.boundingBox())!;
    const tableBox = (await table.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(tableBox.x - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(tableBox.x + tableBox.width);
    expect(await nameCell.getAttribute('class')).toContain('ant-table-cell-fix');
    expect((await nameCell.textContent())!.length).toBeGreaterThan(0);
  });

  it('status of an enterprise computed but not graded is in words, not a rule id (26)', async () => {
    await analyst.goto(`${server.url}/enterprises?run=${latest.id}&status=computed_not_graded`);
    const rows = analyst.getByTestId('results-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) {
      expect(t).toContain('只计算不定档');
      expect(t).not.toMatch(/new_firm|new_land|utility/);
    }
  });

  it('记录调档 asks to confirm with the enterprise, from → to and the reason; cancel records nothing (25)', async () => {
    const page1 = (
      await api<C.ResultsPage>(`/api/runs/${latest.id}/results?status=graded&limit=1&order=total&dir=desc`)
    ).body.items[0]!;
    const to = page1.adjustedClass === 'D' ? 'C' : 'D';
    await analyst.goto(`${server.url}/runs?adjust=${latest.id}&uscc=${page1.uscc}`);
    const drawer = analyst.getByTestId('adjust-drawer');
    await drawer.waitFor();
    await drawer.getByText(page1.name!, { exact: false }).first().waitFor();
    await drawer.getByTestId('adjust-class').getByText(to, { exact: true }).click();
    await drawer.getByTestId('adjust-reason').fill('核查后调整：测试');
    await drawer.getByTestId('adjust-submit').click();
    const dialog = analyst.locator('.ant-modal', { has: analyst.getByTestId('adjust-confirm-firm') });
    await dialog.waitFor();
    expect(await analyst.getByTestId('adjust-confirm-firm').textContent()).toContain(page1.name!);
    expect(await analyst.getByTestId('adjust-confirm-change').textContent()).toMatch(
      new RegExp(`${page1.adjustedClass}\\s*→\\s*${to}`),
    );
    expect(await analyst.getByTestId('adjust-confirm-reason').textContent()).toContain('核查后调整：测试');
    const back = dialog.locator('.ant-modal-footer button', { hasText: '返回修改' });
    expect(await back.count()).toBe(1);
    await back.click();
    await analyst.getByTestId('adjust-confirm-firm').waitFor({ state: 'hidden' });
    expect((await api<C.AdjustmentList>(`/api/runs/${latest.id}/adjustments`)).body.items).toHaveLength(0);
    await drawer.getByTestId('adjust-submit').click();
    await analyst.getByTestId('adjust-confirm-ok').click();
    await expect
      .poll(async () => (await api<C.AdjustmentList>(`/api/runs/${latest.id}/adjustments`)).body.items.length)
      .toBe(1);
  });

  it('comparison: headers name the runs, an adjusted class is marked (29)', async () => {
    const first = (await api<C.RunComparison>(`/api/runs/${previous.id}/compare/${latest.id}?limit=1`)).body
      .moved.items[0]!;
    const target = (['A', 'B', 'C', 'D'] as const).find((c) => c !== first.to && c !== first.from)!;
    const adj = await api('/api/runs/' + latest.id + '/adjustments', {
      method: 'POST',
      body: JSON.stringify({ uscc: first.uscc, toClass: target, reason: '比较页测试' }),
    });
    expect(adj.status).toBe(201);
    await analyst.goto(`${server.url}/runs/compare?a=${previous.id}&b=${latest.id}`);
    const moved = analyst.getByTestId('compare-moved');
    await moved.locator('tbody tr.ant-table-row').first().waitFor();
    const head = (await moved.locator('thead').textContent())!;
    expect(head).toContain(`第 ${previous.id} 批得分`);
    expect(head).toContain(`第 ${latest.id} 批得分`);
    expect(head).not.toMatch(/得分 [AB]/);
    const row = moved.locator('tbody tr.ant-table-row', { hasText: first.uscc });
    await row.waitFor();
    expect(await row.getByTestId('adjusted-mark').count()).toBe(1);
  });

  it('a repeat run asks first; the card after publishing no longer offers to publish (30, 26)', async () => {
    await analyst.goto(`${server.url}/runs?start=1&year=${latest.year}&methodology=${latest.methodologyId}`);
    await analyst.getByTestId('start-run-form').waitFor();
    await analyst.getByTestId('start-run-submit').click();
    const repeat = analyst.getByTestId('repeat-run');
    await repeat.waitFor();
    expect(await repeat.textContent()).toContain(`第 ${latest.id} 批`);
    expect((await api<C.RunList>('/api/runs')).body.items).toHaveLength(2);
    await analyst.getByTestId('repeat-run-force').click();
    const progress = analyst.getByTestId('job-progress');
    await progress.waitFor();
    expect(await analyst.getByTestId('job-title').textContent()).toBe('评价计算');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    const state = analyst.getByTestId('run-done-state');
    await state.waitFor();
    expect(await state.getAttribute('data-published')).toBe('false');
    expect(await state.textContent()).toContain('可发布公示');
    const runs = (await api<C.RunList>('/api/runs')).body.items;
    const made = Math.max(...runs.map((r) => r.id));
    await analyst.getByTestId(`publish-run-${made}`).click();
    await analyst.getByTestId('publish-confirm').click();
    await expect.poll(() => state.getAttribute('data-published')).toBe('true');
    expect(await state.textContent()).toContain('已于');
    expect(await state.textContent()).not.toContain('可发布公示');
  });

  it('the methodology page opens on the methodology of the run shown by default, in words (31, 26)', async () => {
    const runs = (await api<C.RunList>('/api/runs')).body.items.sort((a, b) => b.id - a.id);
    const shown = runs[0]!;
    const first = (await api<{ items: { id: string }[] }>('/api/methodologies')).body.items[0]!.id;
    expect(shown.methodologyId).not.toBe(first); // else the test would not tell
    await analyst.goto(`${server.url}/methodologies`);
    const rules = analyst.getByTestId('methodology-rules');
    await rules.waitFor();
    expect(await rules.getAttribute('data-methodology')).toBe(shown.methodologyId);
    const text = (await rules.textContent())!.split('办法全文')[0]!;
    expect(text).not.toMatch(/groups\.below\.minLandMu|land_mu|（）/);
    expect(text).toContain('用地面积');
  });
});
