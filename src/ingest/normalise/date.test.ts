import { describe, expect, it } from 'vitest';
import { parseDateCell, yearOf } from './date.js';

const day = (year: number, month: number | null, d: number | null): unknown => ({
  kind: 'date',
  year,
  month,
  day: d,
});

describe('parseDateCell', () => {
  it.each([
    ['2019-05-01', day(2019, 5, 1)],
    ['2019/5/1', day(2019, 5, 1)],
    ['2019.5.1', day(2019, 5, 1)],
    ['2019年5月1日', day(2019, 5, 1)],
    ['２０１９年５月１日', day(2019, 5, 1)],
    ['20190501', day(2019, 5, 1)],
    ['2019-05-01 00:00:00', day(2019, 5, 1)],
    ['2019-05-01T08:30:00Z', day(2019, 5, 1)],
    ['2019年5月', day(2019, 5, null)],
    ['2019', day(2019, null, null)],
    ['2019年', day(2019, null, null)],
    ['5/1/2019', day(2019, null, null)],
    ['43586', day(2019, 5, 1)],
  ])('reads %j', (text, want) => {
    expect(parseDateCell(text)).toEqual(want);
  });

  it('reads spreadsheet serial numbers (1900 date system) and numbers by their size', () => {
    expect(parseDateCell(43586)).toEqual(day(2019, 5, 1));
    expect(parseDateCell(43586.75)).toEqual(day(2019, 5, 1));
    expect(parseDateCell(1)).toEqual(day(1900, 1, 1));
    expect(parseDateCell(61)).toEqual(day(1900, 3, 1));
    expect(parseDateCell(2019)).toEqual(day(2019, null, null));
    expect(parseDateCell(20190501)).toEqual(day(2019, 5, 1));
  });

  it('reads date cells on the nearest UTC day, whatever time zone the reader used', () => {
    expect(parseDateCell(new Date(Date.UTC(2019, 4, 1)))).toEqual(day(2019, 5, 1));
    // Local midnight of 2020-01-01 in UTC+8 is 2019-12-31T16:00Z: still New Year's Day.
    expect(parseDateCell(new Date('2019-12-31T16:00:00Z'))).toEqual(day(2020, 1, 1));
    // Local midnight in UTC−5 is 05:00Z of the same day.
    expect(parseDateCell(new Date('2020-01-01T05:00:00Z'))).toEqual(day(2020, 1, 1));
  });

  it.each(['', '—', null])('%j is missing', (cell) => {
    expect(parseDateCell(cell)).toEqual({ kind: 'missing' });
  });

  it.each([
    '2019-02-30',
    '2019-13-01',
    '1899-12-31',
    '2101-01-01',
    'yesterday',
    '2019/05',
    '05/2019/01',
    -3,
    new Date(NaN),
  ])('%j is not a date', (cell) => {
    // '2019/05' is a year and month: valid. The others are not.
    if (cell === '2019/05') expect(parseDateCell(cell)).toEqual(day(2019, 5, null));
    else expect(parseDateCell(cell)).toEqual({ kind: 'invalid' });
  });

  it('gives the year', () => {
    expect(yearOf('2019年5月1日')).toBe(2019);
    expect(yearOf('')).toBeNaN();
    expect(yearOf('x')).toBeNaN();
  });
});
