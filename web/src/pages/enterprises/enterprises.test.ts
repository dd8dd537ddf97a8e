import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HIDDEN,
  filterKey,
  filtersOf,
  notGradedText,
  OPTIONAL_COLUMNS,
  reasonLabel,
  shownColumns,
  tableQuery,
  tableState,
} from './enterprises';

describe('enterprise table state', () => {
  it('shows the default columns without a saved choice or with a broken one', () => {
    const def = shownColumns(null);
    expect(def.size).toBe(OPTIONAL_COLUMNS.length - DEFAULT_HIDDEN.size);
    expect(def.has('uscc')).toBe(false);
    expect(def.has('rank')).toBe(true);
    expect(shownColumns('{broken')).toEqual(def);
    expect([...shownColumns('["uscc", 3, "total"]')]).toEqual(['uscc', 'total']);
  });

  it('reads the filters set in the address, the same key for a page turn', () => {
    const a = new URLSearchParams('division=330402&class=D&page=2');
    const b = new URLSearchParams('division=330402&class=D&page=3');
    expect(filterKey(a)).toBe(filterKey(b));
    expect(filtersOf(filterKey(a))).toEqual({ division: '330402', class: 'D' });
  });

  it('reads page, size and order with defaults, and writes them back without the defaults', () => {
    expect(tableState(new URLSearchParams(''))).toEqual({ page: 1, size: 20, order: 'seq', dir: 'asc' });
    expect(tableState(new URLSearchParams('page=4&size=100&order=total&dir=desc'))).toEqual({
      page: 4,
      size: 100,
      order: 'total',
      dir: 'desc',
    });
    expect(tableQuery(1, 20, undefined)).toEqual({
      page: undefined,
      size: undefined,
      order: undefined,
      dir: undefined,
    });
    expect(tableQuery(3, 50, { columnKey: 'total', order: 'descend' })).toEqual({
      page: 3,
      size: 50,
      order: 'total',
      dir: 'desc',
    });
  });

  it('names a reason in either language; a not-graded rule without its trailing words', () => {
    expect(reasonLabel('land_missing', 'zh')).toBe('缺少用地面积');
    expect(reasonLabel('land_missing', 'en')).toBe('land missing');
    expect(reasonLabel('other_code', 'en')).toBe('other_code');
    expect(
      notGradedText({ zh: '新建企业只计算不定档', en: 'New enterprises are computed but not graded' }, 'en'),
    ).toBe('New enterprises');
    expect(notGradedText({ zh: '新建企业只计算不定档', en: 'x' }, 'zh')).toBe('新建企业');
  });
});
