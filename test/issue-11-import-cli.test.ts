/**
 * Issue 11 items 1 and 2 on the command line (the built CLI, bin/mujun.js): `--sheet` chooses the
 * sheet of a workbook and the output names the sheets read; with `--format json` a failed import
 * prints one JSON object (code, file, sheet, message in Chinese and English) and exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const fx = path.join(root, 'test/fixtures');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mujun = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/mujun.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, MUJUN_DATA_DIR: path.join(dir, 'store'), DATABASE_URL: '' },
  });

interface JsonError {
  error: {
    code: string;
    file: string | null;
    sheet: string | null;
    rule: string;
    message: { zh: string; en: string };
    problems: unknown[];
  };
}

describe('mujun import --format json on failure', () => {
  it('prints one JSON object naming the file and the rule, and exits non-zero', () => {
    const r = mujun(['import', path.join(fx, 'ingest/truncated.xlsx'), '--year', '2024', '--format', 'json']);
    expect(r.status).not.toBe(0);
    const j = JSON.parse(r.stdout) as JsonError;
    expect(j.error).toMatchObject({ code: 'unreadable_file', file: 'truncated.xlsx', sheet: null });
    expect(j.error.rule).toBe('corrupt_xlsx');
    expect(j.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(j.error.message.en).toMatch(/damaged|incomplete/);
    expect(j.error.problems).toHaveLength(1);
  });

  it('names the sheet when a problem is in one, and reports an unknown profile the same way', () => {
    const s = mujun([
      'import',
      path.join(fx, 'import-sheets/tax-two-years.xlsx'),
      '--year',
      '2024',
      '--sheet',
      'tax-two-years.xlsx:2021年',
      '--format',
      'json',
    ]);
    expect(s.status).not.toBe(0);
    expect((JSON.parse(s.stdout) as JsonError).error).toMatchObject({
      file: 'tax-two-years.xlsx',
      rule: 'sheet_not_found',
    });
    const p = mujun([
      'import',
      path.join(fx, 'import-demo/tax.csv'),
      '--year',
      '2024',
      '--profile',
      'nosuch',
      '--format',
      'json',
    ]);
    expect(p.status).not.toBe(0);
    const j = JSON.parse(p.stdout) as JsonError;
    expect(j.error).toMatchObject({ code: 'invalid', rule: 'unknown_profile', file: null });
    expect(j.error.message.en).toContain('nosuch');
  });
});

describe('mujun import --sheet', () => {
  it('reads only the sheet chosen and says which sheets were read', () => {
    const r = mujun([
      'import',
      path.join(fx, 'import-sheets/tax-two-years.xlsx'),
      '--year',
      '2023',
      '--sheet',
      '2022年',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tax-two-years.xlsx [2022年]');
    expect(r.stdout).toContain('填报说明（未读取）、2023年（未读取）、2022年（已导入）');
    const j = mujun([
      'import',
      path.join(fx, 'import-sheets/tax-with-notes.xlsx'),
      '--year',
      '2023',
      '--format',
      'json',
    ]);
    expect(j.status).toBe(0);
    const out = JSON.parse(j.stdout) as { files: { sheet: string }[]; workbooks: unknown[] };
    expect(out.files.map((f) => f.sheet)).toEqual(['税收数据']);
    expect(out.workbooks).toEqual([
      {
        file: 'tax-with-notes.xlsx',
        sheets: [
          { name: '填报说明', status: 'no_header' },
          { name: '税收数据', status: 'imported' },
        ],
      },
    ]);
  });
});
