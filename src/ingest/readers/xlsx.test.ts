/**
 * The XLSX reader. statistics.xlsx, two-sheets.xlsx, dates-1904.xlsx, header-only.xlsx and
 * market-regulation.xlsx in test/fixtures/ingest/ were written by LibreOffice 7.4
 * (`libreoffice --headless --convert-to xlsx`, from the flat ODS and CSV sources in
 * scripts/make-ingest-fixtures.sh). The hand-built workbooks below cover what other programs
 * write and LibreOffice does not (inline strings, boolean cells, prefixed element names).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawRow } from '../types.js';
import { IngestFileError, openTable, readSheetNames } from './index.js';
import { makeZip, workbookParts, worksheet } from './test-support.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/ingest/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function read(file: string, sheet?: string) {
  const { info, rows } = await openTable(file, sheet === undefined ? {} : { sheet });
  const all: RawRow[] = [];
  for await (const r of rows) all.push(r);
  return { info, rows: all };
}

describe('openTable on XLSX written by LibreOffice', () => {
  it('reads typed cells, a title row, a two-row header and a 合计 row, and reports the merged cells', async () => {
    const { info, rows } = await read(fixture('statistics.xlsx'));
    expect(info).toMatchObject({ format: 'xlsx', encoding: null, sheet: '统计', sheets: ['统计', '类型'] });
    expect(info.merges).toEqual([
      { firstRow: 1, lastRow: 1, firstCol: 0, lastCol: 7 }, // the title
      { firstRow: 2, lastRow: 3, firstCol: 0, lastCol: 0 },
      { firstRow: 2, lastRow: 3, firstCol: 1, lastCol: 1 },
      { firstRow: 2, lastRow: 3, firstCol: 2, lastCol: 2 },
      { firstRow: 2, lastRow: 2, firstCol: 3, lastCol: 4 }, // 经济指标（千元）
      { firstRow: 2, lastRow: 2, firstCol: 5, lastCol: 6 }, // 能耗
      { firstRow: 2, lastRow: 3, firstCol: 7, lastCol: 7 },
    ]);
    expect(rows.map((r) => [r.sheet, r.row, r.cells])).toEqual([
      ['统计', 1, ['2023年嘉兴市工业企业主要经济指标（规模以上）']],
      [
        '统计',
        2,
        ['统一社会信用代码', '单位详细名称', '是否规上', '经济指标（千元）', null, '能耗', null, '成立日期'],
      ],
      [
        '统计',
        3,
        [null, null, null, '工业增加值', '营业收入', '综合能源消费量（吨标准煤）', '用电量（万千瓦时）'],
      ],
      [
        '统计',
        4,
        [
          '91330402MA2B3C4D5E',
          '嘉兴市南湖精密机械有限公司',
          '是',
          12345.6,
          56789,
          1234.56,
          88.5,
          day('2019-05-01'),
        ],
      ],
      // a number stored as text stays text; a date in the format yyyy"年"m"月"d"日" is a date
      [
        '统计',
        5,
        ['91330421MA28F1234X', '嘉善县新材料科技有限公司', '否', '1,234.5', 0, 0.5, null, day('2015-11-30')],
      ],
      // an empty string cell is null
      ['统计', 6, ['91330481MA29ABCD1K', '海宁市经编织造有限公司', '是', -20.25, null, null, 12]],
      // formulas: their cached values
      ['统计', 7, ['合计', null, null, 12325.35, 56789]],
    ]);
  });

  it('reads each kind of cell of a named sheet', async () => {
    const { info, rows } = await read(fixture('statistics.xlsx'), '类型');
    expect(info.sheet).toBe('类型');
    expect(info.merges).toEqual([]);
    const byLabel = new Map(rows.map((r) => [r.cells[0], r.cells[1]]));
    expect(byLabel.get('数字')).toBe(1.5);
    expect(byLabel.get('文本数字')).toBe('00123');
    expect(byLabel.get('布尔')).toBe(1); // LibreOffice writes a boolean as the number 1 in a BOOLEAN format
    expect(byLabel.get('错误')).toBe('#DIV/0!');
    expect(byLabel.get('公式文本')).toBe('亩均');
    expect(byLabel.get('日期时间')).toEqual(new Date('2023-05-01T12:30:00Z'));
    expect(byLabel.get('时间')).toEqual(new Date('1899-12-31T06:00:00Z')); // a time alone: day 0
    expect(byLabel.get('百分比')).toBe(0.25);
    expect(byLabel.get('千分位')).toBe(1234567.891);
    expect(byLabel.get('全角数字')).toBe('１２３');
    expect(byLabel.has('空')).toBe(true);
    expect(byLabel.get('空')).toBeUndefined(); // the row has its label only
    expect(byLabel.get('  前后空格 ')).toBe('多行\n文本'); // text is not trimmed
  });

  it('takes the first sheet with data when the first sheet is empty', async () => {
    const { info, rows } = await read(fixture('two-sheets.xlsx'));
    expect(info.sheet).toBe('数据');
    expect(rows.map((r) => r.cells)).toEqual([
      ['统一社会信用代码', '企业名称'],
      ['91330402MA2B3C4D5E', '甲公司'],
    ]);
  });

  it('refuses an empty sheet asked for by name, and a sheet that does not exist', async () => {
    await expect(read(fixture('two-sheets.xlsx'), '封面')).rejects.toMatchObject({ rule: 'empty_sheet' });
    const e = await read(fixture('two-sheets.xlsx'), '税务').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IngestFileError);
    expect(e).toMatchObject({ rule: 'sheet_not_found' });
    expect((e as IngestFileError).zh).toContain('封面、数据');
  });

  it('reads dates of a workbook in the 1904 date system', async () => {
    const { rows } = await read(fixture('dates-1904.xlsx'));
    expect(rows.map((r) => r.cells[0])).toEqual(['成立日期', day('2019-05-01'), day('1904-01-02')]);
  });

  it('reads a sheet converted from CSV: text columns stay text, Y-M-D columns are dates', async () => {
    const { rows } = await read(fixture('market-regulation.xlsx'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['统一社会信用代码', '企业名称', '行业代码', '所属区县', '成立日期'],
      ['91330402MA2B3C4D5E', '嘉兴市南湖精密机械有限公司', 'C3311', '南湖区', day('2019-05-01')],
      ['91330421MA28F1234X', '嘉善县新材料科技有限公司', 'C2929', '330421', day('2015-11-30')],
      ['91330481MA29ABCD1K', '海宁市经编织造"一厂"有限公司', 'C1752', '海宁市', day('2008-01-15')],
    ]);
  });

  it('reads a workbook with only a header as one row (not an error)', async () => {
    const { rows } = await read(fixture('header-only.xlsx'));
    expect(rows.map((r) => r.cells)).toEqual([['统一社会信用代码', '企业名称', '用电量(千瓦时)']]);
  });

  it('lists the sheet names', async () => {
    expect(await readSheetNames(fixture('statistics.xlsx'))).toEqual(['统计', '类型']);
    expect(await readSheetNames(fixture('two-sheets.xlsx'))).toEqual(['封面', '数据']);
    await expect(readSheetNames(fixture('tax-gbk.csv'))).rejects.toMatchObject({ rule: 'not_xlsx' });
  });

  it('can iterate the rows more than once, and stop early', async () => {
    const { rows } = await openTable(fixture('statistics.xlsx'));
    for await (const r of rows) {
      expect(r.row).toBe(1);
      break;
    }
    let n = 0;
    for await (const _ of rows) n++;
    expect(n).toBe(7);
  });
});

describe('openTable on hand-built workbooks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mujun-xlsx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const save = async (name: string, zip: Buffer) => {
    const file = path.join(dir, name);
    await writeFile(file, zip);
    return file;
  };

  it('reads inline strings, boolean cells, ISO date cells, rich text, escapes, and cells without references', async () => {
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="200" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="200"/></cellXfs></styleSheet>`;
    const sst = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>纯文本</t></si><si><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r><rPh><t>ふりがな</t></rPh></si><si><t>a_x000D_b</t></si><si><t><![CDATA[<cdata>]]></t></si></sst>`;
    const rows =
      '<row r="2"><c r="A2" t="inlineStr"><is><t>内联</t></is></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="b"><v>0</v></c><c r="D2" t="d"><v>2020-02-29T00:00:00</v></c></row>' +
      '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="C3" t="s"><v>1</v></c><c r="D3" t="s"><v>2</v></c><c r="E3" t="s"><v>3</v></c></row>' +
      '<row r="5"><c s="1"><v>43586</v></c><c s="2"><v>43586</v></c><c s="0"><v>43586</v></c><c><f>A5*2</f></c><c t="e"><v>#N/A</v></c></row>' +
      '<row r="6"><c r="A6" s="1"/><c r="B6" t="s"/></row>' +
      '<row><c r="A7" t="str"><v>&lt;&amp;&gt;</v></c></row>';
    const file = await save(
      'other-program.xlsx',
      makeZip(workbookParts([{ name: 'Sheet1', xml: worksheet(rows) }], { styles, sharedStrings: sst })),
    );
    const { rows: got } = await read(file);
    expect(got.map((r) => [r.row, r.cells])).toEqual([
      [2, ['内联', 1, 0, new Date('2020-02-29T00:00:00Z')]],
      [3, ['纯文本', null, '富文本', 'a\rb', '<cdata>']],
      [5, [day('2019-05-01'), day('2019-05-01'), 43586, null, '#N/A']],
      // row 6 has only empty cells: not emitted
      [7, ['<&>']],
    ]);
  });

  it('reads element names with a namespace prefix', async () => {
    const x = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const xml = `<x:worksheet xmlns:x="${x}"><x:sheetData><x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="B1:C1"/></x:mergeCells></x:worksheet>`;
    const file = await save('prefixed.xlsx', makeZip(workbookParts([{ name: 'S', xml }])));
    const { info, rows } = await read(file);
    expect(rows.map((r) => r.cells)).toEqual([[null, '前缀']]);
    expect(info.merges).toEqual([{ firstRow: 1, lastRow: 1, firstCol: 1, lastCol: 2 }]);
  });

  it('prefers a visible sheet with data to a hidden one before it', async () => {
    const file = await save(
      'hidden.xlsx',
      makeZip(
        workbookParts([
          {
            name: '隐藏',
            state: 'hidden',
            xml: worksheet('<row r="1"><c t="inlineStr"><is><t>h</t></is></c></row>'),
          },
          { name: '可见', xml: worksheet('<row r="1"><c t="inlineStr"><is><t>v</t></is></c></row>') },
        ]),
      ),
    );
    expect((await read(file)).info.sheet).toBe('可见');
    expect((await read(file, '隐藏')).rows[0]?.cells).toEqual(['h']);
  });

  it('refuses a workbook whose sheets are all empty', async () => {
    const file = await save('all-empty.xlsx', makeZip(workbookParts([{ name: 'A', xml: worksheet('') }])));
    await expect(read(file)).rejects.toMatchObject({ rule: 'empty_sheet' });
  });

  it('refuses a sheet that is not well-formed XML, or refers to a shared string that does not exist', async () => {
    const broken = await save(
      'broken-xml.xlsx',
      makeZip(
        workbookParts([{ name: 'A', xml: worksheet('<row r="1"><c t="inlineStr"><is><t>a</is></c></row>') }]),
      ),
    );
    await expect(read(broken)).rejects.toMatchObject({ rule: 'corrupt_xlsx' });
    const dangling = await save(
      'dangling.xlsx',
      makeZip(workbookParts([{ name: 'A', xml: worksheet('<row r="1"><c t="s"><v>7</v></c></row>') }])),
    );
    await expect(read(dangling)).rejects.toMatchObject({ rule: 'corrupt_xlsx' });
  });

  it('refuses a cell beyond the last column instead of allocating for it', async () => {
    const file = await save(
      'wide.xlsx',
      makeZip(workbookParts([{ name: 'A', xml: worksheet('<row r="1"><c r="ZZZZ1"><v>1</v></c></row>') }])),
    );
    await expect(read(file)).rejects.toMatchObject({ rule: 'corrupt_xlsx' });
  });

  it('refuses a small sheet that would make it fill in masses of empty cells (a value in column XFD of every row)', async () => {
    const rows = Array.from(
      { length: 4000 },
      (_, k) => `<row r="${k + 1}"><c r="XFD${k + 1}"><v>1</v></c></row>`,
    );
    const file = await save(
      'sparse.xlsx',
      makeZip(workbookParts([{ name: 'A', xml: worksheet(rows.join('')) }])),
    );
    const { rows: iterable } = await openTable(file); // the first rows are fine
    const e = await (async () => {
      try {
        for await (const _ of iterable) {
          // read on
        }
      } catch (x) {
        return x;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(IngestFileError);
    expect(e).toMatchObject({ rule: 'corrupt_xlsx' });
    expect((e as IngestFileError).en).toContain('sparse');
  });

  it('does not expand entities a document type defines (no billion laughs)', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`;
    const file = await save('entities.xlsx', makeZip(workbookParts([{ name: 'A', xml }])));
    await expect(read(file)).rejects.toMatchObject({ rule: 'corrupt_xlsx' });
  });
});
