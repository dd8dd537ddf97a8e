import { describe, expect, it } from 'vitest';
import { withCheckChar } from '../../domain/uscc.js';
import type { RawCell, RawRow } from '../types.js';
import {
  DepartmentMerge,
  mergeDepartments,
  mergeDepartmentsAsync,
  type DepartmentInput,
  type MergeResult,
} from './index.js';

const YEAR = 2023;
// Valid codes in ascending order (A < B < C < D), and one with a wrong check character.
const A = withCheckChar('91330402MA2B00001');
const B = withCheckChar('91330402MA2B00002');
const C = withCheckChar('91330411MA2B00003');
const D = withCheckChar('91330411MA2B00004');
const BAD = A.slice(0, 17) + (A[17] === '0' ? '1' : '0');

const MR_HEADER = ['统一社会信用代码', '企业名称', '行业代码', '所属区县', '成立日期'];
const MR_ROWS: RawCell[][] = [
  [C, '嘉兴丙科技有限公司', '3825', '秀洲区', '2015/3/9'],
  [A, '嘉兴甲（南湖）制造有限公司', '3311', '330402', '2019-05-01'],
  [B, '嘉兴乙纺织有限公司', 'C1713', '南湖区', '2008年10月1日'],
];

function table(
  file: string,
  header: RawCell[],
  body: RawCell[][],
  opts: { sheet?: string; above?: RawCell[][] } = {},
): DepartmentInput {
  const lines = [...(opts.above ?? []), header, ...body];
  return { file, rows: lines.map((cells, k): RawRow => ({ sheet: opts.sheet ?? null, row: k + 1, cells })) };
}
const registry = (body: RawCell[][] = MR_ROWS): DepartmentInput =>
  table('market-regulation.csv', MR_HEADER, body);
const merge = (...inputs: DepartmentInput[]): MergeResult => mergeDepartments(inputs, YEAR);
const rec = (r: MergeResult, code: string): number => r.batch.uscc.indexOf(code);
const rules = (r: MergeResult): [string, number, string][] =>
  r.rejections.map((x) => [x.file, x.row, x.rule]);

/** Every file balances: rows read = accepted + rejected + skipped. */
function expectBalanced(r: MergeResult): void {
  for (const f of r.reconciliation.files) {
    const skipped = Object.values(f.skipped).reduce((a, b) => a + b, 0);
    expect(f.rowsRead, f.file).toBe(f.accepted + f.rejected + skipped);
  }
  const rejectedRows = new Set(r.rejections.map((x) => `${x.file}|${x.sheet}|${x.row}`));
  expect(rejectedRows.size).toBe(r.reconciliation.totals.rejected);
}

