/**
 * Reading a canonical file by chunks (for the second thread of `src/parallel`): the plan, one chunk's
 * records into shared storage, and the batch joined from the chunks.
 */
import { NUMERIC_FIELDS, type NumericField } from '../domain/fields.js';
import type { RecordIssue } from '../domain/record-batch.js';
import type { CanonicalParseResult } from './record-reader.js';
import { RecordReader, emptyRowsWarning, estimateRows } from './record-reader.js';
import type { SliceBuffer } from './csv-bytes.js';
import { LF, QUOTE, latin1 } from './csv-bytes.js';
import type { PreparedCanonical } from './canonical-header.js';

/**
 * Where a chunk's records go: one array per header column (null for text columns), the source rows,
 * and the text as positions and dictionary indices (see {@link ChunkText}), all of `capacity` rows.
 */
export interface ChunkTarget {
  columns: (Float64Array | null)[];
  sourceRow: Int32Array;
  text: ChunkText;
  capacity: number;
}

/**
 * A chunk's codes, divisions and industries without a string per record (strings are made once, on
 * the thread that keeps them: a string cannot cross threads): the code as bytes [usccStart, usccEnd)
 * of the file (start −1: an exception, the code needed normalising), divisions and industries as
 * indices into the chunk's dictionaries (−1: none, −2: an exception).
 */
export interface ChunkText {
  usccStart: Int32Array;
  usccEnd: Int32Array;
  divisionId: Int16Array;
  industryId: Int16Array;
}

/** A chunk held more records than its target's capacity. */
export class ChunkOverflow extends Error {
  constructor() {
    super('chunk capacity exceeded');
    this.name = 'ChunkOverflow';
  }
}

/** Values at a few positions: `values[k]` is at `at[k]`. */
export interface Sparse<T> {
  at: Int32Array;
  values: T[];
}

/** The records of one chunk of a canonical file besides what its target holds. */
export interface CanonicalChunk {
  /** Records read (stored at 0 … n − 1 of the target's arrays). */
  n: number;
  /** Rows the chunk spans (its line ends), and how many of them were empty. */
  rows: number;
  emptyRows: number;
  /** The dictionaries of the target's division and industry indices. */
  divisions: (string | null)[];
  industries: (string | null)[];
  /** The exceptions of the target's text, and the sparse text columns. */
  usccExceptions: Sparse<string>;
  divisionExceptions: Sparse<string | null>;
  industryExceptions: Sparse<string | null>;
  name: Sparse<string>;
  tenantOf: Sparse<string>;
  issues: Sparse<RecordIssue>;
}

/**
 * Reads the records in bytes [start, end) of a prepared file — whole lines, outside any quoted cell —
 * into `target`, numbering rows from `startRow` at `start`. Throws {@link ChunkOverflow} when they do
 * not fit, and {@link CanonicalFileError} as `parseCanonicalCsv` does (rows from `startRow`).
 */
export function readCanonicalChunk(
  p: PreparedCanonical,
  start: number,
  end: number,
  target: ChunkTarget,
  startRow = 0,
): CanonicalChunk {
  const reader = new RecordReader(p.b, p.buf, start, startRow, p.file, p.cols, target);
  reader.readAll(start, end);
  const n = reader.n;
  const t = target.text;
  return {
    n,
    rows: reader.row - startRow,
    emptyRows: reader.emptyRows,
    divisions: reader.divisionInterner.values,
    industries: reader.industryInterner.values,
    usccExceptions: sparseWhere(reader.uscc, n, (k) => t.usccStart[k]! < 0),
    divisionExceptions: sparseWhere(reader.division, n, (k) => t.divisionId[k] === -2),
    industryExceptions: sparseWhere(reader.industry, n, (k) => t.industryId[k] === -2),
    name: sparseWhere(reader.name, n, null) as Sparse<string>,
    tenantOf: sparseWhere(reader.tenantOf, n, null) as Sparse<string>,
    issues: sparseWhere(reader.issues, n, null) as Sparse<RecordIssue>,
  };
}

/** The entries of a[0 … n) where `at(k)` holds (or, without `at`, that are not null). */
export function sparseWhere<T>(a: readonly T[], n: number, at: ((k: number) => boolean) | null): Sparse<T> {
  const ks: number[] = [];
  const values: T[] = [];
  for (let k = 0; k < n; k++)
    if (at ? at(k) : a[k] !== null && a[k] !== undefined) {
      ks.push(k);
      values.push(a[k]!);
    }
  return { at: Int32Array.from(ks), values };
}

/**
 * Splits the records of a prepared file into about `parts` chunks of similar size that end at line
 * ends, each with an estimate of its records (× margin, + slack). Null when the file cannot be split
 * safely: a quote anywhere after the header (a quoted cell may hold a line break).
 */
