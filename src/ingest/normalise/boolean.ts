/**
 * Yes/no cells: 是/否, 1/0, Y/N, yes/no, true/false, √/×, and a column's own words (是否规上: 规上/规下,
 * 规模以上/规模以下), which a profile declares.
 *
 * @example
 * parseBooleanCell('是') // { kind: 'boolean', value: 1 }
 * parseBooleanCell('规下', { falseWords: ['规下'] }) // { kind: 'boolean', value: 0 }
 */
import type { RawCell } from '../types.js';
import { isMissingText, normaliseLabel } from './text.js';

export type ParsedBoolean =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'boolean'; readonly value: 0 | 1 };

const MISSING: ParsedBoolean = { kind: 'missing' };
const INVALID: ParsedBoolean = { kind: 'invalid' };
const YES: ParsedBoolean = { kind: 'boolean', value: 1 };
const NO: ParsedBoolean = { kind: 'boolean', value: 0 };

const TRUE_WORDS = ['是', '1', 'y', 'yes', 'true', 't', '√', '✓', '✔', '对'];
const FALSE_WORDS = ['否', '0', 'n', 'no', 'false', 'f', '×', '✗', '✘', '不是'];

export interface BooleanWords {
  readonly trueWords?: readonly string[];
  readonly falseWords?: readonly string[];
}

/** A compiled parser for one column's words (built once per column, used for every row). */
export function booleanParser(words: BooleanWords = {}): (cell: RawCell | undefined) => ParsedBoolean {
  const table = new Map<string, ParsedBoolean>();
  for (const w of [...TRUE_WORDS, ...(words.trueWords ?? [])]) table.set(normaliseLabel(w), YES);
  for (const w of [...FALSE_WORDS, ...(words.falseWords ?? [])]) table.set(normaliseLabel(w), NO);
  return (cell) => {
    if (cell === null || cell === undefined) return MISSING;
    if (typeof cell === 'number') return cell === 1 ? YES : cell === 0 ? NO : INVALID;
    if (typeof cell !== 'string') return INVALID;
    const hit = table.get(cell);
    if (hit) return hit;
    if (isMissingText(cell)) return MISSING;
    return table.get(normaliseLabel(cell)) ?? INVALID;
  };
}

/** Parses a yes/no cell with the common words and the given extra words. */
export function parseBooleanCell(cell: RawCell | undefined, words: BooleanWords = {}): ParsedBoolean {
  return booleanParser(words)(cell);
}
