/**
 * Issue 12 item 3 in Chromium at 1366×768 over a real server and a small demo city (PGlite, two runs):
 * the runs page and the enterprise table are worked by keyboard (Tab reaches their main controls, links
 * have an href, buttons are buttons), every input of the pages split by screen has an accessible name,
 * and in English their headers and labels carry no Chinese (proper names in data cells excepted) and the
 * enterprise table's headers fit on two lines.
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
import { CJK, chineseLabels, tabThrough, unnamedInputs } from './page-checks.js';
import type * as C from '../../src/api/contract/index.js';

const WEB_DIR = path.resolve(process.env.MUJUN_E2E_WEB_DIR ?? 'dist/web');
const ANALYST = { username: 'w4-analyst', password: randomPassword() };

let store: Store;
let server: RunningServer;
let browser: Browser;
let tmp: string;
let token: string;

const api = async <T>(p: string): Promise<T> => {
  const res = await fetch(server.url + p, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as T;
};

async function login(lang: 'zh' | 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await context.addInitScript(`window.localStorage.setItem('mujun.lang', '${lang}')`);
  const p = await context.newPage();
  await p.goto(server.url + '/');
  await p.getByTestId('login-page').waitFor();
  await p.getByTestId('login-username').fill(ANALYST.username);
  await p.getByTestId('login-password').fill(ANALYST.password);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('user-menu').waitFor();
  return p;
}

/** The enterprise table's headers taller than two lines. */
const TALL_HEADERS = `[...document.querySelectorAll('[data-testid="results-table"] thead th')]
  .map((th) => {
    // the words' own height (a header cell is as tall as the tallest of its row)
    const title = th.querySelector('.ant-table-column-title') || th;
    const range = document.createRange();
    range.selectNodeContents(title);
    const line = parseFloat(getComputedStyle(title).lineHeight) || 22;
    return { text: title.innerText, lines: Math.round(range.getBoundingClientRect().height / line) };
  })
  .filter((h) => h.text && h.lines > 2)`;

