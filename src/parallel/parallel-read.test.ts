/**
 * Reading a record file on two threads gives the batch, warnings and errors of reading it on one,
 * whichever thread reads which chunk: the threads' steps run here in one thread, for every split of
 * the chunks between them; and the built CLI runs with and without its helper thread.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANONICAL_COLUMNS } from '../domain/fields.js';
import { withCheckChar } from '../domain/uscc.js';
import {
  batchFromChunks,
  chunkStrings,
  parseCanonicalCsv,
  type CanonicalChunk,
  type CanonicalParseResult,
} from '../records/canonical-read.js';
import { finishBackPart, planShared, readBackChunk, readFrontChunk, type BackChunk } from './shared-file.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Mulberry32: a small seeded generator, so that failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A canonical file of `rows` records with the cases a chunk has to carry over. */
function recordsFile(rows: number, seed: number, eol = '\n', extraColumns = false): string {
  const r = rng(seed);
  const cols = [...CANONICAL_COLUMNS, ...(extraColumns ? ['tenant_of', 'comment', 'little_giant'] : [])];
  const lines = [cols.join(',')];
  for (let i = 0; i < rows; i++) {
    const x = r();
    let code = withCheckChar('91330400' + String(i).padStart(9, '0'));
    if (x < 0.02)
      code = ' ' + code.toLowerCase(); // normalised: an exception of the chunk's text
    else if (x < 0.03) code = code.slice(0, 10);
    else if (x < 0.04 && i > 0) code = withCheckChar('91330400' + String(i - 1).padStart(9, '0'));
    const division =
      x > 0.97 ? 'a division code much longer than twenty-four bytes' : ['330402', '330411', ''][i % 3]!;
    const cells: Record<string, string> = {
      uscc: code,
      name: `企业${i}`,
      division,
      industry: x > 0.5 ? '3311' : String(10 + (i % 40)),
      above_scale: x < 0.3 ? '1' : '0',
      land_mu: x > 0.95 ? '' : (1 + r() * 80).toFixed(2),
      tax: x > 0.9 && x < 0.91 ? 'n/a' : (r() * 300 - 10).toFixed(3),
      value_added: (r() * 900).toFixed(1),
      revenue: String(Math.round(r() * 9000)),
      founded: String(1990 + (i % 34)),
      safety_accident: x > 0.6 && x < 0.62 ? '2' : '0',
      tenant_of: x > 0.8 && x < 0.85 ? withCheckChar('91330400' + String(i + 7).padStart(9, '0')) : '',
      comment: 'x',
      little_giant: i % 11 === 0 ? '1' : '',
    };
    lines.push(cols.map((c) => cells[c] ?? '').join(','));
    if (i % 97 === 5) lines.push(''); // blank line
    if (i % 211 === 7) lines.push(cols.map(() => '').join(',')); // a spreadsheet's empty row
  }
  return lines.join(eol) + (seed % 2 ? eol : '');
}

/**
 * The threads' steps in one thread: the main thread reads chunks 0 … front − 1, the helper the rest
 * from the back; then the helper's part is numbered and moved, and the strings made.
 */
function readSplit(bytes: Uint8Array, parts: number, front: number, names: boolean): CanonicalParseResult {
  const { planned: f } = planShared(bytes, 'records.csv', { names }, parts);
  if (!f) throw new Error('not planned');
  const plan = f.shared.plan;
  const chunks: CanonicalChunk[] = [];
  const textAt: number[] = [];
  let at = 0;
  let row = f.p.dataRow;
  for (let c = 0; c < Math.min(front, plan.length); c++) {
    chunks[c] = readFrontChunk(f, c, at, row);
    textAt[c] = at;
    at += chunks[c]!.n;
    row += chunks[c]!.rows;
  }
  const mine: BackChunk[] = [];
  let top = f.storage.capacity;
  for (let c = plan.length - 1; c >= front; c--) {
    const back = readBackChunk(f, c, top);
    top = back.at;
    mine.push(back);
    chunks[c] = back.chunk;
    textAt[c] = back.at;
  }
  finishBackPart(f, mine, at, row - f.p.dataRow);
  const withStrings = chunks.map((chunk, c) => ({
    chunk,
    strings: chunkStrings(f.p, f.storage.text, textAt[c]!, chunk),
  }));
  return batchFromChunks(f.p, f.storage, withStrings);
}

function expectSameResult(actual: CanonicalParseResult, expected: CanonicalParseResult): void {
  const a = actual.batch;
  const e = expected.batch;
  expect(a.length).toBe(e.length);
  expect(a.uscc).toEqual(e.uscc);
  expect(a.name).toEqual(e.name);
  expect(a.division).toEqual(e.division);
  expect(a.industry).toEqual(e.industry);
  expect(a.tenantOf).toEqual(e.tenantOf);
  expect(a.issues).toEqual(e.issues);
  expect(Array.from(a.sourceRow!)).toEqual(Array.from(e.sourceRow!));
  for (const [field, col] of Object.entries(e.columns))
    expect(Array.from(a.columns[field as keyof typeof e.columns]), field).toEqual(Array.from(col));
  expect(actual.warnings).toEqual(expected.warnings);
}

describe('reading a record file in chunks on two threads', () => {
  const enc = new TextEncoder();
  const files: [string, Uint8Array][] = [
    ['LF', enc.encode(recordsFile(3000, 1))],
    ['CRLF, no final line end', enc.encode(recordsFile(2500, 2, '\r\n'))],
    ['BOM, optional and unknown columns', enc.encode('\ufeff' + recordsFile(2000, 3, '\n', true))],
  ];
  for (const [label, bytes] of files)
    it(`gives the one-thread batch for every split of the chunks (${label})`, () => {
      for (const names of [false, true]) {
        const expected = parseCanonicalCsv(bytes, 'records.csv', { names });
        const parts = 7;
        for (let front = 0; front <= parts; front++)
          expectSameResult(readSplit(bytes, parts, front, names), expected);
      }
    });

  it('does not split a file with quoted cells (a quoted cell may hold a line break)', () => {
    const text = recordsFile(500, 4).replace('企业7', '"企业7, 有限公司"');
    expect(planShared(enc.encode(text), 'q.csv', {}, 4).planned).toBeNull();
  });

  it('gives the same output and errors from the built CLI with and without its helper thread', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mujun-par-'));
    try {
      const big = path.join(dir, 'big.csv');
      writeFileSync(big, recordsFile(30000, 5));
      const text = recordsFile(30000, 6).split('\n');
      text[15000] += ',one cell too many';
      const bad = path.join(dir, 'bad.csv');
      writeFileSync(bad, text.join('\n'));
      const run = (args: string[], threads: boolean) =>
        spawnSync(process.execPath, ['bin/mujun.js', ...args], {
          cwd: root,
          encoding: 'utf8',
          maxBuffer: 1 << 28,
          env: { ...process.env, MUJUN_THREADS: threads ? '2' : '1' },
        });
      for (const args of [
        ['evaluate', '--records', big, '--methodology', 'huangyan-2023', '--format', 'csv'],
        ['evaluate', '--records', big, '--format', 'csv', '--scores'],
        ['evaluate', '--records', big, '--format', 'json', '--methodology', 'huangyan-2023'],
        ['evaluate', '--records', bad, '--format', 'csv'],
      ]) {
        const one = run(args, false);
        const two = run(args, true);
        expect(two.status, two.stderr).toBe(one.status);
        expect(two.stdout).toBe(one.stdout);
        expect(two.stderr).toBe(one.stderr);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
