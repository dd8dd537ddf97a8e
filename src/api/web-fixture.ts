/**
 * A tiny two-year city for the web API's tests, built so that every figure can be worked out by hand
 * from docs/methodology.md (shipped methodology `huangyan-2023`: constants 24.097, 136.16, 2.694, 4929.81,
 * 18.14, 0.0302 with weights 30/20/20/10/10/10 above scale; 11.5932 and 0.2352 with 50/50 below;
 * quotas 0.20/0.65/0.95/1.00 per county and group; safety accident vetoes A and B).
 *
 * 2022 (data year):
 * | id | county | group | land | tax | va | expected |
 * |----|--------|-------|------|-----|----|----------|
 * | E1 | 330402 | above | 50 | 1000 | 6000 | worked example 1: total 93.870, N=1 → cut B=round(0.65)=1 → B |
 * | E2 | 330402 | below | 10 | 80 | 500 | worked example 2 (elec 400): total 77.020, rank 1 of 2 → B |
 * | E6 | 330402 | below, tenant of E1 | 5 | 20 | 100 | 50·4/11.5932 + 50·0.2/0.2352 = 59.768, rank 2 of 2 → C |
 * | E3 | 330402 | — | 3 | 30 | — | industry 5211 (retail): not evaluated, non_industrial |
 * | E4 | 330402 | — | — | 300 | — | land missing: not evaluated |
 * | E7 | 330402 | above, founded 2021 | 20 | 100 | 800 | computed, not graded (new_firm) |
 * | E5 | 330411 | above, safety accident | 50 | 500 | 6000 | 30·10/24.097 + 68.971 = 81.421, N=1 → B, veto → C |
 * | E8 | 330411 | below | 4 | 40 | 200 | 50·10/11.5932 + 50·0.4/0.2352 = 128.163 → B (absent in 2021) |
 *
 * 2021: the same firms but E8, with E1's tax 500 (total 81.421, still B) and E2's tax 10 (total
 * 50·1/11.5932 + 50·0.025/0.2352 = 9.627, now rank 2 of 2 → C; E6 rank 1 → B).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { withCheckChar } from '../domain/uscc.js';
import { loadMethodology } from '../methodologies/shipped.js';
import { evaluateStored, type StoredRun } from '../services/evaluation.service.js';
import type { Store } from '../services/store.js';

export const uscc = (county: string, k: number): string => withCheckChar(`91${county}MA2A0000${k}`);

export const E = {
  E1: uscc('330402', 1),
  E2: uscc('330402', 2),
  E3: uscc('330402', 3),
  E4: uscc('330402', 4),
  E5: uscc('330411', 5),
  E6: uscc('330402', 6),
  E7: uscc('330402', 7),
  E8: uscc('330411', 8),
} as const;

const HEADER =
  'uscc,name,division,industry,above_scale,land_mu,tax,value_added,revenue,energy_tce,emissions_t,employees,rd_spend,electricity,invention_patents,founded,high_tech,specialised_sme,safety_accident,environmental_violation,major_project_build,sublet_tenants,tenant_of';

function rows(year: 2021 | 2022): string[] {
  const r = (cells: (string | number)[]) => cells.join(',');
  const out = [
    //     uscc   name                division industry above land tax value_added revenue energy emissions employees rd elec patents founded ht sme safety env major sublet tenant_of
    r([
      E.E1,
      '南湖甲光伏科技有限公司',
      '330402',
      '3825',
      1,
      50,
      year === 2022 ? 1000 : 500,
      6000,
      20000,
      2000,
      1.5,
      300,
      600,
      '',
      3,
      2005,
      1,
      0,
      0,
      0,
      0,
      1,
      '',
    ]),
    r([
      E.E2,
      '南湖乙金属制品有限公司',
      '330402',
      '3311',
      0,
      10,
      year === 2022 ? 80 : 10,
      500,
      1500,
      '',
      '',
      '',
      '',
      400,
      0,
      2008,
      0,
      0,
      0,
      0,
      0,
      0,
      '',
    ]),
    r([
      E.E3,
      '南湖丙百货有限公司',
      '330402',
      '5211',
      0,
      3,
      30,
      '',
      900,
      '',
      '',
      '',
      '',
      20,
      0,
      2012,
      0,
      0,
      0,
      0,
      0,
      0,
      '',
    ]),
    r([
      E.E4,
      '南湖丁光伏有限公司',
      '330402',
      '3825',
      1,
      '',
      300,
      2500,
      9000,
      800,
      2,
      120,
      90,
      '',
      0,
      2011,
      0,
      0,
      0,
      0,
      0,
      0,
      '',
    ]),
    r([
      E.E5,
      '秀洲戊光伏科技有限公司',
      '330411',
      '3825',
      1,
      50,
      500,
      6000,
      20000,
      2000,
      1.5,
      300,
      600,
      '',
      2,
      2006,
      0,
      1,
      1,
      0,
      0,
      0,
      '',
    ]),
    r([
      E.E6,
      '南湖己五金有限公司',
      '330402',
      '3311',
      0,
      5,
      20,
      100,
      800,
      '',
      '',
      '',
      '',
      100,
      0,
      2010,
      0,
      0,
      0,
      0,
      0,
      0,
      E.E1,
    ]),
    r([
      E.E7,
      '南湖庚新能源有限公司',
      '330402',
      '3825',
      1,
      20,
      100,
      800,
      3000,
      300,
      1,
      40,
      30,
      '',
      0,
      2021,
      0,
      0,
      0,
      0,
      1,
      0,
      '',
    ]),
  ];
  if (year === 2022)
    out.push(
      r([
        E.E8,
        '秀洲辛机械有限公司',
        '330411',
        '3311',
        0,
        4,
        40,
        200,
        600,
        '',
        '',
        '',
        '',
        100,
        0,
        2009,
        0,
        0,
        0,
        0,
        0,
        0,
        '',
      ]),
    );
  return out;
}

/** Stores both years as datasets and evaluates each with huangyan-2023 (2021 first). */
export async function loadWebFixture(
  store: Store,
  dir: string,
): Promise<{ y2021: StoredRun; y2022: StoredRun }> {
  const methodology = await loadMethodology('huangyan-2023');
  const out: StoredRun[] = [];
  for (const year of [2021, 2022] as const) {
    const file = path.join(dir, `records-${year}.csv`);
    writeFileSync(file, [HEADER, ...rows(year)].join('\n') + '\n');
    out.push(await evaluateStored(store, { methodology, year, recordsFile: file, createdBy: 'test' }));
  }
  return { y2021: out[0]!, y2022: out[1]! };
}
