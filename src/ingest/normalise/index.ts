/** Value normalisation: units and their conversion, numbers, dates, yes/no, codes and skippable rows. */
export {
  QUANTITIES,
  UNITS,
  CANONICAL_UNIT,
  DEFAULT_MAX,
  unitKey,
  unitById,
  isUnitOf,
  findUnit,
  findAnyUnit,
  toCanonical,
  type Quantity,
  type Unit,
} from './units.js';
export {
  normaliseLabel,
  trimValue,
  isMissingText,
  isMissingCell,
  cellText,
  rawValue,
  nameKey,
  isoDay,
} from './text.js';
export { parseNumberCell, parseNumberText, type ParsedNumber } from './number.js';
export { parseDateCell, yearOf, MIN_YEAR, MAX_YEAR, type ParsedDate } from './date.js';
export { parseBooleanCell, booleanParser, type ParsedBoolean, type BooleanWords } from './boolean.js';
export {
  parseUsccCell,
  divisionResolver,
  industryParser,
  type ParsedUscc,
  type ParsedDivision,
  type ParsedIndustry,
  type DivisionResolverOptions,
} from './codes.js';
export { isBlankRow, isSummaryRow, isNoteRow, SKIP_REASONS, type SkipReason } from './rows.js';
