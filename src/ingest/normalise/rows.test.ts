import { describe, expect, it } from 'vitest';
import { isBlankRow, isNoteRow, isSummaryRow } from './rows.js';

describe('rows that carry no enterprise', () => {
  it.each([['合计'], ['', '合  计'], ['总计：'], ['小计(12户)'], ['全市合计'], ['Total'], ['', '', '汇总']])(
    '%j is a summary row',
    (...cells) => {
      expect(isSummaryRow([...cells, '12345', '678'])).toBe(true);
    },
  );
  it('does not take a company or a figure for a summary', () => {
    expect(isSummaryRow(['913304000000000018', '合计科技有限公司', '12'])).toBe(false);
    expect(isSummaryRow(['913304000000000018', '某公司', '12', '合计'])).toBe(false);
  });
  it('finds footnotes and blank rows', () => {
    expect(isNoteRow(['注：数据来源于税务部门'])).toBe(true);
    expect(isNoteRow(['', '填表人：张三'])).toBe(true);
    expect(isNoteRow(['注意事项'])).toBe(false);
    expect(isBlankRow(['', null, ' ', '—'])).toBe(true);
    expect(isBlankRow(['', 0])).toBe(false);
  });
});
