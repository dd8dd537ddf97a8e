/**
 * Dates as departments write them (成立日期 and the like): '2019-05-01', '2019/5/1', '2019.5.1',
 * '2019年5月1日', '20190501', '2019-05-01 00:00:00', a year alone, typed date cells, and spreadsheet
 * serial numbers (days since 1899-12-30, the 1900 date system). The canonical record keeps the year.
 *
 * Numbers are read by their size, which is unambiguous for dates of 1900–2100: an integer 1900–2100 is
 * a year, an 8-digit integer is yyyymmdd, any other number from 1 to 73050 is a serial date.
 *
 * @example
 * parseDateCell('2019年5月1日') // { kind: 'date', year: 2019, month: 5, day: 1 }
 * parseDateCell(43586)          // { kind: 'date', year: 2019, month: 5, day: 1 }
 */
import type { RawCell } from '../types.js';
import { isMissingText, trimValue } from './text.js';

export type ParsedDate =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid' }
  /** month and day are null when the cell gives only a year (or a year and month). */
  | {
      readonly kind: 'date';
      readonly year: number;
      readonly month: number | null;
      readonly day: number | null;
    };

const MISSING: ParsedDate = { kind: 'missing' };
const INVALID: ParsedDate = { kind: 'invalid' };
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
/** Serial number of 2100-12-31 in the 1900 date system. */
const MAX_SERIAL = 73_415;
const DAY_MS = 86_400_000;
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function ymd(year: number, month: number | null, day: number | null): ParsedDate {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return INVALID;
  if (month !== null && (month < 1 || month > 12)) return INVALID;
  if (day !== null && (month === null || day < 1 || day > daysInMonth(year, month))) return INVALID;
  return { kind: 'date', year, month, day };
}

function fromUtcMs(ms: number): ParsedDate {
  if (!Number.isFinite(ms)) return INVALID;
  // The nearest UTC day: a reader may give local midnight, which is the previous day in UTC east of it.
  const d = new Date(Math.round(ms / DAY_MS) * DAY_MS);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** A spreadsheet serial date (1900 system, with its phantom 1900-02-29) → date. */
function fromSerial(serial: number): ParsedDate {
  const days = Math.floor(serial);
  if (days < 1 || days > MAX_SERIAL) return INVALID;
  if (days === 60) return ymd(1900, 2, 28);
  return fromUtcMs(SERIAL_EPOCH + (days < 60 ? days + 1 : days) * DAY_MS);
}

function fromNumber(n: number): ParsedDate {
  if (!Number.isFinite(n) || n <= 0) return INVALID;
  if (Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR) return ymd(n, null, null);
  if (Number.isInteger(n) && n >= 19_000_101 && n <= 21_001_231) {
    return ymd(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
  }
  return fromSerial(n);
}

const FULL = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/u;
const YEAR_MONTH = /^(\d{4})(?:[-/.年](\d{1,2})月?)?年?$/u;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/u;
const TIME = /(?:[T\s]+|(?<=日))\d{1,2}[:时]\d{2}(?:[:分]\d{2}(?:\.\d+)?秒?)?(?:Z|[+-]\d{2}:?\d{2})?$/u;

/** Parses a raw cell as a date; never throws. */
export function parseDateCell(cell: RawCell | undefined): ParsedDate {
  if (cell === null || cell === undefined) return MISSING;
  if (cell instanceof Date) return fromUtcMs(cell.getTime());
  if (typeof cell === 'number') return fromNumber(cell);
  // The usual cell, already clean ('2019-05-01', '2019/5/1', '2019年5月1日'), skips the normalisation.
  let m = FULL.exec(cell);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  if (isMissingText(cell)) return MISSING;
  const s = trimValue(cell).normalize('NFKC').replace(TIME, '').replace(/\s+/gu, '');
  m = FULL.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = COMPACT.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = YEAR_MONTH.exec(s);
  if (m) return ymd(Number(m[1]), m[2] === undefined ? null : Number(m[2]), null);
  m = DAY_FIRST.exec(s);
  // 5/1/2019 or 1/5/2019: day and month cannot be told apart, the year can; keep the year only.
  if (m) return ymd(Number(m[3]), null, null);
  if (/^\d{1,5}(?:\.\d+)?$/u.test(s)) return fromNumber(Number(s));
  return INVALID;
}

/** The year of a date cell, NaN when missing or invalid. */
export function yearOf(cell: RawCell | undefined): number {
  const d = parseDateCell(cell);
  return d.kind === 'date' ? d.year : NaN;
}
