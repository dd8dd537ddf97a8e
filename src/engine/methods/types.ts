/**
 * What every scoring method of a methodology provides, so that the engine, the explanation, the
 * readable rules and the how-to-move-up computation never branch on a method's name: the registry
 * (`index.ts`) must have one entry per method of the file format, or the build fails.
 */
import type { Indicator } from '../methodology/schema.js';

export type Scoring = Indicator['scoring'];
export type ScoringMethodId = Scoring['method'];
export type ScoringOf<K extends ScoringMethodId> = Extract<Scoring, { method: K }>;
export type Direction = Indicator['direction'];
type Lang = 'zh' | 'en';

/**
 * Per ranking-unit cell, the statistics the engine gathers over the values of one indicator (see
 * `valuesAndStatistics` in evaluate.ts); a method reads those it needs.
 */
export interface CellStatistics {
  /** Σ numerator and Σ denominator over the statistic's population (aggregate benchmarks). */
  readonly sumNum: Float64Array;
  readonly sumDen: Float64Array;
  /** Σ value and count over the statistic's population (mean benchmarks). */
  readonly sumX: Float64Array;
  readonly count: Float64Array;
  /** Extremes of the non-negative values of the group's evaluated firms (Infinity / −Infinity when none). */
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** The median of the values of cell c over the statistic's population (computed on demand). */
  median(c: number): number;
}

/** What one firm is scored against in its cell: the benchmark, or the cell's extremes. */
export interface CellReference {
  benchmark: number;
  min: number;
  max: number;
}

/** Codes the kernels write into the note array (the same as evaluate.ts's). */
export const KERNEL_NOTE = { scored: 0, capped: 1, noBenchmark: 6 } as const;

export interface ScoringMethod<K extends ScoringMethodId> {
  readonly id: K;
  readonly title: { zh: string; en: string };
  /** Only graded firms enter the statistics (a benchmark's `population: graded`). */
  gradedPopulation(s: ScoringOf<K>): boolean;
  /** The benchmark of each cell `g, g + G, …` (NaN where the method has none), from the statistics. */
  benchmarks(s: ScoringOf<K>, stats: CellStatistics, g: number, G: number, out: Float64Array): void;
  /**
   * The kernel: scores every member `k` whose note is `scored` (value ≥ 0), writing `sc[k]` and, where
   * the method says so, a note (`capped`, `noBenchmark`). Other members are left to the missing-value
   * rules. One tight loop per method, so each stays monomorphic.
   */
  scoreMembers(
    s: ScoringOf<K>,
    idx: Int32Array,
    cell: Int32Array,
    val: Float64Array,
    nt: Uint8Array,
    sc: Float64Array,
    bench: Float64Array,
    stats: CellStatistics,
    w: number,
    direction: Direction,
  ): void;
  /**
   * The score of a value against a cell reference that stays fixed while one firm's figures change (how
   * to move up): the firm may become the cell's extreme, so extremes-based scores are bounded by `w`.
   */
  scoreFixed(s: ScoringOf<K>, x: number, ref: CellReference, w: number, direction: Direction): number;
  /**
   * The inverse of `scoreFixed`: the value the firm needs for a score of at least `target` (the smallest
   * for higher-is-better, the largest for lower-is-better), or null when no value reaches it.
   */
  inverse(
    s: ScoringOf<K>,
    target: number,
    ref: CellReference,
    w: number,
    direction: Direction,
  ): number | null;
  /** The scoring rule in words, e.g. "实际值 ÷ 基准值 × 权重，封顶 3 倍权重". */
  describe(s: ScoringOf<K>, direction: Direction, lang: Lang): string;
  /** The benchmark in words (its constant with the unit, or the statistic), or null when there is none. */
  describeBenchmark(s: ScoringOf<K>, unit: string, lang: Lang): string | null;
}
