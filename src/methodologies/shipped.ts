/**
 * The methodology files shipped in `methodologies/` and their loading: by id (`huangyan-2023`) or by
 * path. The content hash is the SHA-256 of the file's canonical JSON (key order fixed, comments and
 * formatting ignored), so re-indenting a file does not change the hash but changing any rule does.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMethodologyText, type Methodology } from '../engine/index.js';

export const METHODOLOGY_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../methodologies',
);

export interface LoadedMethodology {
  methodology: Methodology;
  hash: string;
  /** The file's text as written. */
  text: string;
  file: string;
}

/** Canonical JSON: object keys sorted, no spaces; arrays keep their order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export function methodologyHash(m: Methodology): string {
  return createHash('sha256').update(canonicalJson(m)).digest('hex');
}

/** Ids of the shipped methodologies. */
export function shippedMethodologyIds(): string[] {
  return readdirSync(METHODOLOGY_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Loads a methodology from a shipped id or a file path; throws MethodologyError on invalid content. */
export function loadMethodology(idOrFile: string): LoadedMethodology {
  const shipped = path.join(METHODOLOGY_DIR, `${idOrFile}.yaml`);
  const file = /^[a-z0-9_-]+$/.test(idOrFile) && existsSync(shipped) ? shipped : idOrFile;
  if (!existsSync(file)) {
    throw new Error(
      `找不到评价办法“${idOrFile}”：既不是内置办法（${shippedMethodologyIds().join('、')}），也不是文件 / ` +
        `methodology "${idOrFile}" not found: neither a shipped id (${shippedMethodologyIds().join(', ')}) nor a file`,
    );
  }
  const text = readFileSync(file, 'utf8');
  const methodology = loadMethodologyText(text, path.relative(process.cwd(), file) || file);
  return { methodology, hash: methodologyHash(methodology), text, file };
}
