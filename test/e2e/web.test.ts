/**
 * The web app in a real browser, over a real server and store (PGlite) holding a small demo city: the
 * main journeys of the bureau's staff — open the cockpit, drill down to a county, open an enterprise and
 * read its explanation, export the filtered table and open the XLSX, run an import with a rejected row.
 * Each page is screenshotted (see browser.ts for where).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../src/db/index.js';
import { runDemo } from '../../src/services/demo.service.js';
import { initStore, type Store } from '../../src/services/store.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { jobsOf } from '../../src/services/jobs.service.js';
import { openTable } from '../../src/ingest/readers/index.js';
import { hasChromium, launchBrowser, screenshotDir } from './browser.js';
import { createApiToken, createUser } from '../../src/services/accounts.service.js';
import { randomPassword } from '../../src/services/password.js';

const WEB_DIR = path.resolve('dist/web');

let store: Store;
let server: RunningServer;
let browser: Browser;
let page: Page;
let tmp: string;
const shots = screenshotDir();
const pageErrors: string[] = [];
/** The test's own accounts (random passwords), and an API token of the analyst's for direct calls. */
const ANALYST = { username: 'e2e-analyst', password: randomPassword() };
const NANHU = { username: 'e2e-nanhu', password: randomPassword() };
let token: string;
const apiGet = async <T>(path: string): Promise<T> =>
  (await (await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })).json()) as T;

/** Logs in on the login page (whatever page the browser was sent to). */
async function logIn(p: Page, who: { username: string; password: string }): Promise<void> {
  await p.getByTestId('login-page').waitFor();
  await p.getByTestId('login-username').fill(who.username);
  await p.getByTestId('login-password').fill(who.password);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('user-menu').waitFor();
}

const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

