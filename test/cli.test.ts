/**
 * The `mujun` command as a user runs it (the built CLI in a child process, real files).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withCheckChar } from '../src/domain/uscc.js';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-cli-'));
const mujun = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(root, 'bin/mujun.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, MUJUN_DATA_DIR: path.join(dir, 'store'), DATABASE_URL: '', ...env },
  });

const HEADER =
  'uscc,name,division,industry,above_scale,land_mu,tax,value_added,revenue,energy_tce,emissions_t,employees,rd_spend,electricity,invention_patents,founded,high_tech,specialised_sme,safety_accident,environmental_violation,major_project_build,sublet_tenants';
const u = (k: number) => withCheckChar(`91330402${String(k).padStart(9, '0')}`);
// Worked example 1 (above-scale) and 2 (below-scale) of docs/methodology.md, plus records that cannot be evaluated.
const lines = [
  HEADER,
  `${u(1)},示例一,330402,3825,1,50,1000,6000,20000,2000,1.5,300,600,,0,2005,0,0,0,0,0,0`,
  `${u(2)},示例二,330402,3825,0,10,80,,,,,,,400,0,2005,0,0,0,0,0,0`,
  `${u(3).slice(0, 17)}0,校验位错,330402,3825,1,50,1000,6000,20000,2000,1.5,300,600,,0,2005,0,0,0,0,0,0`,
  `${u(4)},"无用地, 有逗号",330402,3825,1,,1000,6000,20000,2000,1.5,300,600,,0,2005,0,0,0,0,0,0`,
  `${u(5)},批发,330402,5191,1,50,1000,6000,20000,2000,1.5,300,600,,0,2005,0,0,0,0,0,0`,
  `${u(6)},未知区县,339999,3825,1,50,1000,6000,20000,2000,1.5,300,600,,0,2005,0,0,0,0,0,0`,
];
const file = path.join(dir, 'records.csv');
writeFileSync(file, lines.join('\n') + '\n');

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trim().split('\n');
  const cols = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, k) => [cols[k]!, v])));
}

describe('mujun evaluate --records', () => {
  it('prints the run’s CSV with the exact command of the issue', () => {
    const r = spawnSync(
      'npx',
      [
        '--no-install',
        'mujun',
        'evaluate',
        '--records',
        file,
        '--methodology',
        'huangyan-2023',
        '--format',
        'csv',
      ],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(Object.keys(rows[0]!).slice(0, 8)).toEqual([
      'uscc',
      'status',
      'group',
      'total',
      'rank',
      'unit_size',
      'initial_class',
      'adjusted_class',
    ]);
    expect(rows).toHaveLength(6);
    const by = (k: number) => rows.find((x) => x.uscc === u(k))!;
    expect(by(1)).toMatchObject({ status: 'graded', group: 'above', rank: '1', unit_size: '1' });
    expect(Number(by(1).total).toFixed(3)).toBe('93.870');
    expect(by(1).total).toMatch(/^\d+\.\d{6}$/);
    expect(Number(by(2).total).toFixed(3)).toBe('77.020');
    expect(rows.filter((x) => x.status === 'not_evaluated').map((x) => x.reason)).toEqual([
      'invalid_uscc',
      'land_missing',
      'non_industrial',
      'unknown_division',
    ]);
  });

  it('adds each indicator’s score with --scores', () => {
    const r = mujun([
      'evaluate',
      '--records',
      file,
      '--methodology',
      'huangyan-2023',
      '--format',
      'csv',
      '--scores',
    ]);
    const rows = parseCsv(r.stdout);
    expect(Number(rows[0]!.score_above_tax_per_mu).toFixed(3)).toBe('24.899');
    expect(Number(rows[1]!.score_below_tax_per_kwh).toFixed(3)).toBe('42.517');
    expect(rows[1]!.score_above_tax_per_mu).toBe('');
  });

  it('writes JSON with the explanation of every enterprise', () => {
    const r = mujun(['evaluate', '--records', file, '--methodology', 'huangyan-2023', '--format', 'json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      summary: { records: number };
      results: { uscc: string; indicators: { score: number }[] }[];
    };
    expect(j.summary.records).toBe(6);
    expect(j.results[0]!.indicators.map((x) => Math.round(x.score * 1000) / 1000)).toEqual([
      24.899, 17.626, 22.272, 8.114, 11.025, 9.934,
    ]);
  });

  it('prints a summary table in Chinese, or English with --lang en', () => {
    const zh = mujun(['evaluate', '--records', file, '--methodology', 'huangyan-2023']);
    expect(zh.stdout).toContain('评价结果汇总');
    expect(zh.stdout).toContain('南湖区');
    const en = mujun(['--lang', 'en', 'evaluate', '--records', file, '--methodology', 'huangyan-2023']);
    expect(en.stdout).toContain('Run summary');
  });

  it('explains one enterprise from a record file', () => {
    const r = mujun(['explain', u(1), '--records', file, '--methodology', 'huangyan-2023']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('亩均税收');
    expect(r.stdout).toContain('93.870');
    expect(r.stdout).toContain('定档依据');
  });

  it('names the file, column and rule of a bad record file, in Chinese and English, and exits non-zero', () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, lines.map((l) => l.split(',').slice(0, 21).join(',')).join('\n'));
    const r = mujun(['evaluate', '--records', bad, '--methodology', 'huangyan-2023', '--format', 'csv']);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.csv');
    expect(r.stderr).toContain('sublet_tenants');
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says which methodologies exist when the id is unknown', () => {
    const r = mujun(['evaluate', '--records', file, '--methodology', 'nowhere-2020']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('huangyan-2023');
  });
});

describe('mujun methodology validate', () => {
  it('accepts the shipped file', () => {
    const r = mujun(['methodology', 'validate', path.join(root, 'methodologies/huangyan-2023.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('huangyan-2023');
  });
  it('rejects a broken file with file:line, path and rule', () => {
    const text = readFileSync(path.join(root, 'methodologies/huangyan-2023.yaml'), 'utf8')
      .replace('weight: 20', 'weight: twenty')
      .replace('D: 1.00', 'D: 0.9');
    const f = path.join(dir, 'broken.yaml');
    writeFileSync(f, text);
    const r = mujun(['methodology', 'validate', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+ groups\[0\]\.indicators\[1\]\.weight/);
    expect(r.stderr).toContain('必须是数字');
    expect(r.stderr).toContain('must be a number');
  });
});

describe('mujun import', () => {
  const fx = path.join(root, 'test/fixtures/import-demo');
  const inputs = [
    'market-regulation.xlsx',
    'tax.csv',
    'statistics.csv',
    'power.xlsx',
    'environment.csv',
    'natural-resources.csv',
  ].map((f) => path.join(fx, f));
  const env = { MUJUN_DATA_DIR: path.join(dir, 'import-store') };

  it('imports LibreOffice XLSX and GBK CSV files into the canonical records, and exports them', () => {
    const r = mujun(['import', ...inputs, '--year', '2023', '--format', 'json'], env);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      records: number;
      dataset: { created: boolean };
      files: { file: string; rowsRead: number; accepted: number; rejected: number }[];
    };
    expect(j.dataset.created).toBe(true);
    expect(j.records).toBe(40);
    for (const f of j.files) expect(f.rowsRead).toBe(f.accepted + f.rejected);
    const out = path.join(dir, 'export.csv');
    const e = mujun(['dataset', 'export', '--year', '2023', '--out', out], env);
    expect(e.status).toBe(0);
    // every record and value the import produced is the generator's canonical record
    const want = parseCsv(readFileSync(path.join(fx, 'records-2023.csv'), 'utf8'));
    const got = new Map(parseCsv(readFileSync(out, 'utf8')).map((x) => [x.uscc, x]));
    expect(got.size).toBe(want.length);
    for (const w of want) {
      const g = got.get(w.uscc)!;
      for (const f of [
        'division',
        'industry',
        'above_scale',
        'tax',
        'value_added',
        'revenue',
        'energy_tce',
        'employees',
        'electricity',
        'founded',
      ])
        expect([w.uscc, f, g[f] === '' ? '' : Number(g[f])]).toEqual([
          w.uscc,
          f,
          w[f] === '' ? '' : Number(w[f]),
        ]);
      expect(Number(g.land_mu)).toBeCloseTo(Number(w.land_mu), 4);
    }
  });

  it('changes nothing when the same files are imported again', () => {
    const r = mujun(['import', ...inputs, '--year', '2023'], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('未作改动');
  });

  it('names the file and the rule of a corrupt workbook, in Chinese and English, and stores nothing', () => {
    const r = mujun(
      ['import', path.join(root, 'test/fixtures/ingest/truncated.xlsx'), '--year', '2024'],
      env,
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('truncated.xlsx');
    expect(r.stderr).toMatch(/[\u4e00-\u9fff].* \/ /);
    const l = mujun(['dataset', 'list'], env);
    expect(l.stdout).not.toMatch(/\b2024\b/);
  });
});
