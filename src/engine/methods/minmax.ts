/**
 * `minmax`: s = w × [f + (100 − f) × (x − min) ÷ (max − min)] ÷ 100 with a floor f (default 20), the
 * direction inverted for lower-is-better; when max = min every firm scores w (Jingde, Anhui).
 */
import {
  KERNEL_NOTE,
  type CellStatistics,
  type Direction,
  type ScoringMethod,
  type ScoringOf,
} from './types.js';

/**
 * The score of one value against the cell's extremes. A negative value scores 0.
 *
 * @example minmaxScore(20, 2, 60, 30, 20, 'higher_is_better') // 13.448… (docs/methodology.md example 3)
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

function scoreMembers(
  s: ScoringOf<'minmax'>,
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
  const floor = s.floor;
  for (let k = 0; k < idx.length; k++) {
    if (nt[k] !== KERNEL_NOTE.scored) continue;
    const c = cell[idx[k]!]!;
    sc[k] = minmaxScore(val[k]!, min[c]!, max[c]!, w, floor, direction);
  }
}

const L = (lang: 'zh' | 'en', zh: string, en: string) => (lang === 'zh' ? zh : en);

export const minmaxMethod: ScoringMethod<'minmax'> = {
  id: 'minmax',
  title: { zh: '最小–最大法', en: 'min–max' },
  gradedPopulation: () => false,
  benchmarks(_s, _stats, g, G, out) {
    for (let c = g; c < out.length; c += G) out[c] = NaN;
  },
  scoreMembers,
  // the firm itself may move past an extreme: the position is bounded to [0, 1]
  scoreFixed(s, x, ref, w, direction) {
    if (x < 0) return 0;
    if (!(ref.max > ref.min)) return w;
    const span = ref.max - ref.min;
    const t = direction === 'higher_is_better' ? (x - ref.min) / span : (ref.max - x) / span;
    return (w * (s.floor + (100 - s.floor) * Math.min(1, Math.max(0, t)))) / 100;
  },
  inverse(s, target, ref, w, direction) {
    const lower = direction === 'lower_is_better';
    const any = lower ? Infinity : 0;
    if (target <= 0) return any;
    if (target > w) return null;
    if (!(ref.max > ref.min)) return any;
    const t = ((100 * target) / w - s.floor) / (100 - s.floor);
    if (t <= 0) return any;
    const span = ref.max - ref.min;
    return lower ? ref.max - t * span : ref.min + t * span;
  },
  describe: (s, direction, lang) =>
    L(
      lang,
      `最小–最大法：权重 × [${s.floor} + (100 − ${s.floor}) × (x − 最小值) ÷ (最大值 − 最小值)] ÷ 100${direction === 'lower_is_better' ? '（越小越好）' : ''}`,
      `min–max: weight × [${s.floor} + (100 − ${s.floor}) × (x − min) ÷ (max − min)] ÷ 100${direction === 'lower_is_better' ? ' (lower is better)' : ''}`,
    ),
  describeBenchmark: () => null,
};
