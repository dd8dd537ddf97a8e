/**
 * Spreadsheet dates: which number formats are dates, and how a serial number becomes a `Date`.
 * A spreadsheet stores a date as a number of days; only the cell's number format says it is a date.
 */

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, with the East Asian ids). */
const BUILTIN_DATE_IDS: ReadonlySet<number> = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81,
]);

/** True when the built-in number format `id` is a date or time format. */
export function isBuiltinDateFormat(id: number): boolean {
  return BUILTIN_DATE_IDS.has(id);
}

/**
 * True when a number format code shows a date or a time: its first section has a y, m, d, h or s
 * (or AM/PM) outside quoted text, escapes and bracketed tags — `yyyy\年m\月d\日`, `[$-804]yyyy/m/d`
 * and `[h]:mm` are dates or times; `#,##0.00`, `0%`, `General` and `0.0 "m²"` are not.
 */
export function isDateFormatCode(code: string): boolean {
  for (let k = 0; k < code.length; k++) {
    const c = code[k]!;
    switch (c) {
      case ';':
        return false; // only the first (positive) section decides
      case '"': {
        const end = code.indexOf('"', k + 1);
        if (end < 0) return false;
        k = end;
        break;
      }
      case '\\':
      case '_':
      case '*':
        k++; // an escaped character, a padding width, a fill character
        break;
      case '[': {
        const end = code.indexOf(']', k + 1);
        if (end < 0) return false;
        // [h], [mm], [ss]: elapsed time; anything else ([Red], [$-804], [DBNum1], [>100]) is a tag
        if (/^\[(h+|m+|s+)\]$/i.test(code.slice(k, end + 1))) return true;
        k = end;
        break;
      }
      default: {
        const lower = c.toLowerCase();
        if (lower === 'y' || lower === 'm' || lower === 'd' || lower === 'h' || lower === 's') return true;
        if (lower === 'a' && /^(am\/pm|a\/p)/i.test(code.slice(k))) return true;
        // 'e' (a time-era year) would be a date, but it is also the exponent of 0.00E+00
      }
    }
  }
  return false;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31, the last day a spreadsheet can show. */
const MAX_SERIAL = 2_958_465;

/**
 * The date a serial number stands for, as a UTC `Date` (the time of day from the fraction, to the
 * millisecond), or null when the number is no date (negative, beyond 9999, not finite).
 *
 * 1900 date system: day 1 is 1900-01-01 and, as in Excel, day 60 is the nonexistent 1900-02-29, so
 * days from 61 on count from 1899-12-30. 1904 date system: day 0 is 1904-01-01.
 */
export function serialToDate(serial: number, date1904: boolean): Date | null {
  if (!Number.isFinite(serial) || serial < 0 || serial > MAX_SERIAL) return null;
  if (date1904) return new Date(EPOCH_1904 + Math.round(serial * DAY_MS));
  const days = serial < 60 ? serial + 1 : serial;
  return new Date(EPOCH_1900 + Math.round(days * DAY_MS));
}
