/**
 * The records of a canonical file after its header, read into column arrays in one pass over the
 * bytes (one method call per row): `parseCanonicalCsv`, the reader's entry point. It is longer than
 * the other files of the module for a reason: the per-row loop stays one method of one class, so V8
 * compiles it once (ADR 0005).
 */
import { FIELD_INFO, NUMERIC_FIELDS, type NumericField } from '../domain/fields.js';
import type { RecordBatch, RecordIssue } from '../domain/record-batch.js';
import type { SliceBuffer } from './csv-bytes.js';
import {
  COMMA,
  CR,
  Interner,
  LF,
  QUOTE,
  decodeEscaped,
  decodeText,
  decodeUscc,
  plainUscc,
  scanNumber,
  utf8,
} from './csv-bytes.js';
import { binaryError, fileError } from './file-errors.js';
import type { CanonicalParseOptions, HeaderColumn, PreparedCanonical } from './canonical-header.js';
import {
  T_DIVISION,
  T_IGNORE,
  T_INDUSTRY,
  T_NAME,
  T_TENANT,
  T_USCC,
  prepareCanonical,
} from './canonical-header.js';
import type { ChunkTarget, ChunkText } from './canonical-chunks.js';
import { ChunkOverflow } from './canonical-chunks.js';

export interface CanonicalParseResult {
  batch: RecordBatch;
  /** Non-fatal remarks (ignored unknown columns, skipped empty rows), each in Chinese / English. */
  warnings: string[];
}

export const IS_FLAG: readonly boolean[] = NUMERIC_FIELDS.map((f) => FIELD_INFO[f].kind === 'flag');

/**
 * Parses a canonical record file. Throws {@link CanonicalFileError} for file-level problems.
 * Unknown columns are ignored (with a warning); the optional columns are read when present;
 * columns may come in any order; a UTF-8 BOM, CRLF line ends, a missing final newline and empty
 * lines are accepted; rows whose cells are all empty are skipped.
 */
export function parseCanonicalCsv(
  bytes: Uint8Array,
  fileName: string,
  options: CanonicalParseOptions = {},
): CanonicalParseResult {
  return parsePrepared(prepareCanonical(bytes, fileName, options));
}

/** The records of a prepared file (the rest of `parseCanonicalCsv`). */
export function parsePrepared(p: PreparedCanonical): CanonicalParseResult {
  const r = readRecords(p.b, p.buf, p.dataStart, p.dataRow, p.file, p.cols);
  const warnings = [...p.warnings];
  if (r.emptyRows > 0) warnings.push(emptyRowsWarning(p.file, r.emptyRows));
  return { batch: r.batch, warnings };
}

export function emptyRowsWarning(file: string, rows: number): string {
  return `${file}：跳过 ${rows} 个空行 / ${file}: skipped ${rows} empty rows`;
}

/** Reads the records after the header into column arrays; one method call per row. */
export class RecordReader {
  readonly len: number;
  readonly ncols: number;
  readonly target: Int32Array;
  readonly isFlag: Uint8Array;
  outs: (Float64Array | null)[];
  sourceRow: Int32Array;
  cap: number;
  n = 0;
  row: number;
  emptyRows = 0;
  // The cell found by findCell.
  cs = 0;
  ce = 0;
  escaped = false;
  // The outcome of slowNumber.
  slowNonEmpty = false;
  slowIssue: RecordIssue | null = null;
  // Pre-sized: large backing stores are allocated outside the young generation, so the scavenger
  // does not copy them again and again while they fill (a measured ~30 ms on 200,000 records).
  uscc: string[];
  name: (string | null)[];
  division: (string | null)[];
  industry: (string | null)[];
  tenantOf: (string | null)[];
  issues: (RecordIssue | null)[];
  readonly divisionInterner: Interner;
  readonly industryInterner: Interner;
  /** A chunk's text target: codes as positions, divisions and industries as indices (see ChunkText). */
  readonly text: ChunkText | null;

