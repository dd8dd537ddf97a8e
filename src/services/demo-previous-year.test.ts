/** `npm start`'s demo with the previous year: two runs, the cockpit compares them, histories span both. */
import { CITY_WIDE } from '../domain/access.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { cockpit } from './cockpit.service.js';
import { runDemo, type DemoResult } from './demo.service.js';
import { enterpriseView } from './enterprise.service.js';
import { initStore, type Store } from './store.js';

describeEachDatabase('demo with the previous year', ({ db }) => {
  let store: Store;
  let dir: string;
  let r: DemoResult;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-demo-prev-'));
    store = await initStore(db());
    r = await runDemo(store, { enterprises: 400, seed: 3, outDir: dir, previousYear: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('evaluates the year before first, with the same methodology', async () => {
    expect(r.previous).not.toBeNull();
    expect(r.previous!.runId).toBeLessThan(r.stored.runId);
    expect(r.previous!.dataset.year).toBe(r.city.dataYear - 1);
    const k = await cockpit(store, undefined, {}, CITY_WIDE);
    expect(k.run.id).toBe(r.stored.runId);
    expect(k.lastYearRun?.id).toBe(r.previous!.runId);
    expect(k.perMu.city.lastYear?.taxPerMu).toBeGreaterThan(0);
  });

  it('gives an enterprise founded before the data year a history of two years', async () => {
    const i = r.city.batch.uscc.findIndex(
      (_, k) => r.city.batch.columns.above_scale[k] === 1 && r.city.batch.columns.founded[k]! < 2015,
    );
    const v = await enterpriseView(store, r.city.batch.uscc[i]!, { lang: 'zh' }, CITY_WIDE);
    expect(v.history.map((h) => h.year)).toEqual([r.city.dataYear - 1, r.city.dataYear]);
  });

  it('loads the previous year once (idempotent by content)', async () => {
    const again = await runDemo(store, { enterprises: 400, seed: 3, outDir: dir, previousYear: true });
    expect(again.previous!.dataset.id).toBe(r.previous!.dataset.id);
  });
});
