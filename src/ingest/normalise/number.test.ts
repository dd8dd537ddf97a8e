import { describe, expect, it } from 'vitest';
import { parseNumberCell } from './number.js';

const value = (v: number, unit: string | null = null): unknown => ({ kind: 'number', value: v, unit });

describe('parseNumberCell', () => {
  it.each([
    ['1234.5', 1234.5],
    ['-12', -12],
    ['1,234,567.89', 1234567.89],
    ['１２３４５．６', 12345.6],
    ['１，２３４', 1234],
    [' 12 345 ', 12345],
    ['+7', 7],
    ['(1,234.5)', -1234.5],
    ['−3.5', -3.5],
    ['1.5E+3', 1500],
    ['¥1,000', 1000],
    ['.5', 0.5],
    ["'42", 42],
  ])('reads %j as %d', (text, v) => {
    expect(parseNumberCell(text)).toEqual(value(v));
  });

  it('keeps typed numbers and turns -0 into 0', () => {
    expect(parseNumberCell(42.5)).toEqual(value(42.5));
    expect(Object.is((parseNumberCell('-0.00') as { value: number }).value, 0)).toBe(true);
    expect(Object.is((parseNumberCell(-0) as { value: number }).value, 0)).toBe(true);
  });

  it('returns a unit written after the figure, for the caller to compare with the header', () => {
    expect(parseNumberCell('12.5吨')).toEqual(value(12.5, '吨'));
    expect(parseNumberCell('3.5 万元')).toEqual(value(3.5, '万元'));
    expect(parseNumberCell('1,200 kWh')).toEqual(value(1200, 'kWh'));
  });

  it.each(['', '  ', '-', '—', '——', '–', '/', '－', 'N/A', 'null', null, undefined])(
    '%j is missing',
    (cell) => {
      expect(parseNumberCell(cell)).toEqual({ kind: 'missing' });
    },
  );

  it.each(['abc', '12-15', '3.5.1', '1,23', '12,3456', '#DIV/0!', '--5', '(-5)', new Date(0), Infinity, NaN])(
    '%j is not a number',
    (cell) => {
      expect(parseNumberCell(cell)).toEqual({ kind: 'invalid' });
    },
  );
});