  constructor(
    readonly b: Uint8Array,
    readonly buf: SliceBuffer,
    startPos: number,
    startRow: number,
    readonly file: string,
    readonly cols: readonly HeaderColumn[],
    /** A part of the file read into given (shared) arrays of a fixed capacity: see {@link readCanonicalChunk}. */
    readonly chunk: ChunkTarget | null = null,
  ) {
    this.len = b.length;
    this.ncols = cols.length;
    this.target = Int32Array.from(cols, (c) => c.target);
    this.isFlag = Uint8Array.from(cols, (c) => (c.target >= 0 && IS_FLAG[c.target] ? 1 : 0));
    this.row = startRow;
    this.text = chunk ? chunk.text : null;
    if (chunk) {
      this.cap = chunk.capacity;
      this.outs = chunk.columns;
      this.sourceRow = chunk.sourceRow;
    } else {
      // Capacity: estimated from the first rows, grown by half when exceeded.
      this.cap = estimateRows(b, startPos, this.len, 1.05) + 16;
      this.outs = cols.map((c) => (c.target >= 0 ? new Float64Array(this.cap) : null));
      this.sourceRow = new Int32Array(this.cap);
    }
    this.uscc = new Array<string>(this.cap);
    this.name = new Array<string | null>(this.cap);
    this.division = new Array<string | null>(this.cap);
    this.industry = new Array<string | null>(this.cap);
    this.tenantOf = new Array<string | null>(this.cap);
    this.issues = new Array<RecordIssue | null>(this.cap);
    if (chunk) {
      // Every chunk's arrays start with the kind of elements they end with: the optimised readRow of
      // the first chunk then fits the next ones (a new empty array would make it deoptimise).
      this.uscc.fill('');
      for (const a of [this.name, this.division, this.industry, this.tenantOf, this.issues]) a.fill(null);
    }
    this.divisionInterner = new Interner(this.buf, b);
    this.industryInterner = new Interner(this.buf, b);
  }

  readAll(startPos: number, end = this.len): void {
    const b = this.b;
    const len = end;
    let pos = startPos;
    while (pos < len) {
      const c = b[pos]!;
      if (c === LF) {
        pos++;
        this.row++;
      } else if (c === CR) {
        pos += b[pos + 1] === LF ? 2 : 1;
        this.row++;
      } else {
        if (this.n === this.cap) this.grow();
        pos = this.readRow(pos);
      }
    }
  }

  grow(): void {
    if (this.chunk) throw new ChunkOverflow();
    const cap = Math.ceil(this.cap * 1.5) + 16;
    this.outs = this.outs.map((a) => {
      if (a === null) return null;
      const g = new Float64Array(cap);
      g.set(a);
      return g;
    });
    const g = new Int32Array(cap);
    g.set(this.sourceRow);
    this.sourceRow = g;
    const more = <T>(a: T[]): T[] => {
      const g = new Array<T>(cap);
      for (let i = 0; i < this.n; i++) g[i] = a[i]!;
      return g;
    };
    this.uscc = more(this.uscc);
    this.name = more(this.name);
    this.division = more(this.division);
    this.industry = more(this.industry);
    this.tenantOf = more(this.tenantOf);
    this.issues = more(this.issues);
    this.cap = cap;
  }

