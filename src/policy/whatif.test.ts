/**
 * What-if on the six enterprises of testing.ts: side A classes A, B, D, D, C, –; side B classes
 * B, B, C, D, D, – (same policy, no history: every streak is one year). Arithmetic in the comments.
 */
import { describe, expect, it } from 'vitest';
import { applyPolicy } from './apply.js';
import { TEST_ROWS, testInput, testPolicy } from './testing.js';
import { compareApplications } from './whatif.js';

const policy = testPolicy();
const a = applyPolicy(policy, testInput(TEST_ROWS, ['A', 'B', 'D', 'D', 'C', null]));
const b = applyPolicy(policy, testInput(TEST_ROWS, ['B', 'B', 'C', 'D', 'D', null]));
const r = compareApplications(a, b);

describe('compareApplications', () => {
  it('counts the class transitions (rows A, columns B; last = not graded)', () => {
    expect(r.transition.labels).toEqual(['A', 'B', 'C', 'D', 'none']);
    expect(r.transition.counts).toEqual([
      [0, 1, 0, 0, 0], // E1 A → B
      [0, 1, 0, 0, 0], // E2 B → B
      [0, 0, 0, 1, 0], // E5 C → D
      [0, 0, 1, 1, 0], // E3 D → C, E4 D → D
      [0, 0, 0, 0, 1], // E6 not graded on both sides
    ]);
    expect([r.changedCount, r.movedUp, r.movedDown]).toEqual([3, 1, 2]);
  });

  it('lists the changes, largest drop first, then by county', () => {
    // E1 A→B (330402) and E5 C→D (330481) both drop one class; E3 D→C moves up
    expect(r.changed.map((c) => [c.uscc, c.from, c.to])).toEqual([
      ['E1', 'A', 'B'],
      ['E5', 'C', 'D'],
      ['E3', 'D', 'C'],
    ]);
  });

  it('finds the enterprises hit hardest', () => {
    // E1: A = relief 16 + rewards 10 + 500 × 3 % = 41; B = relief 20,000 m² × 8 元 × 50 % = 8 + 500 × 1 % = 13
    // E5: A (C) = −(20 × 0.1 + 0.05 + 0.05) = −2.1; B (D) = −(20 × 0.3 + 100 × 10 × 1 元 + 1 t × 1000 元) = −6.2
    expect(r.hardestHit.map((h) => h.uscc)).toEqual(['E1', 'E5']);
    expect(r.hardestHit[0]!.netBenefitA).toBeCloseTo(41, 9);
    expect(r.hardestHit[0]!.netBenefitB).toBeCloseTo(13, 9);
    expect(r.hardestHit[0]!.deltaWan).toBeCloseTo(-28, 9);
    expect(r.hardestHit[1]!.deltaWan).toBeCloseTo(-4.1, 9);
  });

  it('gives the fiscal effect per county and for the city', () => {
    const city = r.fiscal.city;
    // relief: A 16 + 2 = 18; B 8 + 2 = 10
    expect(city.a.reliefWan).toBeCloseTo(18, 9);
    expect(city.b.reliefWan).toBeCloseTo(10, 9);
    expect(city.delta.reliefWan).toBeCloseTo(-8, 9);
    // rewards: A 10 + 15 + 100 = 125; B 5 + 100 = 105
    expect(city.delta.rewardWan).toBeCloseTo(-20, 9);
    // surcharges: A = E3 (D) 15 + 0.3 + 0.4, E4 (D) 3 + 0.05, E5 (C) 2.1 → 20.85
    //             B = E3 (C) 5 + 0.15 + 0.2, E4 (D) 3.05, E5 (D) 6.2 → 14.6
    expect(city.a.surchargeWan).toBeCloseTo(20.85, 9);
    expect(city.b.surchargeWan).toBeCloseTo(14.6, 9);
    expect(city.delta.netFiscalWan).toBeCloseTo(14.6 - 10 - 105 - (20.85 - 18 - 125), 9);
    const c421 = r.fiscal.counties.find((c) => c.division === '330421')!;
    expect([c421.movedUp, c421.movedDown]).toEqual([1, 0]);
    expect(c421.delta.classes).toEqual({ A: 0, B: 0, C: 1, D: -1 });
  });

  it('refuses two sides over different records', () => {
    const other = applyPolicy(policy, testInput(TEST_ROWS.slice(1)));
    expect(() => compareApplications(a, other)).toThrow(/same records/);
  });
});

describe('compareApplications: the list of changes (issue 11 #29)', () => {
  // E2 (330481) B → C and E3 (330421) C → D: one class each; E2 loses more net benefit than E3
  const a2 = applyPolicy(policy, testInput(TEST_ROWS, [null, 'B', 'C', null, null, null]));
  const b2 = applyPolicy(policy, testInput(TEST_ROWS, [null, 'C', 'D', null, null, null]));
  const r2 = compareApplications(a2, b2);

  it('lists changes by the size of the move, then county and code: not in the hardest-hit order', () => {
    expect(r2.hardestHit.map((h) => h.uscc)).toEqual(['E2', 'E3']);
    expect(r2.hardestHit[0]!.deltaWan).toBeLessThan(r2.hardestHit[1]!.deltaWan);
    // 330421 before 330481, though E2 loses more
    expect(r2.changed.map((c) => [c.uscc, c.division])).toEqual([
      ['E3', '330421'],
      ['E2', '330481'],
    ]);
  });

  it('pages the changes', () => {
    const p = compareApplications(a, b, { changedOffset: 1, changedLimit: 1 });
    expect(p.changedCount).toBe(3);
    expect(p.changedOffset).toBe(1);
    expect(p.changed.map((c) => c.uscc)).toEqual([r.changed[1]!.uscc]);
  });
});