describe('mergeDepartments', () => {
  it('builds one canonical record per registry enterprise, ordered by USCC, in canonical units', () => {
    const r = merge(
      table(
        'tax.xlsx',
        ['纳税人识别号', '纳税人名称', '实缴税金(元)', '税收实际贡献(元)'],
        [
          [B, '嘉兴乙纺织有限公司', '1,250,000', '-30,000'],
          [A, '嘉兴甲(南湖)制造有限公司', 5_000_000, 4_800_000],
        ],
      ),
      table(
        'statistics.csv',
        [
          '统一社会信用代码',
          '单位详细名称',
          '是否规上',
          '工业增加值(千元)',
          '主营业务收入(万元)',
          '综合能源消费量',
          '从业人员平均人数',
        ],
        [
          [A, '嘉兴甲（南湖）制造有限公司', '是', '60000', '20000', '2000', '300'],
          [B, '嘉兴乙纺织有限公司', '否', '1234.5', '800', '', '—'],
        ],
        { above: [['2023年工业企业主要经济指标']] },
      ),
      table(
        'power.csv',
        ['户号', '户名', '统一社会信用代码', '用电量（千瓦时）'],
        [
          ['3301000001', '甲一车间', A, '1,200,000'],
          ['3301000002', '甲二车间', A, '300000'],
          ['3301000003', '乙', B, '45678'],
        ],
      ),
      table(
        'environment.csv',
        ['统一社会信用代码', '化学需氧量(吨)', '氨氮(吨)', '二氧化硫(吨)', '氮氧化物(千克)'],
        [[A, '0.8', '0.05', '', '650']],
      ),
      table(
        'land.csv',
        ['不动产权证号', '权利人', '统一社会信用代码', '宗地面积(平方米)', '用途', '权利类型'],
        [
          ['浙(2019)嘉兴市不动产权第0000001号', '甲', A, '20000', '工业用地', '出让'],
          ['浙(2020)嘉兴市不动产权第0000002号', '甲', A, '13333.33', '工业用地', '出让'],
          ['浙(2021)嘉兴市不动产权第0000003号', '乙', B, '2000', '工业用地', '租赁'],
        ],
      ),
      registry(),
    );
    expect(r.reconciliation.problems).toEqual([]);
    expect(r.rejections).toEqual([]);
    expectBalanced(r);
    const b = r.batch;
    expect(b.uscc).toEqual([A, B, C]);
    const a = rec(r, A);
    expect(b.name[a]).toBe('嘉兴甲（南湖）制造有限公司');
    expect([b.division[a], b.industry[a]]).toEqual(['330402', '3311']);
    expect([b.division[rec(r, B)], b.industry[rec(r, B)], b.division[rec(r, C)]]).toEqual([
      '330402',
      '1713',
      '330411',
    ]);
    const col = (f: keyof typeof b.columns, code: string): number => b.columns[f][rec(r, code)]!;
    expect(col('founded', A)).toBe(2019);
    expect(col('founded', B)).toBe(2008);
    expect(col('tax', A)).toBe(480); // 税收实际贡献 in 元 → 万元
    expect(col('tax', B)).toBe(-3); // net of refunds: negative is allowed
    expect(col('above_scale', A)).toBe(1);
    expect(col('above_scale', B)).toBe(0);
    expect(col('value_added', A)).toBe(6000); // 千元 → 万元
    expect(col('value_added', B)).toBe(123.45);
    expect(col('revenue', A)).toBe(20000);
    expect(col('energy_tce', A)).toBe(2000);
    expect(col('energy_tce', B)).toBeNaN(); // missing is not zero
    expect(col('employees', B)).toBeNaN();
    expect(col('electricity', A)).toBe(150); // Σ meters, kWh → 万kWh
    expect(col('electricity', B)).toBe(4.5678);
    expect(col('emissions_t', A)).toBeCloseTo(0.8 + 0.05 + 0.65, 12); // SO₂ empty: not counted
    expect(col('emissions_t', B)).toBeNaN();
    expect(col('land_mu', A)).toBeCloseTo(30 + 19.999995, 9); // Σ parcels, m² → 亩
    expect(col('land_mu', B)).toBe(3);
    expect(col('tax', C)).toBeNaN();
    // Reconciliation: coverage and what is missing where.
    const rc = r.reconciliation;
    expect(rc.departments).toEqual([
      'market-regulation',
      'tax',
      'statistics',
      'power',
      'environment',
      'natural-resources',
    ]);
    expect(rc.coverage).toEqual({
      'market-regulation': 3,
      tax: 2,
      statistics: 2,
      power: 2,
      environment: 1,
      'natural-resources': 2,
    });
    expect(rc.missing).toEqual({
      tax: [C],
      statistics: [C],
      power: [C],
      environment: [B, C],
      'natural-resources': [C],
    });
    expect(r.sourcesOf(rec(r, C))).toEqual(['market-regulation']);
    expect(rc.files.find((f) => f.profile === 'statistics')?.headerRow).toBe(2);
    // Names: the registry's; a mere bracket difference is no conflict, the power account names are.
    expect(rc.conflicts.map((c) => [c.uscc, c.field, c.other.source, c.other.value])).toEqual(
      [
        [A, 'name', 'power', '甲一车间'],
        [B, 'name', 'power', '乙'],
        [B, 'name', 'natural-resources', '乙'],
        [A, 'name', 'natural-resources', '甲'],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : 0)),
    );
  });

  it('records where each field came from', () => {
    const r = merge(
      registry(),
      table('tax.csv', ['纳税人识别号', '实缴税金(万元)'], [[A, '12']]),
      table(
        'power.csv',
        ['户号', '统一社会信用代码', '用电量(万千瓦时)'],
        [
          ['1', A, '1'],
          ['2', B, '2'],
          ['3', A, '3'],
        ],
      ),
    );
    const p = r.provenanceAt(rec(r, A));
    expect(p.name).toMatchObject({
      source: 'market-regulation',
      file: 'market-regulation.csv',
      row: 3,
      column: '企业名称',
    });
    expect(p.tax).toMatchObject({ source: 'tax', file: 'tax.csv', row: 2, column: '实缴税金(万元)' });
    expect(p.electricity).toMatchObject({ source: 'power', row: 2, rows: [2, 4] });
    expect(p.land_mu).toBeUndefined();
    expect(r.provenance()).toHaveLength(3);
    expect(r.reconciliation.files[1]!.warnings.map((w) => w.rule)).toContain('fallback_column');
  });

  it('gives the same batch whatever the order of the files', () => {
    const files = [
      registry(),
      table(
        'tax.csv',
        ['统一社会信用代码', '税收实际贡献(万元)'],
        [
          [C, '3'],
          [A, '1'],
        ],
      ),
      table(
        'power.csv',
        ['统一社会信用代码', '用电量(万千瓦时)'],
        [
          [B, '2'],
          [A, '5'],
        ],
      ),
    ];
    const one = merge(...files);
    const two = merge(...[...files].reverse());
    expect(two.batch.uscc).toEqual(one.batch.uscc);
    expect(two.batch.name).toEqual(one.batch.name);
    for (const f of ['tax', 'electricity', 'founded'] as const)
      expect(Array.from(two.batch.columns[f])).toEqual(Array.from(one.batch.columns[f]));
  });

  it('reads typed spreadsheet cells: numbers, dates, number-coded divisions and industries', () => {
    const r = merge(
      table(
        'registry.xlsx',
        MR_HEADER,
        [
          [A, '甲', 3311, 330402, new Date(Date.UTC(2019, 4, 1))],
          [B, '乙', 610, 330411, 43586],
        ],
        { sheet: '企业名录' },
      ),
    );
    expect(r.rejections).toEqual([]);
    expect(r.batch.industry).toEqual(['3311', '0610']);
    expect(r.batch.division).toEqual(['330402', '330411']);
    expect(Array.from(r.batch.columns.founded)).toEqual([2019, 2019]);
    expect(r.reconciliation.files[0]!.sheet).toBe('企业名录');
  });
});

