/**
 * Issue 11, item 5: the embedded database's folder and every file in it are owner-only whatever the
 * umask — a new store opened under umask 000 included — and a store found with files others may read or
 * write is repaired at start, with a warning. (PGlite writes a new cluster's files 0666.)
 */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './database.js';
import { migrate } from './migrate.js';
import { privateDir, privateTree, writePrivateFile } from './private-files.js';

/** Every entry under `root` (and `root`) whose mode gives group or others any access: path → mode. */
function loose(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (p: string) => {
    const st = lstatSync(p);
    if ((st.mode & 0o077) !== 0) out[path.relative(root, p) || '.'] = (st.mode & 0o777).toString(8);
    if (st.isDirectory()) for (const n of readdirSync(p)) visit(path.join(p, n));
  };
  visit(root);
  return out;
}

const count = (root: string): number => {
  let n = 0;
  const visit = (p: string) => {
    n++;
    if (lstatSync(p).isDirectory()) for (const x of readdirSync(p)) visit(path.join(p, x));
  };
  visit(root);
  return n;
};

describe('the data folder of the embedded database', () => {
  let base: string;
  let umask: number;
  beforeAll(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'mujun-modes-'));
    umask = process.umask(0o000); // the worst case: every file created as asked, 0666 for PGlite's
  });
  afterAll(() => {
    process.umask(umask);
    rmSync(base, { recursive: true, force: true });
  });

  it('creates a new store under umask 000 with the folder 0700 and every file owner-only', async () => {
    const dir = path.join(base, 'new', '.mujun');
    const warn = vi.spyOn(console, 'warn');
    const db = await openDatabase({ dataDir: dir });
    try {
      // while open: the folders (nobody else can even look inside) and the cluster's files
      expect((lstatSync(dir).mode & 0o777).toString(8)).toBe('700');
      expect((lstatSync(path.join(dir, 'pgdata')).mode & 0o777).toString(8)).toBe('700');
      expect(loose(dir)).toEqual({});
      await migrate(db);
      await db.query('CREATE TABLE written_while_open (x int)');
      await db.query('INSERT INTO written_while_open SELECT generate_series(1, 1000)');
    } finally {
      await db.close();
    }
    // a fresh store is no repair: nothing to warn about
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    // after a working session: still every one of the cluster's many files
    expect(count(path.join(dir, 'pgdata'))).toBeGreaterThan(500);
    expect(loose(dir)).toEqual({});
    // the catalogue and the control files the issue names among them
    for (const f of ['PG_VERSION', 'pg_hba.conf', 'global/pg_control'])
      expect((lstatSync(path.join(dir, 'pgdata', f)).mode & 0o777).toString(8), f).toBe('600');
  });

  it('repairs a store whose files others may read or write, with a warning naming the folder', async () => {
    const dir = path.join(base, 'old');
    await (await openDatabase({ dataDir: dir })).close();
    // as stores were left before: the cluster's files 0666, the folders 0777
    chmodSync(dir, 0o777);
    chmodSync(path.join(dir, 'pgdata'), 0o777);
    chmodSync(path.join(dir, 'pgdata', 'pg_hba.conf'), 0o666);
    chmodSync(path.join(dir, 'pgdata', 'global', 'pg_control'), 0o644);
    const warnings: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
    const db = await openDatabase({ dataDir: dir });
    await db.close();
    warn.mockRestore();
    expect(loose(dir)).toEqual({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/4 个文件或目录.*仅本人可读写.*4 files or folders.*made owner-only/);
    expect(warnings[0]).toContain(dir);
  });

  it('makes folders and files private whatever the umask (the helpers staged uploads use)', () => {
    const root = path.join(base, 'staging');
    const dir = path.join(root, 'token');
    expect(privateDir(dir)).toBe(false); // created so, parents included: nothing was exposed
    writePrivateFile(path.join(dir, '0-税务.xlsx'), 'x');
    expect(loose(root)).toEqual({});
    // left open by an older version: repaired, and said which
    chmodSync(root, 0o755);
    chmodSync(dir, 0o777);
    chmodSync(path.join(dir, '0-税务.xlsx'), 0o644);
    expect(privateTree(root).repaired.sort()).toEqual([root, dir, path.join(dir, '0-税务.xlsx')].sort());
    expect(loose(root)).toEqual({});
    chmodSync(dir, 0o755);
    expect(privateDir(dir)).toBe(true);
    expect(loose(root)).toEqual({});
  });
});
