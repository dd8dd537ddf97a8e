/** Serving the built web app: files inside dist/web only, index.html for the app's own paths, gzip. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { registerWebApp, resolveWebFile } from './web-app.js';

let root: string;
let app: Hono;

beforeAll(() => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'mujun-webapp-'));
  root = path.join(base, 'web');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>亩均</title>');
  writeFileSync(path.join(root, 'assets', 'app-1234.js'), 'console.log("亩均");'.repeat(50));
  writeFileSync(path.join(base, 'secret.txt'), 'outside');
  app = new Hono();
  app.get('/api/x', (c) => c.json({ api: true }));
  registerWebApp(app, root);
  app.notFound((c) => c.json({ error: 'not found' }, 404));
});
afterAll(() => rmSync(path.dirname(root), { recursive: true, force: true }));

describe('web app', () => {
  it('serves an asset, cached for a year, gzipped when asked', async () => {
    const res = await app.request('/assets/app-1234.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    expect(body).toBe('console.log("亩均");'.repeat(50));
  });
  it('answers index.html, not cached, for the app’s own paths', async () => {
    for (const p of ['/', '/enterprises', '/enterprise/91330424427620980Q', '/runs/compare']) {
      const res = await app.request(p + '?class=D');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>亩均</title>');
    }
  });
  it('leaves /api to the API and missing assets to a 404', async () => {
    expect(await (await app.request('/api/x')).json()).toEqual({ api: true });
    expect((await app.request('/api/nothing')).status).toBe(404);
    expect((await app.request('/assets/missing-1.js')).status).toBe(404);
  });
  it('never serves a file outside its folder', async () => {
    expect(resolveWebFile(root, '/../secret.txt')).toBeNull();
    expect(resolveWebFile(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveWebFile(root, '/assets/..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveWebFile(root, '/..\\secret.txt')).toBeNull();
    expect(resolveWebFile(root, '/%00')).toBeNull();
    expect(resolveWebFile(root, '/%E0%A4%A')).toBeNull();
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt'])
      expect(await (await app.request(p)).text()).not.toContain('outside');
  });
});