export function planCanonicalChunks(
  p: PreparedCanonical,
  parts: number,
): { start: number; end: number; capacity: number }[] | null {
  const { b, buf, dataStart } = p;
  const len = b.length;
  // (Buffer's search, not Uint8Array's: memchr speed over the whole file)
  if (buf.indexOf(QUOTE, dataStart) >= 0) return null;
  const out: { start: number; end: number; capacity: number }[] = [];
  const size = Math.max(1, Math.ceil((len - dataStart) / parts));
  let s = dataStart;
  while (s < len) {
    let e = s + size >= len ? len : buf.indexOf(LF, s + size) + 1;
    if (e <= 0 || e > len) e = len;
    out.push({ start: s, end: e, capacity: estimateRows(b, s, e, 1.25) + 64 });
    s = e;
  }
  return out;
}

/** Where the chunks were read: storage for all of them, each chunk's region from `offset`. */
export interface ChunkStorage {
  /** Per header column: a numeric column's storage, null for a text column. */
  columns: readonly (Float64Array | null)[];
  sourceRow: Int32Array;
  text: ChunkText;
}

/** A chunk's codes, divisions and industries as strings (see {@link chunkStrings}). */
export interface ChunkStrings {
  uscc: string[];
  division: (string | null)[];
  industry: (string | null)[];
}

/**
 * The strings of a chunk whose text is at `textAt` of the storage's text arrays: a string per code
 * from the file's bytes, divisions and industries from the chunk's dictionaries, and the exceptions.
 * (Made on the thread that keeps the batch, chunk by chunk as they are read.)
 */
export function chunkStrings(
  p: PreparedCanonical,
  text: ChunkText,
  textAt: number,
  chunk: CanonicalChunk,
): ChunkStrings {
  const n = chunk.n;
  const uscc = new Array<string>(n);
  const division = new Array<string | null>(n);
  const industry = new Array<string | null>(n);
  joinCodes(uscc, 0, p.buf, text.usccStart, text.usccEnd, textAt, n);
  placeSparse(uscc, 0, chunk.usccExceptions);
  joinIds(division, 0, text.divisionId, textAt, n, chunk.divisions);
  placeSparse(division, 0, chunk.divisionExceptions);
  joinIds(industry, 0, text.industryId, textAt, n, chunk.industries);
  placeSparse(industry, 0, chunk.industryExceptions);
  return { uscc, division, industry };
}

/**
 * The batch of chunks read by {@link readCanonicalChunk} — the one `parseCanonicalCsv` returns for the
 * file — once the storage's numeric columns and source rows hold every record in file order at
 * 0 … n − 1, from the chunks and their strings in file order.
 */
export function batchFromChunks(
  p: PreparedCanonical,
  storage: ChunkStorage,
  parts: readonly { chunk: CanonicalChunk; strings: ChunkStrings }[],
): CanonicalParseResult {
  let n = 0;
  let emptyRows = 0;
  for (const x of parts) {
    n += x.chunk.n;
    emptyRows += x.chunk.emptyRows;
  }
  const join = <T>(pick: (s: ChunkStrings) => T[]): T[] => {
    const [first, ...rest] = parts.map((x) => pick(x.strings));
    return first ? first.concat(...rest) : [];
  };
  const sparse = <T>(pick: (c: CanonicalChunk) => Sparse<T>): (T | null)[] => {
    const out = new Array<T | null>(n).fill(null);
    let at = 0;
    for (const { chunk } of parts) {
      placeSparse(out, at, pick(chunk));
      at += chunk.n;
    }
    return out;
  };
  const numeric = {} as Record<NumericField, Float64Array>;
  for (const f of NUMERIC_FIELDS) {
    const c = p.cols.findIndex((h) => h.name === f);
    numeric[f] = c >= 0 ? storage.columns[c]!.subarray(0, n) : new Float64Array(n).fill(NaN);
  }
  const warnings = [...p.warnings];
  if (emptyRows > 0) warnings.push(emptyRowsWarning(p.file, emptyRows));
  return {
    batch: {
      length: n,
      uscc: join((s) => s.uscc),
      name: sparse((c) => c.name),
      division: join((s) => s.division),
      industry: join((s) => s.industry),
      tenantOf: sparse((c) => c.tenantOf),
      columns: numeric,
      issues: sparse((c) => c.issues),
      sourceRow: storage.sourceRow.subarray(0, n),
    },
    warnings,
  };
}

/** The plain codes of a chunk, from the file's bytes (exceptions, at −1, are placed afterwards). */
export function joinCodes(
  out: string[],
  at: number,
  buf: SliceBuffer,
  usccStart: Int32Array,
  usccEnd: Int32Array,
  offset: number,
  n: number,
): void {
  for (let k = 0; k < n; k++) {
    const s = usccStart[offset + k]!;
    out[at + k] = s < 0 ? '' : latin1(buf, s, usccEnd[offset + k]!);
  }
}

export function joinIds(
  out: (string | null)[],
  at: number,
  ids: Int16Array,
  offset: number,
  n: number,
  values: readonly (string | null)[],
): void {
  for (let k = 0; k < n; k++) {
    const id = ids[offset + k]!;
    out[at + k] = id >= 0 ? values[id]! : null;
  }
}

export function placeSparse<T>(out: (T | null)[], at: number, s: Sparse<T>): void {
  for (let k = 0; k < s.at.length; k++) out[at + s.at[k]!] = s.values[k]!;
}
