import { describe, expect, it } from 'vitest';
import { fieldValue, flagLabel, inputLabel, landSource, signed, sourceName } from './labels';

describe('statement words', () => {
  it('names flags and inputs in either language, an unknown code as it is', () => {
    expect(flagLabel('veto', 'zh')).toBe('一票否决');
    expect(flagLabel('veto', 'en')).toBe('veto');
    expect(flagLabel('no_such_flag', 'en')).toBe('no_such_flag');
    expect(flagLabel('toString', 'en')).toBe('toString');
    expect(inputLabel('energy_tce', 'en')).toBe('energy use');
  });

  it('says where figures came from', () => {
    expect(sourceName('demo:seed=5', 'en')).toBe('demo data (synthetic)');
    expect(sourceName('file:tax.xlsx', 'zh')).toBe('tax.xlsx');
    expect(sourceName('import:a.xlsx,b.csv', 'zh')).toBe('a.xlsx、b.csv');
    expect(sourceName('import:a.xlsx,b.csv', 'en')).toBe('a.xlsx, b.csv');
  });

  it('puts a parcel’s department in the page language and marks the demo', () => {
    expect(landSource('natural-resources land.xlsx#3', 'zh')).toBe('自然资源 land.xlsx#3');
    expect(landSource('natural-resources land.xlsx#3', 'en')).toBe('natural resources land.xlsx#3');
    expect(landSource('自然资源 natural resources (demo)', 'en')).toBe('natural resources (demo data)');
    expect(landSource(null, 'en')).toBe('—');
  });

  it('writes figures as the clerk did: years plain, flags yes/no', () => {
    expect(fieldValue(2015, '年', 'en')).toBe('2015');
    expect(fieldValue(1, '', 'en')).toBe('yes');
    expect(fieldValue(0, '', 'zh')).toBe('否');
    expect(fieldValue(1234.5, '万元', 'zh')).toBe('1,234.5');
    expect(fieldValue(null, '万元', 'zh')).toBe('—');
    expect(signed(2.5, 2)).toBe('+2.5');
    expect(signed(-1, 2)).toBe('-1');
  });
});
