/**
 * The scoring methods of a methodology, registered by name. The registry's type requires one entry for
 * every `method` of the file format (`Indicator['scoring']`): a fourth method added to the schema does not
 * compile until it has its file here.
 */
import { minmaxMethod } from './minmax.js';
import { ratioToBenchmarkMethod } from './ratio-to-benchmark.js';
import { ratioToMaxMethod } from './ratio-to-max.js';
import type { Scoring, ScoringMethod, ScoringMethodId } from './types.js';

export const SCORING_METHODS = {
  ratio_to_benchmark: ratioToBenchmarkMethod,
  ratio_to_max: ratioToMaxMethod,
  minmax: minmaxMethod,
} as const satisfies { readonly [K in ScoringMethodId]: ScoringMethod<K> };

/**
 * The method of an indicator's scoring, with the scoring's own type: `methodOf(s).describe(s, …)`. (The
 * registry lookup is by the discriminant, so the pairing of method and settings always holds.)
 */
export function methodOf<S extends Scoring>(s: S): ScoringMethod<S['method']> {
  return SCORING_METHODS[s.method] as unknown as ScoringMethod<S['method']>;
}

export { ratioToBenchmark } from './ratio-to-benchmark.js';
export { ratioToMax } from './ratio-to-max.js';
export { minmaxScore } from './minmax.js';
export type {
  CellReference,
  CellStatistics,
  Direction,
  Scoring,
  ScoringMethod,
  ScoringMethodId,
  ScoringOf,
} from './types.js';
