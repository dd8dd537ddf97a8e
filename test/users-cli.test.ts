/**
 * `mujun users` as an administrator runs it (the built CLI in a child process, a store of its own):
 * the first analyst from stdin, accounts of each role, roles changed, accounts disabled, API tokens —
 * and passwords never taken from the command line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-users-cli-'));
const mujun = (args: string[], o: { input?: string; env?: Record<string, string> } = {}) =>
  spawnSync(process.execPath, [path.join(root, 'bin/mujun.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    input: o.input ?? '',
    env: {
      ...process.env,
      MUJUN_DATA_DIR: path.join(dir, 'store'),
      DATABASE_URL: '',
      MUJUN_PASSWORD: '',
      MUJUN_ADMIN_PASSWORD: '',
      ...o.env,
    },
  });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mujun users', () => {
  it('creates the first analyst once, with the password read from stdin', () => {
    const short = mujun(['users', 'create-admin', '--password-stdin'], { input: 'short\n' });
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/至少 10 个字符.*at least 10 characters/);
    const ok = mujun(
      ['users', 'create-admin', '--username', 'chen', '--name', '陈分析', '--password-stdin'],
      {
        input: 'a long admin password\n',
      },
    );
    expect(ok.stderr).toContain('chen');
    expect(ok.status).toBe(0);
    const again = mujun(['users', 'create-admin', '--password-stdin'], { input: 'another long password\n' });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/analyst account exists/);
  });

  it('refuses a password on the command line (it would stay in the shell history)', () => {
    const r = mujun(['users', 'add', 'li', '--role', 'leader', '--password', 'a long password here']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown option|too many arguments|error/i);
  });

  it('adds accounts of each role, checking the county and the USCC', () => {
    expect(
      mujun(['users', 'add', 'nanhu', '--role', 'county', '--division', '330402', '--no-password']).status,
    ).toBe(0);
    const env = { MUJUN_PASSWORD: 'leader password 2024' };
    expect(mujun(['users', 'add', 'boss', '--role', 'leader'], { env }).status).toBe(0);
    const bad = mujun([
      'users',
      'add',
      'nowhere',
      '--role',
      'county',
      '--division',
      '999999',
      '--no-password',
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/county-level division code/);
    const badUscc = mujun([
      'users',
      'add',
      'firm',
      '--role',
      'enterprise',
      '--uscc',
      '91330402MA2A00001X',
      '--no-password',
    ]);
    expect(badUscc.status).toBe(2);
    expect(badUscc.stderr).toMatch(/valid USCC/);
    const taken = mujun(['users', 'add', 'nanhu', '--role', 'leader', '--no-password']);
    expect(taken.stderr).toMatch(/taken/);
  });

  it('changes a role, disables an account, lists them, and makes an API token shown once', () => {
    expect(mujun(['users', 'set-role', 'nanhu', 'county', '--division', '330411']).status).toBe(0);
    expect(mujun(['users', 'disable', 'boss']).status).toBe(0);
    const list = mujun(['users', 'list', '--format', 'json']);
    const users = JSON.parse(list.stdout) as {
      username: string;
      role: string;
      division: string | null;
      disabledAt: string | null;
    }[];
    expect(users.map((u) => [u.username, u.role, u.division, u.disabledAt !== null])).toEqual([
      ['chen', 'analyst', null, false],
      ['nanhu', 'county', '330411', false],
      ['boss', 'leader', null, true],
    ]);
    expect(list.stdout).not.toMatch(/scrypt|password_hash/);
    const t = mujun(['users', 'token', 'nanhu', '--name', 'report']);
    expect(t.status).toBe(0);
    expect(t.stdout.trim()).toMatch(/^mj_[A-Za-z0-9_-]{43}$/);
    expect(mujun(['users', 'revoke-tokens', 'nanhu']).stderr).toMatch(/1 token/);
  });

  it('lists API tokens and revokes one by its id; a role change revokes the rest (issue 11 item 8)', () => {
    const a = mujun(['users', 'token', 'nanhu', '--name', 'monthly']);
    const b = mujun(['users', 'token', 'nanhu', '--name', 'weekly']);
    expect([a.status, b.status]).toEqual([0, 0]);
    const list = () =>
      JSON.parse(mujun(['users', 'tokens', 'nanhu', '--format', 'json']).stdout) as {
        id: number;
        name: string;
        state: string;
        username: string;
      }[];
    const before = list();
    expect(before.map((t) => [t.name, t.state])).toEqual([
      ['weekly', 'active'],
      ['monthly', 'active'],
      ['report', 'revoked'],
    ]);
    // the tokens themselves are never listed
    const table = mujun(['users', 'tokens']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/monthly/);
    for (const t of [a.stdout.trim(), b.stdout.trim()]) expect(table.stdout).not.toContain(t);
    const monthly = before.find((t) => t.name === 'monthly')!;
    const revoked = mujun(['users', 'revoke-token', String(monthly.id)]);
    expect(revoked.status).toBe(0);
    expect(revoked.stderr).toMatch(new RegExp(`revoked token #${monthly.id} \\(nanhu: monthly\\)`));
    expect(list().find((t) => t.id === monthly.id)!.state).toBe('revoked');
    // again: it was revoked already; an id nobody has; not an id
    expect(mujun(['users', 'revoke-token', String(monthly.id)]).stderr).toMatch(/was revoked at/);
    expect(mujun(['users', 'revoke-token', '99999']).stderr).toMatch(/no API token #99999/);
    expect(mujun(['users', 'revoke-token', '0x1']).status).not.toBe(0);
    // moved to another county: its remaining token is revoked too
    expect(mujun(['users', 'set-role', 'nanhu', 'county', '--division', '330402']).status).toBe(0);
    expect(list().every((t) => t.state === 'revoked')).toBe(true);
  });
});