describe('rows that are skipped, not rejected', () => {
  it('skips blank rows, a repeated header, footnotes and 合计 rows, and still balances', () => {
    const r = merge(
      registry(),
      table(
        'power.csv',
        ['户号', '户名', '统一社会信用代码', '用电量(千瓦时)'],
        [
          ['1', '甲', A, '100'],
          ['', '', '', ''],
          ['户号', '户名', '统一社会信用代码', '用电量(千瓦时)'],
          ['2', '乙', B, '200'],
          ['合计', '', '', '300'],
          ['', '总计：', '', '300'],
          ['注：数据来源于国网嘉兴供电公司', '', '', ''],
        ],
      ),
    );
    expect(r.rejections).toEqual([]);
    const f = r.reconciliation.files[1]!;
    expect(f).toMatchObject({ rowsRead: 7, accepted: 2, rejected: 0 });
    expect(f.skipped).toEqual({ blank: 1, summary: 2, note: 1, header_repeat: 1 });
    expectBalanced(r);
  });
});

describe('validation rules', () => {
  const TAX = ['纳税人识别号', '纳税人名称', '税收实际贡献(元)', '所属年度'];

  it('checks the USCC: check character, format, presence', () => {
    const r = merge(
      registry(),
      table('tax.csv', TAX, [
        [BAD, 'x', '1', '2023'],
        ['330402123456789', 'old taxpayer id', '1', '2023'],
        ['', 'no code', '1', '2023'],
        [Number('913304021234567890'), 'number cell', '1', '2023'],
      ]),
    );
    expect(r.rejections.map((x) => [x.row, x.rule, x.column, x.value])).toEqual([
      [2, 'uscc_check', '纳税人识别号', BAD],
      [3, 'uscc_format', '纳税人识别号', '330402123456789'],
      [4, 'uscc_missing', '纳税人识别号', ''],
      [5, 'uscc_format', '纳税人识别号', String(Number('913304021234567890'))],
    ]);
    for (const x of r.rejections) {
      expect(x.zh.length).toBeGreaterThan(0);
      expect(x.en.length).toBeGreaterThan(0);
    }
    expect(r.rejections[1]!.en).toContain('taxpayer id');
  });

  it('rejects an enterprise absent from the registry in every other file', () => {
    const r = merge(
      registry([...MR_ROWS, [D, '丁', '3311', '秀洲区', '2019-13-45']]),
      table(
        'tax.csv',
        ['统一社会信用代码', '税收实际贡献(万元)'],
        [
          [A, '1'],
          [withCheckChar('91330402MA2B99999'), '2'],
          [D, '3'],
        ],
      ),
      table(
        'power.csv',
        ['统一社会信用代码', '用电量(万千瓦时)'],
        [
          [D, '1'],
          [D, '2'],
        ],
      ),
    );
    expect(rules(r)).toEqual([
      ['market-regulation.csv', 5, 'bad_date'],
      ['tax.csv', 3, 'unknown_enterprise'],
      ['tax.csv', 4, 'unknown_enterprise'],
      ['power.csv', 2, 'unknown_enterprise'],
      ['power.csv', 3, 'unknown_enterprise'],
    ]);
    // D's registry row was there but rejected: the message points at it.
    expect(r.rejections[2]!.zh).toContain('market-regulation.csv 第 5 行');
    expect(r.rejections[2]!.en).toContain('bad_date');
    expect(r.batch.uscc).toEqual([A, B, C]);
    expect(r.reconciliation.files.map((f) => [f.accepted, f.rejected])).toEqual([
      [3, 1],
      [1, 2],
      [0, 2],
    ]);
    expectBalanced(r);
  });

  it.each([
    ['a negative value where none is allowed', ['统一社会信用代码', '用电量(千瓦时)'], [A, '-5'], 'negative'],
    ['text that is not a number', ['统一社会信用代码', '工业增加值(千元)'], [A, '12abc'], 'not_a_number'],
    [
      'a unit in the cell that differs from the header',
      ['统一社会信用代码', '税收实际贡献(元)'],
      [A, '12万元'],
      'unit_mismatch',
    ],
    [
      'a parcel under 10 m²: 亩 under a 平方米 header',
      ['统一社会信用代码', '宗地面积(平方米)'],
      [A, '5.5'],
      'implausible_for_unit',
    ],
    [
      'more tax than any firm pays: 元 under a 万元 header',
      ['统一社会信用代码', '税收实际贡献(万元)'],
      [A, '52,000,000'],
      'implausible_for_unit',
    ],
    ['a yes/no that is neither', ['统一社会信用代码', '是否规上'], [A, '大概'], 'bad_boolean'],
    [
      'an unknown tenure',
      ['统一社会信用代码', '宗地面积(亩)', '权利类型'],
      [A, '3', '抵押'],
      'unknown_category',
    ],
    ['another data year', TAX, [A, '甲', '1', '2022年度'], 'wrong_year'],
  ])('rejects %s', (_what, header, row, rule) => {
    const r = merge(registry(), table('f.csv', header, [row]));
    expect(r.rejections.map((x) => x.rule)).toEqual([rule]);
    expect(r.rejections[0]).toMatchObject({ file: 'f.csv', row: 2 });
    expect(header).toContain(r.rejections[0]!.column);
    expectBalanced(r);
  });

  it('accepts the same figure with the unit repeated in the cell', () => {
    const r = merge(registry(), table('f.csv', ['统一社会信用代码', '税收实际贡献(元)'], [[A, '12,000元']]));
    expect(r.rejections).toEqual([]);
    expect(r.batch.columns.tax[rec(r, A)]).toBe(1.2);
  });

  it('rejects an enterprise whose land totals under 0.02 亩 though each parcel passes', () => {
    const r = merge(
      registry(),
      table(
        'land.csv',
        ['不动产权证号', '统一社会信用代码', '宗地面积(平方米)'],
        [
          ['c1', A, '12'],
          ['c2', B, '8000'],
        ],
      ),
    );
    expect(rules(r)).toEqual([['land.csv', 2, 'implausible_for_unit']]);
    expect(r.batch.columns.land_mu[rec(r, A)]).toBeNaN();
    expect(r.batch.columns.land_mu[rec(r, B)]).toBe(12);
    expect(r.landHoldings.map((h) => h.uscc)).toEqual([B]);
  });

  it('passes a zero area on (the evaluation reports land ≤ 0), it is no unit error', () => {
    const r = merge(registry(), table('land.csv', ['统一社会信用代码', '宗地面积(平方米)'], [[A, '0.00']]));
    expect(r.rejections).toEqual([]);
    expect(r.batch.columns.land_mu[rec(r, A)]).toBe(0);
  });

  it('rejects registry rows with a bad county or industry', () => {
    const r = merge(
      registry([
        [A, '甲', '3311', '火星区', '2019-05-01'],
        [B, '乙', '9999', '330402', '2019-05-01'],
        [C, '丙', '制造业', '330402', '2019-05-01'],
        [D, '丁', '3311', '普陀区', '2019-05-01'],
      ]),
    );
    expect(r.rejections.map((x) => x.rule)).toEqual([
      'unknown_division',
      'unknown_industry',
      'bad_industry',
      'ambiguous_division',
    ]);
    expect(r.batch.length).toBe(0);
    const named = mergeDepartments([registry([[D, '丁', '3311', '普陀区', '2019-05-01']])], YEAR, {
      cityCode: '310000',
    });
    expect(named.batch.division).toEqual(['310107']);
  });

  it('reports every broken rule of a row, and counts the row once', () => {
    const r = merge(
      registry(),
      table('stat.csv', ['统一社会信用代码', '是否规上', '工业增加值(千元)'], [[BAD, '也许', 'x']]),
    );
    expect(r.rejections.map((x) => x.rule)).toEqual(['uscc_check', 'bad_boolean', 'not_a_number']);
    expect(r.reconciliation.files[1]).toMatchObject({ rowsRead: 1, rejected: 1 });
  });
});

