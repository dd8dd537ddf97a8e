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
import { openTable } from '../../src/ingest/readers/index.js';
import { hasChromium, launchBrowser, screenshotDir } from './browser.js';

const WEB_DIR = path.resolve('dist/web');

let store: Store;
let server: RunningServer;
let browser: Browser;
let page: Page;
let tmp: string;
const shots = screenshotDir();
const pageErrors: string[] = [];

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
    const runs = (await (await fetch(server.url + '/api/runs')).json()) as { items: { id: number }[] };
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
    expect(rules).toContain('24.097'); // huangyan-2023's benchmark of tax per mu (methodology.md)
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
});
