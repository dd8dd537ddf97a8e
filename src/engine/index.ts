/**
 * The pure evaluation engine: scoring, classing and explanation. No IO. Parsing and validating
 * methodology files (zod, YAML) is in `./methodology/index.ts`, so that evaluating with an already
 * validated methodology does not load them.
 */
export { evaluate, classOf, type EvaluateContext } from './evaluate.js';
export {
  enterpriseResult,
  classSteps,
  expandResultDetail,
  resultDetailJson,
  storedCells,
  summarise,
  type ResultDetail,
  type RunSummary,
  type StoredCell,
} from './explain.js';
export {
  fixed6,
  formatResultsCsv,
  formatResultsCsvBytes,
  resultsCsvParts,
  RESULT_CSV_COLUMNS,
} from './results-csv.js';
export { minmaxScore, quotaCut, quotaCuts, ratioToBenchmark, ratioToMax } from './scoring.js';
export { compileCondition } from './conditions.js';
export { CLASS_IDS, type ClassId } from './classes.js';
export * from './result.js';
export type {
  Condition,
  Methodology,
  MethodologyInput,
  Group,
  Indicator,
  Adjustment,
  RankingUnit,
} from './methodology/schema.js';
