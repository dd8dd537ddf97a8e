/**
 * The three scoring families of methodology.md, as pure functions of one indicator value.
 * Callers handle missing values and zero denominators before calling these.
 */

export type Direction = 'higher_is_better' | 'lower_is_better';

/**
 * `ratio_to_benchmark`: s = (x ÷ b) × w, or (b ÷ x) × w when lower is better; s ≤ cap × w when capped.
 * A negative value scores 0. A lower-is-better value of 0 is the best possible: it scores the cap, or w.
 *
 * @example ratioToBenchmark(20, 24.097, 30, 'higher_is_better') // 24.8993…
 */
export function ratioToBenchmark(
  x: number,
  b: number,
  w: number,
  direction: Direction,
  cap?: number,
): number {
  if (!(b > 0) || x < 0) return 0;
  let s: number;
  if (direction === 'higher_is_better') s = (x / b) * w;
  else s = x === 0 ? (cap ?? 1) * w : (b / x) * w;
  return cap !== undefined && s > cap * w ? cap * w : s;
}

/**
 * `ratio_to_max`: s = x ÷ max × w (higher is better) or min ÷ x × w (lower is better), where max / min are
 * taken over the group's non-negative values. A negative value scores 0.
 */
export function ratioToMax(x: number, min: number, max: number, w: number, direction: Direction): number {
  if (x < 0) return 0;
  if (direction === 'higher_is_better') return max > 0 ? (x / max) * w : 0;
  return x === 0 ? w : (min / x) * w;
}

/**
 * `minmax`: s = w × [f + (100 − f) × (x − min) ÷ (max − min)] ÷ 100 (direction inverted for lower is
 * better); when max = min every firm scores w. A negative value scores 0.
 *
 * @example minmaxScore(20, 2, 60, 30, 20, 'higher_is_better') // 13.448… (methodology.md example 3)
 */
export function minmaxScore(
  x: number,
  min: number,
  max: number,
  w: number,
  floor: number,
  direction: Direction,
): number {
  if (x < 0) return 0;
  if (max === min) return w;
  const t = direction === 'higher_is_better' ? (x - min) / (max - min) : (max - x) / (max - min);
  return (w * (floor + (100 - floor) * t)) / 100;
}

/** round_half_up(n × share), robust to binary representation (0.65 × 20 is 13, not 12.999…). */
export function quotaCut(n: number, share: number): number {
  return Math.floor(n * share + 0.5 + 1e-9);
}

/** The cumulative cut ranks of a quota classing: cut_k = round_half_up(N × share_k). */
export function quotaCuts(n: number, shares: readonly number[]): number[] {
  return shares.map((s) => quotaCut(n, s));
}
