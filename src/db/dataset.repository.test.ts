import { expect, it } from 'vitest';
import { NUMERIC_FIELDS } from '../domain/fields.js';
import { allocateBatch, batchFromRecords, type RecordBatch } from '../domain/record-batch.js';
import { withCheckChar } from '../domain/uscc.js';
import {
  findDatasetByHash,
  findRecordRows,
  getDataset,
  insertDataset,
  latestDataset,
  listDatasets,
  loadDatasetBatch,
  loadDatasetProvenance,
} from './dataset.repository.js';
import { describeEachDatabase } from './testing.js';

const A = withCheckChar('91330400000000001');
const B = withCheckChar('91330411000000002');
const C = withCheckChar('91330421000000003');

/** A small batch with everything that must survive: NaNs, a duplicate and an invalid USCC, issues, odd text. */
function awkwardBatch(): RecordBatch {
  const b = batchFromRecords([
    {
      uscc: A,
      name: '嘉兴某某机械有限公司',
      division: '330411',
      industry: '3484',
      values: {
        above_scale: 1,
        land_mu: 50,
        tax: 1000,
        value_added: 6000,
        revenue: 20000,
        energy_tce: 2000,
        founded: 2005,
      },
    },
    {
      uscc: B,
      name: 'Quote "and", comma\\slash {x}',
      division: '330421',
      industry: '1713',
      values: { land_mu: 3.5, tax: -12.25 },
    },
    // Duplicate of A: stored and reported, but A's identity comes from its first occurrence.
    {
      uscc: A,
      name: '重复行',
      division: '330411',
      industry: '3484',
      values: {
        land_mu: 1e-9,
        tax: 1.7976931348623157e308,
        value_added: 0.1 + 0.2,
        rd_spend: -0,
        electricity: Infinity,
      },
    },
    // Invalid check character: kept as a record, not an enterprise.
    { uscc: '91330400000000001X', name: null, division: null, industry: null },
    {
      uscc: '',
      name: '',
      division: '',
      industry: '',
      tenant_of: A,
      values: { sublet_tenants: 0, employees: 0 },
    },
    {
      uscc: C,
      name: 'tenant',
      division: '330421',
      industry: '3311',
      tenant_of: B,
      values: { land_acquired: 2021, listed: 1, little_giant: 0 },
    },
  ]);
  b.issues[1] = { field: 'tax', value: '−12,25', rule: 'number' };
  b.issues[3] = { field: 'uscc', value: '91330400000000001X', rule: 'uscc_check_char' };
  return { ...b, sourceRow: Int32Array.from([2, 3, 5, 6, 7, 9]) };
}

/** Compares every column, NaN = NaN. */
function expectSameBatch(actual: RecordBatch, expected: RecordBatch): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.uscc).toEqual(expected.uscc);
  expect(actual.name).toEqual(expected.name);
  expect(actual.division).toEqual(expected.division);
  expect(actual.industry).toEqual(expected.industry);
  expect(actual.tenantOf).toEqual(expected.tenantOf);
  expect(actual.issues).toEqual(expected.issues);
  expect(actual.sourceRow ? Array.from(actual.sourceRow) : undefined).toEqual(
    expected.sourceRow ? Array.from(expected.sourceRow) : undefined,
  );
  for (const f of NUMERIC_FIELDS) {
    expect({ field: f, values: Array.from(actual.columns[f]) }).toEqual({
      field: f,
      values: Array.from(expected.columns[f]),
    });
  }
}

