/**
 * Reads a canonical record file (docs/methodology.md §7, "The canonical record file") into a RecordBatch.
 *
 * The reader works on the bytes: one pass over the Uint8Array finds the cells, numbers are parsed
 * straight from the bytes (bit-exact with `Number(text)`), short repeated text cells (division,
 * industry) are interned, and a string is created only for the text cells that need one.
 *
 * File-level problems (not UTF-8, binary, missing column, wrong cell count, unterminated quote, …)
 * throw a {@link CanonicalFileError}; cell-level problems (a value that is not a number, a flag that
 * is not 0/1) make the value missing and are recorded in `batch.issues` (first problem per record).
 *
 * Row numbers are 1-based with the header as row 1 and count CSV records the way a spreadsheet
 * shows them: a blank line counts as a row, a line break inside a quoted cell does not.
 *
 * The module by concern: `file-errors.ts` (file-level problems and checks), `csv-bytes.ts` (cells from
 * bytes), `canonical-header.ts` (the header and what each column feeds), `record-reader.ts` (the
 * records, one pass), `canonical-chunks.ts` (by chunks, for the second thread). This file is its surface.
 */
export { CanonicalFileError, type CanonicalFileErrorInit, type CanonicalFileRule } from './file-errors.js';
export { parseDecimalBytes, type SliceBuffer } from './csv-bytes.js';
export {
  prepareCanonical,
  type CanonicalParseOptions,
  type HeaderColumn,
  type PreparedCanonical,
} from './canonical-header.js';
export { parseCanonicalCsv, parsePrepared, type CanonicalParseResult } from './record-reader.js';
export {
  batchFromChunks,
  chunkStrings,
  ChunkOverflow,
  planCanonicalChunks,
  readCanonicalChunk,
  type CanonicalChunk,
  type ChunkStorage,
  type ChunkStrings,
  type ChunkTarget,
  type ChunkText,
  type Sparse,
} from './canonical-chunks.js';