describe('duplicates', () => {
  it('rejects a second row of the same enterprise where the source has one row each', () => {
    const r = merge(
      registry(),
      table(
        'tax.csv',
        ['统一社会信用代码', '税收实际贡献(万元)'],
        [
          [A, '1'],
          [B, '2'],
          [A, '5'],
        ],
      ),
    );
    expect(rules(r)).toEqual([['tax.csv', 4, 'duplicate']]);
    expect(r.rejections[0]!.en).toContain('tax.csv row 2');
    expect(r.batch.columns.tax[rec(r, A)]).toBe(1);
  });

  it('also across two files of the same department', () => {
    const r = merge(
      registry(),
      table('tax-1.csv', ['统一社会信用代码', '税收实际贡献(万元)'], [[A, '1']]),
      table(
        'tax-2.csv',
        ['统一社会信用代码', '税收实际贡献(万元)'],
        [
          [B, '2'],
          [A, '9'],
        ],
      ),
    );
    expect(rules(r)).toEqual([['tax-2.csv', 3, 'duplicate']]);
    expect(r.batch.columns.tax[rec(r, B)]).toBe(2);
  });

  it('sums meters and parcels, but rejects the same 户号 or 不动产权证号 twice', () => {
    const r = merge(
      registry(),
      table(
        'power.csv',
        ['户号', '统一社会信用代码', '用电量(千瓦时)'],
        [
          ['m1', A, '10000'],
          ['m2', A, '20000'],
          ['m1', A, '10000'],
        ],
      ),
      table(
        'land.csv',
        ['不动产权证号', '统一社会信用代码', '宗地面积(亩)', '权利类型'],
        [
          ['c1', A, '3', '出让'],
          ['c2', A, '2', '租赁'],
          ['c1', B, '3', '出让'],
        ],
      ),
      table('power-2.csv', ['户号', '统一社会信用代码', '用电量(万千瓦时)'], [['m9', A, '1']]),
    );
    expect(rules(r)).toEqual([
      ['power.csv', 4, 'duplicate'],
      ['land.csv', 4, 'duplicate'],
    ]);
    expect(r.batch.columns.electricity[rec(r, A)]).toBe(4); // 1 + 2 万kWh, and 1 from the second file
    expect(r.batch.columns.land_mu[rec(r, A)]).toBe(5);
    expect(r.batch.columns.land_mu[rec(r, B)]).toBeNaN();
    expect(r.landHoldings.map((h) => [h.uscc, h.certificate, h.areaMu, h.tenure])).toEqual([
      [A, 'c1', 3, 'owned'],
      [A, 'c2', 2, 'rented'],
    ]);
    expect(r.provenanceAt(rec(r, A)).electricity).toMatchObject({
      file: 'power.csv',
      rows: [2, 3],
      more: [{ file: 'power-2.csv', sheet: null, rows: [2] }],
    });
  });

  it('sums emission rows only when the file tells them apart (排放口编号)', () => {
    const without = merge(
      registry(),
      table(
        'env.csv',
        ['统一社会信用代码', '化学需氧量(吨)'],
        [
          [A, '1'],
          [A, '2'],
        ],
      ),
    );
    expect(rules(without)).toEqual([['env.csv', 3, 'duplicate']]);
    expect(without.batch.columns.emissions_t[rec(without, A)]).toBe(1);
    const withOutlet = merge(
      registry(),
      table(
        'env.csv',
        ['统一社会信用代码', '排放口编号', '化学需氧量(吨)'],
        [
          [A, 'DW001', '1'],
          [A, 'DW002', '2'],
        ],
      ),
    );
    expect(withOutlet.rejections).toEqual([]);
    expect(withOutlet.batch.columns.emissions_t[rec(withOutlet, A)]).toBe(3);
  });
});

