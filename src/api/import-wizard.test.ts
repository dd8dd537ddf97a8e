/**
 * The import wizard through `app.request()`, on PGlite and PostgreSQL: preview (staged, nothing
 * written), the staged rejections, commit as a job, then one enterprise's sources traced back to the
 * departmental files' rows; bad tokens and unreadable files.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { generateDemoCity, writeDemoFiles, type DemoFiles } from '../demo/index.js';
import { openTable } from '../ingest/readers/index.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import { testClient, type TestClient } from './testing.js';
import type * as C from './contract/index.js';

const city = generateDemoCity({ enterprises: 200, seed: 9 });

describeEachDatabase('web API: import wizard', ({ db }) => {
  let store: Store;
  let app: TestClient;
  let dir: string;
  let files: DemoFiles;
  let paths: string[];
  const previousDataDir = process.env.MUJUN_DATA_DIR;
  const staging = () => path.join(dir, 'data', 'staging');

  const form = (ps: string[], names = ps.map((p) => path.basename(p))) => {
    const fd = new FormData();
    ps.forEach((p, k) => fd.append('files', new File([readFileSync(p)], names[k]!)));
    return fd;
  };
  const json = async <T>(res: Response) => ({ status: res.status, body: (await res.json()) as T });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-wizard-'));
    process.env.MUJUN_DATA_DIR = path.join(dir, 'data');
    files = await writeDemoFiles(city, path.join(dir, 'files'));
    paths = [
      files.marketRegulation,
      files.tax,
      files.statistics,
      files.power,
      files.environment,
      files.naturalResources,
    ].map((f) => f.path);
    store = await initStore(db());
    app = await testClient(store, 'analyst', { username: 'zhao' });
  });
  afterAll(() => {
    if (previousDataDir === undefined) delete process.env.MUJUN_DATA_DIR;
    else process.env.MUJUN_DATA_DIR = previousDataDir;
    rmSync(dir, { recursive: true, force: true });
  });

  it('previews the six files without writing, then commits them as a job', async () => {
    const preview = await json<C.ImportPreview>(
      await app.request('/api/imports/preview?year=2023', { method: 'POST', body: form(paths) }),
    );
    expect(preview.status).toBe(200);
    const p = preview.body;
    expect(p.token).toMatch(/^[0-9a-f]{32}$/);
    expect(p.year).toBe(2023);
    expect(p.existingDataset).toBeNull();
    expect(p.files.map((f) => f.department).sort()).toEqual(
      ['environment', 'market-regulation', 'natural-resources', 'power', 'statistics', 'tax'].sort(),
    );
    for (const f of p.files) {
      expect(f.rowsRead).toBe(f.accepted + f.rejected + f.skipped);
      expect(f.columns.length).toBeGreaterThan(0);
      expect(f.sample.length).toBeGreaterThan(0);
      expect(f.sample[0]!.row).toBeGreaterThan(f.headerRow!);
    }
    const tax = p.files.find((f) => f.department === 'tax')!;
    expect(tax.columns.map((c) => c.header)).toEqual(
      expect.arrayContaining([expect.stringContaining('税收实际贡献')]),
    );
    // the generator makes exactly these USCCs invalid; the registry rejects them, every other firm is a record
    expect(p.records.total).toBe(200 - city.faults.invalidUscc.length);
    expect(p.records.sample).toHaveLength(20);
    expect(p.rejections.every((r) => r.rule === 'uscc_check')).toBe(true);
    expect(p.rejections.length).toBeGreaterThan(0);
    // nothing stored yet, the upload is staged
    expect(((await (await app.request('/api/datasets')).json()) as { items: unknown[] }).items).toHaveLength(
      0,
    );
    expect(readdirSync(staging())).toEqual([p.token]);
    const x = await app.request(`/api/imports/${p.token}/rejections.xlsx`);
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toContain('spreadsheetml');

    const committed = await app.request(`/api/imports/${p.token}/commit`, { method: 'POST' });
    const commit = await json<C.JobAccepted<C.ImportResult>>(committed);
    expect(commit.status).toBe(202);
    expect(committed.headers.get('location')).toBe(`/api/jobs/${commit.body.job.id}`);
    expect(commit.body.job).toMatchObject({ kind: 'import', createdBy: 'zhao' });
    await jobsOf(store).idle();
    const job = await json<C.JobView<C.ImportResult>>(await app.request(`/api/jobs/${commit.body.job.id}`));
    expect(job.body.state).toBe('done');
    expect(job.body.phase).toBe('store');
    expect(job.body.result).toMatchObject({ created: true, records: p.records.total });
    expect(job.body.result!.dataset).toMatchObject({ year: 2023, version: 1, recordCount: p.records.total });
    // the stored dataset, its files and its rejected rows (each answer checked against its schema)
    const id = job.body.result!.dataset.id;
    const list = await json<C.DatasetList>(await app.request('/api/datasets'));
    expect(list.body.items.map((d) => d.id)).toContain(id);
    const one = await json<C.DatasetDetail>(await app.request(`/api/datasets/${id}`));
    expect(one.body.files.map((f) => f.fileName)).toContain(path.basename(files.tax.path));
    const rejected = await json<C.DatasetRejections>(await app.request(`/api/datasets/${id}/rejections`));
    expect(rejected.body.items).toHaveLength(one.body.rejected);
    expect(job.body.result!.reconciliation.totals.records).toBe(p.records.total);
    expect(existsSync(path.join(staging(), p.token))).toBe(false);
    // committed once: the token is gone
    expect((await app.request(`/api/imports/${p.token}/commit`, { method: 'POST' })).status).toBe(404);
    // the same files again: the preview says so
    const again = await json<C.ImportPreview>(
      await app.request('/api/imports/preview?year=2023', { method: 'POST', body: form(paths) }),
    );
    expect(again.body.existingDataset).toMatchObject({ id: job.body.result!.dataset.id, version: 1 });
    expect((await app.request(`/api/imports/${again.body.token}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(path.join(staging(), again.body.token))).toBe(false);
  });

  it("traces an imported enterprise's figures to the departmental files' rows and its parcels", async () => {
    const i = city.batch.uscc.findIndex(
      (u, k) => city.batch.columns.above_scale[k] === 1 && !city.faults.invalidUscc.includes(k) && u !== '',
    );
    const uscc = city.batch.uscc[i]!;
    const v = await json<C.EnterpriseView>(await app.request(`/api/enterprises/${uscc}`));
    expect(v.status).toBe(200);
    expect(v.body.year).toBe(2023);
    expect(v.body.run).toBeNull(); // imported, not evaluated yet
    expect(v.body.result).toBeNull();
    const tax = v.body.sources.find((s) => s.department === 'tax')!;
    expect(tax.file).toBe(path.basename(files.tax.path));
    expect(tax.fields[0]!.value).toBe(city.batch.columns.tax[i]);
    expect(tax.fields[0]!.header).toContain('税收实际贡献');
    // the row named is the row of the tax file that holds this USCC
    const found: number[] = [];
    for await (const r of (await openTable(files.tax.path)).rows)
      if (r.cells.some((c) => c === uscc)) found.push(r.row);
    expect(tax.rows).toEqual(found);
    // the parcels of the natural-resources file, their areas summing to the record's land
    const parcels = city.parcels.start[i + 1]! - city.parcels.start[i]!;
    expect(v.body.land).toHaveLength(parcels);
    expect(v.body.land.reduce((s, l) => s + l.areaMu, 0)).toBeCloseTo(city.batch.columns.land_mu[i]!, 6);
    expect(v.body.land[0]!.source).toContain(path.basename(files.naturalResources.path));
  });

  it('answers unreadable files with 422 and leaves nothing staged; bad tokens with 400 or 404', async () => {
    const bin = path.join(dir, 'evil.csv');
    writeFileSync(bin, Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
    const before = readdirSync(staging()).length;
    const res = await json<C.ApiError>(
      await app.request('/api/imports/preview?year=2023', { method: 'POST', body: form([bin]) }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.problems).toHaveLength(1);
    expect(readdirSync(staging())).toHaveLength(before);
    expect(
      (await app.request('/api/imports/preview', { method: 'POST', body: form([paths[0]!]) })).status,
    ).toBe(400);
    const bad = await json<C.ApiError>(await app.request('/api/imports/xyz/commit', { method: 'POST' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/parameter token/);
    expect((await app.request(`/api/imports/${'0'.repeat(32)}/commit`, { method: 'POST' })).status).toBe(404);
    expect((await app.request(`/api/imports/${'0'.repeat(32)}/rejections.xlsx`)).status).toBe(404);
  });

  it('checks the year, the profile and the sheet of an upload from its definition, before the body', async () => {
    const before = readdirSync(staging()).length;
    for (const [q, name] of [
      ['', 'year'],
      ['?year=1999', 'year'],
      ['?year=0x7e7', 'year'],
      ['?year=2023&profile=' + 'p'.repeat(300), 'profile'],
    ] as const) {
      const res = await json<C.ApiError>(
        await app.request(`/api/imports/preview${q}`, { method: 'POST', body: form([paths[0]!]) }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(new RegExp(`^查询参数 ${name}：.* / query parameter ${name}: `));
    }
    // an empty `?year=` is an absent year
    const empty = await json<C.ApiError>(
      await app.request('/api/imports?year=', { method: 'POST', body: form([paths[0]!]) }),
    );
    expect(empty.body.error.message).toMatch(/query parameter year: required/);
    expect(readdirSync(staging())).toHaveLength(before);
    // the token of a path is 32 hexadecimal digits, named when it is not
    const bad = await json<C.ApiError>(
      await app.request(`/api/imports/${'g'.repeat(32)}`, { method: 'DELETE' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/path parameter token: /);
    expect((await app.request('/api/datasets/0x1')).status).toBe(400);
  });
});
