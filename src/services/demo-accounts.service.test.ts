import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, openDatabase } from '../db/index.js';
import { login } from './accounts.service.js';
import { createDemoAccounts, writeDemoAccounts, type DemoAccount } from './demo-accounts.service.js';
import { runDemo } from './demo.service.js';
import { initStore, type Store } from './store.js';

let store: Store;
let dir: string;
let accounts: DemoAccount[] | null;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-demo-accounts-'));
  store = await initStore(await openDatabase({ dataDir: ':memory:' }));
  await runDemo(store, { enterprises: 300, seed: 3, outDir: path.join(dir, 'demo') });
  accounts = await createDemoAccounts(store);
});
afterAll(async () => {
  await store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo accounts', () => {
  it('makes one account per role with its own random password, on an empty store only', async () => {
    expect(accounts!.map((a) => [a.username, a.role, a.division])).toEqual([
      ['analyst', 'analyst', null],
      ['leader', 'leader', null],
      ['nanhu', 'county', '330402'],
      ['haining', 'county', '330481'],
      ['enterprise', 'enterprise', null],
    ]);
    expect(accounts![4]!.uscc).toMatch(/^91330402/);
    const passwords = accounts!.map((a) => a.password);
    expect(new Set(passwords).size).toBe(5);
    for (const p of passwords) expect(p).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{16}$/);
    expect(await createDemoAccounts(store)).toBeNull();
    // the passwords work, and are nowhere in the audit log
    const nanhu = accounts!.find((a) => a.username === 'nanhu')!;
    const r = await login(store, { username: 'nanhu', password: nanhu.password, ip: null, userAgent: null });
    expect(r.principal).toMatchObject({ role: 'county', division: '330402' });
    const audit = JSON.stringify(await listAudit(store.db, { limit: 1000 }));
    for (const p of passwords) expect(audit).not.toContain(p);
  });

  it('writes them to a file only its owner can read', async () => {
    const file = path.join(dir, 'data', 'demo-accounts.txt');
    await writeDemoAccounts(file, accounts!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    for (const a of accounts!) expect(text).toContain(`${a.username.padEnd(10)}  ${a.password}`);
    expect(text).toContain('区县操作员（南湖区）');
  });
});
