/** `mujun methodology test` as a bureau runs it: its own file, a failing expectation, the exit code. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-golden-cli-'));
const mujun = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/mujun.js'), ...args], { cwd: root, encoding: 'utf8' });

const file = (total: number) => {
  const f = path.join(dir, `t-${total}.tests.yaml`);
  writeFileSync(
    f,
    `schema: mujun.methodology-tests/v1
methodology: huangyan-2023
tests:
  - name: 例2 规下企业
    keywords: [below-scale]
    defaults: { division: '330402', industry: '3825', founded: 2005 }
    records: [{ id: e2, above_scale: 0, land_mu: 10, tax: 80, electricity: 400 }]
    expect: { e2: { total: ${total} } }
`,
  );
  return f;
};

describe('mujun methodology test', () => {
  it('runs the shipped tests when no file is given', () => {
    const r = mujun(['methodology', 'test']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('huangyan-2023.tests.yaml');
    expect(r.stdout).toMatch(/✓ 例1/);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  });

  it('passes a correct file and fails a wrong one with the expected and computed value', () => {
    const ok = mujun(['methodology', 'test', file(77.02)]);
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('1 passed, 0 failed');
    const bad = mujun(['--lang', 'en', 'methodology', 'test', file(77.5)]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('✗ 例2 规下企业');
    expect(bad.stdout).toContain('e2 · total · total: expected 77.5, computed 77.019991');
    expect(bad.stdout).toContain('0 passed, 1 failed');
  });

  it('prints JSON for scripts', () => {
    const r = mujun(['methodology', 'test', '--format', 'json', file(77.5)]);
    expect(r.status).toBe(1);
    const [report] = JSON.parse(r.stdout) as {
      failed: number;
      outcomes: { failures: { step: string }[] }[];
    }[];
    expect(report!.failed).toBe(1);
    expect(report!.outcomes[0]!.failures[0]!.step).toBe('total');
  });
});
