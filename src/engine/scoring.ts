/**
 * Quota cuts of the classing step. The scoring methods themselves (ratio to a benchmark, ratio to the
 * group's best, min–max) each live in their own file under `methods/`, re-exported here.
 */
export { minmaxScore, ratioToBenchmark, ratioToMax, type Direction } from './methods/index.js';

/** round_half_up(n × share), robust to binary representation (0.65 × 20 is 13, not 12.999…). */
export function quotaCut(n: number, share: number): number {
  return Math.floor(n * share + 0.5 + 1e-9);
}

/** The cumulative cut ranks of a quota classing: cut_k = round_half_up(N × share_k). */
export function quotaCuts(n: number, shares: readonly number[]): number[] {
  return shares.map((s) => quotaCut(n, s));
}
