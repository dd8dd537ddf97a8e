import { expect, it } from 'vitest';
import { insertLandHoldings, landHoldingsOf, tenantHoldingsOf } from './land.repository.js';
import {
  incidentsIn,
  incidentsOf,
  insertIncidents,
  insertQualifications,
  qualificationsOf,
  qualificationsValidIn,
} from './qualification.repository.js';
import { describeEachDatabase } from './testing.js';

const OWNER = '91330411MA2B000001';
const TENANT = '91330411MA2B000002';

describeEachDatabase('land and qualification repositories', ({ db }) => {
  it('stores land holdings and reads them per enterprise and per parcel owner', async () => {
    const n = await insertLandHoldings(db(), [
      {
        uscc: OWNER,
        certificateNo: '浙(2020)嘉兴市不动产权第0001号',
        areaMu: 50.5,
        tenure: 'owned',
        use: '工业',
        source: '自然资源局',
      },
      { uscc: TENANT, areaMu: 3.25, tenure: 'rented', ownerUscc: OWNER, source: '核查' },
      { uscc: OWNER, areaMu: 12, tenure: 'owned' },
    ]);
    expect(n).toBe(3);
    const own = await landHoldingsOf(db(), OWNER);
    expect(own.map((h) => h.areaMu)).toEqual([50.5, 12]);
    expect(own[0]).toMatchObject({
      uscc: OWNER,
      certificateNo: '浙(2020)嘉兴市不动产权第0001号',
      tenure: 'owned',
      ownerUscc: null,
      use: '工业',
      source: '自然资源局',
      datasetId: null,
    });
    expect(await tenantHoldingsOf(db(), OWNER)).toEqual([
      {
        id: expect.any(Number) as number,
        uscc: TENANT,
        certificateNo: null,
        areaMu: 3.25,
        tenure: 'rented',
        ownerUscc: OWNER,
        use: null,
        source: '核查',
        datasetId: null,
      },
    ]);
  });

  it('refuses an unknown tenure', async () => {
    await expect(
      insertLandHoldings(db(), [{ uscc: OWNER, areaMu: 1, tenure: 'leased' as 'owned' }]),
    ).rejects.toThrow(/check constraint/);
  });

  it('stores qualifications and finds those valid in a year', async () => {
    await insertQualifications(db(), [
      { uscc: OWNER, kind: 'high_tech', yearFrom: 2020, yearTo: 2022, source: '科技局' },
      { uscc: OWNER, kind: 'specialised_sme', yearFrom: 2023 },
      { uscc: TENANT, kind: 'little_giant', yearFrom: 2021, yearTo: null },
    ]);
    expect(
      (await qualificationsOf(db(), OWNER)).map((q) => [q.kind, q.yearFrom, q.yearTo, q.source]),
    ).toEqual([
      ['high_tech', 2020, 2022, '科技局'],
      ['specialised_sme', 2023, null, null],
    ]);
    expect((await qualificationsValidIn(db(), 2022)).map((q) => [q.uscc, q.kind])).toEqual([
      [OWNER, 'high_tech'],
      [TENANT, 'little_giant'],
    ]);
    await expect(
      insertQualifications(db(), [{ uscc: OWNER, kind: 'famous_brand' as 'listed', yearFrom: 2020 }]),
    ).rejects.toThrow(/check constraint/);
  });

  it('stores incidents per year', async () => {
    await insertIncidents(db(), [
      {
        uscc: OWNER,
        kind: 'safety_accident',
        year: 2022,
        description: '一般生产安全事故',
        source: '应急管理局',
      },
      { uscc: TENANT, kind: 'environmental_violation', year: 2021 },
    ]);
    expect(await incidentsOf(db(), OWNER)).toEqual([
      {
        id: expect.any(Number) as number,
        uscc: OWNER,
        kind: 'safety_accident',
        year: 2022,
        description: '一般生产安全事故',
        source: '应急管理局',
      },
    ]);
    expect((await incidentsIn(db(), 2021)).map((i) => i.uscc)).toEqual([TENANT]);
  });
});
