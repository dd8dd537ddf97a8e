/**
 * Shapes shared by the import layer (issue: import departmental data as it really arrives).
 * Readers (src/ingest/readers) turn a file into raw rows; profiles (src/ingest/profiles) recognise a
 * department's layout and turn raw rows into canonical values; the merge builds canonical records.
 */

/** One raw cell as read: text (CSV, or XLSX text cells), a number or a date (XLSX typed cells), or empty. */
export type RawCell = string | number | Date | null;

/** One row as read from a file: its sheet (XLSX; null for CSV) and its 1-based row number in the file. */
export interface RawRow {
  readonly sheet: string | null;
  /** 1-based, as a spreadsheet program shows it. */
  readonly row: number;
  readonly cells: readonly RawCell[];
}

/** What a reader found out about the file while opening it. */
export interface TableInfo {
  readonly file: string;
  readonly format: 'csv' | 'xlsx';
  /** For CSV: 'utf-8', 'utf-8-bom', 'gb18030' (GBK is read as its superset GB18030), 'utf-16le', 'utf-16be'. */
  readonly encoding: string | null;
  readonly sheet: string | null;
  /** XLSX: every sheet of the workbook, in order. */
  readonly sheets?: readonly string[];
  /** XLSX: the sheets whose rows are read, in order (one, unless every sheet with a value is read). */
  readonly readSheets?: readonly string[];
  /** CSV: the delimiter found. */
  readonly delimiter?: ',' | '\t';
  /** XLSX: the merged cell ranges of the sheet (none for CSV), so a merged header can be filled across its span. */
  readonly merges?: readonly MergedRange[];
}

/** A range of merged cells: rows 1-based like `RawRow.row`, columns 0-based like `RawRow.cells`; inclusive. */
export interface MergedRange {
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstCol: number;
  readonly lastCol: number;
}

/**
 * A problem with a whole file (cannot be read at all): the import of that file stops, nothing is
 * written. Row-level problems are `Rejection`s instead.
 */
export interface FileProblem {
  readonly file: string;
  readonly rule: string;
  readonly zh: string;
  readonly en: string;
}

export type { Rejection } from '../domain/rejection.js';
