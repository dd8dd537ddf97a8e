/**
 * Issue 11, item 15: the first `mujun serve --demo-if-empty` (what `npm start` runs) prints each demo
 * account's password once, says once where they are kept, and a later start prints none. The built CLI
 * in child processes over a store of its own (a small demo city loaded first, so that the test is quick).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-demo-accounts-'));
const env = { ...process.env, MUJUN_DATA_DIR: path.join(dir, 'store'), DATABASE_URL: '', PORT: '', HOST: '' };
const bin = path.join(root, 'bin/mujun.js');

/** Starts the server, waits until it says where it listens, stops it; its whole output. */
function serveOnce(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--demo-if-empty', '--port', '0'], {
      cwd: root,
      env,
    });
    let out = '';
    const take = (b: Buffer) => {
      out += b.toString('utf8');
      if (/亩均平台 API 已启动|API listening on/.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', () => resolve(out));
  });
}

const occurrences = (text: string, s: string): number => text.split(s).length - 1;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo accounts on the first start', () => {
  it('prints every password once, says once where they are kept, and prints none on a later start', async () => {
    const demo = spawnSync(process.execPath, [bin, 'demo', '--enterprises', '300'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(demo.status, demo.stderr).toBe(0);
    const first = await serveOnce();
    const file = path.join(dir, 'store', 'demo-accounts.txt');
    const kept = readFileSync(file, 'utf8');
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    const passwords = [...kept.matchAll(/^ {2}(\S+) +(\S{16}) /gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(passwords.map(([u]) => u)).toEqual(['analyst', 'leader', 'nanhu', 'haining', 'enterprise']);
    for (const [user, password] of passwords) expect(occurrences(first, password), user).toBe(1);
    // the list's heading and where the file is: once each
    expect(occurrences(first, 'Mujun demo accounts')).toBe(1);
    expect(occurrences(first, 'readable by you only')).toBe(1);
    expect(first).toContain(file);
    expect(first).toMatch(/以后启动不再显示.*not printed again on later starts/s);
    // a later start: no password at all
    const second = await serveOnce();
    for (const [user, password] of passwords) expect(occurrences(second, password), user).toBe(0);
    expect(second).not.toMatch(/Mujun demo accounts/);
  });
});
