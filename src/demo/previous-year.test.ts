import { describe, expect, it } from 'vitest';
import { M2_PER_MU, generateDemoCity } from './generate.js';
import { previousYearOf } from './previous-year.js';

describe('the demo city one year earlier', () => {
  const city = generateDemoCity({ enterprises: 3000, seed: 7 });
  const prev = previousYearOf(city);

  it('keeps the enterprises founded before the data year, in order, a year earlier', () => {
    expect(prev.dataYear).toBe(city.dataYear - 1);
    const kept = city.batch.uscc.filter((_, i) => !(city.batch.columns.founded[i]! > city.dataYear - 1));
    expect(prev.batch.uscc).toEqual(kept);
    expect(prev.batch.length).toBeLessThan(city.batch.length); // ~2 % are founded in the data year
  });

  it('varies the figures within the stated bounds and keeps land and scale', () => {
    const at = new Map(city.batch.uscc.map((u, i) => [u, i]));
    let changed = 0;
    for (let k = 0; k < prev.batch.length; k++) {
      const i = at.get(prev.batch.uscc[k]!)!;
      const now = city.batch.columns;
      const then = prev.batch.columns;
      expect(Object.is(then.land_mu[k], now.land_mu[i])).toBe(true);
      expect(then.above_scale[k]).toBe(now.above_scale[i]);
      const t = now.tax[i]!;
      if (Math.abs(t) >= 1) {
        // last year = this year ÷ g with 0.55 ≤ g ≤ 1.8 (rounded to 0.01)
        const g = t / then.tax[k]!;
        expect(g).toBeGreaterThan(0.55 - 0.01);
        expect(g).toBeLessThan(1.8 + 0.01);
        if (Math.abs(g - 1) > 0.001) changed++;
      }
      if (then.above_scale[k] === 1 && !Number.isNaN(then.revenue[k]!))
        expect(then.revenue[k]).toBeGreaterThanOrEqual(2000);
    }
    expect(changed).toBeGreaterThan(prev.batch.length * 0.9);
  });

  it('renumbers the parcels of the enterprises kept; their areas still sum to the land', () => {
    const p = prev.parcels;
    for (let k = 0; k < prev.batch.length; k++) {
      let m2 = 0;
      for (let j = p.start[k]!; j < p.start[k + 1]!; j++) {
        expect(p.owner[j]).toBe(k);
        m2 += p.areaM2[j]!;
      }
      const land = prev.batch.columns.land_mu[k]!;
      if (!Number.isNaN(land) && land > 0) expect(m2 / M2_PER_MU).toBeCloseTo(land, 4);
    }
    expect(p.start[prev.batch.length]).toBe(p.count);
  });

  it('is deterministic', () => {
    const again = previousYearOf(city);
    expect(again.batch.columns.tax).toEqual(prev.batch.columns.tax);
    expect(again.batch.columns.safety_accident).toEqual(prev.batch.columns.safety_accident);
  });
});
