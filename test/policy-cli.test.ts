/**
 * `mujun policy|whatif|sensitivity|explain` as a user runs them (the built CLI in a child process, a demo
 * city of 300 enterprises in a scratch store).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-policy-cli-'));
const mujun = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/mujun.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, MUJUN_DATA_DIR: path.join(dir, 'store'), DATABASE_URL: '', MUJUN_LANG: '' },
  });

beforeAll(() => {
  const r = mujun(['demo', '--enterprises', '300', '--out', path.join(dir, 'files')]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mujun policy', () => {
  it('validate: a bad file names file:line:col, the path and the rule in both languages, exit 1', () => {
    const text = readFileSync(path.join(root, 'policies/jiaxing-demo-2024.yaml'), 'utf8');
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, text.replace('{ class: D, rate: 0.3 }', '{ class: D, rate: -0.3 }'));
    const line = text.split('\n').findIndex((l) => l.includes('{ class: D, rate: 0.3 }')) + 1;
    const r = mujun(['policy', 'validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`bad.yaml:${line}:`);
    expect(r.stderr).toContain('instruments[1].rules[1].rate');
    expect(r.stderr).toContain('不能为负数');
    expect(r.stderr).toContain('must not be negative');
    expect(r.stderr).toContain('[negative_rate]');
    const ok = mujun(['policy', 'validate', path.join(root, 'policies/jiaxing-demo-2024.yaml')]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('政策文件有效');
  });

  it('apply: refuses the unpublished demo run, previews it as a labelled draft', () => {
    const refused = mujun(['policy', 'apply', '--policy', 'jiaxing-demo-2024']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/尚未发布.*not published/);
    // the command line says how to preview it (the service's words name no option)
    expect(refused.stderr).toContain('--draft');
    const draft = mujun(['policy', 'apply', '--draft', '--format', 'json', '--limit', '2']);
    expect(draft.status).toBe(0);
    const j = JSON.parse(draft.stdout) as {
      draft: boolean;
      totals: { city: { enterprises: number } };
      ledger: { items: unknown[] };
    };
    expect(j.draft).toBe(true);
    expect(j.totals.city.enterprises).toBeGreaterThan(0);
    expect(j.ledger.items).toHaveLength(2);
    expect(draft.stderr).toContain('草稿预览');
    const xlsx = path.join(dir, 'ledger.xlsx');
    const x = mujun(['policy', 'apply', '--draft', '--out', xlsx]);
    expect(x.status).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const table = mujun(['--lang', 'en', 'policy', 'apply', '--draft', '--limit', '0']);
    expect(table.stdout).toContain('whole city');
    expect(table.stdout).toContain('land-use tax relieved');
  });

  it('whatif and sensitivity run on the stored dataset and run', () => {
    const w = mujun([
      'whatif',
      '--year',
      '2023',
      '--methodology-b',
      'huangyan-2023',
      '--format',
      'json',
      '--limit',
      '3',
    ]);
    expect(w.status, w.stderr).toBe(0);
    const r = JSON.parse(w.stdout) as { records: number; transition: { counts: number[][] } };
    expect(r.transition.counts.flat().reduce((s, v) => s + v, 0)).toBe(r.records);
    const s = mujun(['sensitivity', '--draws', '5', '--seed', '1', '--format', 'json']);
    expect(s.status, s.stderr).toBe(0);
    expect((JSON.parse(s.stdout) as { draws: number }).draws).toBe(5);
  });

  it('explain ends the statement with how to move up', () => {
    const j = mujun(['policy', 'apply', '--draft', '--class', 'C', '--format', 'csv']);
    const uscc = j.stdout.split('\n')[1]!.split(',')[0]!;
    const e = mujun(['explain', uscc]);
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toContain('如何提档');
    const en = mujun(['--lang', 'en', 'explain', uscc, '--format', 'json']);
    expect((JSON.parse(en.stdout) as { moveUp: { currentClass: string } }).moveUp.currentClass).toBe('C');
  });
  it('issue 11 #18: the ledger CSV has unique column names, each amount with its unit', () => {
    for (const lang of ['zh', 'en']) {
      const r = mujun(['--lang', lang, 'policy', 'apply', '--draft', '--format', 'csv']);
      expect(r.status, r.stderr).toBe(0);
      const header = r.stdout.split('\n')[0]!.split(',');
      expect(new Set(header).size).toBe(header.length);
      // after the identity columns (code, name, county code, county, class, years) come the amounts, each
      // with its unit in brackets, up to the basis
      const amounts = header.slice(6, -1);
      expect(amounts.length).toBeGreaterThan(8);
      for (const h of amounts) expect(h).toMatch(/[（(](万元|亩|吨标准煤|吨|项|amounts)[）)]$/);
    }
    const zh = mujun(['policy', 'apply', '--draft', '--format', 'csv']).stdout.split('\n')[0]!.split(',');
    expect(zh).toContain('用能指标（吨标准煤）');
    expect(zh).toContain('用能指标合计（吨标准煤）');
    expect(zh).toContain('排污指标（吨）');
    expect(zh).toContain('排污指标合计（吨）');
    expect(zh[3]).toBe('区县');
  });
});
