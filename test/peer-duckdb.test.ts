/**
 * Two independent readings of the shipped huangyan-2023 methodology agree: the engine (through the built
 * CLI, as `npm run bench` times it) and the hand-written DuckDB SQL peer (`bench/peer-duckdb.js`), on
 * generated records (`src/demo/bench-records.ts`) plus rows that take the rarer paths of the method
 * (utilities, zero and missing emissions, a bad check character, a non-industrial code, vetoes and
 * protections). Every USCC must get the same status, group, total (1e-6), rank, unit size and classes.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchRecordsCsv, benchUscc } from '../src/demo/bench-records.js';
import { compareResults } from '../bench/compare-results.js';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-peer-'));
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

describe('the DuckDB peer and the engine', () => {
  it('give the same results for every enterprise of 3,000 generated records and the rare cases', () => {
    const lines = benchRecordsCsv(3000, 3).trimEnd().split('\n');
    // rare paths, on copies of generated above-scale rows with new codes
    const above = lines.slice(1).filter((l) => l.split(',')[4] === '1');
    const variant = (k: number, edit: (cells: string[]) => void) => {
      const cells = above[k]!.split(',');
      cells[0] = benchUscc(900000 + k);
      edit(cells);
      lines.push(cells.join(','));
    };
    for (let k = 0; k < 40; k++) variant(k, (c) => (c[3] = '4411')); // utility: computed, not graded
    for (let k = 40; k < 80; k++) variant(k, (c) => (c[10] = '0')); // zero emissions: full weight
    for (let k = 80; k < 120; k++) variant(k, (c) => (c[10] = '')); // missing: county mean
    for (let k = 120; k < 140; k++)
      variant(k, (c) => (c[0] = c[0]!.slice(0, 17) + (c[0]!.endsWith('1') ? '2' : '1')));
    for (let k = 140; k < 160; k++) variant(k, (c) => (c[3] = '5191')); // wholesale: not industrial
    for (let k = 160; k < 220; k++) variant(k, (c) => (c[18] = '1')); // safety accident: at best C
    for (let k = 220; k < 280; k++) variant(k, (c) => (c[20] = '1')); // major project build: at worst C
    const records = path.join(dir, 'records.csv');
    writeFileSync(records, lines.join('\n') + '\n');

    const ours = path.join(dir, 'ours.csv');
    const peer = path.join(dir, 'peer.csv');
    const a = node([
      'bin/mujun.js',
      'evaluate',
      '--records',
      records,
      '--methodology',
      'huangyan-2023',
      '--format',
      'csv',
      '--out',
      ours,
    ]);
    expect(a.status, a.stderr).toBe(0);
    const b = node(['bench/peer-duckdb.js', records, peer]);
    expect(b.status, b.stderr).toBe(0);

    const oursText = readFileSync(ours, 'utf8');
    const r = compareResults(oursText, readFileSync(peer, 'utf8'));
    expect(r.rows).toBe(lines.length - 1);
    expect(r.examples).toEqual([]);
    expect(r.differences).toBe(0);
    // the rare paths were taken (not all rows the same kind)
    for (const s of ['graded', 'computed_not_graded', 'not_evaluated']) expect(oursText).toContain(`,${s},`);
    expect(oursText).toMatch(/,utility,/);
    expect(oursText).toMatch(/,invalid_uscc,|,check_char,/);
  });

  it('the comparison sees a difference when there is one', () => {
    const text =
      'uscc,status,group,total,rank,unit_size,initial_class,adjusted_class\nX,graded,above,1.5,1,2,A,A\n';
    expect(compareResults(text, text.replace(',A,A', ',A,C')).differences).toBe(1);
    expect(compareResults(text, text.replace('1.5', '1.5000004')).differences).toBe(0);
    expect(compareResults(text, text.replace('1.5', '1.50001')).differences).toBe(1);
  });
});
