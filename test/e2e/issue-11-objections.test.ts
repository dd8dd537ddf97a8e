/**
 * Issue 11 in Chromium, the objection journey and the statement: the form says the unit of the chosen
 * figure (item 28); the statement shows names, not codes and internals, and the founded year as a year
 * (26); the county operator sees what accepting will do and confirms it (20), and the drawer follows the
 * re-run to its result without a reload (24); the enterprise never sees the draft re-run's result (21);
 * an enterprise outside the account's scope is "not available" with the way back, not a retry (32).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadDatasetBatch, openDatabase } from '../../src/db/index.js';
import { runDemo } from '../../src/services/demo.service.js';
import { importBatch } from '../../src/services/evaluation.service.js';
import { publishForNotice } from '../../src/services/runs.service.js';
import { initStore, type Store } from '../../src/services/store.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { hasChromium, launchBrowser, screenshotDir } from './browser.js';
import { createApiToken, createUser } from '../../src/services/accounts.service.js';
import { randomPassword } from '../../src/services/password.js';
import { withCheckChar } from '../../src/domain/uscc.js';

const WEB_DIR = path.resolve('dist/web');

let store: Store;
let server: RunningServer;
let browser: Browser;
let tmp: string;
let token: string;
let runId: number;
let firm: { uscc: string; name: string; division: string; tax: number };
let stranger: { uscc: string };
const shots = screenshotDir();
const pageErrors: string[] = [];
const NANHU = { username: 'i11-nanhu', password: randomPassword() };
const ENTERPRISE = { username: 'i11-enterprise', password: randomPassword() };

const apiGet = async <T>(p: string): Promise<T> =>
  (await (await fetch(server.url + p, { headers: { authorization: `Bearer ${token}` } })).json()) as T;

async function open(
  who: { username: string; password: string },
  to: string,
): Promise<[BrowserContext, Page]> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const p = await ctx.newPage();
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  await p.goto(server.url + to);
  await p.getByTestId('login-page').waitFor();
  await p.getByTestId('login-username').fill(who.username);
  await p.getByTestId('login-password').fill(who.password);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('user-menu').waitFor();
  return [ctx, p];
}

describe.skipIf(!hasChromium)('issue 11: objections and the statement in Chromium', () => {
  let ent: BrowserContext;
  let e: Page;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'mujun-i11-web-'));
    store = await initStore(await openDatabase({ dataDir: ':memory:' }));
    const demo = await runDemo(store, { enterprises: 400, seed: 11, outDir: path.join(tmp, 'demo') });
    runId = demo.stored.runId;
    await publishForNotice(store, runId, { noticeDays: 7, by: 'i11' });
    // the year imported again (v2): the objection must not build on it
    const batch = await loadDatasetBatch(store.db, demo.dataset.id);
    for (let i = 0; i < batch.length; i++) batch.columns.tax[i] = batch.columns.tax[i]! * 1.5;
    await importBatch(store, batch, {
      year: demo.dataset.year,
      contentHash: 'i11-web-v2',
      source: 'import:again',
      createdBy: 'i11',
    });
    await createUser(store, { username: 'i11-analyst', password: randomPassword(), role: 'analyst' }, 'i11');
    await createUser(store, { ...NANHU, role: 'county', division: '330402' }, 'i11');
    token = (await createApiToken(store, 'i11-analyst', { name: 'i11' }, 'i11')).token;
    server = await startServer(store, { port: 0, host: '127.0.0.1', webDir: WEB_DIR });
    const page = await apiGet<{ items: { uscc: string; name: string; division: string; tax: number }[] }>(
      `/api/runs/${runId}/results?division=330402&status=graded&class=C&limit=20`,
    );
    firm = page.items.find((x) => x.tax > 0)!;
    const other = await apiGet<{ items: { uscc: string }[] }>(
      `/api/runs/${runId}/results?division=330411&status=graded&limit=1`,
    );
    stranger = other.items[0]!;
    await createUser(
      store,
      { ...ENTERPRISE, role: 'enterprise', uscc: firm.uscc, displayName: firm.name },
      'i11',
    );
    browser = await launchBrowser();
    [ent, e] = await open(ENTERPRISE, '/');
    await e.waitForURL(new RegExp(`/enterprise/${firm.uscc}`));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.db.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('shows names on the statement, not codes or internals, and the founded year as a year', async () => {
    await e.getByTestId('card-sources').waitFor();
    const sources = (await e.getByTestId('card-sources').textContent())!;
    const land = (await e.getByTestId('card-land').textContent())!;
    const all = (await e.locator('.print-page').textContent())!;
    expect(all).not.toContain('demo:seed');
    expect(land).not.toContain('natural resources (demo)');
    expect(land).toContain('自然资源');
    expect(sources).toContain('南湖区');
    expect(sources).not.toMatch(/所属区县\s*330402/);
    const founded = e
      .getByTestId('card-sources')
      .locator('.ant-descriptions-item')
      .filter({ hasText: '成立年份' });
    expect(await founded.locator('.ant-descriptions-item-content').textContent()).toMatch(/^(19|20)\d\d$/);
    expect(all).not.toMatch(/\b[12],\d{3}年/);
    await e.getByTestId('lang-switch').click();
    await expect.poll(async () => e.getByTestId('card-land').textContent()).toContain('natural resources');
    expect(await e.getByTestId('card-land').textContent()).not.toContain('自然资源');
    await e.getByTestId('lang-switch').click();
    await e.screenshot({ path: path.join(shots, 'i11-statement.png'), fullPage: true });
  });

  it('says the unit of the chosen figure in the objection form, and files it', async () => {
    await e.getByTestId('file-objection').click();
    await e.getByTestId('objection-field').waitFor();
    expect(await e.getByTestId('objection-value-label').textContent()).not.toContain('该指标的单位');
    await e.getByTestId('objection-field').click();
    await e.locator('.ant-select-item-option').filter({ hasText: '税收实际贡献' }).click();
    await expect.poll(async () => e.getByTestId('objection-value-label').textContent()).toBe('应为（万元）');
    expect(await e.getByTestId('objection-value-unit').textContent()).toMatch(/万元.*元.*10,000/);
    await e.getByTestId('objection-field').click();
    await e.locator('.ant-select-item-option').filter({ hasText: '综合能源消费量' }).click();
    await expect
      .poll(async () => e.getByTestId('objection-value-label').textContent())
      .toBe('应为（吨标准煤）');
    await e.getByTestId('objection-field').click();
    await e.locator('.ant-select-item-option').filter({ hasText: '税收实际贡献' }).click();
    await e.getByTestId('objection-value').fill(String(Math.round(firm.tax * 20)));
    await e.getByTestId('objection-explanation-input').fill('完税证明所列税额为登记数的二十倍。');
    await e.getByTestId('objection-submit').click();
    await e.getByTestId('objection-status').first().waitFor();
    expect(await e.getByTestId('objection-status').first().getAttribute('data-status')).toBe('open');
  });

  it('shows the county operator what accepting will do, and follows the re-run to its result', async () => {
    const list = await apiGet<{ items: { id: number }[] }>('/api/objections?status=open');
    const [ctx, c] = await open(NANHU, `/objections?id=${list.items[0]!.id}`);
    await c.getByTestId('decision-form').waitFor();
    await c.getByTestId('decision-reason').fill('完税证明属实，予以更正');
    await c.getByTestId('decision-submit').click();
    // the preview: the run's version, not v2; the class now and after; the other enterprises
    await c.getByTestId('decision-preview').waitFor();
    expect(await c.getByTestId('preview-base').textContent()).toContain(`第 ${runId} 批`);
    expect(await c.getByTestId('preview-base').textContent()).toContain('/v1');
    expect(await c.getByTestId('preview-newer').textContent()).toContain('/v2');
    expect(await c.getByTestId('preview-now').textContent()).toContain('C');
    expect(await c.getByTestId('preview-after').textContent()).toMatch(/[AB]/);
    expect(await c.getByTestId('preview-others').textContent()).toMatch(/其他区县 0 家|其他企业的等级都不变/);
    // nothing is decided before the confirmation
    expect((await apiGet<{ status: string }>(`/api/objections/${list.items[0]!.id}`)).status).toBe('open');
    await c.screenshot({ path: path.join(shots, 'i11-decision-preview.png'), fullPage: true });
    await c.getByTestId('decision-confirm').click();
    // without reloading: the drawer ends on the re-run's result (a draft), not "in progress"
    await expect
      .poll(async () => c.getByTestId('objection-after').textContent(), { timeout: 60_000 })
      .toMatch(/草稿，未公示/);
    expect(await c.getByTestId('objection-after').textContent()).not.toContain('进行中');
    expect(await c.getByTestId('objection-status').getAttribute('data-status')).toBe('accepted');
    await c.screenshot({ path: path.join(shots, 'i11-decision-done.png'), fullPage: true });
    await ctx.close();
  });

  it('shows the enterprise no result of the draft re-run: it awaits publication', async () => {
    await e.reload();
    await e.getByTestId('card-objections').waitFor();
    await e.getByTestId('objection-after').first().waitFor();
    const after = (await e.getByTestId('objection-after').first().textContent())!;
    expect(after).toContain('待公示');
    expect(after).not.toMatch(/[ABCD]|得分/);
    expect(await e.getByTestId('rerun-pending').count()).toBe(1);
    // the statement is still the published run's, with no draft label
    expect(await e.getByTestId('draft-label').count()).toBe(0);
    expect(await e.getByTestId('card-class').textContent()).toContain(`第 ${runId} 批`);
  });

  it('says an enterprise outside the account is not available, with the way back instead of a retry', async () => {
    const unknown = withCheckChar('91330402MA2X99999');
    const texts: string[] = [];
    for (const code of [stranger.uscc, unknown]) {
      await e.goto(server.url + `/enterprise/${code}`);
      await e.getByTestId('enterprise-not-available').waitFor();
      texts.push((await e.getByTestId('not-available-text').textContent())!);
      expect(await e.getByRole('button', { name: '重试' }).count()).toBe(0);
      expect(await e.getByTestId('enterprise-not-available').textContent()).not.toContain('任何年份）');
    }
    expect(texts[0]).toContain('不在本账号可查看的范围');
    expect(texts[1]).toBe(texts[0]);
    await e.screenshot({ path: path.join(shots, 'i11-not-available.png'), fullPage: true });
    await e.getByTestId('back-to-own').click();
    await e.waitForURL(new RegExp(`/enterprise/${firm.uscc}$`));
    await e.getByTestId('card-class').waitFor();
    // a county operator: an enterprise of another county, and the way back to its list
    const [ctx, c] = await open(NANHU, `/enterprise/${stranger.uscc}`);
    await c.getByTestId('enterprise-not-available').waitFor();
    await c.getByTestId('back-to-list').click();
    await c.waitForURL(/\/enterprises/);
    await ctx.close();
    await ent.close();
    expect(pageErrors).toEqual([]);
  });
});
