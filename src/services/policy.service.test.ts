/**
 * The policy use cases on a real database (PGlite always, PostgreSQL when TEST_DATABASE_URL is set):
 * four enterprises evaluated three years running under a small threshold methodology, so that every
 * class and figure can be checked by hand.
 *
 * Methodology "tiny": tax per mu (weight 60) and value added per mu (weight 40), both against a constant
 * benchmark of 10 万元/亩; thresholds A 150, B 100, C 50. Each firm has 10 亩 and tax = value added = x:
 * total = x/10/10 × 60 + x/10/10 × 40 = x. F1 x = 200 (A), F2 120 (B), F3 70 (C), F4 20 (D).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { historyRuns, listAudit, listPolicyApplications, setRunPublishedAt } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { CITY_WIDE } from '../domain/access.js';
import { batchFromRecords, type EnterpriseRecord } from '../domain/record-batch.js';
import { withCheckChar } from '../domain/uscc.js';
import { loadMethodologyText } from '../engine/methodology/index.js';
import { openTable } from '../ingest/readers/index.js';
import { methodologyHash, type LoadedMethodology } from '../methodologies/shipped.js';
import { evaluateStored, importBatch } from './evaluation.service.js';
import { ServiceError } from './errors.js';
import {
  appliedIn,
  applyToRun,
  ledgerPage,
  ledgerXlsx,
  moveUpFor,
  resolvePolicy,
  sensitivity,
  storedApplication,
  whatIf,
} from './policy.service.js';
import { initStore, type Store } from './store.js';

const tiny = (thresholdB: number): LoadedMethodology => {
  const text = `
schema: mujun.methodology/v1
id: tiny
version: 1
title: { zh: 小办法, en: Tiny }
dataYear: 2023
scope: {}
groups:
  - id: all
    title: { zh: 全部, en: All }
    when: { field: land_mu, op: present }
    indicators:
      - { id: tax_per_mu, title: { zh: 亩均税收, en: Tax per mu }, unit: 万元/亩, numerator: tax, denominator: land_mu, weight: 60, scoring: { method: ratio_to_benchmark, benchmark: { constant: 10 } } }
      - { id: va_per_mu, title: { zh: 亩均增加值, en: VA per mu }, unit: 万元/亩, numerator: value_added, denominator: land_mu, weight: 40, scoring: { method: ratio_to_benchmark, benchmark: { constant: 10 } } }
classing: { rankingUnit: county, method: threshold, thresholds: { A: 150, B: ${thresholdB}, C: 50 } }
`;
  const methodology = loadMethodologyText(text, 'tiny.yaml');
  return { methodology, hash: methodologyHash(methodology), text, file: 'tiny.yaml' };
};
const u = (k: number) => withCheckChar(`91330402${String(k).padStart(9, '0')}`);
const firm = (k: number, x: number, electricity: number): EnterpriseRecord => ({
  uscc: u(k),
  name: `企业${k}`,
  division: '330402',
  industry: '3825',
  values: {
    above_scale: 1,
    land_mu: 10,
    tax: x,
    value_added: x,
    electricity,
    energy_tce: 100,
    emissions_t: 2,
  },
});
const batch = batchFromRecords([firm(1, 200, 100), firm(2, 120, 80), firm(3, 70, 20), firm(4, 20, 50)]);
const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEachDatabase('policy service', ({ db }) => {
  let store: Store;
  const runs: Record<number, number> = {};

  it('evaluates the same four firms for 2021, 2022 and 2023', async () => {
    store = await initStore(db());
    for (const year of [2021, 2022, 2023]) {
      const { dataset } = await importBatch(store, batch, {
        year,
        contentHash: 'h4',
        source: 'test',
        createdBy: 't',
      });
      const s = await evaluateStored(store, {
        methodology: tiny(100),
        year,
        datasetId: dataset.id,
        createdBy: 't',
      });
      runs[year] = s.runId;
      expect([...s.run.adjustedClass]).toEqual([1, 2, 3, 4]);
    }
  });

  it('refuses an unpublished run, in Chinese and English, unless a draft preview is asked for', async () => {
    const policy = await resolvePolicy('jiaxing-demo-2024');
    const e = await applyToRun(store, { runId: runs[2023]!, policy, createdBy: 't' }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ServiceError);
    // a code of its own (the page words it); the words name no command-line option or API field
    expect((e as ServiceError).code).toBe('run_not_published');
    expect((e as Error).message).toMatch(/尚未发布.*not published/);
    expect((e as Error).message).not.toMatch(/--draft|draft: true|API/);
    const a = await applyToRun(store, { runId: runs[2023]!, policy, draft: true, createdBy: 't' });
    expect(a.draft).toBe(true);
  });

  it('reads the earlier years from their published run, else their latest', async () => {
    expect(await historyRuns(db(), 2023, 2)).toEqual([
      { year: 2022, runId: runs[2022] },
      { year: 2021, runId: runs[2021] },
    ]);
    // a later, unpublished 2022 run does not replace the published one
    await setRunPublishedAt(db(), runs[2022]!, new Date('2023-03-01T00:00:00Z'));
    const ds = await importBatch(store, batch, {
      year: 2022,
      contentHash: 'h4',
      source: 'test',
      createdBy: 't',
    });
    const later = await evaluateStored(store, {
      methodology: tiny(100),
      year: 2022,
      datasetId: ds.dataset.id,
      createdBy: 't',
    });
    expect(later.runId).toBeGreaterThan(runs[2022]!);
    expect(await historyRuns(db(), 2023, 2)).toEqual([
      { year: 2022, runId: runs[2022] },
      { year: 2021, runId: runs[2021] },
    ]);
  });

  it('applies the demo policy to the published run with the hand-computed amounts', async () => {
    await setRunPublishedAt(db(), runs[2023]!, new Date('2024-03-01T00:00:00Z'));
    const policy = await resolvePolicy('jiaxing-demo-2024');
    const a = await applyToRun(store, { runId: runs[2023]!, policy, createdBy: 't' });
    expect(a.draft).toBe(false);
    const rows = ledgerPage(a, { limit: 10, offset: 0, lang: 'zh' }).items;
    const item = (k: number, id: string) => rows[k - 1]!.items.find((x) => x.instrument === id)?.amount;
    // F4: D in 2021, 2022 and 2023 → the three-year tier: 50 万kWh × 0.4 元/kWh = 20 万元
    expect(rows[3]!.streak).toBe(3);
    expect(item(4, 'electricity_surcharge')).toBeCloseTo(20, 9);
    // F3 (C): 20 万kWh × 0.1 = 2 万元
    expect(item(3, 'electricity_surcharge')).toBeCloseTo(2, 9);
    // F1 (A, 南湖区 8 元/m²): 10 亩 × 10000/15 m² × 8 元 = 53,333.33 元 = 5.3333 万元
    expect(item(1, 'land_use_tax_relief')).toBeCloseTo(16 / 3, 9);
    // F1 rewards: 10 (leader) + 200 × 3 % = 6 → 16 万元; F2: 120 × 1 % = 1.2
    expect(rows[0]!.rewardWan).toBeCloseTo(16, 9);
    expect(rows[1]!.rewardWan).toBeCloseTo(1.2, 9);
    expect(a.totals.counties.map((c) => [c.division, c.name])).toEqual([['330402', '南湖区']]);
    expect(a.totals.city.electricitySurchargeWan).toBeCloseTo(22, 9);
  });

  it('stores an application and reads it back, recomputed and verified against its hash', async () => {
    const policy = await resolvePolicy('jiaxing-demo-2024');
    const a = await applyToRun(store, { runId: runs[2023]!, policy, save: true, createdBy: 'li' });
    expect(a.record?.id).toBeGreaterThan(0);
    const b = await storedApplication(store, a.record!.id);
    expect(b.verified).toBe(true);
    expect(b.totals).toEqual(a.totals);
    expect(b.history).toEqual(a.history);
    const audit = await listAudit(db(), { subject: `run:${runs[2023]}/policy-application:${a.record!.id}` });
    expect(audit.map((x) => [x.action, x.actor])).toEqual([['policy.apply', 'li']]);
    await expect(storedApplication(store, 9999)).rejects.toThrow(/policy application #9999 does not exist/);
  });

  it('writes the ledger as XLSX with Chinese headers and units', async () => {
    const a = await applyToRun(store, {
      runId: runs[2023]!,
      policy: await resolvePolicy('jiaxing-demo-2024'),
      createdBy: 't',
    });
    const file = path.join(dir, 'ledger.xlsx');
    writeFileSync(file, ledgerXlsx(a, 'zh'));
    const t = await openTable(file);
    const got: string[][] = [];
    for await (const r of t.rows) got.push(r.cells.map((c) => String(c ?? '')));
    expect(got[0]!.slice(0, 5)).toEqual(['统一社会信用代码', '企业名称', '区县代码', '区县', '调档后等级']);
    expect(got[0]).toContain('差别化电价（万元）');
    expect(got[0]).toContain('用地指标合计（亩）');
    expect(new Set(got[0]).size).toBe(got[0]!.length);
    expect(got[1]![3]).toBe('南湖区');
    expect(got.length).toBe(5);
    expect(got[4]![0]).toBe(u(4));
  });

  it('what-if: a higher B threshold (130) moves F2 from B to C', async () => {
    const policy = await resolvePolicy('jiaxing-demo-2024');
    const r = await whatIf(store, { year: 2023, methodology: tiny(100), methodologyB: tiny(130), policy });
    expect(r.dataset.year).toBe(2023);
    expect(r.changed.map((c) => [c.uscc, c.from, c.to])).toEqual([[u(2), 'B', 'C']]);
    expect(r.transition.counts[1]).toEqual([0, 0, 1, 0, 0]);
    // F2 loses relief 10 亩 × 666.67 × 8 × 50 % = 2.6667 万元 and reward 1.2, pays 80 × 0.1 = 8 plus water
    // (120 × 10 t × 0.5 元 = 0.06) and emission fee (2 t × 600 元 = 0.12)
    expect(r.hardestHit[0]!.uscc).toBe(u(2));
    expect(r.hardestHit[0]!.deltaWan).toBeCloseTo(-(8 / 3 + 1.2 + 8 + 0.06 + 0.12), 9);
    expect(r.fiscal.city.delta.surchargeWan).toBeCloseTo(8.18, 9);
    expect(r.countyNames['330402']).toBe('南湖区');
  });

  it('sensitivity without perturbation finds nothing fragile; with data noise, F2..F4 stay put', async () => {
    const s = await sensitivity(store, { runId: runs[2023]!, draws: 30, seed: 1, weights: 0, data: 0 });
    expect(s).toMatchObject({ runId: runs[2023], graded: 4, fragileCount: 0, workers: 1, draft: false });
    // ±5 % cannot move totals 200, 120, 70, 20 across 150, 100, 50
    const n = await sensitivity(store, { runId: runs[2023]!, draws: 30, seed: 1, weights: 0.1, data: 0.05 });
    expect(n.fragileCount).toBe(0);
    await expect(
      sensitivity(store, { runId: runs[2023]!, draws: 0, seed: 1, weights: 0, data: 0 }),
    ).rejects.toThrow(/draws/);
  });

  it('how to move up: F3 (C, 70) needs a total of 100 for B', async () => {
    const v = await moveUpFor(store, u(3), runs[2023], CITY_WIDE);
    expect(v.moveUp).toMatchObject({ status: 'ok', currentClass: 'C', gap: 30 });
    expect(v.moveUp!.target).toEqual({ class: 'B', total: 100, strict: false, rank: null });
    const opt = (f: string) => v.moveUp!.options.find((o) => o.field === f)!;
    // tax alone: tax/10/10 × 60 + 28 ≥ 100 → tax ≥ 120
    expect(opt('tax')).toMatchObject({ reason: 'ok', required: 120, change: 50 });
    // value added alone: 42 + va/10/10 × 40 ≥ 100 → va ≥ 145
    expect(opt('value_added')).toMatchObject({ reason: 'ok', required: 145 });
    // land alone: 70/L/10 × 100 ≥ 100 → L ≤ 7
    expect(opt('land_mu')).toMatchObject({ reason: 'ok', required: 7, direction: 'decrease' });
    // energy is not an input of this methodology
    expect(opt('energy_tce').reason).toBe('not_used');
    const top = await moveUpFor(store, u(1), runs[2023], CITY_WIDE);
    expect(top.moveUp!.status).toBe('top');
  });
  it('issue 11 #25: the same application stored twice (two clicks at once) is stored once', async () => {
    await setRunPublishedAt(db(), runs[2021]!, new Date('2022-03-01T00:00:00Z'));
    const policy = await resolvePolicy('jiaxing-demo-2024');
    const save = () => applyToRun(store, { runId: runs[2021]!, policy, save: true, createdBy: 'li' });
    const [x, y] = await Promise.all([save(), save()]);
    expect(x.record!.id).toBe(y.record!.id);
    expect([x.existing, y.existing].sort()).toEqual([false, true]);
    const again = await save();
    expect(again.existing).toBe(true);
    expect(again.record!.id).toBe(x.record!.id);
    expect(await listPolicyApplications(db(), runs[2021])).toHaveLength(1);
    const audit = await listAudit(db(), { subject: `run:${runs[2021]}/policy-application:${x.record!.id}` });
    expect(audit).toHaveLength(1);
    // a draft preview of the same run is another application (and so is another policy version)
    await setRunPublishedAt(db(), runs[2021]!, null);
    const draft = await applyToRun(store, {
      runId: runs[2021]!,
      policy,
      draft: true,
      save: true,
      createdBy: 'li',
    });
    expect(draft.existing).toBe(false);
    expect(draft.record!.id).not.toBe(x.record!.id);
    await setRunPublishedAt(db(), runs[2021]!, new Date('2022-03-01T00:00:00Z'));
  });

  it("issue 11 #23: a county's totals sheet is named after the county, not 全市合计", async () => {
    const a = await applyToRun(store, {
      runId: runs[2023]!,
      policy: await resolvePolicy('jiaxing-demo-2024'),
      createdBy: 't',
    });
    const county = appliedIn(a, { kind: 'division', division: '330402' });
    const file = path.join(dir, 'ledger-county.xlsx');
    writeFileSync(file, ledgerXlsx(county, 'zh'));
    const t = await openTable(file, { sheet: '汇总' });
    const got: string[][] = [];
    for await (const r of t.rows) got.push(r.cells.map((c) => String(c ?? '')));
    expect(got.slice(1).map((r) => r.slice(0, 2))).toEqual([['330402', '南湖区合计']]);
    expect(got.flat()).not.toContain('全市合计');
  });

  it('issue 11 #29: what-if compares on the dataset of the published run, not the newest import', async () => {
    // a newer 2023 dataset (F3 uses more electricity): imported, never evaluated
    const newer = batchFromRecords([firm(1, 200, 100), firm(2, 120, 80), firm(3, 70, 90), firm(4, 20, 50)]);
    const { dataset } = await importBatch(store, newer, {
      year: 2023,
      contentHash: 'h5',
      source: 'test',
      createdBy: 't',
    });
    const policy = await resolvePolicy('jiaxing-demo-2024');
    const applied = await applyToRun(store, { runId: runs[2023]!, policy, createdBy: 't' });
    // the year only: its published run's dataset and methodology (the run says which)
    const r = await whatIf(store, { year: 2023, policy });
    expect(r.run).toMatchObject({ id: runs[2023], year: 2023, methodologyId: 'tiny' });
    expect(r.run!.publishedAt).not.toBeNull();
    expect(r.dataset.id).toBe(applied.run.datasetId);
    expect(r.dataset.id).not.toBe(dataset.id);
    expect(r.a.methodology).toBe('tiny');
    // the same policy gives the apply tab's figures (F3: 20 万kWh × 0.1 = 2, F4: 50 × 0.4 = 20)
    expect(r.fiscal.city.a.surchargeWan).toBeCloseTo(applied.totals.city.surchargeWan, 9);
    expect(r.fiscal.city.a.reliefWan).toBeCloseTo(applied.totals.city.reliefWan, 9);
    // with a methodology given, still the run's dataset
    const m = await whatIf(store, { year: 2023, methodology: tiny(100), policy });
    expect(m.dataset.id).toBe(applied.run.datasetId);
    // a run asked for by id; a dataset asked for by id is used as asked
    expect((await whatIf(store, { runId: runs[2023]!, policy })).dataset.id).toBe(applied.run.datasetId);
    const d = await whatIf(store, { datasetId: dataset.id, methodology: tiny(100), policy });
    expect(d.dataset.id).toBe(dataset.id);
    expect(d.run).toBeNull();
  });
});
