/** The audit trail's values in words. */
import { describe, expect, it } from 'vitest';
import { fieldLabel, isHash, isTime, listText, plainNumber, subjectText, valueWords } from './words';

describe('audit words', () => {
  it('names fields, keeping an unknown one’s key', () => {
    expect(fieldLabel('noticeDays', 'zh')).toBe('公示天数');
    expect(fieldLabel('noticeDays', 'en')).toBe('days of notice');
    expect(fieldLabel('somethingNew', 'en')).toBe('somethingNew');
    // not a field because an object has it
    expect(fieldLabel('toString', 'en')).toBe('toString');
  });

  it('says coded values, a field’s own words first', () => {
    expect(valueWords('role', 'analyst', 'en')).toBe('city analyst');
    expect(valueWords('reason', 'password', 'zh')).toBe('密码错误');
    expect(valueWords('status', 'draft', 'en')).toBe('draft');
    expect(valueWords('status', 'accepted', 'zh')).toBe('已采纳');
    expect(valueWords('name', 'plain text', 'en')).toBeUndefined();
  });

  it('says an entry’s object in words', () => {
    expect(subjectText('run:12/enterprise:91330402X', 'zh')).toBe('评价批次 #12 · 企业 91330402X');
    expect(subjectText('run:12/enterprise:91330402X', 'en')).toBe('run #12 · enterprise 91330402X');
    expect(subjectText('thing:3', 'en')).toBe('thing:3');
    expect(subjectText(null, 'en')).toBe('—');
  });

  it('shows numbers, times, hashes and lists as people read them', () => {
    expect(plainNumber('year', 2024)).toBe('2024');
    expect(plainNumber('records', 12000)).toBe('12,000');
    expect(isTime('2024-03-05T14:20:00.000Z')).toBe(true);
    expect(isTime('2024-03-05')).toBe(false);
    expect(isHash('x', 'a'.repeat(64))).toBe(true);
    expect(isHash('policyHash', 'abc')).toBe(true);
    expect(listText([{ name: 'a.csv' }, { fileName: 'b.xlsx' }, 3], 'zh')).toBe('3 项：a.csv、b.xlsx、3');
    expect(listText(['a', 'b', 'c', 'd', 'e', 'f'], 'en')).toBe('6: a, b, c, d, e…');
  });
});
