import { describe, expect, it } from 'vitest';
import { unitText, withUnit } from './format';

describe('units in the page language', () => {
  it('turns the bureau’s units into English, compounds part by part', () => {
    expect(unitText('万元/亩', 'en')).toBe('10k yuan/mu');
    expect(unitText('万元/吨标准煤', 'en')).toBe('10k yuan/tce');
    expect(unitText('万元/万千瓦时', 'en')).toBe('10k yuan/10k kWh');
    expect(unitText('吨标准煤', 'en')).toBe('tce');
    expect(unitText('人', 'en')).toBe('persons');
    expect(unitText('万元/亩', 'zh')).toBe('万元/亩');
    expect(unitText('', 'en')).toBe('');
    expect(unitText(null, 'en')).toBe('');
  });

  it('puts the unit after the label with the punctuation of the language', () => {
    expect(withUnit('亩均税收', '万元/亩', 'zh')).toBe('亩均税收（万元/亩）');
    expect(withUnit('Tax per mu', '万元/亩', 'en')).toBe('Tax per mu (10k yuan/mu)');
    expect(withUnit('Flag', '', 'en')).toBe('Flag');
  });
});