describe.skipIf(!hasChromium)(
  'issue 12: the runs and enterprise pages by keyboard, labelled, in English',
  () => {
    let latest: C.RunView;
    let previous: C.RunView;
    let firm: string;

    beforeAll(async () => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'mujun-w4-'));
      store = await initStore(await openDatabase({ dataDir: ':memory:' }));
      await runDemo(store, {
        enterprises: 300,
        seed: 12,
        outDir: path.join(tmp, 'demo'),
        previousYear: true,
      });
      await createUser(store, { ...ANALYST, role: 'analyst', displayName: 'W4' }, 'e2e');
      token = (await createApiToken(store, ANALYST.username, { name: 'w4' }, 'e2e')).token;
      server = await startServer(store, { port: 0, host: '127.0.0.1', webDir: WEB_DIR });
      browser = await launchBrowser();
      const runs = (await api<C.RunList>('/api/runs')).items.sort((a, b) => b.id - a.id);
      latest = runs[0]!;
      previous = runs[1]!;
      const page = await api<C.ResultsPage>(`/api/runs/${latest.id}/results?status=graded&limit=1`);
      firm = page.items[0]!.uscc;
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await store?.db.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    it('Tab reaches the runs page’s controls, each a button or a link with an href', async () => {
      const p = await login('zh');
      await p.goto(`${server.url}/runs`);
      await p.getByTestId('runs-table').waitFor();
      const seen = await tabThrough(p, 70);
      const ids = new Set(seen.map((s) => s.testId));
      for (const id of ['start-run', 'compare-runs', `adjust-run-${latest.id}`, `publish-run-${latest.id}`])
        expect(ids, id).toContain(id);
      // the methodology of a run opens by keyboard: a link with its address
      expect(seen.some((s) => s.tag === 'a' && s.href?.startsWith('/methodologies?id='))).toBe(true);
      // nothing focusable is a bare div or span: buttons, links, inputs only
      for (const s of seen.filter((x) => !x.inHeader))
        expect(['a', 'button', 'input', 'textarea', 'body'], JSON.stringify(s)).toContain(s.tag);
      // Enter on the focused start button opens the start form
      await p.getByTestId('start-run').focus();
      await p.keyboard.press('Enter');
      await p.getByTestId('start-run-form').waitFor();
      expect(await unnamedInputs(p)).toEqual([]);
      await p.getByLabel('数据年度').first().waitFor();
      await p.context().close();
    });

    it('the comparison’s matrix cells are links reached by keyboard; its pickers are labelled', async () => {
      const p = await login('zh');
      await p.goto(`${server.url}/runs/compare?a=${previous.id}&b=${latest.id}`);
      await p.getByTestId('compare-matrix-table').waitFor();
      const cell = p.locator('[data-testid^="matrix-cell-"][href]').first();
      await cell.waitFor();
      const id = (await cell.getAttribute('data-testid'))!;
      await cell.focus();
      await p.keyboard.press('Enter');
      await p.getByTestId('filter-cell').waitFor();
      const [, from, to] = /^matrix-cell-(\w+)-(\w+)$/.exec(id)!;
      expect(new URL(p.url()).searchParams.get('from')).toBe(from);
      expect(new URL(p.url()).searchParams.get('to')).toBe(to);
      expect(await unnamedInputs(p)).toEqual([]);
      await expect(p.getByLabel('基准批次').count()).resolves.toBeGreaterThan(0);
      await expect(p.getByLabel('比较批次').count()).resolves.toBeGreaterThan(0);
      await p.context().close();
    });

    it('the publish dialog and the adjustment drawer label every input', async () => {
      const p = await login('zh');
      await p.goto(`${server.url}/runs`);
      await p.getByTestId(`publish-run-${latest.id}`).click();
      await p.getByTestId('publish-days').waitFor();
      expect(await p.getByLabel('公示期').getAttribute('data-testid')).toBe('publish-days');
      expect(await unnamedInputs(p)).toEqual([]);
      await p.keyboard.press('Escape');
      await p.goto(`${server.url}/runs?adjust=${latest.id}&uscc=${firm}`);
      await p.getByTestId('adjust-drawer').waitFor();
      expect(await p.getByLabel('统一社会信用代码').inputValue()).toBe(firm);
      await p.getByLabel('原因（必填）').waitFor();
      expect(await unnamedInputs(p)).toEqual([]);
      await p.context().close();
    });

    it('Tab reaches the enterprise table’s search, filters, columns, export and its enterprise links', async () => {
      const p = await login('zh');
      await p.goto(`${server.url}/enterprises?run=${latest.id}`);
      await p.locator('[data-testid="results-table"] tbody a[href^="/enterprise/"]').first().waitFor();
      const seen = await tabThrough(p, 45);
      const ids = new Set(seen.map((s) => s.testId));
      for (const id of [
        'run-picker',
        'search',
        'filter-division',
        'filter-class',
        'export-xlsx',
        'column-chooser',
      ])
        expect(ids, id).toContain(id);
      expect(seen.some((s) => s.tag === 'a' && s.href?.startsWith('/enterprise/'))).toBe(true);
      expect(await unnamedInputs(p)).toEqual([]);
      // the inputs by their names, as a screen reader finds them
      await expect(p.getByRole('combobox', { name: '区县' }).count()).resolves.toBe(1);
      await expect(p.getByRole('combobox', { name: '行业' }).count()).resolves.toBe(1);
      await expect(p.getByRole('combobox', { name: '评价批次' }).count()).resolves.toBe(1);
      await p.context().close();
    });

    it('in English the headers and labels of these pages carry no Chinese; table headers fit on two lines', async () => {
      const p = await login('en');
      const pages: [string, string][] = [
        [`/runs`, 'runs-table'],
        [`/runs?start=1`, 'start-run-form'],
        [`/runs?adjust=${latest.id}&uscc=${firm}`, 'adjust-drawer'],
        [`/runs/compare?a=${previous.id}&b=${latest.id}`, 'compare-moved'],
        [`/cockpit?run=${latest.id}`, 'card-coverage'],
        [`/enterprises?run=${latest.id}`, 'results-table'],
        [`/enterprise/${firm}?run=${latest.id}`, 'card-sources'],
        [`/methodologies?id=${latest.methodologyId}`, 'methodology-rules'],
      ];
      const problems: string[] = [];
      for (const [to, testId] of pages) {
        await p.goto(server.url + to);
        await p.getByTestId(testId).first().waitFor();
        // the answers the page waits on (names, titles) arrive with their own requests
        await p.waitForLoadState('networkidle');
        for (const s of await chineseLabels(p, ['[data-testid="enterprise-name"]']))
          problems.push(`${to} ${s}`);
        for (const s of await unnamedInputs(p)) problems.push(`${to} unnamed ${s}`);
      }
      expect(problems).toEqual([]);

      await p.goto(`${server.url}/enterprises?run=${latest.id}`);
      await p.locator('[data-testid="results-table"] tbody a[href^="/enterprise/"]').first().waitFor();
      const tall = await p.evaluate<{ text: string; lines: number }[]>(TALL_HEADERS);
      expect(tall).toEqual([]);
      await p.context().close();
    });

    it('shows the methodology’s golden tests and their results (issue 12 item 7)', async () => {
      for (const lang of ['zh', 'en'] as const) {
        const p = await login(lang);
        await p.goto(server.url + '/methodologies?id=huangyan-2023');
        await p.getByRole('tab', { name: lang === 'zh' ? '测试用例' : 'Tests' }).click();
        const summary = p.getByTestId('methodology-tests-summary');
        await summary.waitFor();
        expect(await summary.textContent()).toMatch(
          lang === 'zh' ? /6 个通过，0 个未通过/ : /6 passed, 0 failed/,
        );
        const tests = p.getByTestId('methodology-test');
        expect(await tests.count()).toBe(6);
        expect(await p.locator('[data-testid="methodology-test"][data-passed="no"]').count()).toBe(0);
        const first = (await tests.first().textContent()) ?? '';
        expect(first).toContain(lang === 'zh' ? '例1 规上企业' : 'Example 1, above-scale');
        if (lang === 'en') expect(first).not.toMatch(CJK);
        await p.context().close();
      }
    });
  },
);
