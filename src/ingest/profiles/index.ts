/** Mapping profiles: the file format, parsing, header matching and layout recognition. */
export {
  PROFILE_SCHEMA_ID,
  COLUMN_TYPES,
  TARGET_FIELDS,
  FIELD_QUANTITY,
  DUPLICATE_POLICIES,
  profileSchema,
  columnSchema,
  type ColumnType,
  type ColumnSpec,
  type FieldSource,
  type Profile,
  type TargetField,
  type DuplicatePolicy,
} from './schema.js';
export {
  parseProfile,
  loadProfileText,
  formatProfileIssue,
  sourceColumns,
  ProfileError,
  type ProfileIssue,
  type ProfileParseResult,
} from './parse.js';
export {
  compileProfile,
  matchHeader,
  type CompiledProfile,
  type CompiledColumn,
  type HeaderMatch,
} from './header.js';
export {
  mapHeader,
  recogniseProfile,
  locateHeader,
  explainNoHeader,
  combineHeaderRows,
  headerPredicate,
  HEADER_SCAN_ROWS,
  type Recognition,
  type MappedColumn,
  type HeaderNotice,
  type HeaderLocation,
} from './recognise.js';
export { PROFILES_DIR, shippedProfiles, loadProfile, loadProfileFile, loadProfileDir } from './shipped.js';
export { profileJsonSchema, profileJsonSchemaText } from './json-schema.js';
