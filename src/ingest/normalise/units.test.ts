import { describe, expect, it } from 'vitest';
import { CANONICAL_UNIT, findAnyUnit, findUnit, toCanonical, unitById, UNITS } from './units.js';

describe('conversion to canonical units', () => {
  it.each([
    ['元', 123456, 12.3456],
    ['千元', 12345.6, 1234.56],
    ['万元', 7.5, 7.5],
    ['亿元', 1.2, 12000],
    ['平方米', 10000 / 15, 1],
    ['平方米', 3000, 4.5],
    ['公顷', 2, 30],
    ['千瓦时', 1234567, 123.4567],
    ['兆瓦时', 100, 10],
    ['千克', 2500, 2.5],
    ['吨', 1.5, 1.5],
    ['千克标准煤', 1500, 1.5],
    ['万吨标准煤', 0.5, 5000],
  ])('%s: %d → %d', (unit, value, canonical) => {
    expect(toCanonical(value, unitById(unit))).toBeCloseTo(canonical, 12);
  });

  it('divides rather than multiplying by an inexact fraction', () => {
    // 0.0001 is not a binary fraction: 123 × 0.0001 ≠ 123 ÷ 10000 in floating point.
    expect(toCanonical(123, unitById('元'))).toBe(123 / 10000);
    expect(toCanonical(12345, unitById('千元'))).toBe(1234.5);
    expect(toCanonical(777, unitById('千瓦时'))).toBe(0.0777);
  });

  it('names the canonical unit of every quantity (docs/methodology.md)', () => {
    expect(CANONICAL_UNIT.money.id).toBe('万元');
    expect(CANONICAL_UNIT.land.id).toBe('亩');
    expect(CANONICAL_UNIT.energy.id).toBe('吨标准煤');
    expect(CANONICAL_UNIT.mass.id).toBe('吨');
    expect(CANONICAL_UNIT.electricity.id).toBe('万千瓦时');
    expect(CANONICAL_UNIT.headcount.id).toBe('人');
    for (const q of Object.values(CANONICAL_UNIT)) expect([q.mul, q.div]).toEqual([1, 1]);
  });
});

describe('unit spellings', () => {
  it.each([
    ['electricity', 'kWh', '千瓦时'],
    ['electricity', 'KW·H', '千瓦时'],
    ['electricity', 'kw.h', '千瓦时'],
    ['electricity', '度', '千瓦时'],
    ['electricity', '万kWh', '万千瓦时'],
    ['electricity', '万度', '万千瓦时'],
    ['land', '㎡', '平方米'],
    ['land', 'm²', '平方米'],
    ['land', 'M2', '平方米'],
    ['land', '平米', '平方米'],
    ['money', 'ＲＭＢ', '元'],
    ['money', '万', '万元'],
    ['mass', 'kg', '千克'],
    ['mass', '公斤', '千克'],
    ['energy', 'tce', '吨标准煤'],
  ] as const)('%s: %s is %s', (q, text, id) => {
    expect(findUnit(q, text)?.id).toBe(id);
  });

  it('tells a unit of another kind from text that is no unit', () => {
    expect(findUnit('electricity', '吨')).toBeUndefined();
    expect(findAnyUnit('吨')?.id).toBe('吨');
    expect(findAnyUnit('兆焦')).toBeUndefined();
  });

  it('has no spelling that means two units of one quantity', () => {
    const seen = new Map<string, string>();
    for (const u of UNITS)
      for (const s of [u.id, ...u.aliases]) {
        const k = `${u.quantity}:${s.normalize('NFKC').toLowerCase()}`;
        expect(seen.get(k) ?? u.id).toBe(u.id);
        seen.set(k, u.id);
      }
  });
});
