/**
 * The JSON API through `app.request()` (no listening server) over a real PGlite store holding a small
 * demo city: runs, class counts by county, result pages, one enterprise's explanation, and errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/index.js';
import { runDemo } from '../services/demo.service.js';
import { initStore, type Store } from '../services/store.js';
import { testClient, type TestClient } from './testing.js';

let store: Store;
let dir: string;
let app: TestClient;
const get = async (url: string) => {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-api-'));
  store = await initStore(await openDatabase({ dataDir: ':memory:' }));
  await runDemo(store, { enterprises: 400, seed: 5, outDir: dir });
  app = await testClient(store);
});
afterAll(async () => {
  await store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('API', () => {
  it('lists runs', async () => {
    const { status, body } = await get('/api/runs');
    expect(status).toBe(200);
    expect((body.items as unknown[]).length).toBe(1);
  });
  it('gives class counts per county that add up to the graded firms', async () => {
    const { body } = await get('/api/runs/latest/counties');
    const counties = body.counties as {
      division: string;
      name: string;
      graded: number;
      classes: { A: number; B: number; C: number; D: number };
    }[];
    expect(counties.map((c) => c.name)).toContain('海宁市');
    const run = body.run as { summary: { byStatus: { graded: number } } };
    expect(counties.reduce((s, c) => s + c.graded, 0)).toBe(run.summary.byStatus.graded);
    for (const c of counties) expect(c.classes.A + c.classes.B + c.classes.C + c.classes.D).toBe(c.graded);
  });
  it('pages results filtered by county and class', async () => {
    const { body } = await get('/api/runs/latest/results?division=330481&class=A&limit=5&order=rank');
    const items = body.items as { division: string; adjustedClass: string; rank: number }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(5);
    for (const r of items) expect([r.division, r.adjustedClass]).toEqual(['330481', 'A']);
    expect(body.total).toBeGreaterThanOrEqual(items.length);
  });
  it('explains one enterprise in Chinese by default and in English on request', async () => {
    const { body: page } = await get('/api/runs/latest/results?status=graded&limit=1');
    const uscc = (page.items as { uscc: string }[])[0]!.uscc;
    const zh = await get(`/api/runs/latest/enterprises/${uscc}`);
    expect(zh.status).toBe(200);
    expect(zh.body.statusText).toBe('已定档');
    expect((zh.body.indicators as unknown[]).length).toBe(6);
    expect((zh.body.why as string[])[0]).toContain('按比例定档');
    const en = await get(`/api/runs/latest/enterprises/${uscc}?lang=en`);
    expect((en.body.why as string[])[0]).toContain('by quota');
  });
  it('answers bad requests with a 4xx and a message in both languages', async () => {
    const a = await get('/api/runs/latest/results?limit=0');
    expect(a.status).toBe(400);
    expect((a.body.error as { message: string }).message).toMatch(/limit.*\/.*limit/);
    expect((await get('/api/runs/999')).status).toBe(404);
    expect((await get('/api/runs/latest/enterprises/91330400000000000X')).status).toBe(404);
    expect((await get('/api/runs/latest/results?class=E')).status).toBe(400);
    expect((await get('/api/nothing')).status).toBe(404);
  });
  it('validates an uploaded methodology and says where it is wrong', async () => {
    const res = await app.request('/api/methodologies/validate', {
      method: 'POST',
      body: 'schema: mujun.methodology/v1\nid: x\nversion: one\n',
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { issues: { path: string; line: number }[] };
    expect(body.issues.find((i) => i.path === 'version')).toMatchObject({ line: 3 });
  });
});
