/**
 * `ratio_to_benchmark`: s = (x ÷ b) × w, or (b ÷ x) × w when lower is better, at most cap × w when capped.
 * The benchmark b is a constant, or a statistic of the group in the ranking unit: the aggregate
 * (Σ numerator ÷ Σ denominator, the way regional averages are published), the mean or the median of the
 * values, times a multiplier. A cell without a positive benchmark scores 0 and says so.
 */
import {
  KERNEL_NOTE,
  type CellStatistics,
  type Direction,
  type ScoringMethod,
  type ScoringOf,
} from './types.js';

type S = ScoringOf<'ratio_to_benchmark'>;

/**
 * The score of one value. A negative value scores 0; a lower-is-better value of 0 is the best possible
 * and scores the cap, or w.
 *
 * @example ratioToBenchmark(20, 24.097, 30, 'higher_is_better') // 24.8993… (docs/methodology.md example 1)
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

function scoreMembers(
  s: S,
  idx: Int32Array,
  cell: Int32Array,
  val: Float64Array,
  nt: Uint8Array,
  sc: Float64Array,
  bench: Float64Array,
  _stats: CellStatistics,
  w: number,
  direction: Direction,
): void {
  const hasCap = s.cap !== undefined;
  const cap = s.cap ?? NaN;
  const lower = direction === 'lower_is_better';
  for (let k = 0; k < idx.length; k++) {
    if (nt[k] !== KERNEL_NOTE.scored) continue;
    const b = bench[cell[idx[k]!]!]!;
    if (!(b > 0)) {
      nt[k] = KERNEL_NOTE.noBenchmark;
      sc[k] = 0;
      continue;
    }
    const x = val[k]!;
    const v = ratioToBenchmark(x, b, w, direction, hasCap ? cap : undefined);
    if (hasCap && v === cap * w && (lower || x / b >= cap)) nt[k] = KERNEL_NOTE.capped;
    sc[k] = v;
  }
}

const L = (lang: 'zh' | 'en', zh: string, en: string) => (lang === 'zh' ? zh : en);

export const ratioToBenchmarkMethod: ScoringMethod<'ratio_to_benchmark'> = {
  id: 'ratio_to_benchmark',
  title: { zh: '与基准值之比', en: 'ratio to a benchmark' },
  gradedPopulation: (s) => 'statistic' in s.benchmark && s.benchmark.population === 'graded',
  benchmarks(s, stats, g, G, out) {
    const bm = s.benchmark;
    for (let c = g; c < out.length; c += G) {
      if ('constant' in bm) out[c] = bm.constant;
      else if (bm.statistic === 'aggregate')
        out[c] = stats.sumDen[c]! > 0 ? (stats.sumNum[c]! / stats.sumDen[c]!) * bm.multiplier : NaN;
      else if (bm.statistic === 'mean')
        out[c] = stats.count[c]! > 0 ? (stats.sumX[c]! / stats.count[c]!) * bm.multiplier : NaN;
      else out[c] = stats.median(c) * bm.multiplier;
    }
  },
  scoreMembers,
  scoreFixed: (s, x, ref, w, direction) =>
    ref.benchmark > 0 ? ratioToBenchmark(x, ref.benchmark, w, direction, s.cap) : 0,
  inverse(s, target, ref, w, direction) {
    const b = ref.benchmark;
    const lower = direction === 'lower_is_better';
    if (target <= 0) return lower ? Infinity : 0;
    if (!(b > 0) || !(w > 0)) return null;
    if (s.cap !== undefined && target > s.cap * w) return null;
    if (!lower) return (target * b) / w;
    // the best possible value, 0, scores the cap (or w) whatever the benchmark
    const atZero = (s.cap ?? 1) * w;
    const bound = (b * w) / target;
    return bound > 0 ? bound : atZero >= target ? 0 : null;
  },
  describe(s, direction, lang) {
    let t =
      direction === 'lower_is_better'
        ? L(lang, '基准值 ÷ 实际值 × 权重', 'benchmark ÷ value × weight')
        : L(lang, '实际值 ÷ 基准值 × 权重', 'value ÷ benchmark × weight');
    if (s.cap !== undefined) t += L(lang, `，封顶 ${s.cap} 倍权重`, `, capped at ${s.cap} × weight`);
    return t;
  },
  describeBenchmark(s, unit, lang) {
    const b = s.benchmark;
    if ('constant' in b) return `${b.constant}${unit ? ` ${unit}` : ''}`;
    const stat = {
      aggregate: L(
        lang,
        '组内合计值之比（Σ分子 ÷ Σ分母）',
        'aggregate of the group (Σ numerator ÷ Σ denominator)',
      ),
      mean: L(lang, '组内平均值', 'mean of the group'),
      median: L(lang, '组内中位数', 'median of the group'),
    }[b.statistic];
    return `${stat}${b.multiplier !== 1 ? ` × ${b.multiplier}` : ''}`;
  },
};
