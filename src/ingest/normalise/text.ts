/**
 * Text of raw cells: how a header or a value is compared (NFKC, no white space, ASCII brackets) and
 * which spellings mean "no value". Departments type full-width digits and brackets, put spaces and
 * line breaks inside headers, and write '-', '—' or '/' for a missing figure.
 */
import type { RawCell } from '../types.js';

/** Zero-width characters and the byte-order mark, which survive NFKC and are invisible in a sheet. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/gu;
const WHITE = /[\s\u00a0\u3000]+/gu;

/**
 * The comparison form of a header or label: NFKC (full-width → ASCII, `（）` → `()`), every bracket as
 * `(` `)`, white space and invisible characters removed, ASCII letters lower-cased.
 *
 * @example
 * normaliseLabel(' 用电量（千瓦时） ') // '用电量(千瓦时)'
 * normaliseLabel('R＆D 经费支出【千元】') // 'r&d经费支出(千元)'
 */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(WHITE, '')
    .replace(/[[{【〔〖〈《]/gu, '(')
    .replace(/[\]}】〕〗〉》]/gu, ')')
    .toLowerCase();
}

/** Trims a value as written: white space (also U+3000) and invisible characters at both ends, and the
 * apostrophe a spreadsheet puts before digits it must keep as text. */
export function trimValue(text: string): string {
  let s = text.replace(INVISIBLE, '').trim();
  if (s.startsWith("'")) s = s.slice(1).trim();
  return s;
}

/** Spellings of "no value" (compared after NFKC and trimming). Missing is not zero. */
const MISSING_TOKENS = new Set(['', '-', '--', '—', '——', '–', '/', '\\', '－', '―', 'n/a', 'na', 'null']);

/** Whether a text value means "missing". */
export function isMissingText(text: string): boolean {
  // Fast path for the usual cell: it starts with a digit, a CJK character or a letter other than n/N.
  const c = text.charCodeAt(0);
  if (
    (c >= 48 && c <= 57) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 65 && c <= 90 && c !== 78) ||
    (c >= 97 && c <= 122 && c !== 110)
  )
    return false;
  const s = trimValue(text);
  if (s.length === 0) return true;
  if (s.length > 4) return false;
  return MISSING_TOKENS.has(s.normalize('NFKC').toLowerCase());
}

/** Whether a raw cell is empty or a spelling of "missing". */
export function isMissingCell(cell: RawCell | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'string') return isMissingText(cell);
  return false;
}

/** An ISO date (yyyy-mm-dd) of a Date, taken on the nearest UTC day (readers may give local midnight). */
export function isoDay(date: Date): string {
  const day = new Date(Math.round(date.getTime() / 86_400_000) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/**
 * A raw cell as display text (for rejections and text columns): strings trimmed, numbers in plain
 * notation, dates as yyyy-mm-dd; null when the cell is empty.
 */
export function cellText(cell: RawCell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') {
    const s = trimValue(cell);
    return s.length === 0 ? null : s;
  }
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  return Number.isNaN(cell.getTime()) ? null : isoDay(cell);
}

/** A raw cell as written, for the `value` of a rejection (never trimmed away entirely). */
export function rawValue(cell: RawCell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') return cell;
  return cellText(cell);
}

/**
 * The comparison form of a name (企业名称 in different departments): NFKC, brackets unified, no white
 * space. Two names are "the same" when these are equal.
 */
export function nameKey(name: string): string {
  return normaliseLabel(name);
}
