/** Golden tests of a methodology (`mujun.methodology-tests/v1`): format, reader and runner, all pure. */
export * from './schema.js';
export { parseGoldenFile, formatGoldenIssue } from './parse.js';
export {
  runGoldenTest,
  withinMargin,
  goldenUscc,
  DEFAULT_MARGIN,
  GOLDEN_STEPS,
  STEP_TITLES,
  type GoldenStep,
  type GoldenFailure,
  type GoldenOutcome,
  type GoldenValue,
} from './run.js';
