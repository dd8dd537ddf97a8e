/**
 * Issue 11 in a real browser (Chromium over a real server and store), items 17, 26 (login and audit),
 * 12 and 8:
 * - the login page makes no request that fails and logs no error (no cockpit prefetch, no "who am I"
 *   before anybody logged in), and tells a new user whom to ask, not which command to run;
 * - the built app works under its Content-Security-Policy: no violation logged, the cockpit's charts drawn;
 * - the audit log reads as words (field: old → new), without raw JSON or whole hashes;
 * - an analyst lists API tokens on their page and revokes one, which then opens nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { openDatabase } from '../../src/db/index.js';
import { createApiToken, createUser, forget, setUserRole } from '../../src/services/accounts.service.js';
import { runDemo } from '../../src/services/demo.service.js';
import { randomPassword } from '../../src/services/password.js';
import { publishForNotice } from '../../src/services/runs.service.js';
import { initStore, type Store } from '../../src/services/store.js';
import { hasChromium, launchBrowser, screenshotDir } from './browser.js';

const WEB_DIR = path.resolve('dist/web');
const ANALYST = { username: 'login-analyst', password: randomPassword() };

let store: Store;
let server: RunningServer;
let browser: Browser;
let tmp: string;
const shots = screenshotDir();

/** What went wrong while a page was open: console errors, failed requests, answers ≥ 400. */
interface Troubles {
  console: string[];
  failed: string[];
  requests: string[];
}

async function watched(): Promise<{ context: BrowserContext; page: Page; t: Troubles }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const t: Troubles = { console: [], failed: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy|Refused to/i.test(m.text()))
      t.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => t.console.push(`pageerror: ${String(e)}`));
  page.on('requestfailed', (r) => t.failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    if (r.url().includes('/api/')) t.requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) t.failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return { context, page, t };
}

async function logIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByTestId('login-page').waitFor();
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

