/** The streamed workbook writer: a valid ZIP (sizes in data descriptors), read back by our reader and by LibreOffice. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openTable } from './readers/index.js';
import { streamXlsx, type XlsxCell } from './xlsx-write.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-xlsx-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function write(file: string, batches: XlsxCell[][][]): Promise<void> {
  async function* rows() {
    for (const b of batches) yield await Promise.resolve(b);
  }
  const parts: Buffer[] = [];
  for await (const p of streamXlsx(
    { name: '数据', columns: [{ header: '代码' }, { header: '金额（万元）' }, { header: '说明' }] },
    rows(),
    [{ name: '说明', columns: [{ header: '项目' }, { header: '内容' }], rows: [['行数', 25_000]] }],
  ))
    parts.push(p);
  writeFileSync(file, Buffer.concat(parts));
}

const batches = Array.from({ length: 5 }, (_, b) =>
  Array.from({ length: 5000 }, (_, k): XlsxCell[] => {
    const i = b * 5000 + k;
    return [`9133${String(i).padStart(6, '0')}`, i / 4, i % 7 === 0 ? `<&"控制\u0001字符">` : null];
  }),
);

it('streams 25,000 rows in batches into a workbook our reader reads back, cell for cell', async () => {
  const file = path.join(dir, 'stream.xlsx');
  await write(file, batches);
  const rows: unknown[][] = [];
  for await (const r of (await openTable(file)).rows) rows.push([...r.cells]);
  expect(rows).toHaveLength(25_001);
  expect(rows[0]).toEqual(['代码', '金额（万元）', '说明']);
  expect(rows[1]).toEqual(['9133000000', 0, '<&"控制字符">']);
  expect(rows[25_000]).toEqual(['9133024999', 24999 / 4]);
  const notes: unknown[][] = [];
  for await (const r of (await openTable(file, { sheet: '说明' })).rows) notes.push([...r.cells]);
  expect(notes).toEqual([
    ['项目', '内容'],
    ['行数', 25_000],
  ]);
});

it('writes a header-only sheet when there are no rows', async () => {
  const file = path.join(dir, 'empty.xlsx');
  await write(file, []);
  const rows: unknown[][] = [];
  for await (const r of (await openTable(file)).rows) rows.push([...r.cells]);
  expect(rows).toEqual([['代码', '金额（万元）', '说明']]);
});

it.skipIf(spawnSync('sh', ['-c', 'command -v libreoffice']).status !== 0)(
  'writes a streamed workbook that LibreOffice opens (when LibreOffice is installed)',
  async () => {
    const file = path.join(dir, 'lo-stream.xlsx');
    await write(file, batches.slice(0, 1));
    const r = spawnSync(
      'libreoffice',
      ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, file],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status).toBe(0);
    const csv = readFileSync(path.join(dir, 'lo-stream.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(5001);
    expect(csv[1]).toBe('"9133000000",0,"<&""控制字符"">"');
  },
);
