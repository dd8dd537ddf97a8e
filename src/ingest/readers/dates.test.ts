import { describe, expect, it } from 'vitest';
import { isBuiltinDateFormat, isDateFormatCode, serialToDate } from './dates.js';

describe('isDateFormatCode', () => {
  it.each([
    'yyyy\\-mm\\-dd',
    'yyyy\\年m\\月d\\日',
    'yyyy"年"m"月"d"日"',
    '[$-804]yyyy/m/d',
    '[DBNum1][$-804]yyyy"年"m"月"d"日"',
    'm/d/yy h:mm',
    'hh:mm',
    '[h]:mm:ss',
    'h:mm AM/PM',
    'mmm-yy',
  ])('%s is a date or time', (code) => expect(isDateFormatCode(code)).toBe(true));

  it.each([
    'General',
    '0',
    '#,##0.00',
    '0%',
    '0.00E+00',
    '@',
    '#,##0 "元"',
    '[Red]#,##0',
    '_(* #,##0_)',
    '0.0 "m²"',
    '"TRUE";"TRUE";"FALSE"',
    '#,##0;[Red]-#,##0 "days"',
  ])('%s is not', (code) => expect(isDateFormatCode(code)).toBe(false));

  it('knows the built-in date formats', () => {
    expect(isBuiltinDateFormat(14)).toBe(true);
    expect(isBuiltinDateFormat(31)).toBe(true); // yyyy"年"m"月"d"日"
    expect(isBuiltinDateFormat(0)).toBe(false);
    expect(isBuiltinDateFormat(4)).toBe(false);
    expect(isBuiltinDateFormat(49)).toBe(false); // @
  });
});

describe('serialToDate', () => {
  const iso = (d: Date | null) => d?.toISOString();
  it('counts the 1900 system like Excel', () => {
    expect(iso(serialToDate(43586, false))).toBe('2019-05-01T00:00:00.000Z');
    expect(iso(serialToDate(1, false))).toBe('1900-01-01T00:00:00.000Z');
    expect(iso(serialToDate(59, false))).toBe('1900-02-28T00:00:00.000Z');
    expect(iso(serialToDate(61, false))).toBe('1900-03-01T00:00:00.000Z');
    expect(iso(serialToDate(45047.5208333333, false))).toBe('2023-05-01T12:30:00.000Z');
  });
  it('counts the 1904 system from 1904-01-01', () => {
    expect(iso(serialToDate(0, true))).toBe('1904-01-01T00:00:00.000Z');
    expect(iso(serialToDate(42124, true))).toBe('2019-05-01T00:00:00.000Z');
  });
  it('gives null for numbers that are no date', () => {
    expect(serialToDate(-1, false)).toBeNull();
    expect(serialToDate(3e6, false)).toBeNull();
    expect(serialToDate(Number.NaN, false)).toBeNull();
    expect(serialToDate(Infinity, true)).toBeNull();
  });
});
