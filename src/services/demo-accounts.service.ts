/**
 * The demo's accounts (ADR 0011): when `npm start` (`mujun serve --demo-if-empty`) finds no account at
 * all, it creates one account per role with a random password, prints them once and writes them to
 * `<MUJUN_DATA_DIR>/demo-accounts.txt` (mode 0600). There is no default password anywhere in the code.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { countUsers, latestRun, listResultSummaries } from '../db/index.js';
import type { Role } from '../domain/access.js';
import { ROLE_LABELS } from '../domain/access.js';
import { loadDivisions } from '../reference/reference-data.js';
import { createUser } from './accounts.service.js';
import { randomPassword } from './password.js';
import type { Store } from './store.js';

export interface DemoAccount {
  username: string;
  role: Role;
  password: string;
  division: string | null;
  uscc: string | null;
  /** Who it is, for the console and the file. */
  label: string;
}

/** The demo's county operators: 南湖区 and 海宁市. */
export const DEMO_COUNTIES = ['330402', '330481'] as const;

/**
 * Creates the demo accounts when the store has no account at all; returns them with their passwords
 * (null when accounts exist: nothing is created). The enterprise account is a graded enterprise of the
 * first demo county in the latest run (a C-class one when there is one), else none.
 */
export async function createDemoAccounts(store: Store, by = 'demo'): Promise<DemoAccount[] | null> {
  if ((await countUsers(store.db)) > 0) return null;
  const divisions = loadDivisions();
  const plan: Omit<DemoAccount, 'password' | 'label'>[] = [
    { username: 'analyst', role: 'analyst', division: null, uscc: null },
    { username: 'leader', role: 'leader', division: null, uscc: null },
    ...DEMO_COUNTIES.map((d) => ({
      username: d === '330402' ? 'nanhu' : 'haining',
      role: 'county' as const,
      division: d,
      uscc: null,
    })),
  ];
  const run = await latestRun(store.db);
  let enterpriseName: string | null = null;
  if (run) {
    const pick = async (cls?: string) =>
      listResultSummaries(store.db, run.id, {
        division: DEMO_COUNTIES[0],
        status: 'graded',
        ...(cls ? { adjustedClass: cls } : {}),
        limit: 1,
      });
    const e = (await pick('C'))[0] ?? (await pick())[0];
    if (e) {
      plan.push({ username: 'enterprise', role: 'enterprise', division: null, uscc: e.uscc });
      enterpriseName = e.name;
    }
  }
  const out: DemoAccount[] = [];
  for (const p of plan) {
    const password = randomPassword(16);
    const label =
      p.role === 'county'
        ? `${ROLE_LABELS.county.zh}（${divisions.get(p.division!)?.name ?? p.division}）/ ${ROLE_LABELS.county.en}`
        : p.role === 'enterprise'
          ? `${ROLE_LABELS.enterprise.zh}（${enterpriseName ?? p.uscc}，${p.uscc}）/ ${ROLE_LABELS.enterprise.en}`
          : `${ROLE_LABELS[p.role].zh} / ${ROLE_LABELS[p.role].en}`;
    await createUser(
      store,
      {
        username: p.username,
        role: p.role,
        division: p.division,
        uscc: p.uscc,
        displayName: p.role === 'enterprise' ? enterpriseName : null,
        password,
      },
      by,
    );
    out.push({ ...p, password, label });
  }
  return out;
}

/** The accounts as lines of text (for the console and the file). */
export function demoAccountsText(accounts: readonly DemoAccount[], url?: string): string {
  const width = Math.max(...accounts.map((a) => a.username.length));
  return [
    `亩均演示账号（随机密码，只在首次启动时生成）/ Mujun demo accounts (random passwords, made on the first start)`,
    ...(url ? [`登录 / log in at: ${url}/login`] : []),
    ...accounts.map((a) => `  ${a.username.padEnd(width)}  ${a.password}  ${a.label}`),
    '',
  ].join('\n');
}

/**
 * What the first start prints, once: the accounts, and where they are kept. Later starts print no
 * password (the accounts exist); the file keeps them for whoever runs the server.
 */
export function demoAccountsNotice(accounts: readonly DemoAccount[], file: string): string {
  return (
    demoAccountsText(accounts) +
    `(账号和密码已写入 ${file}，仅本人可读；以后启动不再显示 / written to ${file}, readable by you only; not printed again on later starts)`
  );
}

/** Writes the accounts to `file`, readable by the owner only (0600). */
export async function writeDemoAccounts(file: string, accounts: readonly DemoAccount[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, demoAccountsText(accounts), { mode: 0o600 });
  await chmod(file, 0o600); // an existing file keeps its mode on write
}

/** Where the demo's accounts are written: `<MUJUN_DATA_DIR>/demo-accounts.txt`. */
export function demoAccountsFile(): string {
  return path.join(process.env.MUJUN_DATA_DIR ?? './.mujun', 'demo-accounts.txt');
}
