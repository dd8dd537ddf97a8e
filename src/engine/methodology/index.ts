/** Methodology files: the zod schema (source of the JSON Schema) and the located, bilingual validator. */
export {
  parseMethodology,
  loadMethodologyText,
  MethodologyError,
  formatIssue,
  type MethodologyIssue,
  type ParseResult,
} from './parse.js';
export { methodologySchema, SCHEMA_ID } from './schema.js';
