/**
 * Issue 11 items 3, 4, 10 and 11 through the API (`app.request()`), on PGlite and PostgreSQL:
 * bounds of an import (rows, cells, rejections kept) with lowered bounds, a token that commits once,
 * an unknown profile as a 400, and no answer naming the server's staging folder.
 */
import { readdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { listRejections } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { generateDemoCity, writeDemoFiles, type DemoFiles } from '../demo/index.js';
import { writeXlsx } from '../ingest/xlsx-write.js';
import { openTable } from '../ingest/readers/index.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import { testClient, type TestClient } from './testing.js';
import type * as C from './contract/index.js';

const city = generateDemoCity({ enterprises: 60, seed: 5 });
const LIMIT_ENV = ['MUJUN_IMPORT_MAX_ROWS', 'MUJUN_IMPORT_MAX_CELLS', 'MUJUN_IMPORT_MAX_REJECTIONS'];

describeEachDatabase('issue 11: import bounds, commit once, errors without server paths', ({ db }) => {
  let store: Store;
  let app: TestClient;
  let dir: string;
  let files: DemoFiles;
  let six: string[];
  const previousDataDir = process.env.MUJUN_DATA_DIR;
  const staging = () => path.join(dir, 'data', 'staging');

  const form = (ps: string[], names = ps.map((p) => path.basename(p))) => {
    const fd = new FormData();
    ps.forEach((p, k) => fd.append('files', new File([readFileSync(p)], names[k]!)));
    return fd;
  };
  const preview = async (ps: string[], query = 'year=2023') => {
    const res = await app.request(`/api/imports/preview?${query}`, { method: 'POST', body: form(ps) });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-issue11-'));
    process.env.MUJUN_DATA_DIR = path.join(dir, 'data');
    files = await writeDemoFiles(city, path.join(dir, 'files'));
    six = [
      files.marketRegulation,
      files.tax,
      files.statistics,
      files.power,
      files.environment,
      files.naturalResources,
    ].map((f) => f.path);
    store = await initStore(db());
    app = await testClient(store, 'analyst');
  });
  afterEach(() => {
    for (const k of LIMIT_ENV) delete process.env[k];
  });
  afterAll(() => {
    if (previousDataDir === undefined) delete process.env.MUJUN_DATA_DIR;
    else process.env.MUJUN_DATA_DIR = previousDataDir;
    rmSync(dir, { recursive: true, force: true });
  });

  /** A tax workbook of `rows` rows that compresses well (the same few values over and over). */
  const manyRows = (rows: number, name = 'tax-many.xlsx') => {
    const file = path.join(dir, name);
    // an enterprise of the registry, so that only the repeats of its row are rejected
    const code = city.batch.uscc.find((_, i) => !city.faults.invalidUscc.includes(i))!;
    writeFileSync(
      file,
      writeXlsx([
        {
          name: '税收',
          columns: [{ header: '纳税人识别号' }, { header: '纳税人名称' }, { header: '税收实际贡献(元)' }],
          rows: Array.from({ length: rows }, () => [code, '甲公司', 1000]),
        },
      ]),
    );
    return file;
  };

  it('refuses an import over the row or cell bound with a 413 naming the file and the bound', async () => {
    const file = manyRows(30_000);
    // a small file expanding a lot: the bound is on rows read, not bytes
    expect(readFileSync(file).length).toBeLessThan(400_000);
    process.env.MUJUN_IMPORT_MAX_ROWS = '10000';
    const rows = await preview([file]);
    expect(rows.status).toBe(413);
    const body = JSON.parse(rows.text) as { error: { code: string; problems: C.RejectionView[] } };
    expect(body.error.code).toBe('import_too_large');
    expect(body.error.problems[0]).toMatchObject({ file: 'tax-many.xlsx', rule: 'import_too_large' });
    expect(body.error.problems[0]!.zh).toContain('10,000 行');
    expect(body.error.problems[0]!.en).toContain('10,000 rows');
    delete process.env.MUJUN_IMPORT_MAX_ROWS;
    process.env.MUJUN_IMPORT_MAX_CELLS = '50000';
    const cells = await preview([file]);
    expect(cells.status).toBe(413);
    expect(cells.text).toContain('50,000');
    // nothing staged, nothing stored
    expect(readdirSync(staging())).toEqual([]);
    const datasets = (await (await app.request('/api/datasets')).json()) as { items: unknown[] };
    expect(datasets.items).toHaveLength(0);
  });

  it('keeps the first rejections up to the bound, with their count and a note, in the preview and the store', async () => {
    // 3,000 rows of the same enterprise: the first is accepted, the others rejected as duplicates
    const file = manyRows(3_001, 'tax-duplicates.xlsx');
    process.env.MUJUN_IMPORT_MAX_REJECTIONS = '100';
    const p = await preview([files.marketRegulation.path, file]);
    expect(p.status).toBe(200);
    const body = JSON.parse(p.text) as C.ImportPreview;
    expect(body.rejectionCount).toBe(3_000 + city.faults.invalidUscc.length);
    expect(body.rejections).toHaveLength(100);
    // the staged XLSX of rejections: the 100 kept and a note saying how many there were
    const x = await app.request(`/api/imports/${body.token}/rejections.xlsx`);
    const xf = path.join(dir, 'rejected.xlsx');
    writeFileSync(xf, Buffer.from(await x.arrayBuffer()));
    let n = 0;
    for await (const _ of (await openTable(xf, { sheet: '退回行 Rejected rows' })).rows) n++;
    expect(n).toBe(101);
    const notes: string[] = [];
    for await (const r of (await openTable(xf, { sheet: '说明 Notes' })).rows) notes.push(String(r.cells[0]));
    expect(notes.join(' ')).toContain(`${(3_000 + city.faults.invalidUscc.length).toLocaleString('en')}`);

    const commit = await app.request(`/api/imports/${body.token}/commit`, { method: 'POST' });
    expect(commit.status).toBe(202);
    await jobsOf(store).idle();
    const job = (await (
      await app.request(`/api/jobs/${((await commit.json()) as C.JobAccepted<C.ImportResult>).job.id}`)
    ).json()) as C.JobView<C.ImportResult>;
    expect(job.state).toBe('done');
    expect(job.result!.rejectionCount).toBe(body.rejectionCount);
    const stored = await listRejections(db(), job.result!.dataset.id);
    expect(stored).toHaveLength(100);
    expect(job.result!.dataset.note).toContain('100');
  });

  it('commits a token once: of two parallel commits one is accepted, the other is a 409', async () => {
    const p = JSON.parse((await preview(six, 'year=2022')).text) as C.ImportPreview;
    const [a, b] = await Promise.all([
      app.request(`/api/imports/${p.token}/commit`, { method: 'POST' }),
      app.request(`/api/imports/${p.token}/commit`, { method: 'POST' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const refused = (a.status === 409 ? a : b).clone();
    const e = (await refused.json()) as { error: { code: string; message: string } };
    expect(e.error.code).toBe('conflict');
    expect(e.error.message).toMatch(/[\u4e00-\u9fff].* \/ .*commits once/);
    await jobsOf(store).idle();
    const accepted = (await (a.status === 202 ? a : b).json()) as C.JobAccepted<C.ImportResult>;
    const job = (await (
      await app.request(`/api/jobs/${accepted.job.id}`)
    ).json()) as C.JobView<C.ImportResult>;
    expect(job.state).toBe('done');
    expect(job.result!.dataset).toMatchObject({ year: 2022, version: 1 });
    // one dataset for the year, and the token is gone
    const list = (await (await app.request('/api/datasets')).json()) as { items: { year: number }[] };
    expect(list.items.filter((d) => d.year === 2022)).toHaveLength(1);
    expect((await app.request(`/api/imports/${p.token}/commit`, { method: 'POST' })).status).toBe(404);
  });

  it('answers an unknown profile with a 400 in Chinese and English, before reading the upload', async () => {
    for (const url of [
      '/api/imports/preview?year=2023&profile=nosuch',
      '/api/imports?year=2023&profile=nosuch',
    ]) {
      const res = await app.request(url, { method: 'POST', body: form([files.tax.path]) });
      expect(res.status).toBe(400);
      const e = (await res.json()) as { error: { code: string; message: string } };
      expect(e.error.code).toBe('invalid');
      expect(e.error.message).toContain('没有名为“nosuch”的映射配置');
      expect(e.error.message).toContain('no mapping profile "nosuch"');
    }
    // a known one forces the layout
    const ok = await app.request('/api/imports/preview?year=2023&profile=tax', {
      method: 'POST',
      body: form([files.tax.path]),
    });
    expect(ok.status).toBe(200);
  });

  it('names files as uploaded, never the staging folder: a too-wide CSV, a job that fails', async () => {
    const wide = path.join(dir, 'wide.csv');
    writeFileSync(wide, `纳税人识别号,${Array.from({ length: 17_000 }, (_, k) => `c${k}`).join(',')}\n`);
    const root = staging();
    for (const p of [
      await preview([wide]),
      await (async () => {
        const res = await app.request('/api/imports?year=2023', { method: 'POST', body: form([wide]) });
        return { status: res.status, text: await res.text() };
      })(),
    ]) {
      expect(p.status).toBe(422);
      expect(p.text).toContain('wide.csv');
      expect(p.text).not.toContain(root);
      expect(p.text).not.toContain(os.tmpdir());
    }
    // a staged file gone before the commit: the job's error names the file, not where it was staged
    const p = JSON.parse((await preview(six, 'year=2021')).text) as C.ImportPreview;
    const tax = readdirSync(path.join(root, p.token)).find((f) => f.endsWith(path.basename(files.tax.path)))!;
    unlinkSync(path.join(root, p.token, tax));
    const commit = (await (
      await app.request(`/api/imports/${p.token}/commit`, { method: 'POST' })
    ).json()) as C.JobAccepted<C.ImportResult>;
    await jobsOf(store).idle();
    const text = await (await app.request(`/api/jobs/${commit.job.id}`)).text();
    const job = JSON.parse(text) as C.JobView<C.ImportResult>;
    expect(job.state).toBe('failed');
    expect(text).toContain(path.basename(files.tax.path));
    expect(text).not.toContain(root);
    expect(text).not.toContain(dir);
  });
});
