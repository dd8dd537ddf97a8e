/**
 * A 1,000,000-row CSV (≈110 MB, written to a temp folder) streams through openTable. No timing is
 * asserted; it runs in ≈2–3 s here. The heap is sampled while reading: a reader that held the rows
 * would need well over a gigabyte for them. Peak RSS is measured separately, outside the test
 * runner (docs/adr/0006-xlsx-reader.md has the figures).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTable } from './index.js';

const ROWS = 1_000_000;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mujun-large-'));
  file = path.join(dir, 'power-1m.csv');
  const out = createWriteStream(file);
  out.write('户号,户名,统一社会信用代码,用电量(千瓦时),备注\r\n');
  let lines: string[] = [];
  for (let i = 1; i <= ROWS; i++) {
    lines.push(
      `33${String(i).padStart(8, '0')},"嘉兴市第${i}号制造有限公司",9133040${String(i).padStart(10, '0')}X,${(i * 7919) % 1_000_003},${i % 1000 === 0 ? '"含,逗号"' : ''}`,
    );
    if (lines.length === 10_000) {
      if (!out.write(`${lines.join('\r\n')}\r\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  out.end();
  await once(out, 'finish');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('streams a 1,000,000-row CSV in bounded memory', async () => {
  const { info, rows } = await openTable(file);
  expect(info).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',' });
  let count = 0;
  let withComma = 0;
  let maxHeap = 0;
  for await (const r of rows) {
    count++;
    if (r.cells[4] === '含,逗号') withComma++;
    if (count % 100_000 === 0) maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
  }
  expect(count).toBe(ROWS + 1);
  expect(withComma).toBe(ROWS / 1000);
  expect(maxHeap).toBeLessThan(400 * 1024 * 1024);
});
