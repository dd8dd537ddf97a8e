/**
 * `ratio_to_max`: s = x ÷ max × w (higher is better) or min ÷ x × w (lower is better), the extremes taken
 * over the non-negative values of the group's evaluated firms in the ranking unit.
 */
import {
  KERNEL_NOTE,
  type CellStatistics,
  type Direction,
  type ScoringMethod,
  type ScoringOf,
} from './types.js';

/** The score of one value against the cell's extremes. A negative value scores 0. */
export function ratioToMax(x: number, min: number, max: number, w: number, direction: Direction): number {
  if (x < 0) return 0;
  if (direction === 'higher_is_better') return max > 0 ? (x / max) * w : 0;
  return x === 0 ? w : (min / x) * w;
}

function scoreMembers(
  _s: ScoringOf<'ratio_to_max'>,
  idx: Int32Array,
  cell: Int32Array,
  val: Float64Array,
  nt: Uint8Array,
  sc: Float64Array,
  _bench: Float64Array,
  stats: CellStatistics,
  w: number,
  direction: Direction,
): void {
  const { min, max } = stats;
  for (let k = 0; k < idx.length; k++) {
    if (nt[k] !== KERNEL_NOTE.scored) continue;
    const c = cell[idx[k]!]!;
    sc[k] = ratioToMax(val[k]!, min[c]!, max[c]!, w, direction);
  }
}

const L = (lang: 'zh' | 'en', zh: string, en: string) => (lang === 'zh' ? zh : en);

export const ratioToMaxMethod: ScoringMethod<'ratio_to_max'> = {
  id: 'ratio_to_max',
  title: { zh: '与组内最优值之比', en: 'ratio to the best of the group' },
  gradedPopulation: () => false,
  benchmarks(_s, _stats, g, G, out) {
    for (let c = g; c < out.length; c += G) out[c] = NaN;
  },
  scoreMembers,
  // the firm itself may become the extreme: at most the full weight
  scoreFixed(_s, x, ref, w, direction) {
    if (x < 0) return 0;
    if (direction === 'higher_is_better') return ref.max > 0 ? Math.min(x / ref.max, 1) * w : 0;
    return x === 0 ? w : Math.min(ref.min / x, 1) * w;
  },
  inverse(_s, target, ref, w, direction) {
    const lower = direction === 'lower_is_better';
    if (target <= 0) return lower ? Infinity : 0;
    if (target > w) return null;
    if (!lower) return ref.max > 0 ? (target / w) * ref.max : null;
    return ref.min > 0 ? (ref.min * w) / target : 0;
  },
  describe: (_s, direction, lang) =>
    direction === 'lower_is_better'
      ? L(lang, '组内最小值 ÷ 实际值 × 权重', 'the group’s minimum ÷ value × weight')
      : L(lang, '实际值 ÷ 组内最大值 × 权重', 'value ÷ the group’s maximum × weight'),
  describeBenchmark: () => null,
};
