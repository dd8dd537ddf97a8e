import { expect, it } from 'vitest';
import { batchFromRecords } from '../domain/record-batch.js';
import { withCheckChar } from '../domain/uscc.js';
import { insertDataset } from './dataset.repository.js';
import { saveMethodology } from './methodology.repository.js';
import {
  applyClassAdjustment,
  countByDivisionAndClass,
  countResults,
  getResult,
  getRun,
  insertClassAdjustment,
  insertRun,
  insertRunResults,
  latestRun,
  listClassAdjustments,
  listResults,
  listRuns,
  setPublished,
  type NewRun,
  type RunResultRow,
} from './index.js';
import { describeEachDatabase } from './testing.js';

const code = (i: number): string => withCheckChar(`913304${String(i).padStart(11, '0')}`);

/** Nine results over two counties: graded, not graded and not evaluated; one duplicate USCC. */
function results(): RunResultRow[] {
  const graded = (
    seq: number,
    division: string,
    total: number,
    rank: number,
    unitSize: number,
    cls: string,
  ): RunResultRow => ({
    seq,
    uscc: code(seq),
    name: `企业${seq}`,
    division,
    industry: '3484',
    status: 'graded',
    reason: null,
    groupId: 'above_scale',
    unitKey: `${division}/above_scale`,
    total,
    rank,
    unitSize,
    initialClass: cls,
    adjustedClass: cls,
    detail: {
      indicators: [{ id: 'tax_per_mu', value: total / 3, benchmark: 24.097, score: total / 2 }],
      note: '说明 "quoted"',
    },
  });
  return [
    graded(0, '330411', 93.87, 1, 4, 'A'),
    graded(1, '330411', 80.5, 2, 4, 'B'),
    graded(2, '330411', 60.25, 3, 4, 'B'),
    graded(3, '330411', 10, 4, 4, 'D'),
    graded(4, '330421', 77.02, 1, 2, 'A'),
    graded(5, '330421', 5.5, 2, 2, 'C'),
    {
      ...graded(6, '330421', 50, 0, 0, 'B'),
      status: 'computed_not_graded',
      reason: 'utility',
      rank: null,
      unitSize: null,
      initialClass: null,
      adjustedClass: null,
    },
    {
      ...graded(7, '330421', NaN, 0, 0, 'B'),
      status: 'not_evaluated',
      reason: 'land_missing',
      total: null,
      rank: null,
      unitSize: null,
      initialClass: null,
      adjustedClass: null,
      detail: null,
    },
    {
      ...graded(8, '330411', 0, 0, 0, 'B'),
      uscc: code(0),
      status: 'not_evaluated',
      reason: 'duplicate_uscc',
      total: null,
      rank: null,
      unitSize: null,
      initialClass: null,
      adjustedClass: null,
      detail: [],
    },
  ];
}