describe.skipIf(!hasChromium)(
  'issue 11: login page, page policy, audit log and API tokens in Chromium',
  () => {
    beforeAll(async () => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'mujun-login-'));
      store = await initStore(await openDatabase({ dataDir: ':memory:' }));
      const demo = await runDemo(store, { enterprises: 300, seed: 7, outDir: path.join(tmp, 'demo') });
      await createUser(store, { ...ANALYST, role: 'analyst', displayName: '审计分析员' }, 'e2e');
      // entries of the audit log with a before and an after, times and fingerprints
      await createUser(store, { username: 'moved', role: 'county', division: '330402' }, 'e2e');
      await setUserRole(store, 'moved', { role: 'county', division: '330481' }, ANALYST.username);
      await publishForNotice(store, demo.stored.runId, { by: ANALYST.username });
      server = await startServer(store, { port: 0, host: '127.0.0.1', webDir: WEB_DIR });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await store?.db.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    it('opens the login page without a failing request or a logged error, at every address', async () => {
      const { context, page, t } = await watched();
      for (const p of ['/', '/cockpit', '/enterprises?class=D', '/audit']) {
        await page.goto(server.url + p);
        await page.getByTestId('login-page').waitFor();
        await page.waitForLoadState('networkidle');
      }
      expect(t.failed).toEqual([]);
      expect(t.console).toEqual([]);
      // nothing was asked of the API before the user submitted
      expect(t.requests).toEqual([]);
      // whom to ask, not which command to run
      const text = (await page.getByTestId('login-page').textContent()) ?? '';
      expect(text).toMatch(/系统管理员/);
      expect(text).not.toMatch(/mujun |npm |create-admin|--/);
      await page.getByTestId('lang-switch').click();
      const en = (await page.getByTestId('login-page').textContent()) ?? '';
      expect(en).toMatch(/administrator/);
      expect(en).not.toMatch(/mujun |npm |create-admin/);
      await page.screenshot({ path: path.join(shots, 'issue-11-login.png') });
      await context.close();
    });

    it('runs the app under its Content-Security-Policy: the cockpit drawn, nothing refused', async () => {
      const { context, page, t } = await watched();
      const first = await page.goto(server.url + '/');
      const csp = first?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self' 'sha256-/);
      await logIn(page, ANALYST);
      await page.locator('canvas').first().waitFor();
      // logged in, a reload asks for the cockpit at once (index.html's prefetch, allowed by its hash)
      t.requests.length = 0;
      await page.reload();
      await page.getByTestId('user-menu').waitFor();
      await page.locator('canvas').first().waitFor();
      expect(t.requests).toContain('GET /api/runs/latest/cockpit');
      expect(t.console).toEqual([]);
      expect(t.failed).toEqual([]);
      // the session ends on the server: the page goes back to the login, and its cookies are cleared, so
      // that the next load asks nothing
      await store.db.query('DELETE FROM sessions');
      forget(store); // as the server itself does when it ends sessions
      await page.reload();
      await page.getByTestId('login-page').waitFor();
      t.failed.length = 0;
      t.requests.length = 0;
      await page.reload();
      await page.getByTestId('login-page').waitFor();
      await page.waitForLoadState('networkidle');
      expect(t.failed).toEqual([]);
      expect(t.requests).toEqual([]);
      await context.close();
    });

    it('shows the audit log as words: field, old → new; no raw JSON, no whole hashes', async () => {
      const { context, page, t } = await watched();
      await page.goto(server.url + '/audit');
      await logIn(page, ANALYST);
      await page.getByTestId('audit-table').locator('tbody tr').nth(2).waitFor();
      const table = page.getByTestId('audit-table');
      const text = (await table.textContent()) ?? '';
      expect(text).not.toMatch(/[{}]|":|\[\{/);
      expect(text).not.toMatch(/[0-9a-f]{32,}/);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/); // times are local, not ISO
      // the role change: the county before and after
      const role = table.locator('tr', { hasText: '更改角色' }).first();
      expect(await role.textContent()).toMatch(/区县：330402\s*→\s*330481/);
      expect(await role.textContent()).toContain('账号 #');
      // the run's fingerprints: shortened, the whole one on hover
      const run = table.locator('tr', { hasText: '评价运行' }).first();
      expect(await table.locator('tr', { hasText: '导入数据' }).first().textContent()).toMatch(
        /年度：2023(?!,)/,
      );
      const hash = run.getByTestId('audit-hash').first();
      expect(await hash.textContent()).toMatch(/^[0-9a-f]{8}…$/);
      await hash.hover();
      await expect
        .poll(async () => (await page.locator('.ant-tooltip').textContent()) ?? '')
        .toMatch(/^[0-9a-f]{64}$/);
      await page.screenshot({ path: path.join(shots, 'issue-11-audit.png'), fullPage: true });
      expect(t.console).toEqual([]);
      await context.close();
    });

    it('lists API tokens for the analyst and revokes one, which then opens nothing', async () => {
      const { token } = await createApiToken(store, 'moved', { name: '月报脚本' }, 'e2e');
      const asToken = () =>
        fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then(
          (r) => r.status,
        );
      expect(await asToken()).toBe(200);
      const { context, page, t } = await watched();
      await page.goto(server.url + '/');
      await logIn(page, ANALYST);
      await page.getByRole('menuitem', { name: 'API 令牌' }).click();
      await page.getByTestId('tokens-page').waitFor();
      const row = page.getByTestId('tokens-table').locator('tr', { hasText: '月报脚本' });
      await row.waitFor();
      expect(await row.textContent()).toContain('moved');
      expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('active');
      // never the token itself
      expect(await page.getByTestId('tokens-page').textContent()).not.toContain(token);
      await row.locator('[data-testid^="token-revoke-"]').click();
      await page.locator('.ant-popconfirm .ant-btn-primary').click();
      await expect.poll(() => row.locator('[data-state]').getAttribute('data-state')).toBe('revoked');
      expect(await asToken()).toBe(401);
      await page.screenshot({ path: path.join(shots, 'issue-11-tokens.png'), fullPage: true });
      expect(t.console).toEqual([]);
      expect(t.failed).toEqual([]);
      await context.close();
    });
  },
);
