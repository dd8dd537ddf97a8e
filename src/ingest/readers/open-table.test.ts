/**
 * openTable as a whole: the format told by content, the demo city's departmental files, and bad
 * input — each case must end in exactly one IngestFileError (never another exception, never a hang).
 * Fixtures: test/fixtures/ingest/, made by scripts/make-ingest-fixtures.sh (the workbooks by
 * LibreOffice; the truncated, corrupt and zip-bomb files derived from them there).
 */
import { copyFile, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCity } from '../../demo/index.js';
import { writeDemoFiles } from '../../demo/departments.js';
import type { RawRow } from '../types.js';
import { IngestFileError, openTable, readSheetNames, type OpenTableOptions } from './index.js';
import { makeZip, workbookParts, worksheet } from './test-support.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/ingest/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mujun-open-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Opens and reads a whole file; resolves to its rows or to the error it ended with. */
async function attempt(file: string, options?: OpenTableOptions): Promise<unknown> {
  try {
    const { rows } = await openTable(file, options);
    const all: RawRow[] = [];
    for await (const r of rows) all.push(r);
    return all;
  } catch (e) {
    return e;
  }
}

/** Expects one IngestFileError with the rule, naming the file, with a message in both languages. */
async function expectRefused(
  file: string,
  rule: string,
  options?: OpenTableOptions,
): Promise<IngestFileError> {
  const e = await attempt(file, options);
  expect(e).toBeInstanceOf(IngestFileError);
  const err = e as IngestFileError;
  expect(err.rule).toBe(rule);
  expect(err.file).toBe(file);
  expect(err.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(err.en).toMatch(/[a-z]/);
  expect(err.toProblem()).toEqual({ file, rule, zh: err.zh, en: err.en });
  return err;
}

describe('the format comes from the content, not the name', () => {
  it('reads a workbook named .csv as a workbook, and a CSV named .xlsx as a CSV', async () => {
    const asCsv = path.join(dir, 'statistics.csv');
    const asXlsx = path.join(dir, 'tax.xlsx');
    await copyFile(fixture('statistics.xlsx'), asCsv);
    await copyFile(fixture('tax-gbk.csv'), asXlsx);
    expect((await openTable(asCsv)).info).toMatchObject({ format: 'xlsx', sheet: '统计' });
    expect((await openTable(asXlsx)).info).toMatchObject({ format: 'csv', encoding: 'gb18030' });
  });
});

describe("the demo city's departmental files", () => {
  it('read completely, in the encoding each was written in', async () => {
    const city = generateDemoCity({ enterprises: 300, seed: 7 });
    const files = await writeDemoFiles(city, path.join(dir, 'demo'));
    const cases = [
      [files.marketRegulation, 'utf-8-bom', 1],
      [files.tax, 'gb18030', 1],
      [files.statistics, 'gb18030', 2], // a title row above the header
      [files.power, 'utf-8', 1],
      [files.environment, 'utf-8', 1],
      [files.naturalResources, 'gb18030', 1],
    ] as const;
    for (const [demo, encoding, headRows] of cases) {
      const { info, rows } = await openTable(demo.path);
      expect(info.encoding).toBe(encoding);
      let n = 0;
      for await (const r of rows) if (++n === headRows) expect(r.cells.length).toBeGreaterThan(1);
      expect(n).toBe(demo.rows + headRows);
    }
  });
});

describe('bad input: one clear IngestFileError each', () => {
  it('a file that does not exist, and a folder', async () => {
    await expectRefused(path.join(dir, 'nope.csv'), 'not_found');
    await mkdir(path.join(dir, 'folder.csv'));
    await expectRefused(path.join(dir, 'folder.csv'), 'not_a_file');
  });

  it('an empty file, and one with only a BOM and blank lines', async () => {
    await expectRefused(fixture('empty.csv'), 'empty_file');
    await expectRefused(fixture('bom-only.csv'), 'empty_file');
  });

  it('a file with only a header is not an error: zero data rows', async () => {
    expect(await attempt(fixture('header-only.csv'))).toHaveLength(1);
    expect(await attempt(fixture('header-only.xlsx'))).toHaveLength(1);
  });

  it('a binary file named .csv', async () => {
    await expectRefused(fixture('binary.csv'), 'binary');
    const png = path.join(dir, 'image.csv');
    await writeFile(
      png,
      Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
    );
    await expectRefused(png, 'binary');
  });

  it('a file of 2 GB (refused before a byte is read), and any file over a smaller limit', async () => {
    const big = path.join(dir, 'two-gb.csv');
    const fh = await open(big, 'w');
    await fh.truncate(2 * 1024 * 1024 * 1024); // sparse: takes no disk space
    await fh.close();
    const e = await expectRefused(big, 'too_large');
    expect(e.en).toContain('2.0 GB');
    await expectRefused(fixture('tax-gbk.csv'), 'too_large', { maxBytes: 100 });
    await expectRefused(fixture('statistics.xlsx'), 'too_large', { maxBytes: 1000 });
  });

  it('a legacy .xls workbook, and a ZIP that is not a workbook', async () => {
    await expectRefused(fixture('legacy.xls'), 'legacy_xls');
    await expectRefused(fixture('not-a-workbook.xlsx'), 'not_xlsx');
    await expect(readSheetNames(fixture('legacy.xls'))).rejects.toMatchObject({ rule: 'legacy_xls' });
  });

  it('a truncated workbook, at any length', async () => {
    await expectRefused(fixture('truncated.xlsx'), 'corrupt_xlsx');
    const whole = await readFile(fixture('statistics.xlsx'));
    const cut = path.join(dir, 'cut.xlsx');
    for (let length = 4; length < whole.length; length += 97) {
      await writeFile(cut, whole.subarray(0, length));
      const e = await attempt(cut);
      expect(e, `cut at ${length}`).toBeInstanceOf(IngestFileError);
      expect(['corrupt_xlsx', 'not_xlsx']).toContain((e as IngestFileError).rule);
    }
  });

  it('a workbook with damaged compressed data', async () => {
    const e = await expectRefused(fixture('corrupt.xlsx'), 'corrupt_xlsx');
    expect(e.en).toContain('xl/worksheets/sheet1.xml');
  });

  it('a workbook with damaged stored data (CRC-32), an unknown compression method, an encrypted entry', async () => {
    const parts = workbookParts([{ name: 'A', xml: worksheet('<row r="1"><c><v>12345</v></c></row>') }]);
    const stored = makeZip(parts.map((p) => ({ ...p, store: true })));
    const at = stored.indexOf('12345');
    stored[at] = 0x39; // 92345: same length, wrong CRC
    const crc = path.join(dir, 'crc.xlsx');
    await writeFile(crc, stored);
    expect((await expectRefused(crc, 'corrupt_xlsx')).en).toContain('CRC-32');

    const method = makeZip(parts);
    // the method field of the worksheet's central directory entry: find its name after the local headers
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const central = method.lastIndexOf(name) - 46;
    method.writeUInt16LE(12, central + 10); // bzip2
    const bzip = path.join(dir, 'bzip2.xlsx');
    await writeFile(bzip, method);
    await expectRefused(bzip, 'corrupt_xlsx');

    const encrypted = path.join(dir, 'encrypted.xlsx');
    await writeFile(
      encrypted,
      makeZip(parts.map((p) => (p.name.includes('sheet1') ? { ...p, flags: 1 } : p))),
    );
    await expectRefused(encrypted, 'encrypted');
  });

  it('a zip bomb: refused from its declared size and ratio, before inflating', async () => {
    const e = await expectRefused(fixture('zip-bomb.xlsx'), 'zip_bomb');
    expect(e.en).toMatch(/compressed \d+:1/);
  });

  it('a zip bomb that lies about its size: stopped where it passes the declared size', async () => {
    const spaces = Buffer.alloc(20 * 1024 * 1024, 0x20);
    const xml = Buffer.concat([Buffer.from(worksheet('').replace('</sheetData></worksheet>', '')), spaces]);
    const parts = workbookParts([{ name: 'A', xml: '' }]).map((p) =>
      p.name.includes('sheet1') ? { ...p, data: xml, declaredSize: 1000 } : p,
    );
    const file = path.join(dir, 'lying-bomb.xlsx');
    await writeFile(file, makeZip(parts));
    const e = await expectRefused(file, 'zip_bomb');
    expect(e.en).toContain('inflates past its declared 1000 bytes');
  });

  it('a workbook over the uncompressed budget', async () => {
    const rows = Array.from(
      { length: 20_000 },
      (_, k) => `<row r="${k + 1}"><c><v>${k * 7919}</v></c></row>`,
    );
    const file = path.join(dir, 'budget.xlsx');
    await writeFile(file, makeZip(workbookParts([{ name: 'A', xml: worksheet(rows.join('')) }])));
    expect(await attempt(file)).toHaveLength(20_000);
    const e = await expectRefused(file, 'zip_bomb', {
      zipLimits: { maxUncompressedBytes: 100_000, maxCompressionRatio: 500 },
    });
    expect(e.en).toContain('uncompressed');
  });

  it('random damage anywhere in a workbook never crashes, hangs or throws anything else', async () => {
    const whole = await readFile(fixture('statistics.xlsx'));
    const damaged = path.join(dir, 'damaged.xlsx');
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const outcomes = new Map<string, number>();
    for (let k = 0; k < 300; k++) {
      const b = Buffer.from(whole);
      const hits = 1 + Math.floor(random() * 4);
      for (let h = 0; h < hits; h++) b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      await writeFile(damaged, b);
      const e = await attempt(damaged);
      const outcome = Array.isArray(e) ? 'read' : e instanceof IngestFileError ? e.rule : String(e);
      expect(['read', 'corrupt_xlsx', 'not_xlsx', 'encrypted', 'zip_bomb', 'empty_sheet']).toContain(outcome);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(outcomes.get('corrupt_xlsx')).toBeGreaterThan(100);
  });

  it('an unterminated quote in a CSV', async () => {
    const file = path.join(dir, 'unterminated.csv');
    await writeFile(file, '统一社会信用代码,企业名称\n91330402MA2B3C4D5E,"嘉兴\n');
    await expectRefused(file, 'unterminated_quote');
  });

  it('an aborted read: before opening, and while reading a CSV or a workbook', async () => {
    await expectRefused(fixture('tax-gbk.csv'), 'aborted', { signal: AbortSignal.abort() });
    await expectRefused(fixture('statistics.xlsx'), 'aborted', { signal: AbortSignal.abort() });

    const csv = path.join(dir, 'long.csv');
    await writeFile(csv, 'a,b\n'.concat('1,2\n'.repeat(1_000_000)));
    const rowsXml = Array.from({ length: 100_000 }, (_, k) => `<row r="${k + 1}"><c><v>${k}</v></c></row>`);
    const xlsx = path.join(dir, 'long.xlsx');
    await writeFile(xlsx, makeZip(workbookParts([{ name: 'A', xml: worksheet(rowsXml.join('')) }])));
    for (const file of [csv, xlsx]) {
      const controller = new AbortController();
      const { rows } = await openTable(file, { signal: controller.signal });
      let n = 0;
      const e = await (async () => {
        try {
          for await (const _ of rows) if (++n === 10) controller.abort();
        } catch (x) {
          return x;
        }
        return null;
      })();
      expect(e, file).toBeInstanceOf(IngestFileError);
      expect((e as IngestFileError).rule).toBe('aborted');
      expect(n).toBe(10);
    }
  });
});