describe.skipIf(!hasChromium)('web app in Chromium', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'mujun-web-'));
    store = await initStore(await openDatabase({ dataDir: ':memory:' }));
    await runDemo(store, {
      enterprises: 1200,
      seed: 11,
      outDir: path.join(tmp, 'demo'),
      previousYear: true,
    });
    await createUser(store, { ...ANALYST, role: 'analyst', displayName: '市局分析员' }, 'e2e');
    await createUser(store, { ...NANHU, role: 'county', division: '330402' }, 'e2e');
    token = (await createApiToken(store, ANALYST.username, { name: 'e2e' }, 'e2e')).token;
    server = await startServer(store, { port: 0, host: '127.0.0.1', webDir: WEB_DIR });
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      acceptDownloads: true,
      locale: 'zh-CN',
    });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.db.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('asks for a login, says when the password is wrong, and logs in', async () => {
    await page.goto(server.url + '/');
    await page.getByTestId('login-page').waitFor();
    await expect(page.getByTestId('page-title').textContent()).resolves.toContain('登录');
    await page.getByTestId('login-username').fill(ANALYST.username);
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').textContent()).toContain('用户名或密码不正确');
    await shot('login');
    await page.getByTestId('login-password').fill(ANALYST.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
    expect(await page.getByTestId('user-name').textContent()).toContain('市局分析员');
    expect(await page.getByTestId('user-role').textContent()).toBe('市经信局分析员');
    // the session cookie is HttpOnly: the page cannot read it
    expect(await page.evaluate<string>('document.cookie')).not.toContain('mujun_session');
  });

  it('says plainly when the login is throttled', async () => {
    const LOCKED = { username: 'e2e-locked', password: randomPassword() };
    await createUser(store, { ...LOCKED, role: 'leader' }, 'e2e');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const p = await context.newPage();
    await p.goto(server.url + '/');
    await p.getByTestId('login-page').waitFor();
    await p.getByTestId('login-username').fill(LOCKED.username);
    for (let k = 1; k <= 5; k++) {
      await p.getByTestId('login-password').fill(`wrong-guess-${k}`);
      const [res] = await Promise.all([
        p.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
        p.getByTestId('login-submit').click(),
      ]);
      expect(res.status()).toBe(401);
    }
    await p.getByTestId('login-password').fill(LOCKED.password);
    await p.getByTestId('login-submit').click();
    await expect.poll(() => p.getByTestId('login-error').getAttribute('data-status')).toBe('429');
    expect(await p.getByTestId('login-error').textContent()).toMatch(/登录尝试过多，请 \d+ 秒后再试/);
    expect(await p.getByTestId('login-submit').isDisabled()).toBe(true);
    await p.screenshot({ path: path.join(shots, 'login-throttled.png') });
    await context.close();
  });

  it('opens the cockpit in Chinese with sourced cards and a class chart', async () => {
    await page.goto(server.url + '/');
    await page.getByTestId('card-classes').waitFor();
    await expect(page.getByTestId('page-title').textContent()).resolves.toContain('驾驶舱');
    // every card names its source
    for (const id of ['card-classes', 'card-permu', 'card-top', 'card-bottom', 'card-coverage'])
      expect(await page.getByTestId(id).textContent()).toContain('数据来源');
    expect(await page.getByTestId('chart-classes').locator('canvas').count()).toBe(1);
    await page.waitForTimeout(400); // chart animation
    await shot('cockpit');
    expect(pageErrors).toEqual([]);
  });

  it('switches to English and back', async () => {
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('page-title').textContent()).resolves.toContain('cockpit');
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('page-title').textContent()).resolves.toContain('驾驶舱');
  });

  it('drills down from the cockpit to one county’s enterprises', async () => {
    const link = page.locator('[data-testid^="county-"]').first();
    const testId = (await link.getAttribute('data-testid'))!;
    const division = testId.slice('county-'.length);
    const countyName = (await link.textContent())!.split('（')[0]!;
    await link.click();
    await page.waitForURL(/\/enterprises\?/);
    expect(new URL(page.url()).searchParams.get('division')).toBe(division);
    const rows = page.getByTestId('results-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) expect(await rows.nth(i).textContent()).toContain(countyName);
    await shot('enterprises');
  });

  it('opens an enterprise and reads why it got its class', async () => {
    await page.goto(server.url + '/enterprises?status=graded&order=total&dir=desc');
    const first = page.getByTestId('results-table').locator('tbody tr.ant-table-row a').first();
    const name = (await first.textContent())!;
    await first.click();
    await page.waitForURL(/\/enterprise\//);
    await expect(page.getByTestId('enterprise-name').textContent()).resolves.toBe(name);
    const why = await page.getByTestId('why').textContent();
    expect(why).toMatch(/定档|等级/);
    const indicators = page.getByTestId('indicator-table').locator('tbody tr.ant-table-row');
    expect(await indicators.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('card-sources').textContent()).toBeTruthy();
    // the best firm of the run is in A: how to move up says so
    expect(await page.getByTestId('card-move-up').textContent()).toContain('A 类');
    await page.waitForTimeout(400);
    await shot('enterprise');
  });

  it('prints the enterprise statement on one A4 page', async () => {
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(1);
  });

  it('exports the filtered table as XLSX that opens with units in the headers', async () => {
    await page.goto(server.url + '/enterprises?class=A');
    await page.getByTestId('results-table').locator('tbody tr.ant-table-row').first().waitFor();
    const totalText = await page.locator('.ant-pagination-total-text').textContent();
    const total = Number(totalText!.replace(/[^0-9]/g, ''));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    const file = path.join(tmp, download.suggestedFilename() || 'export.xlsx');
    await download.saveAs(file);
    const { rows } = await openTable(file);
    let header: string[] | null = null;
    let count = 0;
    let classCol = -1;
    for await (const r of rows) {
      if (!header) {
        header = r.cells.map((c) => String(c ?? ''));
        classCol = header.findIndex((h) => h.includes('等级') && !h.includes('初'));
        continue;
      }
      count++;
      if (classCol >= 0) expect(r.cells[classCol]).toBe('A');
    }
    expect(header!.join('|')).toContain('万元');
    expect(header!.join('|')).toContain('亩');
    expect(classCol).toBeGreaterThanOrEqual(0);
    expect(count).toBe(total);
  });

  it('imports departmental files, shows the rejected row, and commits', async () => {
    // the 40-firm departmental files, the tax file with one more row whose USCC check character is wrong
    const fixtures = path.resolve('test/fixtures/import-demo');
    const files = readdirSync(fixtures)
      .filter((f) => /\.(csv|xlsx)$/.test(f) && !f.startsWith('records-') && f !== 'tax.csv')
      .map((f) => path.join(fixtures, f));
    const tax = path.join(tmp, 'tax.csv');
    writeFileSync(
      tax,
      Buffer.concat([
        readFileSync(path.join(fixtures, 'tax.csv')),
        iconv.encode('913304002581012660,校验位错误的企业,1000.00,1000.00,0.00\r\n', 'gbk'),
      ]),
    );
    files.push(tax);
    await page.goto(server.url + '/import?year=2023');
    await page.getByTestId('import-year').waitFor();
    await page.getByTestId('upload-input').setInputFiles(files);
    await page.getByTestId('preview-button').click();
    await page.getByTestId('preview-files').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('preview-files').textContent()).toContain('税务');
    await shot('import-preview');
    await page.getByTestId('to-reconcile').click();
    const rejected = page.getByTestId('rejected-table').locator('tbody tr.ant-table-row');
    await rejected.first().waitFor();
    expect(await rejected.count()).toBe(1);
    expect(await rejected.first().textContent()).toContain('913304002581012660');
    await shot('import-rejections');
    await page.getByTestId('to-commit').click();
    await page.getByTestId('commit-button').click();
    await page.getByTestId('import-done').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('import-done').textContent()).toMatch(/2023/);
    await shot('import-done');
  });

  it('starts a run of the imported year, shows its progress; compares last year’s run with this year’s', async () => {
    await page.getByTestId('evaluate-year').click();
    await page.waitForURL(/\/runs\?/);
    await page.getByTestId('start-run-form').waitFor();
    await page.getByTestId('start-run-submit').click();
    const progress = page.getByTestId('job-progress');
    await progress.waitFor();
    await expect
      .poll(() => progress.getAttribute('data-state'), { timeout: 120_000, interval: 250 })
      .toBe('done');
    await shot('runs');
    const runs = await apiGet<{ items: { id: number }[] }>('/api/runs');
    const ids = runs.items.map((r) => r.id).sort((a, b) => a - b);
    // the demo's runs: last year's first, then this year's
    await page.goto(`${server.url}/runs/compare?a=${ids[0]}&b=${ids[1]}`);
    await page.getByTestId('compare-matrix-table').waitFor();
    await page.waitForTimeout(400);
    await shot('compare');
    expect(pageErrors).toEqual([]);
  });

  it('reads a methodology as rules and shows a bad file’s errors at their line', async () => {
    await page.goto(server.url + '/methodologies?id=huangyan-2023');
    await page.getByTestId('methodology-rules').waitFor();
    const rules = (await page.getByTestId('methodology-rules').textContent())!;
    expect(rules).toContain('亩均税收');
    expect(rules).toContain('24.097'); // huangyan-2023's benchmark of tax per mu (docs/methodology.md)
    await shot('methodology');
    const bad = readFileSync('methodologies/huangyan-2023.yaml', 'utf8').replace(
      /weight: 30\b/,
      'weight: thirty',
    );
    const file = path.join(tmp, 'bad-methodology.yaml');
    writeFileSync(file, bad);
    await page.getByRole('tab', { name: '校验办法文件' }).click();
    await page.locator('input[type=file][accept*="yaml"]').setInputFiles(file);
    const errors = page.getByTestId('validate-errors');
    await errors.waitFor();
    const line = bad.split('\n').findIndex((l) => l.includes('weight: thirty')) + 1;
    expect(await errors.textContent()).toContain(`第${line} 行`);
  });

  it('applies the demo policy to the run as a draft with county totals and a ledger', async () => {
    await page.goto(server.url + '/policy?draft=1');
    await page.getByTestId('county-totals').waitFor({ timeout: 60_000 });
    await page.getByTestId('draft-banner').waitFor();
    expect(await page.getByTestId('ledger-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(
      0,
    );
    await page.waitForTimeout(400);
    await shot('policy');
    expect(pageErrors).toEqual([]);
  });

  it('shows a county operator its own county only, in the cockpit, the table and the API', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const p = await context.newPage();
    p.on('pageerror', (e) => pageErrors.push(String(e)));
    await p.goto(server.url + '/');
    await logIn(p, NANHU);
    expect(await p.getByTestId('user-role').textContent()).toBe('区县操作员');
    await p.getByTestId('card-classes').waitFor();
    const counties = await Promise.all(
      (await p.locator('[data-testid^="county-"]').all()).map((l) => l.getAttribute('data-testid')),
    );
    expect(counties.length).toBeGreaterThan(0);
    expect(new Set(counties)).toEqual(new Set(['county-330402']));
    // the top and bottom lists are the county's
    for (const id of ['card-top', 'card-bottom']) {
      const text = (await p.getByTestId(id).textContent())!;
      expect(text).toContain('南湖区');
      for (const other of ['秀洲区', '嘉善县', '海盐县', '海宁市', '平湖市', '桐乡市'])
        expect(text).not.toContain(other);
    }
    // the import page is not in its menu, and refused if opened
    expect(await p.locator('.ant-menu-item').allTextContents()).not.toContain('数据导入');
    await p.goto(server.url + '/import');
    await p.getByTestId('forbidden-page').waitFor();
    // the table, even when asked for another county
    await p.goto(server.url + '/enterprises?division=330411');
    await p.waitForTimeout(300);
    await p.goto(server.url + '/enterprises');
    const rows = p.getByTestId('results-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    for (let i = 0; i < (await rows.count()); i++)
      expect(await rows.nth(i).textContent()).toContain('南湖区');
    await p.screenshot({ path: path.join(shots, 'county-operator.png'), fullPage: true });
    // the API answers with the county's rows only, whatever is asked
    const asked = await p.evaluate(async () => {
      const r = await fetch('/api/runs/latest/results?division=330411&limit=5');
      return ((await r.json()) as { total: number }).total;
    });
    expect(asked).toBe(0);
    const cityTotal = (await apiGet<{ total: number }>('/api/runs/latest/results?limit=1')).total;
    const mine = await p.evaluate(async () => {
      const r = await fetch('/api/runs/latest/results?limit=1');
      return ((await r.json()) as { total: number }).total;
    });
    expect(mine).toBeGreaterThan(0);
    expect(mine).toBeLessThan(cityTotal);
    // logging out ends the session
    await p.getByTestId('logout').click();
    await p.getByTestId('login-page').waitFor();
    const after = await p.evaluate(async () => (await fetch('/api/runs')).status);
    expect(after).toBe(401);
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('lets an enterprise object during the notice and its county operator accept it, with a re-run', async () => {
    // an enterprise of 南湖区 in class C in the latest run, with an account of its own
    const pick = await apiGet<{ items: { uscc: string; name: string }[] }>(
      '/api/runs/latest/results?division=330402&status=graded&class=C&limit=1',
    );
    const firm = pick.items[0]!;
    const ENTERPRISE = { username: 'e2e-enterprise', password: randomPassword() };
    await createUser(
      store,
      { ...ENTERPRISE, role: 'enterprise', uscc: firm.uscc, displayName: firm.name },
      'e2e',
    );
    // the analyst publishes the run for public notice (a script with a token: no CSRF token needed)
    const published = await fetch(server.url + '/api/runs/latest/publish', {
      method: 'POST',
      body: JSON.stringify({ noticeDays: 7 }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(published.status).toBe(200);

    const ent = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const e = await ent.newPage();
    e.on('pageerror', (err) => pageErrors.push(String(err)));
    await e.goto(server.url + '/');
    await logIn(e, ENTERPRISE);
    // its home is its own statement
    await e.waitForURL(new RegExp(`/enterprise/${firm.uscc}`));
    await e.getByTestId('card-objections').waitFor();
    await e.getByTestId('file-objection').click();
    await e.getByTestId('objection-field').waitFor();
    await e.getByTestId('objection-field').click();
    await e.locator('.ant-select-item-option').filter({ hasText: '税收实际贡献' }).click();
    await e.getByTestId('objection-value').fill('888');
    await e
      .getByTestId('objection-explanation-input')
      .fill('2023 年实缴税款见完税证明。<script>alert(1)</script>');
    const pdf = path.join(tmp, '完税证明.pdf');
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    await e.locator('.ant-modal input[type=file]').setInputFiles(pdf);
    await e.getByTestId('objection-submit').click();
    await e.getByTestId('objection-status').first().waitFor();
    expect(await e.getByTestId('objection-status').first().getAttribute('data-status')).toBe('open');
    // the explanation is shown as text, never run
    expect(await e.getByTestId('objection-explanation').first().textContent()).toContain('<script>');
    await e.screenshot({ path: path.join(shots, 'objection-filed.png'), fullPage: true });

    // its county operator accepts it
    const county = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const c = await county.newPage();
    c.on('pageerror', (err) => pageErrors.push(String(err)));
    await c.goto(server.url + '/objections');
    await logIn(c, NANHU);
    await c.getByTestId('objections-table').locator('[data-testid="objection-open"]').first().click();
    await c.getByTestId('decision-form').waitFor();
    await c.getByTestId('decision-reason').fill('完税证明属实，予以更正');
    await c.screenshot({ path: path.join(shots, 'objection-decide.png'), fullPage: true });
    await c.getByTestId('decision-submit').click();
    // what accepting will do is shown first, then confirmed (issue 11, item 20)
    await c.getByTestId('decision-preview').waitFor();
    await c.getByTestId('decision-confirm').click();
    await expect
      .poll(async () => c.getByTestId('objection-status').first().getAttribute('data-status'), {
        timeout: 30_000,
      })
      .toBe('accepted');
    await jobsOf(store).idle();

    // the enterprise sees the outcome and its class after the re-run
    await e.reload();
    await e.getByTestId('card-objections').waitFor();
    expect(await e.getByTestId('objection-status').first().getAttribute('data-status')).toBe('accepted');
    expect(await e.getByTestId('objection-reason').first().textContent()).toContain('予以更正');
    await e.getByTestId('objection-after').first().waitFor();
    // the re-run is a draft: the enterprise sees it awaits publication, not its class (issue 11, item 21)
    expect(await e.getByTestId('objection-after').first().textContent()).toContain('待公示');
    await ent.close();
    await county.close();
    expect(pageErrors).toEqual([]);
  });
});
