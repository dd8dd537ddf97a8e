/**
 * The profile files shipped in `profiles/` (one YAML file per departmental layout) and loading a
 * user's own. Like the reference tables, these are configuration read once per process; this module is
 * the only place the profiles folder is read.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProfileText, ProfileError } from './parse.js';
import type { Profile } from './schema.js';

/** The project's `profiles` folder (from src/ under vitest and from dist/ when built). */
export const PROFILES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../profiles');

/** Reads and validates one profile file; throws ProfileError (located, bilingual) when it is invalid. */
export function loadProfileFile(file: string): Profile {
  const profile = loadProfileText(readFileSync(file, 'utf8'), file);
  const expected = path.basename(file).replace(/\.(ya?ml|json)$/u, '');
  if (profile.id !== expected)
    throw new ProfileError(file, [
      {
        path: 'id',
        line: null,
        column: null,
        rule: 'id_file_name',
        zh: `配置 id “${profile.id}” 与文件名“${expected}”不一致`,
        en: `profile id "${profile.id}" differs from the file name "${expected}"`,
      },
    ]);
  return profile;
}

/** Every profile in a folder (`*.yaml`, `*.yml`, `*.json` except JSON Schemas), in file-name order. */
export function loadProfileDir(dir: string): Profile[] {
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/u.test(f) && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => loadProfileFile(path.join(dir, f)));
}

let shipped: readonly Profile[] | undefined;

/** The shipped profiles (loaded once). */
export function shippedProfiles(): readonly Profile[] {
  shipped ??= loadProfileDir(PROFILES_DIR);
  return shipped;
}

/** A shipped profile by id, or a profile file by path; throws a bilingual error when neither exists. */
export function loadProfile(idOrFile: string): Profile {
  const byId = shippedProfiles().find((p) => p.id === idOrFile);
  if (byId) return byId;
  if (existsSync(idOrFile)) return loadProfileFile(idOrFile);
  const ids = shippedProfiles()
    .map((p) => p.id)
    .join(', ');
  throw new Error(
    `找不到导入配置“${idOrFile}”：既不是内置配置（${ids}），也不是文件 / ` +
      `profile "${idOrFile}" not found: neither a shipped id (${ids}) nor a file`,
  );
}