describeEachDatabase('dataset repository', ({ db }) => {
  it('stores a batch and reads back exactly the same batch', async () => {
    const batch = awkwardBatch();
    const provenance = batch.uscc.map((_, i) =>
      i === 0 ? { tax: { source: '税务局', file: 'tax.xlsx', row: 17 } } : null,
    );
    const { id, version } = await db().transaction((tx) =>
      insertDataset(
        tx,
        { year: 2022, contentHash: 'h1', source: 'test', createdBy: 'analyst', note: '第一次', provenance },
        batch,
      ),
    );
    expect(version).toBe(1);
    expectSameBatch(await loadDatasetBatch(db(), id), batch);
    expect(await loadDatasetProvenance(db(), id)).toEqual(provenance);
    expect(await findRecordRows(db(), id, A)).toEqual([0, 2]);

    const ds = await getDataset(db(), id);
    expect(ds).toMatchObject({
      id,
      year: 2022,
      version: 1,
      contentHash: 'h1',
      source: 'test',
      recordCount: 6,
      createdBy: 'analyst',
      note: '第一次',
    });
    expect(ds?.createdAt).toMatch(/Z$/);
  });

  it('upserts the identity of each distinct valid USCC, first occurrence first', async () => {
    const rows = await db().query<{
      uscc: string;
      name: string | null;
      division_code: string | null;
      founded_year: number | null;
    }>('SELECT uscc, name, division_code, founded_year FROM enterprises ORDER BY uscc');
    expect(rows).toEqual([
      { uscc: A, name: '嘉兴某某机械有限公司', division_code: '330411', founded_year: 2005 },
      { uscc: B, name: 'Quote "and", comma\\slash {x}', division_code: '330421', founded_year: null },
      { uscc: C, name: 'tenant', division_code: '330421', founded_year: null },
    ]);
  });

  it('numbers versions per year and finds datasets by hash', async () => {
    const small = batchFromRecords([{ uscc: A, name: '新名称', values: { land_mu: 1 } }]);
    const v2 = await db().transaction((tx) => insertDataset(tx, { year: 2022, contentHash: 'h2' }, small));
    const other = await db().transaction((tx) => insertDataset(tx, { year: 2023, contentHash: 'h1' }, small));
    expect(v2.version).toBe(2);
    expect(other.version).toBe(1);
    expect((await latestDataset(db(), 2022))?.id).toBe(v2.id);
    expect(await latestDataset(db(), 1999)).toBeNull();
    expect((await findDatasetByHash(db(), 2022, 'h1'))?.version).toBe(1);
    expect((await findDatasetByHash(db(), 2023, 'h1'))?.id).toBe(other.id);
    expect(await findDatasetByHash(db(), 2022, 'nope')).toBeNull();
    expect((await listDatasets(db())).map((d) => [d.year, d.version])).toEqual([
      [2023, 1],
      [2022, 2],
      [2022, 1],
    ]);
    // A later dataset refreshes the name but keeps what it does not know.
    const [a] = await db().query<{ name: string; division_code: string }>(
      'SELECT name, division_code FROM enterprises WHERE uscc = $1',
      [A],
    );
    expect(a).toEqual({ name: '新名称', division_code: '330411' });
    // No source rows stored → no sourceRow in the batch read back.
    expect((await loadDatasetBatch(db(), v2.id)).sourceRow).toBeUndefined();
  });

  it('stores an empty batch', async () => {
    const { id } = await db().transaction((tx) =>
      insertDataset(tx, { year: 2024, contentHash: 'empty' }, allocateBatch(0)),
    );
    expectSameBatch(await loadDatasetBatch(db(), id), allocateBatch(0));
  });

  it('round-trips a batch larger than one chunk', async () => {
    const n = 45_001;
    const batch = allocateBatch(n);
    for (let i = 0; i < n; i++) {
      batch.uscc[i] = withCheckChar(`9133048800${String(i).padStart(7, '0')}`);
      batch.name[i] = `企业${i}`;
      batch.division[i] = i % 2 ? '330411' : '330421';
      batch.industry[i] = '3484';
      batch.columns.land_mu[i] = i % 7 === 0 ? NaN : (i * 0.37) % 500;
      batch.columns.tax[i] = i % 11 === 0 ? NaN : Math.sin(i) * 1000;
      batch.columns.above_scale[i] = i % 3 === 0 ? 1 : 0;
    }
    const { id } = await db().transaction((tx) =>
      insertDataset(tx, { year: 2025, contentHash: 'big' }, batch),
    );
    expectSameBatch(await loadDatasetBatch(db(), id), batch);
    const [count] = await db().query<{ n: number }>('SELECT count(*) AS n FROM enterprises');
    expect(count?.n).toBe(n + 3); // A, B and C from the tests above
  });
});
