/**
 * The policy files shipped in `policies/` and their loading: by id (`jiaxing-demo-2024`) or by path. The
 * content hash is the SHA-256 of the parsed file's canonical JSON, as for methodologies: comments and
 * layout do not change it, any rule does.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '../methodologies/shipped.js';
import type { Policy } from '../policy/schema.js';

export const POLICY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../policies');

export interface LoadedPolicy {
  policy: Policy;
  hash: string;
  /** The file's text as written. */
  text: string;
  file: string;
}

export function policyHash(p: Policy): string {
  return createHash('sha256').update(canonicalJson(p)).digest('hex');
}

/** Ids of the shipped policies. */
export function shippedPolicyIds(): string[] {
  return readdirSync(POLICY_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Parses policy text, throwing PolicyError (located, bilingual) when it is invalid. */
export async function parsePolicyText(
  text: string,
  file: string,
  knownDivisions?: ReadonlySet<string>,
): Promise<Policy> {
  // the validator (zod, YAML) is loaded by the commands that need it
  const { loadPolicyText } = await import('../policy/parse.js');
  return loadPolicyText(text, file, knownDivisions ? { knownDivisions } : {});
}

/** A shipped id or a file path, as the user wrote it. */
export function isShippedPolicy(idOrFile: string): boolean {
  return /^[a-z0-9_-]+$/.test(idOrFile) && existsSync(path.join(POLICY_DIR, `${idOrFile}.yaml`));
}

/** Loads a policy from a shipped id or a file path; rejects with PolicyError on invalid content. */
export async function loadPolicy(
  idOrFile: string,
  knownDivisions?: ReadonlySet<string>,
): Promise<LoadedPolicy> {
  const file = isShippedPolicy(idOrFile) ? path.join(POLICY_DIR, `${idOrFile}.yaml`) : idOrFile;
  if (!existsSync(file))
    throw new Error(
      `找不到政策“${idOrFile}”：既不是内置政策（${shippedPolicyIds().join('、')}），也不是文件 / ` +
        `policy "${idOrFile}" not found: neither a shipped id (${shippedPolicyIds().join(', ')}) nor a file`,
    );
  const text = readFileSync(file, 'utf8');
  return loadPolicyFromText(text, path.relative(process.cwd(), file) || file, knownDivisions);
}

/** A policy from its text (an upload, or a version stored with an application). */
export async function loadPolicyFromText(
  text: string,
  file: string,
  knownDivisions?: ReadonlySet<string>,
): Promise<LoadedPolicy> {
  const policy = await parsePolicyText(text, file, knownDivisions);
  return { policy, hash: policyHash(policy), text, file };
}
