/**
 * Numbers as departments write them: typed cells, text with thousands separators, full-width digits,
 * spaces, a currency sign, an accounting negative `(1,234)`, a unit after the figure (`12.5吨`), or a
 * spelling of "missing". The unit after a figure is returned as written; whether it agrees with the
 * column's unit (read from the header) is the caller's rule, never a reason to rescale.
 *
 * @example
 * parseNumberCell('１２,３４５.６') // { kind: 'number', value: 12345.6, unit: null }
 * parseNumberCell('3.5 万元')      // { kind: 'number', value: 3.5, unit: '万元' }
 * parseNumberCell('—')             // { kind: 'missing' }
 */
import type { RawCell } from '../types.js';
import { isMissingText, trimValue } from './text.js';

export type ParsedNumber =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid' }
  /** `unit`: text written after the figure (NFKC, no spaces), or null. */
  | { readonly kind: 'number'; readonly value: number; readonly unit: string | null };

const MISSING: ParsedNumber = { kind: 'missing' };
const INVALID: ParsedNumber = { kind: 'invalid' };
const PLAIN = /^-?\d+(?:\.\d+)?$/;
const SPLIT = /^([+-]?)(\d[\d,]*(?:\.\d+)?|\.\d+)(?:e([+-]?\d{1,3}))?(.*)$/iu;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** Parses a raw cell as a number; never throws. */
export function parseNumberCell(cell: RawCell | undefined): ParsedNumber {
  if (cell === null || cell === undefined) return MISSING;
  if (typeof cell === 'number')
    return Number.isFinite(cell) ? { kind: 'number', value: cell + 0, unit: null } : INVALID;
  if (typeof cell !== 'string') return INVALID;
  // -0 becomes 0: a written '-0.00' is zero, and zero has one representation in the records.
  if (PLAIN.test(cell)) return { kind: 'number', value: Number(cell) + 0, unit: null };
  return parseNumberText(cell);
}

/** Parses a text figure (see `parseNumberCell`). */
export function parseNumberText(text: string): ParsedNumber {
  if (isMissingText(text)) return MISSING;
  let s = trimValue(text)
    .normalize('NFKC')
    .replace(/[\s\u00a0]+/gu, '')
    .replace(/[\u2212\u2012\u2013\ufe63]/gu, '-');
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('¥') || s.startsWith('$')) s = s.slice(1);
  else if (s.startsWith('-¥')) s = '-' + s.slice(2);
  const m = SPLIT.exec(s);
  if (!m) return INVALID;
  const sign = m[1]!;
  let digits = m[2]!;
  const exponent = m[3];
  const rest = m[4]!;
  if (negative && sign !== '') return INVALID;
  if (digits.includes(',')) {
    if (!GROUPED.test(digits)) return INVALID;
    digits = digits.replaceAll(',', '');
  }
  // A second figure after the first ('12-15', '3.5.1') is not a number with a unit.
  if (/[\d.,]/u.test(rest)) return INVALID;
  let value = Number(digits + (exponent !== undefined ? `e${exponent}` : ''));
  if (!Number.isFinite(value)) return INVALID;
  if (sign === '-' || negative) value = -value;
  return { kind: 'number', value: value + 0, unit: rest.length > 0 ? rest : null };
}
