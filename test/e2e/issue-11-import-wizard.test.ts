/**
 * Issue 11 items 1 and 26 in the import wizard, in Chromium over a started server: a workbook with a
 * notes sheet says which sheet was read and offers the choice of one sheet (the preview is read again
 * with it); the column mapping and the records show each field's words (Chinese, English in English
 * mode), not its code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createUser } from '../../src/services/accounts.service.js';
import { randomPassword } from '../../src/services/password.js';
import { initStore, type Store } from '../../src/services/store.js';
import { hasChromium, launchBrowser, screenshotDir } from './browser.js';

const WEB_DIR = path.resolve('dist/web');
const sheets = path.resolve('test/fixtures/import-sheets');
const demo = path.resolve('test/fixtures/import-demo');
const ANALYST = { username: 'e2e-import', password: randomPassword() };

let store: Store;
let server: RunningServer;
let browser: Browser;
let page: Page;
let tmp: string;
const pageErrors: string[] = [];

describe.skipIf(!hasChromium)('import wizard: sheets and field words (issue 11)', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'mujun-wizard-e2e-'));
    process.env.MUJUN_DATA_DIR = path.join(tmp, 'data');
    store = await initStore(await openDatabase({ dataDir: ':memory:' }));
    await createUser(store, { ...ANALYST, role: 'analyst' }, 'e2e');
    server = await startServer(store, { port: 0, host: '127.0.0.1', webDir: WEB_DIR });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(server.url + '/import?year=2023');
    await page.getByTestId('login-page').waitFor();
    await page.getByTestId('login-username').fill(ANALYST.username);
    await page.getByTestId('login-password').fill(ANALYST.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.db.close();
    delete process.env.MUJUN_DATA_DIR;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the data sheet after a notes sheet, says so, and reads one chosen sheet again', async () => {
    await page.goto(server.url + '/import?year=2023');
    await page.getByTestId('import-year').waitFor();
    await page
      .getByTestId('upload-input')
      .setInputFiles([path.join(sheets, 'tax-two-years.xlsx'), path.join(demo, 'market-regulation.xlsx')]);
    await page.getByTestId('preview-button').click();
    await page.getByTestId('preview-files').waitFor({ timeout: 60_000 });
    const files = (await page.getByTestId('preview-files').textContent())!;
    expect(files).toContain('2023年');
    expect(files).toContain('2022年');
    const row = page.getByTestId('sheets-tax-two-years.xlsx');
    expect(await row.getByTestId('sheet-status').allTextContents()).toEqual([
      '填报说明：无表头，跳过',
      '2023年：已读取',
      '2022年：已读取',
    ]);
    await page.screenshot({ path: path.join(screenshotDir(), 'import-sheets.png'), fullPage: true });
    // only the 2022 sheet: the preview is read again with that choice
    await page.getByTestId('sheet-choice-tax-two-years.xlsx').click();
    await page.locator('.ant-select-item-option', { hasText: '只读“2022年”' }).click();
    await expect
      .poll(async () => row.getByTestId('sheet-status').allTextContents(), { timeout: 60_000 })
      .toEqual(['填报说明：未读取', '2023年：未读取', '2022年：已读取']);
    const after = (await page.getByTestId('preview-files').textContent())!;
    expect(after).toContain('2022年');
    expect(after).not.toContain('2023年');
  });

  it('shows the words of each mapped field, in Chinese and in English, not the codes', async () => {
    const mapped = page.getByTestId('preview-columns').first().getByTestId('mapping-field');
    await mapped.first().waitFor();
    const zh = await mapped.allTextContents();
    expect(zh.length).toBeGreaterThan(0);
    for (const t of zh) expect(t).not.toMatch(/^[a-z_]+$/); // no code such as uscc, land_mu
    expect(zh).toContain('统一社会信用代码');
    const records = (await page.getByTestId('preview-records').locator('thead').textContent())!;
    expect(records).toContain('企业名称');
    expect(records).not.toMatch(/\buscc\b|\bland_mu\b/);
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => mapped.allTextContents()).toContain('USCC');
    for (const t of await mapped.allTextContents()) expect(t).not.toMatch(/_/);
    expect(pageErrors).toEqual([]);
  });
});
