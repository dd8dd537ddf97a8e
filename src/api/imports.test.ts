/** Uploading departmental files through the API, on a real PGlite store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/index.js';
import { generateDemoCity, writeDemoFiles, type DemoFiles } from '../demo/index.js';
import { openTable } from '../ingest/readers/index.js';
import { initStore, type Store } from '../services/store.js';
import { testClient, type TestClient } from './testing.js';
import { safeFileName } from './routes/imports.routes.js';

let store: Store;
let dir: string;
let files: DemoFiles;
let app: TestClient;
const city = generateDemoCity({ enterprises: 200, seed: 9 });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-upload-test-'));
  files = await writeDemoFiles(city, dir);
  store = await initStore(await openDatabase({ dataDir: ':memory:' }));
  app = await testClient(store);
});
afterAll(async () => {
  await store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const form = (paths: string[], names = paths.map((p) => path.basename(p))) => {
  const fd = new FormData();
  paths.forEach((p, k) => fd.append('files', new File([readFileSync(p)], names[k]!)));
  return fd;
};

describe('POST /api/imports', () => {
  it('imports the six departmental files and answers with the reconciliation and rejections', async () => {
    const paths = [
      files.marketRegulation,
      files.tax,
      files.statistics,
      files.power,
      files.environment,
      files.naturalResources,
    ].map((f) => f.path);
    const res = await app.request('/api/imports?year=2023', { method: 'POST', body: form(paths) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      created: boolean;
      dataset: { id: number };
      reconciliation: { files: { file: string; rowsRead: number; accepted: number; rejected: number }[] };
      rejections: { file: string; row: number; rule: string }[];
      rejectedXlsx: string | null;
    };
    expect(body.created).toBe(true);
    expect(body.reconciliation.files.map((f) => f.file)).toContain('tax.csv');
    expect(body.rejections.every((r) => r.rule === 'uscc_check')).toBe(true);
    // the stored rejected rows come back as an XLSX
    const x = await app.request(body.rejectedXlsx ?? `/api/datasets/${body.dataset.id}/rejections.xlsx`);
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toContain('spreadsheetml');
    const file = path.join(dir, 'r.xlsx');
    writeFileSync(file, Buffer.from(await x.arrayBuffer()));
    let n = 0;
    for await (const _ of (await openTable(file)).rows) n++;
    expect(n).toBe(body.rejections.length + 1);
  });

  it('answers a binary file with 422 and one clear error, storing nothing', async () => {
    const bin = path.join(dir, 'evil.csv');
    writeFileSync(bin, Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
    const before = ((await (await app.request('/api/datasets')).json()) as { items: unknown[] }).items.length;
    const res = await app.request('/api/imports?year=2024', {
      method: 'POST',
      body: form([bin], ['../../etc/passwd']),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { problems: { file: string }[]; message: string } };
    expect(body.error.problems).toHaveLength(1);
    expect(body.error.problems[0]!.file).toBe('passwd');
    const after = ((await (await app.request('/api/datasets')).json()) as { items: unknown[] }).items.length;
    expect(after).toBe(before);
  });

  it('refuses a request without files, without a year, or not multipart', async () => {
    expect(
      (await app.request('/api/imports?year=2023', { method: 'POST', body: new FormData() })).status,
    ).toBe(400);
    expect((await app.request('/api/imports', { method: 'POST', body: form([files.tax.path]) })).status).toBe(
      400,
    );
    expect(
      (
        await app.request('/api/imports?year=2023', {
          method: 'POST',
          body: 'x',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415); // not multipart: unsupported media type
  });

  it('keeps uploaded names inside its own folder', () => {
    expect(safeFileName('../../etc/passwd', 0)).toBe('passwd');
    expect(safeFileName('C:\\Users\\a\\税务.xlsx', 0)).toBe('税务.xlsx');
    expect(safeFileName('..', 2)).toBe('file-3');
  });
});
