import { describe, expect, it } from 'vitest';
import { parseBooleanCell } from './boolean.js';

describe('parseBooleanCell', () => {
  it.each(['是', '1', 'Y', 'y', 'yes', 'TRUE', '√', 1])('%j is yes', (cell) => {
    expect(parseBooleanCell(cell)).toEqual({ kind: 'boolean', value: 1 });
  });
  it.each(['否', '0', 'N', 'no', 'false', '×', 0])('%j is no', (cell) => {
    expect(parseBooleanCell(cell)).toEqual({ kind: 'boolean', value: 0 });
  });
  it("accepts a column's own words", () => {
    const words = { trueWords: ['规上', '规模以上'], falseWords: ['规下'] };
    expect(parseBooleanCell('规上', words)).toEqual({ kind: 'boolean', value: 1 });
    expect(parseBooleanCell(' 规模以上 ', words)).toEqual({ kind: 'boolean', value: 1 });
    expect(parseBooleanCell('规下', words)).toEqual({ kind: 'boolean', value: 0 });
    expect(parseBooleanCell('规上')).toEqual({ kind: 'invalid' });
  });
  it('tells missing from invalid', () => {
    expect(parseBooleanCell('')).toEqual({ kind: 'missing' });
    expect(parseBooleanCell(null)).toEqual({ kind: 'missing' });
    expect(parseBooleanCell('-')).toEqual({ kind: 'missing' });
    expect(parseBooleanCell('maybe')).toEqual({ kind: 'invalid' });
    expect(parseBooleanCell(2)).toEqual({ kind: 'invalid' });
  });
});