describe('files that cannot be imported', () => {
  it('reports a file without a recognisable header, an empty file and a forced layout that does not fit', () => {
    const r = mergeDepartments(
      [
        registry(),
        table('people.csv', ['姓名', '年龄'], [['张三', '30']]),
        { file: 'empty.csv', rows: [] },
        { ...table('tax.csv', ['统一社会信用代码', '税收实际贡献(万元)'], [[A, '1']]), profile: 'power' },
      ],
      YEAR,
    );
    expect(r.reconciliation.problems.map((p) => [p.file, p.rule])).toEqual([
      ['people.csv', 'no_header'],
      ['empty.csv', 'empty'],
      ['tax.csv', 'missing_columns'],
    ]);
    expect(r.reconciliation.files.map((f) => f.file)).toEqual(['market-regulation.csv']);
    expect(r.batch.columns.tax[rec(r, A)]).toBeNaN();
  });

  it('skips a sheet without a header next to one that has it, and keeps sheet names', () => {
    const sheet1 = table('power.xlsx', ['户号', '统一社会信用代码', '用电量(千瓦时)'], [['1', BAD, '5']], {
      sheet: '用电',
    });
    const notes: RawRow[] = [{ sheet: '说明', row: 1, cells: ['本表由供电公司提供'] }];
    const r = merge(registry(), { file: 'power.xlsx', rows: [...sheet1.rows, ...notes] });
    expect(r.reconciliation.problems).toEqual([]);
    expect(r.reconciliation.notices.map((n) => n.rule)).toEqual(['sheet_skipped']);
    expect(r.rejections[0]).toMatchObject({ file: 'power.xlsx', sheet: '用电', row: 2, rule: 'uscc_check' });
  });

  it('without a registry, merges what it has and says it could not check enterprises', () => {
    const r = merge(
      table(
        'tax.csv',
        ['统一社会信用代码', '纳税人名称', '税收实际贡献(万元)'],
        [
          [B, '乙', '2'],
          [A, '甲', '1'],
        ],
      ),
    );
    expect(r.reconciliation.notices.map((n) => n.rule)).toEqual(['no_registry']);
    expect(r.batch.uscc).toEqual([A, B]);
    expect(r.batch.name).toEqual(['甲', '乙']);
  });

  it('uses known enterprises as the registry when given', () => {
    const r = mergeDepartments(
      [
        table(
          'tax.csv',
          ['统一社会信用代码', '税收实际贡献(万元)'],
          [
            [A, '1'],
            [C, '3'],
          ],
        ),
      ],
      YEAR,
      { registry: [{ uscc: A, name: '甲', division: '330402', industry: '3311', founded: 2019 }] },
    );
    expect(rules(r)).toEqual([['tax.csv', 3, 'unknown_enterprise']]);
    expect(r.batch.uscc).toEqual([A]);
    expect(r.batch.name).toEqual(['甲']);
    expect(r.provenanceAt(0).name).toMatchObject({ source: 'registry', file: null });
  });
});

