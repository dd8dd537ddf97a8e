/** The merge of departmental files into canonical records, with validation and reconciliation. */
export {
  DepartmentMerge,
  mergeDepartments,
  mergeDepartmentsAsync,
  type DepartmentInput,
  type AsyncDepartmentInput,
  type RegistryEntry,
  type MergeOptions,
  type MergeResult,
  type FileFeed,
  type ImportProblem,
  type FileReconciliation,
  type Reconciliation,
  type SourceValue,
  type Conflict,
  type FieldProvenance,
  type RecordProvenance,
  type LandHolding,
} from './merge.js';
export { messages, RULES, type Rule, type RuleMessage, type RowRef } from './messages.js';
export { cellReader, type CellReader, type CellValue, type ReaderContext } from './cells.js';
