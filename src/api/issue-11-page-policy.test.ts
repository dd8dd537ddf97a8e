/**
 * Issue 11, item 12: every page of the web app carries a Content-Security-Policy that forbids framing
 * (`frame-ancestors 'none'`) and scripts from anywhere but this origin — the inline scripts of index.html
 * allowed by their SHA-256 only — and X-Content-Type-Options; API answers carry a policy that runs and
 * frames nothing. (That the built app still works under the policy is test/e2e/issue-11-login.test.ts.)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.js';
import { initStore, type Store } from '../services/store.js';
import { createApp } from './app.js';

const INLINE = '\n      window.__probe = 1; // an inline script of the page\n    ';
const HTML = `<!doctype html><html><head><script>${INLINE}</script><script type="module" src="/assets/app-1.js"></script></head><body></body></html>`;

/** The directives of a policy: name → its sources. */
const directives = (csp: string): Map<string, string[]> =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );

describe('Content-Security-Policy of pages and answers', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-csp-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), HTML);
    writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    store = await initStore(await openDatabase({ dataDir: ':memory:' }));
  });
  afterAll(async () => {
    await store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every page a policy: no framing, scripts of this origin and the page’s own inline ones by hash', async () => {
    const app = createApp(store, { webDir: dir });
    for (const p of ['/', '/login', '/enterprises?class=D', '/audit']) {
      const res = await app.request(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = res.headers.get('content-security-policy');
      expect(csp, p).not.toBeNull();
      const d = directives(csp!);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(d.get('default-src')).toEqual(["'self'"]);
      const hash = `'sha256-${createHash('sha256').update(INLINE, 'utf8').digest('base64')}'`;
      expect(d.get('script-src')).toEqual(["'self'", hash]);
      // no way around the hash: neither inline scripts in general nor eval
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(d.get('connect-src')).toEqual(["'self'"]);
    }
  });

  it('recomputes the hash when index.html is rebuilt', async () => {
    const app = createApp(store, { webDir: dir });
    const first = (await app.request('/')).headers.get('content-security-policy');
    const other = "console.log('rebuilt')";
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><script>${other}</script>`);
    const second = (await app.request('/')).headers.get('content-security-policy');
    expect(second).not.toBe(first);
    expect(second).toContain(`'sha256-${createHash('sha256').update(other).digest('base64')}'`);
    writeFileSync(path.join(dir, 'index.html'), HTML);
  });

  it('answers the API with a policy that runs and frames nothing', async () => {
    const app = createApp(store, { webDir: dir });
    for (const p of ['/api/health', '/api/runs', '/api/nothing']) {
      const res = await app.request(p);
      expect(res.headers.get('content-security-policy'), p).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
