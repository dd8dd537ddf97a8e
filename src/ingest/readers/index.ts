/**
 * The readers of the import layer: a departmental CSV or XLSX file in, raw rows out; the header
 * among its first rows found. Everything a caller needs is exported here; the other modules of this
 * folder are internals.
 */
export { openTable, readSheetNames, DEFAULT_MAX_BYTES } from './open-table.js';
export type { OpenTableOptions, OpenedTable } from './open-table.js';
export { IngestFileError } from './errors.js';
export type { IngestFileRule } from './errors.js';
export { findHeader, headerText } from './header.js';
export type { FindHeaderOptions, HeaderColumn, HeaderMatch } from './header.js';
export { DEFAULT_ZIP_LIMITS } from './zip.js';
export type { ZipLimits } from './zip.js';
export type { TextEncoding } from './sniff.js';
