/**
 * The methodology files shipped in `methodologies/` and their loading: by id (`huangyan-2023`) or by
 * path. The content hash is the SHA-256 of the file's canonical JSON (key order fixed, comments and
 * formatting ignored), so re-indenting a file does not change the hash but changing any rule does.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Methodology } from '../engine/index.js';

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

interface CacheEntry {
  textHash: string;
  hash: string;
  methodology: Methodology;
}

let cache: Record<string, CacheEntry> | null | undefined;

/**
 * The shipped methodologies parsed at build time (`dist/methodology-cache.json`, written by
 * scripts/compile-methodologies.js), keyed by the SHA-256 of the file's text: a file that changed
 * since the build is parsed again, so the cache can only save time, never serve stale rules.
 */
function compiledCache(): Record<string, CacheEntry> | null {
  if (cache !== undefined) return cache;
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../methodology-cache.json');
  try {
    cache = JSON.parse(readFileSync(file, 'utf8')) as Record<string, CacheEntry>;
  } catch {
    cache = null;
  }
  return cache;
}

/** Parses methodology text, throwing MethodologyError (located, bilingual) when it is invalid. */
export async function parseMethodologyText(text: string, file: string): Promise<Methodology> {
  const { loadMethodologyText } = await import('../engine/methodology/index.js');
  return loadMethodologyText(text, file);
}

/** Loads a methodology from a shipped id or a file path; rejects with MethodologyError on invalid content. */
export async function loadMethodology(idOrFile: string): Promise<LoadedMethodology> {
  const shipped = path.join(METHODOLOGY_DIR, `${idOrFile}.yaml`);
  const isShipped = /^[a-z0-9_-]+$/.test(idOrFile) && existsSync(shipped);
  const file = isShipped ? shipped : idOrFile;
  if (!existsSync(file)) {
    throw new Error(
      `找不到评价办法“${idOrFile}”：既不是内置办法（${shippedMethodologyIds().join('、')}），也不是文件 / ` +
        `methodology "${idOrFile}" not found: neither a shipped id (${shippedMethodologyIds().join(', ')}) nor a file`,
    );
  }
  const text = readFileSync(file, 'utf8');
  if (isShipped) {
    const hit = compiledCache()?.[idOrFile];
    if (hit && hit.textHash === createHash('sha256').update(text).digest('hex'))
      return { methodology: hit.methodology, hash: hit.hash, text, file };
  }
  const methodology = await parseMethodologyText(text, path.relative(process.cwd(), file) || file);
  return { methodology, hash: methodologyHash(methodology), text, file };
}

/** The cache entries for every shipped methodology (used by the build script). */
export async function compileShippedMethodologies(): Promise<Record<string, CacheEntry>> {
  const out: Record<string, CacheEntry> = {};
  for (const id of shippedMethodologyIds()) {
    const file = path.join(METHODOLOGY_DIR, `${id}.yaml`);
    const text = readFileSync(file, 'utf8');
    const methodology = await parseMethodologyText(text, `methodologies/${id}.yaml`);
    out[id] = {
      textHash: createHash('sha256').update(text).digest('hex'),
      hash: methodologyHash(methodology),
      methodology,
    };
  }
  return out;
}
