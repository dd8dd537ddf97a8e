/**
 * Files only their owner may read or write (issue 11, item 5): the embedded database's folder, staged
 * uploads, the demo's passwords. Modes are set explicitly, whatever the process's umask: a folder 0700, a
 * file 0600 (an owner's execute bit kept), and a tree can be checked and repaired.
 *
 * @example
 * privateDir('.mujun');                     // created, or tightened, to 0700
 * const { repaired } = privateTree('.mujun/pgdata'); // every entry owner-only; the loose ones listed
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Group and other bits. */
const LOOSE = 0o077;

/** Creates `dir` (and missing parents) and makes it 0700; returns whether it had to be tightened. */
export function privateDir(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = lstatSync(dir).mode & 0o777;
  if (mode === 0o700) return false;
  chmodSync(dir, 0o700);
  return (mode & LOOSE) !== 0;
}

/** Writes a file readable and writable by its owner only (an existing file is tightened too). */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  writeFileSync(file, data, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * Makes every folder and file under `root` (and `root`) owner-only: folders 0700, files 0600 (0700 when the
 * owner may execute them). Symbolic links are not followed. Returns how many entries were looked at and
 * the paths that had group or other bits.
 */
export function privateTree(root: string): { entries: number; repaired: string[] } {
  const repaired: string[] = [];
  let entries = 0;
  const visit = (p: string): void => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    entries++;
    const mode = st.mode & 0o777;
    const want = st.isDirectory() ? 0o700 : mode & 0o100 ? 0o700 : 0o600;
    if (mode !== want) {
      if (mode & LOOSE) repaired.push(p);
      chmodSync(p, want);
    }
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
  };
  visit(root);
  return { entries, repaired };
}
