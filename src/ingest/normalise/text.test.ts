import { describe, expect, it } from 'vitest';
import { cellText, isMissingText, nameKey, normaliseLabel } from './text.js';

describe('text', () => {
  it('normalises labels for comparison', () => {
    expect(normaliseLabel(' 用电量（千瓦时） ')).toBe('用电量(千瓦时)');
    expect(normaliseLabel('R＆D 经费支出【千元】')).toBe('r&d经费支出(千元)');
    expect(normaliseLabel('\ufeff统一社会信用代码\u200b')).toBe('统一社会信用代码');
    expect(normaliseLabel('用电量\n(万kWh)')).toBe('用电量(万kwh)');
  });
  it('knows the spellings of missing', () => {
    for (const s of ['', ' ', '-', '—', '/', 'N/A']) expect(isMissingText(s)).toBe(true);
    for (const s of ['0', 'n', '无形', 'NaCl']) expect(isMissingText(s)).toBe(false);
  });
  it('shows cells as text', () => {
    expect(cellText(' a ')).toBe('a');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(new Date(Date.UTC(2019, 4, 1)))).toBe('2019-05-01');
    expect(cellText('')).toBeNull();
    expect(cellText(null)).toBeNull();
  });
  it('compares names across departments', () => {
    expect(nameKey('嘉兴华宏（南湖）有限公司')).toBe(nameKey('嘉兴华宏(南湖)有限公司 '));
  });
});
