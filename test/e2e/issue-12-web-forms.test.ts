/**
 * Issue 12 item 3 in Chromium at 1366×768 over a real server and a small demo city (PGlite, the run
 * published for notice, one objection filed): the import, policy, audit and objections pages label every
 * input (the import year, the what-if and sensitivity inputs, the audit search…), Tab reaches their main
 * controls, an objection opens from the keyboard (its link has an href), and in English their headers
 * and labels carry no Chinese (proper names in data excepted, and the file's own words: the headers of
 * its first rows, a header or sheet name quoted in a message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../src/db/index.js';
import { runDemo } from '../../src/services/demo.service.js';
import { publishForNotice } from '../../src/services/runs.service.js';
import { fileObjection } from '../../src/services/objections.service.js';
import { initStore, type Store } from '../../src/services/store.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createApiToken, createUser } from '../../src/services/accounts.service.js';
import { randomPassword } from '../../src/services/password.js';
import { hasChromium, launchBrowser } from './browser.js';
import { chineseLabels, tabThrough, unnamedInputs } from './page-checks.js';

const WEB_DIR = path.resolve(process.env.MUJUN_E2E_WEB_DIR ?? 'dist/web');
const DEMO_FILES = path.resolve('test/fixtures/import-demo');
const ANALYST = { username: 'w5-analyst', password: randomPassword() };

let store: Store;
let server: RunningServer;
let browser: Browser;
let tmp: string;
let token: string;
let runId: number;
let objectionId: number;

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

describe.skipIf(!hasChromium)(
  'issue 12: import, policy, audit and objections by keyboard, labelled, in English',
  () => {
    beforeAll(async () => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'mujun-w5-'));
      store = await initStore(await openDatabase({ dataDir: ':memory:' }));
      const demo = await runDemo(store, { enterprises: 300, seed: 15, outDir: path.join(tmp, 'demo') });
      runId = demo.stored.runId;
      await publishForNotice(store, runId, { noticeDays: 7, by: 'w5' });
      await createUser(store, { ...ANALYST, role: 'analyst', displayName: 'W5' }, 'e2e');
      token = (await createApiToken(store, ANALYST.username, { name: 'w5' }, 'e2e')).token;
      server = await startServer(store, { port: 0, host: '127.0.0.1', webDir: WEB_DIR });
      // one objection, filed by the enterprise itself
      const page = await api<{ items: { uscc: string; tax: number }[] }>(
        `/api/runs/${runId}/results?status=graded&limit=20`,
      );
      const firm = page.items.find((x) => x.tax > 0)!;
      const who = await createUser(
        store,
        { username: 'w5-firm', password: randomPassword(), role: 'enterprise', uscc: firm.uscc },
        'e2e',
      );
      const o = await fileObjection(store, who, {
        runId,
        field: 'tax',
        claimedValue: Math.round(firm.tax * 2),
        explanation: '完税证明所列税额为登记数的两倍。',
        evidence: [],
      });
      objectionId = o.id;
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await store?.db.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    it('the import wizard labels the year and every input of its steps; Tab reaches the year, the files and upload', async () => {
      const p = await login('zh');
      await p.goto(`${server.url}/import?year=2023`);
      await p.getByTestId('import-year').waitFor();
      expect(await p.getByLabel('数据年度').getAttribute('data-testid')).toBe('import-year');
      const seen = await tabThrough(p, 20);
      expect(seen.some((s) => s.id === 'import-year')).toBe(true);
      // the drop zone is a button reached by keyboard (Enter opens the file chooser)
      expect(seen.some((s) => s.role === 'button' && s.testId === 'import-step-files')).toBe(true);
      expect(seen.some((s) => s.testId === 'preview-button')).toBe(true);
      expect(await unnamedInputs(p)).toEqual([]);
      await p
        .getByTestId('upload-input')
        .setInputFiles([path.join(DEMO_FILES, 'tax.csv'), path.join(DEMO_FILES, 'power.xlsx')]);
      await p.getByTestId('upload-files').waitFor();
      expect(await unnamedInputs(p)).toEqual([]);
      // each file's remove button is named after the file
      await expect(p.getByRole('button', { name: '移除 tax.csv' }).count()).resolves.toBe(1);
      await p.getByTestId('preview-button').focus();
      await p.keyboard.press('Enter');
      await p.getByTestId('preview-files').waitFor({ timeout: 60_000 });
      expect(await unnamedInputs(p)).toEqual([]);
      await p.getByTestId('to-reconcile').click();
      await p.getByTestId('recon-files').waitFor();
      expect(await unnamedInputs(p)).toEqual([]);
      await p.context().close();
    });

    it('the policy page labels its pickers, filters and the what-if and sensitivity inputs; county names are links', async () => {
      const p = await login('zh');
      await p.goto(`${server.url}/policy?run=${runId}`);
      await p.getByTestId('ledger-table').waitFor({ timeout: 60_000 });
      expect(await unnamedInputs(p)).toEqual([]);
      await expect(p.getByRole('combobox', { name: '政策' }).count()).resolves.toBe(1);
      await expect(p.getByRole('combobox', { name: '按区县筛选台账' }).count()).resolves.toBe(1);
      // a county of the totals filters the ledger from the keyboard
      const county = p.locator('[data-testid="county-totals"] tbody a[href*="division="]').first();
      await county.focus();
      await p.keyboard.press('Enter');
      await expect.poll(() => new URL(p.url()).searchParams.get('division')).toMatch(/^\d{6}$/);

      await p.goto(`${server.url}/policy?run=${runId}&tab=whatif`);
      await p.getByTestId('whatif-run').waitFor();
      expect(await unnamedInputs(p)).toEqual([]);
      for (const name of ['办法 A', '办法 B', '政策 A', '政策 B'])
        await expect(p.getByRole('combobox', { name }).count(), name).resolves.toBe(1);

      await p.goto(`${server.url}/policy?run=${runId}&tab=sensitivity`);
      await p.getByTestId('sensitivity-run').waitFor();
      expect(await unnamedInputs(p)).toEqual([]);
      for (const name of ['抽样次数', '随机种子', '权重扰动 ±', '数据扰动 ±', '稳定度阈值'])
        await expect(p.getByLabel(name).count(), name).resolves.toBe(1);
      await p.context().close();
    });

    it('the audit trail labels its search, action, object and dates; Tab reaches them and the export', async () => {
      const p = await login('zh');
      await p.goto(`${server.url}/audit`);
      await p.getByTestId('audit-table').locator('tbody tr').first().waitFor();
      expect(await unnamedInputs(p)).toEqual([]);
      expect(await p.getByTestId('audit-actor').locator('input').getAttribute('aria-label')).toBe(
        '操作人（用户名）',
      );
      await expect(p.getByRole('combobox', { name: '操作类型' }).count()).resolves.toBe(1);
      await p.getByLabel('对象，如 run:3').waitFor();
      await p.getByLabel('起始日期').waitFor();
      await p.getByLabel('截止日期（不含）').waitFor();
      const seen = await tabThrough(p, 25);
      const ids = new Set(seen.map((s) => s.testId));
      for (const id of ['audit-xlsx', 'audit-actor', 'audit-action', 'audit-subject'])
        expect(ids, id).toContain(id);
      // typing a user name and Enter filters
      await p.getByLabel('操作人（用户名）').fill(ANALYST.username);
      await p.keyboard.press('Enter');
      await expect.poll(() => new URL(p.url()).searchParams.get('actor')).toBe(ANALYST.username);
      await p.context().close();
    });

    it('an objection opens from the keyboard: Tab to its link (with an href), Enter', async () => {
      const p = await login('zh');
      await p.goto(`${server.url}/objections`);
      const link = p.locator('[data-testid="objections-table"] tbody a[href]').first();
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe(`/objections?id=${objectionId}`);
      expect(await unnamedInputs(p)).toEqual([]);
      const seen = await tabThrough(p, 30);
      const k = seen.findIndex((s) => s.tag === 'a' && s.href === `/objections?id=${objectionId}`);
      expect(k).toBeGreaterThanOrEqual(0);
      // Enter on the link Tab reached opens it
      await link.focus();
      await p.keyboard.press('Enter');
      await p.getByTestId(`objection-${objectionId}`).waitFor();
      expect(new URL(p.url()).searchParams.get('id')).toBe(String(objectionId));
      await p.getByTestId('decision-form').waitFor();
      expect(await unnamedInputs(p)).toEqual([]);
      await p.getByLabel('处理意见（必填，企业可见）').waitFor();
      await p.context().close();
    });

    it('in English the headers and labels of these pages carry no Chinese', async () => {
      const p = await login('en');
      const pages: [string, string][] = [
        ['/import?year=2023', 'import-step-files'],
        [`/policy?run=${runId}`, 'ledger-table'],
        [`/policy?run=${runId}&tab=whatif`, 'whatif-run'],
        [`/policy?run=${runId}&tab=sensitivity`, 'sensitivity-run'],
        ['/audit', 'audit-table'],
        ['/objections', 'objections-table'],
        [`/objections?id=${objectionId}`, 'decision-form'],
        ['/tokens', 'tokens-table'],
      ];
      const problems: string[] = [];
      for (const [to, testId] of pages) {
        await p.goto(server.url + to);
        await p.getByTestId(testId).first().waitFor({ timeout: 60_000 });
        await p.waitForLoadState('networkidle');
        for (const s of await chineseLabels(p, [
          '[data-testid="preview-sample"]',
          '[data-testid="preview-columns"] td',
        ]))
          problems.push(`${to} ${s}`);
        for (const s of await unnamedInputs(p)) problems.push(`${to} unnamed ${s}`);
      }
      // the import's later steps, with files of the demo
      await p.goto(`${server.url}/import?year=2023`);
      await p
        .getByTestId('upload-input')
        .setInputFiles([path.join(DEMO_FILES, 'tax.csv'), path.join(DEMO_FILES, 'power.xlsx')]);
      await p.getByTestId('preview-button').click();
      await p.getByTestId('preview-files').waitFor({ timeout: 60_000 });
      for (const s of await chineseLabels(p, [
        '[data-testid="preview-sample"]',
        '[data-testid="preview-columns"] td',
      ]))
        problems.push(`/import (recognition) ${s}`);
      await p.getByTestId('to-reconcile').click();
      await p.getByTestId('recon-files').waitFor();
      for (const s of await chineseLabels(p, [
        '[data-testid="preview-sample"]',
        '[data-testid="preview-columns"] td',
      ]))
        problems.push(`/import (reconciliation) ${s}`);
      await p.getByTestId('to-commit').click();
      await p.getByTestId('import-step-commit').waitFor();
      for (const s of await chineseLabels(p, [
        '[data-testid="preview-sample"]',
        '[data-testid="preview-columns"] td',
      ]))
        problems.push(`/import (commit) ${s}`);
      expect(problems).toEqual([]);
      await p.context().close();
    });
  },
);
