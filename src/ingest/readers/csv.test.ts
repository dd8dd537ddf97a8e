/**
 * The CSV reader. The fixtures in test/fixtures/ingest/ are real files made by
 * scripts/make-ingest-fixtures.sh (GBK through iconv; UTF-16 as Excel's "Unicode text" export).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawRow } from '../types.js';
import { CSV_MAX_COLUMNS, CSV_SAMPLE_BYTES, CsvSyntaxError, CsvTokenizer } from './csv.js';
import { IngestFileError, openTable } from './index.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/ingest/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);

function tokenize(chunks: readonly string[], delimiter: ',' | '\t' = ','): [number, string[]][] {
  const out: [number, string[]][] = [];
  const t = new CsvTokenizer(delimiter, (row, cells) => out.push([row, cells]));
  for (const c of chunks) t.push(c);
  t.finish();
  return out;
}

async function readAll(file: string): Promise<{ encoding: string | null; rows: RawRow[] }> {
  const { info, rows } = await openTable(file);
  const all: RawRow[] = [];
  for await (const r of rows) all.push(r);
  return { encoding: info.encoding, rows: all };
}

const cellsOf = (rows: readonly RawRow[]) => rows.map((r) => [r.row, r.cells]);

describe('CsvTokenizer', () => {
  const tricky = 'a,"b ""quoted""",c\r\n"multi\nline",,"x,y"\n\n,,\r\n 5" pipe,"ab"cd,e\rlast,"",\r\n"é😀",z';
  const expected: [number, string[]][] = [
    [1, ['a', 'b "quoted"', 'c']],
    [2, ['multi\nline', '', 'x,y']],
    [5, [' 5" pipe', 'abcd', 'e']],
    [6, ['last', '', '']],
    [7, ['é😀', 'z']],
  ];

  it('reads RFC 4180 quotes, CRLF, LF and CR, quoted line breaks, and skips blank rows keeping their numbers', () => {
    expect(tokenize([tricky])).toEqual(expected);
  });

  it('gives the same rows however the text is cut into chunks', () => {
    for (let cut = 0; cut <= tricky.length; cut++) {
      expect(tokenize([tricky.slice(0, cut), tricky.slice(cut)])).toEqual(expected);
    }
    expect(tokenize([...tricky])).toEqual(expected); // one character at a time
  });

  it('keeps cells as raw text: spaces, full-width digits, thousands separators', () => {
    expect(tokenize([' 1,234 ,"1,234",８８\n'])).toEqual([[1, [' 1', '234 ', '1,234', '８８']]]);
  });

  it('reads tabs as the delimiter when asked', () => {
    expect(tokenize(['a\tb,c\t"d\te"\n'], '\t')).toEqual([[1, ['a', 'b,c', 'd\te']]]);
  });

  it('ends a last row without a line break, including a trailing empty cell', () => {
    expect(tokenize(['a,b,'])).toEqual([[1, ['a', 'b', '']]]);
    expect(tokenize(['a\n', ''])).toEqual([[1, ['a']]]);
    expect(tokenize([''])).toEqual([]);
  });

  it('refuses a quote that never closes, naming the row where it opened', () => {
    expect(() => tokenize(['a,b\n"c,d\ne,f\n'])).toThrow(CsvSyntaxError);
    try {
      tokenize(['a,b\n"c,d\ne,f\n']);
    } catch (e) {
      expect(e).toMatchObject({ rule: 'unterminated_quote', row: 2 });
    }
  });

  it('refuses a row with more columns than a spreadsheet has', () => {
    expect(() => tokenize([`${','.repeat(CSV_MAX_COLUMNS)}\n`])).toThrow(/too_many_columns/);
  });

  it('refuses a row longer than the limit (an unclosed quote in a large file) without growing without bound', () => {
    const t = new CsvTokenizer(',', () => undefined);
    t.push('a,"b');
    const chunk = 'x'.repeat(1 << 20);
    expect(() => {
      for (let k = 0; k < 10; k++) t.push(chunk);
    }).toThrow(/row_too_long/);
  });
});

describe('openTable on CSV files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mujun-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads GBK (as GB18030) with a title row, thousands separators, full-width digits and a 合计 row', async () => {
    const { encoding, rows } = await readAll(fixture('tax-gbk.csv'));
    expect(encoding).toBe('gb18030');
    expect(cellsOf(rows)).toEqual([
      [1, ['2023年度企业税收情况表']],
      [2, ['纳税人识别号', '纳税人名称', '实缴税金（万元）', '税收实际贡献（万元）', '留抵退税(元)']],
      [3, ['91330402MA2B3C4D5E', '嘉兴市南湖精密机械有限公司', '1,234.56', '1300.5', '0']],
      [4, ['91330421MA28F1234X', '嘉善县新材料科技有限公司', '-12.3', '', '15,000']],
      [5, ['91330481MA29ABCD1K', '海宁市经编织造有限公司', '８８', '88', '0']],
      [6, ['合计', '', '1,310.26', '1388.5', '15,000']],
    ]);
    expect(rows.every((r) => r.sheet === null)).toBe(true);
  });

  it('reads UTF-8 with a BOM, a quoted line break, doubled quotes, untrimmed cells, no final line break', async () => {
    const { encoding, rows } = await readAll(fixture('power-utf8-bom.csv'));
    expect(encoding).toBe('utf-8-bom');
    expect(cellsOf(rows)).toEqual([
      [1, ['户号', '户名', '统一社会信用代码', '用电量(千瓦时)']],
      [2, ['3300012345', '嘉兴市南湖精密机械有限公司\n（一号厂区）', '91330402MA2B3C4D5E', '123456']],
      [3, ['3300012346', ' 嘉兴市南湖"精密"机械 ', '91330402MA2B3C4D5E', ' 789 ']],
      // rows 4 (a blank line) and 5 (`,,,`) are empty
      [6, ['3300012347', '嘉善县新材料科技有限公司', '91330421MA28F1234X', '0']],
    ]);
  });

  it('reads a tab-separated file whose cells contain commas', async () => {
    const { info, rows } = await openTable(fixture('environment-tab.csv'));
    expect(info).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: '\t' });
    const all: RawRow[] = [];
    for await (const r of rows) all.push(r);
    expect(all[2]?.cells).toEqual(['91330421MA28F1234X', '嘉善县新材料, 科技有限公司', '0.5']);
  });

  it("reads UTF-16LE with a BOM (Excel's Unicode text)", async () => {
    const { encoding, rows } = await readAll(fixture('land-utf16.txt'));
    expect(encoding).toBe('utf-16le');
    expect(rows[1]?.cells).toEqual([
      '浙(2021)嘉兴市不动产权第0001234号',
      '嘉兴市南湖精密机械有限公司',
      '6666.67',
    ]);
  });

  it('reads a file with only a header as one row and no data (not an error)', async () => {
    const { rows } = await readAll(fixture('header-only.csv'));
    expect(cellsOf(rows)).toEqual([[1, ['统一社会信用代码', '企业名称', '用电量(千瓦时)']]]);
  });

  it('joins a GBK character split across the 1 MB read chunks', async () => {
    const file = path.join(dir, 'gbk-split.csv');
    // 嘉 starts at the last byte of the first MB chunk (ASCII is one byte in GBK).
    const head = 'code,name\n';
    const pad = 'x'.repeat(CSV_SAMPLE_BYTES - 1 - head.length - 2);
    await writeFile(file, iconv.encode(`${head}${pad},\n嘉兴,南湖\n`, 'gbk'));
    const { encoding, rows } = await readAll(file);
    expect(encoding).toBe('gb18030');
    expect(rows.map((r) => r.cells)).toEqual([
      ['code', 'name'],
      [pad, ''],
      ['嘉兴', '南湖'],
    ]);
  });

  it('joins a UTF-8 character split across the read chunks', async () => {
    const file = path.join(dir, 'utf8-split.csv');
    const head = 'code,name\n';
    const pad = 'x'.repeat(CSV_SAMPLE_BYTES - 1 - head.length - 2);
    await writeFile(file, `${head}${pad},\n嘉兴,南湖\n`);
    const { encoding, rows } = await readAll(file);
    expect(encoding).toBe('utf-8');
    expect(rows[2]?.cells).toEqual(['嘉兴', '南湖']);
  });

  it('detects GBK when the only GBK byte of the first MB is the lead byte of a character cut at its end', async () => {
    const file = path.join(dir, 'gbk-edge.csv');
    const head = 'code,name\n';
    const pad = 'x'.repeat(CSV_SAMPLE_BYTES - 1 - head.length - 1);
    await writeFile(file, iconv.encode(`${head}${pad},嘉兴\n`, 'gbk'));
    const { encoding, rows } = await readAll(file);
    expect(encoding).toBe('gb18030');
    expect(rows[1]?.cells).toEqual([pad, '嘉兴']);
  });

  it('stops with one clear error when bytes after the first MB are not UTF-8 (mixed encodings)', async () => {
    const file = path.join(dir, 'mixed.csv');
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from('code,value\n'),
        Buffer.from('00000001,12345\n'.repeat(80_000)),
        iconv.encode('嘉兴,1\n', 'gbk'),
      ]),
    );
    const error = await readAll(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestFileError);
    expect(error).toMatchObject({ rule: 'encoding_changed', file });
    expect((error as IngestFileError).row).toBeGreaterThan(69_000);
  });

  it('reports an unterminated quote as an IngestFileError with its row', async () => {
    const file = path.join(dir, 'quote.csv');
    await writeFile(file, 'a,b\n1,2\n"3,4\n5,6\n');
    await expect(readAll(file)).rejects.toMatchObject({ rule: 'unterminated_quote', row: 3 });
  });
});