describe('DepartmentMerge', () => {
  it('takes rows one at a time and ends a feed left open', () => {
    const m = new DepartmentMerge(YEAR);
    const feed = m.file('market-regulation.csv');
    for (const row of registry().rows) feed.push(row);
    const r = m.finish();
    expect(r.batch.uscc).toEqual([A, B, C]);
    expect(() => feed.push({ sheet: null, row: 9, cells: [] })).toThrow(/finished/);
  });
});

describe('mergeDepartmentsAsync', () => {
  it('consumes the readers’ async rows with the same result', async () => {
    const inputs = [
      registry(),
      table(
        'tax.csv',
        ['统一社会信用代码', '税收实际贡献(万元)'],
        [
          [A, '1'],
          [BAD, '2'],
        ],
      ),
    ];
    async function* stream(rows: Iterable<RawRow>): AsyncGenerator<RawRow> {
      for (const row of rows) yield await Promise.resolve(row);
    }
    const r = await mergeDepartmentsAsync(
      inputs.map((i) => ({ file: i.file, rows: stream(i.rows) })),
      YEAR,
    );
    const s = mergeDepartments(inputs, YEAR);
    expect(r.batch.uscc).toEqual(s.batch.uscc);
    expect(Array.from(r.batch.columns.tax)).toEqual(Array.from(s.batch.columns.tax));
    expect(r.rejections).toEqual(s.rejections);
  });
});