  /** Reads the record starting at `pos` (not an empty line) and returns where the next one starts. */
  readRow(pos: number): number {
    const b = this.b;
    const ncols = this.ncols;
    const target = this.target;
    const outs = this.outs;
    const n = this.n;
    const rowStart = pos;
    let col = 0;
    let nonEmpty = false;
    let issue: RecordIssue | null = null;
    let u = '';
    let nm: string | null = null;
    let dv: string | null = null;
    let ind: string | null = null;
    let ten: string | null = null;
    const text = this.text;
    // chunk text (see ChunkText): the code's bytes, or −1 for an exception; dictionary indices
    let us = 0;
    let ue = 0;
    let did = -1;
    let iid = -1;
    for (;;) {
      const t = col < ncols ? target[col]! : T_IGNORE;
      const cellStart = pos;
      let c = b[pos]!;
      if (t >= 0) {
        const out = outs[col]!;
        let r: number;
        if (c === COMMA || c === LF || c === CR) out[n] = NaN;
        else if (
          c !== QUOTE &&
          (r = scanNumber(b, pos, out, n)) >= 0 &&
          ((c = b[r]!) === COMMA || c === LF || c === CR)
        ) {
          // Fast path: a clean number ending at the delimiter.
          nonEmpty = true;
          pos = r;
          if (this.isFlag[col] === 1) {
            const v = out[n]!;
            if (v === 0) out[n] = 0;
            else if (v !== 1) {
              out[n] = NaN;
              issue ??= this.cellIssue(t, cellStart, pos, 'not_a_flag');
            }
          }
        } else {
          // Anything else (quoted, blanks around, not a number): kept out of line, it is rare.
          pos = this.slowNumber(pos, col, t, out, n);
          if (this.slowNonEmpty) nonEmpty = true;
          issue ??= this.slowIssue;
        }
      } else {
        pos = this.findCell(pos, col);
        let s = this.cs;
        const e = this.ce;
        while (s < e && (b[s] === 32 || b[s] === 9)) s++;
        if (s < e) {
          nonEmpty = true;
          const esc = this.escaped;
          const buf = this.buf;
          if (t === T_USCC) {
            if (text !== null && !esc && plainUscc(b, s, e)) {
              us = s;
              ue = e;
            } else {
              u = decodeUscc(buf, b, s, e, esc);
              us = -1;
            }
          } else if (t === T_NAME) nm = esc ? decodeEscaped(buf, s, e) : decodeText(buf, b, s, e);
          else if (t === T_DIVISION) {
            if (text === null) dv = esc ? decodeEscaped(buf, s, e) : this.divisionInterner.get(s, e);
            else if ((did = esc ? -1 : this.divisionInterner.id(s, e)) < 0) {
              did = -2;
              dv = esc ? decodeEscaped(buf, s, e) : decodeText(buf, b, s, e);
            }
          } else if (t === T_INDUSTRY) {
            if (text === null) ind = esc ? decodeEscaped(buf, s, e) : this.industryInterner.get(s, e);
            else if ((iid = esc ? -1 : this.industryInterner.id(s, e)) < 0) {
              iid = -2;
              ind = esc ? decodeEscaped(buf, s, e) : decodeText(buf, b, s, e);
            }
          } else if (t === T_TENANT) {
            // The landlord's code: normalised like uscc so that it matches the landlord's record.
            const code = decodeUscc(buf, b, s, e, esc);
            ten = code === '' ? null : code;
          }
        }
      }
      col++;
      if (b[pos] === COMMA) {
        pos++;
        continue;
      }
      // End of record: LF, CR LF or a lone CR (the file ends with LF).
      pos += b[pos] === CR && b[pos + 1] === LF ? 2 : 1;
      break;
    }
    if (!nonEmpty) {
      // Only commas and blanks (a spreadsheet's formatted but empty row): skipped; index n is reused.
      this.emptyRows++;
      this.row++;
      return pos;
    }
    if (col !== ncols) this.cellCountError(rowStart, col);
    if (text !== null) {
      text.usccStart[n] = us;
      text.usccEnd[n] = ue;
      text.divisionId[n] = did;
      text.industryId[n] = iid;
    }
    this.uscc[n] = u;
    this.name[n] = nm;
    this.division[n] = dv;
    this.industry[n] = ind;
    this.tenantOf[n] = ten;
    this.issues[n] = issue;
    this.sourceRow[n] = this.row;
    this.n = n + 1;
    this.row++;
    return pos;
  }

  /** A numeric cell off the fast path; sets slowNonEmpty and slowIssue, returns the index after it. */
  slowNumber(pos: number, col: number, t: number, out: Float64Array, n: number): number {
    const b = this.b;
    pos = this.findCell(pos, col);
    let s = this.cs;
    let e = this.ce;
    while (s < e && (b[s] === 32 || b[s] === 9)) s++;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
    this.slowNonEmpty = s < e;
    this.slowIssue = null;
    if (s === e) {
      out[n] = NaN;
      return pos;
    }
    const ok = !this.escaped && scanNumber(b, s, out, n) === e;
    const v = out[n]!;
    const flag = this.isFlag[col] === 1;
    if (ok && flag && v === 0) out[n] = 0;
    else if (!ok || (flag && v !== 1)) {
      out[n] = NaN;
      this.slowIssue = this.cellIssue(t, this.cs, this.ce, flag ? 'not_a_flag' : 'not_a_number');
    }
    return pos;
  }

  cellIssue(t: number, s: number, e: number, rule: string): RecordIssue {
    return { field: NUMERIC_FIELDS[t]!, value: utf8(this.buf, s, e), rule };
  }

