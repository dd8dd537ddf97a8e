/** The pure evaluation engine: methodology parsing, scoring, classing and explanation. No IO. */
export { evaluate, classOf, type EvaluateContext } from './evaluate.js';
export { enterpriseResult, classSteps, summarise, type RunSummary } from './explain.js';
export { fixed6, formatResultsCsv, formatResultsCsvBytes, RESULT_CSV_COLUMNS } from './results-csv.js';
export { minmaxScore, quotaCut, quotaCuts, ratioToBenchmark, ratioToMax } from './scoring.js';
export { compileCondition } from './conditions.js';
export * from './result.js';
export {
  parseMethodology,
  loadMethodologyText,
  MethodologyError,
  formatIssue,
  type MethodologyIssue,
  type ParseResult,
} from './methodology/parse.js';
export {
  methodologySchema,
  SCHEMA_ID,
  CLASS_IDS,
  type ClassId,
  type Condition,
  type Methodology,
  type MethodologyInput,
  type Group,
  type Indicator,
  type Adjustment,
  type RankingUnit,
} from './methodology/schema.js';
