/**
 * Datasets and runs on a real database (PGlite always, PostgreSQL when TEST_DATABASE_URL is set):
 * idempotent imports, atomic runs, byte-identical results, manual adjustments with reason/user/time.
 */
import { expect, it } from 'vitest';
import { countResults, listAudit, listResults, listRuns } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { generateDemoCity } from '../demo/index.js';
import { formatCanonicalCsv } from '../records/canonical-format.js';
import { enterpriseResult } from '../engine/index.js';
import { loadMethodology } from '../methodologies/shipped.js';
import {
  adjustClass,
  batchHash,
  evaluateStored,
  importBatch,
  resolveRun,
  storedResult,
} from './evaluation.service.js';
import { ServiceError } from './errors.js';
import { initStore, type Store } from './store.js';

const city = generateDemoCity({ enterprises: 600, seed: 11 });
const hash = batchHash(formatCanonicalCsv(city.batch, { optionalColumns: true }));
const lm = await loadMethodology('jiaxing-demo-2024');

describeEachDatabase('evaluation service', ({ db }) => {
  let store: Store;
  const meta = { year: city.dataYear, contentHash: hash, source: 'test', createdBy: 'tester' };

  it('imports a batch once: the same content again changes nothing', async () => {
    store = await initStore(db());
    const a = await importBatch(store, city.batch, meta);
    const b = await importBatch(store, city.batch, meta);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.dataset.id).toBe(a.dataset.id);
    expect(a.dataset.recordCount).toBe(600);
  });

  it('leaves no partial run behind when a run fails midway', async () => {
    await expect(
      evaluateStored(store, {
        methodology: lm,
        year: city.dataYear,
        createdBy: 'tester',
        onProgress: () => {
          throw new Error('killed after the results were written');
        },
      }),
    ).rejects.toThrow('killed');
    expect(await listRuns(db())).toEqual([]);
    const rows = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM run_results');
    expect(rows[0]!.n).toBe(0);
  });

  it('stores a run with the methodology hash and dataset version, one result per record', async () => {
    const s = await evaluateStored(store, { methodology: lm, year: city.dataYear, createdBy: 'tester' });
    const run = await resolveRun(store, s.runId);
    expect(run.methodologyId).toBe('jiaxing-demo-2024');
    expect(run.methodologyHash).toBe(lm.hash);
    expect(run.datasetVersion).toBe(1);
    expect(await countResults(db(), s.runId)).toBe(600);
    expect(await countResults(db(), s.runId, { status: 'not_evaluated' })).toBeGreaterThan(0);
    const audit = await listAudit(db(), {});
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['dataset.import', 'run.create']));
  });

  it('reads back each stored explanation exactly as the engine gave it', async () => {
    const s = await evaluateStored(store, { methodology: lm, year: city.dataYear, createdBy: 'tester' });
    const run = await resolveRun(store, s.runId);
    const picks = [
      0,
      1,
      2,
      3,
      50,
      123,
      599,
      ...city.faults.invalidUscc.slice(0, 1),
      ...city.faults.landMissing.slice(0, 1),
    ];
    for (const i of picks) {
      const stored = await storedResult(store, run, s.run.uscc[i]!);
      if (stored.result.seq !== i + 1) continue; // a duplicate code: the first record is the one read back
      expect(stored.result).toEqual(enterpriseResult(s.run, i));
    }
  });

  it('gives byte-identical results for the same inputs', async () => {
    const [first] = await listRuns(db());
    const again = await evaluateStored(store, { methodology: lm, year: city.dataYear, createdBy: 'tester' });
    expect(again.resultHash).toBe(first!.resultHash);
    const a = await listResults(db(), first!.id);
    const b = await listResults(db(), again.runId);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('records a manual adjustment with reason, user and time and shows it as the adjusted class', async () => {
    const run = await resolveRun(store);
    const [graded] = await listResults(db(), run.id, { status: 'graded', adjustedClass: 'C', limit: 1 });
    const adj = await adjustClass(store, {
      runId: run.id,
      uscc: graded!.uscc,
      toClass: 'B',
      reason: '核查用地后调整',
      by: 'analyst-li',
    });
    expect(adj).toMatchObject({
      fromClass: 'C',
      toClass: 'B',
      reason: '核查用地后调整',
      createdBy: 'analyst-li',
    });
    expect(Date.parse(adj.createdAt)).not.toBeNaN();
    const r = await storedResult(store, run, graded!.uscc);
    expect(r.result.initialClass).toBe(graded!.initialClass);
    expect(r.result.adjustedClass).toBe('B');
    expect(r.result.classSteps.at(-1)).toMatchObject({
      kind: 'manual',
      from: 'C',
      to: 'B',
      rule: '核查用地后调整',
      by: 'analyst-li',
    });
    const audit = await listAudit(db(), {});
    expect(audit.find((a) => a.action === 'class.adjust')).toMatchObject({
      actor: 'analyst-li',
      before: { adjustedClass: 'C' },
    });
  });

  it('refuses adjustments without a reason, to a non-class, or of a firm that is not graded', async () => {
    const run = await resolveRun(store);
    const [graded] = await listResults(db(), run.id, { status: 'graded', limit: 1 });
    const [notEval] = await listResults(db(), run.id, { status: 'not_evaluated', limit: 1 });
    await expect(
      adjustClass(store, { runId: run.id, uscc: graded!.uscc, toClass: 'B', reason: '  ', by: 'x' }),
    ).rejects.toThrow(ServiceError);
    await expect(
      adjustClass(store, { runId: run.id, uscc: graded!.uscc, toClass: 'E', reason: 'r', by: 'x' }),
    ).rejects.toThrow('A, B, C or D');
    await expect(
      adjustClass(store, { runId: run.id, uscc: notEval!.uscc, toClass: 'B', reason: 'r', by: 'x' }),
    ).rejects.toThrow('not graded');
  });

  it('names what is missing when a year has no data', async () => {
    await expect(evaluateStored(store, { methodology: lm, year: 1999, createdBy: 't' })).rejects.toThrow(
      'no data for 1999',
    );
  });
});