describeEachDatabase('run repository', ({ db }) => {
  let datasetId = 0;
  const newRun = (over: Partial<NewRun> = {}): NewRun => ({
    year: 2022,
    methodologyId: 'huangyan-2023',
    methodologyHash: 'sha256:aaa',
    datasetId,
    datasetVersion: 1,
    status: 'draft',
    createdBy: 'analyst',
    resultHash: 'sha256:rrr',
    summary: { graded: 6, classes: { A: 2, B: 2, C: 1, D: 1 } },
    ...over,
  });

  it('stores a run and its results and reads them back', async () => {
    const batch = batchFromRecords(results().map((r) => ({ uscc: r.uscc, name: r.name })));
    datasetId = (await db().transaction((tx) => insertDataset(tx, { year: 2022, contentHash: 'd' }, batch)))
      .id;
    await saveMethodology(db(), {
      id: 'huangyan-2023',
      contentHash: 'sha256:aaa',
      content: '{}',
      format: 'json',
    });

    const runId = await db().transaction(async (tx) => {
      const id = await insertRun(tx, newRun());
      await insertRunResults(tx, id, results());
      return id;
    });
    const run = await getRun(db(), runId);
    expect(run).toMatchObject({ ...newRun(), id: runId, publishedAt: null });
    expect(run?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

    // NaN total → null; everything else as written.
    const expected = results().map((r) => ({ ...r, total: Number.isNaN(r.total) ? null : r.total }));
    expect(await listResults(db(), runId)).toEqual(expected);
    expect(await getResult(db(), runId, code(0))).toEqual(expected[0]); // the first of the duplicates
    expect(await getResult(db(), runId, code(99))).toBeNull();
    expect(await getRun(db(), 9999)).toBeNull();
  });

  it('counts initial and adjusted classes per division', async () => {
    const run = await latestRun(db(), 2022);
    expect(await countByDivisionAndClass(db(), run!.id)).toEqual([
      { division: '330411', class: 'A', initial: 1, adjusted: 1 },
      { division: '330411', class: 'B', initial: 2, adjusted: 2 },
      { division: '330411', class: 'D', initial: 1, adjusted: 1 },
      { division: '330421', class: 'A', initial: 1, adjusted: 1 },
      { division: '330421', class: 'C', initial: 1, adjusted: 1 },
    ]);
  });

  it('filters, orders and pages results', async () => {
    const runId = (await latestRun(db()))!.id;
    const seqs = (rows: RunResultRow[]): number[] => rows.map((r) => r.seq);
    expect(seqs(await listResults(db(), runId, { division: '330411', adjustedClass: 'B' }))).toEqual([1, 2]);
    expect(seqs(await listResults(db(), runId, { status: 'not_evaluated' }))).toEqual([7, 8]);
    expect(seqs(await listResults(db(), runId, { orderBy: 'total' }))).toEqual([0, 1, 4, 2, 6, 3, 5, 7, 8]);
    expect(seqs(await listResults(db(), runId, { orderBy: 'total', limit: 3, offset: 2 }))).toEqual([
      4, 2, 6,
    ]);
    expect(seqs(await listResults(db(), runId, { orderBy: 'rank', unitKey: '330411/above_scale' }))).toEqual([
      0, 1, 2, 3, 8,
    ]);
    expect(seqs(await listResults(db(), runId, { orderBy: 'uscc', limit: 3 }))).toEqual([0, 8, 1]);
    expect(await countResults(db(), runId)).toBe(9);
    expect(await countResults(db(), runId, { division: '330421', status: 'graded' })).toBe(2);
  });

  it('leaves nothing behind when the transaction fails after the run and its results', async () => {
    const before = await listRuns(db());
    await expect(
      db().transaction(async (tx) => {
        const id = await insertRun(tx, newRun({ resultHash: 'rolled-back' }));
        await insertRunResults(tx, id, results());
        throw new Error('engine failed half-way');
      }),
    ).rejects.toThrow('engine failed half-way');
    expect(await listRuns(db())).toEqual(before);
    const orphans = await db().query<{ n: number }>(
      'SELECT count(*) AS n FROM run_results WHERE run_id NOT IN (SELECT id FROM runs)',
    );
    expect(orphans[0]?.n).toBe(0);
  });

  it('refuses a run whose methodology version was never saved', async () => {
    await expect(insertRun(db(), newRun({ methodologyHash: 'sha256:unknown' }))).rejects.toThrow(
      /foreign key/,
    );
  });

  it('lists runs newest first and finds the latest (published) one', async () => {
    const first = (await latestRun(db()))!.id;
    const second = await insertRun(db(), newRun({ year: 2023 }));
    expect((await listRuns(db())).map((r) => r.id)).toEqual([second, first]);
    expect((await listRuns(db(), { year: 2022 })).map((r) => r.id)).toEqual([first]);
    expect((await latestRun(db()))?.id).toBe(second);
    expect((await latestRun(db(), 2022))?.id).toBe(first);
    expect(await latestRun(db(), 2022, { publishedOnly: true })).toBeNull();

    expect(await setPublished(db(), first, new Date('2023-04-01T08:00:00.000Z'))).toBe(true);
    expect(await setPublished(db(), 9999)).toBe(false);
    const published = await latestRun(db(), undefined, { publishedOnly: true });
    expect(published).toMatchObject({
      id: first,
      status: 'published',
      publishedAt: '2023-04-01T08:00:00.000Z',
    });
    expect((await listRuns(db(), { status: 'published' })).map((r) => r.id)).toEqual([first]);
  });

  it('stores a class adjustment with reason, user and time, and applies it', async () => {
    const runId = (await latestRun(db(), 2022))!.id;
    const before = Date.now();
    const adj = await db().transaction(async (tx) => {
      const stored = await insertClassAdjustment(tx, {
        runId,
        uscc: code(3),
        fromClass: 'D',
        toClass: 'C',
        reason: '异议成立：土地面积核减（证据：不动产权证）',
        createdBy: 'county-330411',
      });
      expect(await applyClassAdjustment(tx, runId, code(3), 'C')).toBe(1);
      return stored;
    });
    expect(adj).toMatchObject({
      runId,
      uscc: code(3),
      fromClass: 'D',
      toClass: 'C',
      createdBy: 'county-330411',
    });
    expect(adj.reason).toBe('异议成立：土地面积核减（证据：不动产权证）');
    expect(Date.parse(adj.createdAt)).toBeGreaterThanOrEqual(before - 5_000);
    expect(Date.parse(adj.createdAt)).toBeLessThanOrEqual(Date.now() + 5_000);

    expect(await listClassAdjustments(db(), runId)).toEqual([adj]);
    expect(await listClassAdjustments(db(), runId, code(3))).toEqual([adj]);
    expect(await listClassAdjustments(db(), runId, code(1))).toEqual([]);

    const result = await getResult(db(), runId, code(3));
    expect(result).toMatchObject({ initialClass: 'D', adjustedClass: 'C' });
    const counts = await countByDivisionAndClass(db(), runId);
    expect(counts.filter((c) => c.division === '330411')).toEqual([
      { division: '330411', class: 'A', initial: 1, adjusted: 1 },
      { division: '330411', class: 'B', initial: 2, adjusted: 2 },
      { division: '330411', class: 'C', initial: 0, adjusted: 1 },
      { division: '330411', class: 'D', initial: 1, adjusted: 0 },
    ]);
  });

  it('refuses a class adjustment without a reason or a user', async () => {
    const runId = (await latestRun(db(), 2022))!.id;
    const base = { runId, uscc: code(1), fromClass: 'B', toClass: 'A' };
    await expect(insertClassAdjustment(db(), { ...base, reason: '  ', createdBy: 'x' })).rejects.toThrow(
      /check constraint/,
    );
    await expect(insertClassAdjustment(db(), { ...base, reason: 'ok', createdBy: '' })).rejects.toThrow(
      /check constraint/,
    );
  });
});
