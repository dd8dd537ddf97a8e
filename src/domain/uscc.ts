/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet (digits and capitals without I, O, S, V, Z); the 18th is a check character over the first 17.
 *
 * @example
 * normaliseUscc(' 91330400 000000001８ ') // '913304000000000018' (NFKC, spaces stripped, upper-cased)
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
/** Value of each ASCII character code in the alphabet, −1 outside it (the hot path checks 200,000 codes). */
const CODE_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) CODE_VALUE[ALPHABET.charCodeAt(i)] = i;

/** NFKC-normalise (full-width → ASCII), strip every kind of white space, upper-case. */
export function normaliseUscc(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

/** The check character for the first 17 characters, or null if one of them is outside the alphabet. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17[i]!);
    if (v === undefined) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = (31 - (sum % 31)) % 31;
  return ALPHABET[c]!;
}

export type UsccProblem = 'empty' | 'length' | 'charset' | 'check_char';

/** Checks an already normalised code; returns null when valid, else what is wrong with it. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length === 0) return 'empty';
  if (code.length !== 18) return 'length';
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const cc = code.charCodeAt(i);
    const v = cc < 128 ? CODE_VALUE[cc]! : -1;
    if (v < 0) return 'charset';
    if (i < 17) sum += v * WEIGHTS[i]!;
    else if (v !== (31 - (sum % 31)) % 31) return 'check_char';
  }
  return null;
}

/**
 * For a valid normalised code, a 30-bit hash of it (for duplicate detection over many codes in one
 * pass); −1 when the code is not valid (ask `usccProblem` why).
 */
export function usccHashIfValid(code: string): number {
  if (code.length !== 18) return -1;
  let sum = 0;
  let h = 0;
  for (let i = 0; i < 18; i++) {
    const cc = code.charCodeAt(i);
    const v = cc < 128 ? CODE_VALUE[cc]! : -1;
    if (v < 0) return -1;
    h = (Math.imul(h, 31) + cc) | 0;
    if (i < 17) sum += v * WEIGHTS[i]!;
    else if (v !== (31 - (sum % 31)) % 31) return -1;
  }
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) & 0x3fffffff;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/** Builds a valid code from a 17-character body (used by the demo generator and tests). */
export function withCheckChar(first17: string): string {
  const c = usccCheckChar(first17);
  if (c === null) throw new Error(`not a USCC body: ${first17}`);
  return first17 + c;
}
