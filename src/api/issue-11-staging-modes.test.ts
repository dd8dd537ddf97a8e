/**
 * Issue 11, item 5 (staged uploads): the files an import preview keeps for its commit are owner-only
 * whatever the umask — the staging folders 0700, the uploaded files and their metadata 0600 — on a real
 * preview through the API (they were 0644 under the usual umask 022, 0666 under 000).
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../db/index.js';
import { generateDemoCity, writeDemoFiles } from '../demo/index.js';
import { initStore, type Store } from '../services/store.js';
import type * as C from './contract/index.js';
import { testClient, type TestClient } from './testing.js';

let dir: string;
let store: Store;
let analyst: TestClient;
let umask: number;
const previousDataDir = process.env.MUJUN_DATA_DIR;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-staging-modes-'));
  process.env.MUJUN_DATA_DIR = path.join(dir, 'data');
  umask = process.umask(0o000);
  store = await initStore(await openDatabase({ dataDir: ':memory:' }));
  analyst = await testClient(store, 'analyst', { username: 'zhao' });
});
afterAll(async () => {
  process.umask(umask);
  await store.db.close();
  if (previousDataDir === undefined) delete process.env.MUJUN_DATA_DIR;
  else process.env.MUJUN_DATA_DIR = previousDataDir;
  rmSync(dir, { recursive: true, force: true });
});

it('keeps a preview’s staged uploads owner-only under umask 000', async () => {
  const files = await writeDemoFiles(generateDemoCity({ enterprises: 50, seed: 5 }), path.join(dir, 'files'));
  const fd = new FormData();
  for (const f of [files.marketRegulation, files.tax])
    fd.append('files', new File([readFileSync(f.path)], path.basename(f.path)));
  const res = await analyst.request('/api/imports/preview?year=2023', { method: 'POST', body: fd });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as C.ImportPreview;
  const staging = path.join(dir, 'data', 'staging');
  const modes: Record<string, string> = {};
  const visit = (p: string) => {
    const st = lstatSync(p);
    modes[path.relative(staging, p) || '.'] = (st.mode & 0o777).toString(8);
    if (st.isDirectory()) for (const n of readdirSync(p)) visit(path.join(p, n));
  };
  visit(staging);
  const names = Object.keys(modes);
  // the uploads and the preview's own files are there
  expect(names.filter((n) => n.startsWith(`${token}/`)).length).toBeGreaterThanOrEqual(3);
  expect(names).toContain(`${token}/meta.json`);
  for (const [name, mode] of Object.entries(modes))
    expect(mode, name).toBe(lstatSync(path.join(staging, name)).isDirectory() ? '700' : '600');
});
