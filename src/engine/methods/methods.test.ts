/**
 * The scoring methods by name: one per method of the file format, each kernel giving what its formula
 * says (docs/methodology.md §3), and each inverse giving the value that reaches a score.
 */
import { describe, expect, it } from 'vitest';
import { scoringSchema } from '../methodology/schema.js';
import { methodOf, SCORING_METHODS, type CellReference, type Scoring } from './index.js';

const settings: Record<keyof typeof SCORING_METHODS, Scoring[]> = {
  ratio_to_benchmark: [
    { method: 'ratio_to_benchmark', benchmark: { constant: 24.097 } },
    { method: 'ratio_to_benchmark', benchmark: { constant: 2 }, cap: 1.5 },
  ],
  ratio_to_max: [{ method: 'ratio_to_max' }],
  minmax: [
    { method: 'minmax', floor: 20 },
    { method: 'minmax', floor: 0 },
  ],
};
const ref: CellReference = { benchmark: 24.097, min: 2, max: 60 };

describe('scoring methods', () => {
  it('has one registered method for each method of the file format', () => {
    // the discriminated union of the indicator's scoring in the schema
    const inSchema = scoringSchema.options.map((o) => o.shape.method.value);
    expect(new Set(inSchema)).toEqual(new Set(Object.keys(SCORING_METHODS)));
    for (const [id, m] of Object.entries(SCORING_METHODS)) expect(m.id).toBe(id);
  });

  it('scores the worked examples: 20 against 24.097 with weight 30 is 24.899; min–max 20 in [2, 60] is 13.448', () => {
    const rb = settings.ratio_to_benchmark[0]!;
    expect(methodOf(rb).scoreFixed(rb, 20, ref, 30, 'higher_is_better')).toBeCloseTo(24.899, 3);
    const mm = settings.minmax[0]!;
    expect(methodOf(mm).scoreFixed(mm, 20, ref, 30, 'higher_is_better')).toBeCloseTo(13.448, 3);
    const rm = settings.ratio_to_max[0]!;
    expect(methodOf(rm).scoreFixed(rm, 30, ref, 10, 'higher_is_better')).toBe(5);
  });

  for (const [id, list] of Object.entries(settings))
    for (const s of list)
      for (const direction of ['higher_is_better', 'lower_is_better'] as const)
        it(`${id} ${JSON.stringify(s)} ${direction}: the inverse reaches the score it is asked for`, () => {
          const m = methodOf(s);
          const w = 30;
          for (const target of [1, 7.5, 13.448, 20, 29.9]) {
            const x = m.inverse(s, target, ref, w, direction);
            if (x === null) {
              // nothing reaches it: not even the best value
              const best = direction === 'higher_is_better' ? 1e9 : 0;
              expect(m.scoreFixed(s, best, ref, w, direction)).toBeLessThan(target);
              continue;
            }
            expect(m.scoreFixed(s, x, ref, w, direction)).toBeGreaterThanOrEqual(target - 1e-9);
            // and it is the least change: a little worse misses the target
            if (Number.isFinite(x) && x > 0) {
              const worse = direction === 'higher_is_better' ? x * 0.99 : x * 1.01;
              expect(m.scoreFixed(s, worse, ref, w, direction)).toBeLessThan(target);
            }
          }
        });

  it('says when a capped score cannot be reached (cap 1.5 × weight 30 = 45)', () => {
    const s = settings.ratio_to_benchmark[1]!;
    expect(methodOf(s).inverse(s, 46, { benchmark: 2, min: 0, max: 0 }, 30, 'higher_is_better')).toBeNull();
    expect(methodOf(s).inverse(s, 45, { benchmark: 2, min: 0, max: 0 }, 30, 'higher_is_better')).toBe(3);
  });

  it('describes each method in words, in both languages, without field names', () => {
    for (const list of Object.values(settings))
      for (const s of list)
        for (const lang of ['zh', 'en'] as const) {
          const t = methodOf(s).describe(s, 'higher_is_better', lang);
          expect(t.length).toBeGreaterThan(5);
          expect(t).not.toMatch(/ratio_to|minmax\b|undefined/);
        }
  });
});
