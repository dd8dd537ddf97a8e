/**
 * The header finder, on rows of the LibreOffice-made and iconv-made fixtures
 * (scripts/make-ingest-fixtures.sh) and on hand-made rows.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RawCell, RawRow } from '../types.js';
import { findHeader, headerText, openTable } from './index.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/ingest/', import.meta.url));

const KNOWN = new Set([
  '统一社会信用代码',
  '纳税人识别号',
  '单位详细名称',
  '企业名称',
  '纳税人名称',
  '是否规上',
  '工业增加值',
  '营业收入',
  '综合能源消费量',
  '用电量',
  '从业人员平均人数',
  '成立日期',
  '实缴税金',
  '税收实际贡献',
  '留抵退税',
]);
/** What a profile would recognise: a known name, with or without a unit in brackets. */
const isHeaderCell = (text: string) => KNOWN.has(text.replace(/\s*[（(][^）)]*[）)]\s*$/, ''));

const rowsOf = (...rows: RawCell[][]): RawRow[] =>
  rows.map((cells, k) => ({ sheet: null, row: k + 1, cells }));

async function firstRows(name: string) {
  const { info, rows } = await openTable(path.join(FIXTURES, name));
  const out: RawRow[] = [];
  for await (const r of rows) {
    out.push(r);
    if (out.length === 20) break;
  }
  return { info, rows: out };
}

describe('findHeader', () => {
  it('finds a two-row header with merged cells below a merged title row (XLSX by LibreOffice)', async () => {
    const { info, rows } = await firstRows('statistics.xlsx');
    const h = findHeader(rows, isHeaderCell, 3, { merges: info.merges ?? [] });
    expect(h?.rows).toEqual([2, 3]);
    expect(h?.dataIndex).toBe(3);
    expect(h?.names).toEqual([
      '统一社会信用代码',
      '单位详细名称',
      '是否规上',
      '工业增加值',
      '营业收入',
      '综合能源消费量（吨标准煤）',
      '用电量（万千瓦时）',
      '成立日期',
    ]);
    expect(h?.columns.map((c) => c.group)).toEqual([
      null,
      null,
      null,
      '经济指标（千元）',
      '经济指标（千元）',
      '能耗',
      '能耗',
      null,
    ]);
    expect(h?.columns[5]?.label).toBe('能耗/综合能源消费量（吨标准煤）');
    expect(h?.matches).toBe(8);
  });

  it('finds the same header in a CSV export of such a sheet, without merge information', async () => {
    const { rows } = await firstRows('statistics-gbk.csv');
    const h = findHeader(rows, isHeaderCell, 3);
    expect(h?.rows).toEqual([3, 4]);
    expect(h?.names).toEqual([
      '统一社会信用代码',
      '单位详细名称',
      '综合能源消费量（吨标准煤）',
      '用电量（万千瓦时）',
      '从业人员平均人数',
    ]);
    expect(h?.columns.map((c) => c.group)).toEqual([null, null, '能耗', '能耗', null]);
    expect(rows[h?.dataIndex ?? -1]?.cells[0]).toBe('91330402MA2B3C4D5E');
  });

  it('skips a title row above a one-row header', async () => {
    const { rows } = await firstRows('tax-gbk.csv');
    const h = findHeader(rows, isHeaderCell, 3);
    expect(h?.rows).toEqual([2]);
    expect(h?.dataIndex).toBe(2);
    expect(h?.names).toEqual([
      '纳税人识别号',
      '纳税人名称',
      '实缴税金（万元）',
      '税收实际贡献（万元）',
      '留抵退税(元)',
    ]);
    expect(h?.columns.every((c) => c.group === null)).toBe(true);
  });

  it('keeps a one-row header under a title merged across the table', () => {
    const rows = rowsOf(
      ['2023年企业名录'],
      ['统一社会信用代码', '企业名称', '成立日期'],
      ['9133…', '甲', '2019-05-01'],
    );
    const merges = [{ firstRow: 1, lastRow: 1, firstCol: 0, lastCol: 2 }];
    const h = findHeader(rows, isHeaderCell, 2, { merges });
    expect(h?.rows).toEqual([2]);
    expect(h?.columns.map((c) => c.group)).toEqual([null, null, null]);
  });

  it('does not take the first data row for a sub-header, even where the header has empty cells under it', () => {
    const rows = rowsOf(
      ['统一社会信用代码', '企业名称', '用电量(千瓦时)'],
      ['91330402MA2B3C4D5E', null, '123'],
    );
    expect(findHeader(rows, isHeaderCell, 2)?.rows).toEqual([1]);
  });

  it('puts a group header that carries the unit into the label', () => {
    const rows = rowsOf(
      ['纳税人识别号', '纳税人名称', '金额（万元）', null],
      [null, null, '实缴税金', '税收实际贡献'],
      ['91330402MA2B3C4D5E', '甲', 1, 2],
    );
    const h = findHeader(rows, isHeaderCell, 3);
    expect(h?.rows).toEqual([1, 2]);
    expect(h?.columns.map((c) => c.label)).toEqual([
      '纳税人识别号',
      '纳税人名称',
      '金额（万元）/实缴税金',
      '金额（万元）/税收实际贡献',
    ]);
  });

  it('does not join rows that are not next to each other', () => {
    const rows: RawRow[] = [
      { sheet: null, row: 1, cells: ['统一社会信用代码', '企业名称', '能耗'] },
      { sheet: null, row: 3, cells: [null, null, '综合能源消费量（吨标准煤）'] },
    ];
    expect(findHeader(rows, isHeaderCell, 2)?.rows).toEqual([1]);
  });

  it('returns null when no row has enough header names, or the header is below the rows scanned', () => {
    const rows = rowsOf(['标题'], ['a', 'b'], ['统一社会信用代码', '企业名称']);
    expect(findHeader(rows, isHeaderCell, 3)).toBeNull();
    expect(findHeader(rows, isHeaderCell, 2, { scanRows: 2 })).toBeNull();
    expect(findHeader(rows, isHeaderCell, 2)?.rows).toEqual([3]);
    expect(findHeader([], isHeaderCell, 1)).toBeNull();
  });

  it('prefers the earlier of two equally good rows', () => {
    const rows = rowsOf(['统一社会信用代码', '企业名称'], ['统一社会信用代码', '企业名称']);
    expect(findHeader(rows, isHeaderCell, 2)?.rows).toEqual([1]);
  });
});

describe('headerText', () => {
  it('trims text and writes numbers and dates as text', () => {
    expect(headerText('  企业名称\n')).toBe('企业名称');
    expect(headerText(2023)).toBe('2023');
    expect(headerText(new Date('2023-12-31T00:00:00Z'))).toBe('2023-12-31');
    expect(headerText(null)).toBe('');
    expect(headerText(undefined)).toBe('');
  });
});