  /** Finds the cell starting at `pos`: sets cs/ce (content) and escaped; returns the index after it. */
  findCell(pos: number, col: number): number {
    const b = this.b;
    if (b[pos] === QUOTE) return this.findQuoted(pos, col);
    let p = pos;
    for (;;) {
      const c = b[p]!;
      if (c < 45 && (c === COMMA || c === LF || c === CR || c === 0)) break;
      p++;
    }
    if (b[p] === 0) throw binaryError(this.file, this.row);
    this.cs = pos;
    this.ce = p;
    this.escaped = false;
    return p;
  }

  /** {@link findCell} for a quoted cell (out of line: rare in the canonical file). */
  findQuoted(pos: number, col: number): number {
    const b = this.b;
    const len = this.len;
    const s = pos + 1;
    let p = s;
    let escaped = false;
    for (;;) {
      if (p >= len) {
        throw fileError(
          this.file,
          'unterminated_quote',
          this.row,
          this.columnName(col),
          null,
          '引号没有闭合（从此行开始的引号单元格一直延续到文件末尾）',
          'unterminated quote (a quoted cell starting on this row runs to the end of the file)',
        );
      }
      const c = b[p]!;
      if (c === QUOTE) {
        if (b[p + 1] === QUOTE) {
          escaped = true;
          p += 2;
          continue;
        }
        break;
      }
      if (c === 0) throw binaryError(this.file, this.row);
      p++;
    }
    this.cs = s;
    this.ce = p;
    this.escaped = escaped;
    pos = p + 1;
    const c = b[pos]!;
    if (c !== COMMA && c !== LF && c !== CR) {
      throw fileError(
        this.file,
        'bad_quote',
        this.row,
        this.columnName(col),
        utf8(this.buf, s - 1, Math.min(pos + 1, len)),
        '引号单元格的闭合引号后还有字符（单元格内的引号应写成两个引号 ""）',
        'characters after the closing quote of a quoted cell (a quote inside a cell is written "")',
      );
    }
    return pos;
  }

  columnName(col: number): string | null {
    return col < this.ncols ? this.cols[col]!.name : null;
  }

  cellCountError(rowStart: number, cells: number): never {
    const b = this.b;
    let end = rowStart;
    while (end < this.len && end - rowStart < 200 && b[end] !== LF && b[end] !== CR) end++;
    throw fileError(
      this.file,
      'column_count',
      this.row,
      null,
      utf8(this.buf, rowStart, end),
      `此行有 ${cells} 个单元格，表头有 ${this.ncols} 列`,
      `this row has ${cells} cells, the header has ${this.ncols} columns`,
    );
  }

  batch(): RecordBatch {
    const n = this.n;
    const fit = <T extends Float64Array | Int32Array>(a: T): T =>
      (a.length === n ? a : a.length - n > n >> 3 ? a.slice(0, n) : a.subarray(0, n)) as T;
    const columns = {} as Record<NumericField, Float64Array>;
    for (const f of NUMERIC_FIELDS) {
      const c = this.cols.findIndex((h) => h.name === f);
      columns[f] = c >= 0 ? fit(this.outs[c]!) : new Float64Array(n).fill(NaN);
    }
    for (const a of [this.uscc, this.name, this.division, this.industry, this.tenantOf, this.issues]) {
      a.length = n;
    }
    return {
      length: n,
      uscc: this.uscc,
      name: this.name,
      division: this.division,
      industry: this.industry,
      tenantOf: this.tenantOf,
      columns,
      issues: this.issues,
      sourceRow: fit(this.sourceRow),
    };
  }
}

/**
 * How many records [start, end) holds, from the average length of up to 64 lines there (× margin):
 * an estimate, not a bound.
 */
export function estimateRows(b: Uint8Array, start: number, end: number, margin: number): number {
  let p = start;
  let k = 0;
  while (k < 64) {
    const q = b.indexOf(LF, p);
    if (q < 0 || q >= end) break;
    p = q + 1;
    k++;
  }
  const avg = k > 0 ? (p - start) / k : 64;
  return Math.ceil(((end - start) / Math.max(avg, 1)) * margin);
}

export function readRecords(
  b: Uint8Array,
  buf: SliceBuffer,
  pos: number,
  row: number,
  file: string,
  cols: readonly HeaderColumn[],
): { batch: RecordBatch; emptyRows: number } {
  const reader = new RecordReader(b, buf, pos, row, file, cols);
  reader.readAll(pos);
  return { batch: reader.batch(), emptyRows: reader.emptyRows };
}
