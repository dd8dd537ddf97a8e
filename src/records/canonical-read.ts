/**
 * Reads a canonical record file (methodology.md "The canonical record file") into a RecordBatch.
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
 */
import { Buffer, isUtf8 } from 'node:buffer';
import {
  CANONICAL_COLUMNS,
  FIELD_INFO,
  NUMERIC_FIELDS,
  OPTIONAL_COLUMNS,
  type NumericField,
} from '../domain/fields.js';
import type { RecordBatch, RecordIssue } from '../domain/record-batch.js';
import { normaliseUscc } from '../domain/uscc.js';

/** Codes of the file-level problems. */
export type CanonicalFileRule =
  | 'empty_file'
  | 'not_utf8'
  | 'binary'
  | 'missing_column'
  | 'duplicate_column'
  | 'column_count'
  | 'unterminated_quote'
  | 'bad_quote';

export interface CanonicalFileErrorInit {
  file: string;
  /** 1-based row (header = 1), or null when the problem is the whole file. */
  row: number | null;
  column: string | null;
  value: string | null;
  rule: CanonicalFileRule;
  messageZh: string;
  messageEn: string;
}

/** A problem that makes the whole canonical file unreadable. `message` is the Chinese and the English text. */
export class CanonicalFileError extends Error {
  readonly file: string;
  readonly row: number | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly rule: CanonicalFileRule;
  readonly messageZh: string;
  readonly messageEn: string;

  constructor(init: CanonicalFileErrorInit) {
    super(`${init.messageZh} / ${init.messageEn}`);
    this.name = 'CanonicalFileError';
    this.file = init.file;
    this.row = init.row;
    this.column = init.column;
    this.value = init.value;
    this.rule = init.rule;
    this.messageZh = init.messageZh;
    this.messageEn = init.messageEn;
  }
}

export interface CanonicalParseResult {
  batch: RecordBatch;
  /** Non-fatal remarks (ignored unknown columns, skipped empty rows), each in Chinese / English. */
  warnings: string[];
}

const TEXT_LABELS: Readonly<Record<string, readonly [zh: string, en: string]>> = {
  uscc: ['统一社会信用代码', 'unified social credit code'],
  name: ['企业名称', 'enterprise name'],
  division: ['行政区划代码', 'administrative division code'],
  industry: ['行业代码', 'industry code'],
  tenant_of: ['出租方统一社会信用代码', 'landlord USCC'],
};

function columnLabel(col: string): readonly [string, string] {
  const t = TEXT_LABELS[col];
  if (t) return t;
  const f = FIELD_INFO[col as NumericField] as (typeof FIELD_INFO)[NumericField] | undefined;
  return f ? [f.zh, f.en] : [col, col];
}

// Column targets: what a header column feeds. Numeric fields are 0..NUMERIC_FIELDS.length-1.
const T_IGNORE = -1;
const T_USCC = -2;
const T_NAME = -3;
const T_DIVISION = -4;
const T_INDUSTRY = -5;
const T_TENANT = -6;

const IS_FLAG: readonly boolean[] = NUMERIC_FIELDS.map((f) => FIELD_INFO[f].kind === 'flag');

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Exact powers of ten: 10^0 … 10^22 are exactly representable doubles. */
const POW10 = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Reads a decimal number starting at b[i] and stopping at the first byte that cannot continue it:
 * optional sign, digits with an optional decimal point (`5`, `5.`, `.5`), optional exponent
 * (`e`/`E`, optional sign, digits). Stores the value in `out[idx]` and returns the index where it
 * stopped, or -1 when there is no such number there (or it is out of range). The bytes must be
 * followed, before the end of `b`, by a byte that is not part of a number (the reader guarantees a
 * final LF), so the loops need no bounds checks.
 *
 * The value equals `Number(text)` bit for bit: the fast path (an integer mantissa below 10^15 and a
 * decimal exponent within ±22) is one correctly rounded multiplication or division of two exactly
 * representable doubles; anything else goes to `Number`. Storing into a Float64Array instead of
 * returning the double keeps it unboxed.
 */
function scanNumber(b: Uint8Array, i: number, out: Float64Array, idx: number): number {
  // Common case, small enough to be inlined into the row loop: [sign] digits [. digits], short.
  const s = i;
  let c = b[i]!;
  const neg = c === 45;
  if (neg || c === 43) c = b[++i]!;
  let m = 0;
  const ds = i;
  while ((c - 48) >>> 0 < 10) {
    m = m * 10 + (c - 48);
    c = b[++i]!;
  }
  let scale = 0;
  if (c === 46) {
    c = b[++i]!;
    const fs = i;
    while ((c - 48) >>> 0 < 10) {
      m = m * 10 + (c - 48);
      c = b[++i]!;
    }
    scale = i - fs;
    if (i - ds === 1) return -1; // '.' alone
  } else if (i === ds) return -1;
  if (c === 101 || c === 69 || m >= 1e15 || scale > 22) return scanNumberSlow(b, s, out, idx);
  // m < 10^15 < 2^53 was accumulated exactly; 10^scale is exact; one correctly rounded division.
  const v = scale === 0 ? m : m / POW10[scale]!;
  out[idx] = neg ? -v : v;
  return i;
}

/** The general case of {@link scanNumber}: exponents, long mantissas. */
function scanNumberSlow(b: Uint8Array, i: number, out: Float64Array, idx: number): number {
  const s = i;
  let c = b[i]!;
  let neg = false;
  if (c === 45) {
    neg = true;
    c = b[++i]!;
  } else if (c === 43) c = b[++i]!;
  let m = 0;
  const ds = i;
  while ((c - 48) >>> 0 < 10) {
    m = m * 10 + (c - 48);
    c = b[++i]!;
  }
  let digits = i - ds;
  let scale = 0;
  if (c === 46) {
    c = b[++i]!;
    const fs = i;
    while ((c - 48) >>> 0 < 10) {
      m = m * 10 + (c - 48);
      c = b[++i]!;
    }
    scale = i - fs;
    digits += scale;
  }
  if (digits === 0) return -1;
  let exp = 0;
  if (c === 101 || c === 69) {
    c = b[++i]!;
    let eneg = false;
    if (c === 45) {
      eneg = true;
      c = b[++i]!;
    } else if (c === 43) c = b[++i]!;
    const es = i;
    while ((c - 48) >>> 0 < 10) {
      if (exp < 100_000) exp = exp * 10 + (c - 48);
      c = b[++i]!;
    }
    if (i === es) return -1;
    if (eneg) exp = -exp;
  }
  const e10 = exp - scale;
  if (m === 0) out[idx] = neg ? -0 : 0;
  else if (m < 1e15 && e10 >= -22 && e10 <= 22) {
    const v = e10 < 0 ? m / POW10[-e10]! : m * POW10[e10]!;
    out[idx] = neg ? -v : v;
  } else {
    let text = '';
    for (let k = s; k < i; k++) text += String.fromCharCode(b[k]!);
    const v = Number(text);
    if (!Number.isFinite(v)) return -1;
    out[idx] = v;
  }
  return i;
}

const scratch = new Float64Array(1);

/**
 * The number in bytes [s, e) (no surrounding white space), exactly as `Number(text)` would read it,
 * or NaN when the text is not a decimal number of the canonical file: thousands separators, words,
 * `Infinity`, hexadecimal, an empty cell are not.
 */
export function parseDecimalBytes(b: Uint8Array, s = 0, e = b.length): number {
  const copy = new Uint8Array(e - s + 1); // + a terminating 0 byte
  copy.set(b.subarray(s, e));
  return scanNumber(copy, 0, scratch, 0) === e - s ? scratch[0]! : NaN;
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Buffer's own string slicers (what `toString` calls after checking its arguments); every Node
 * version has them, and `toString` is the fallback should one ever lack them.
 */
export interface SliceBuffer extends Buffer {
  latin1Slice(s: number, e: number): string;
  utf8Slice(s: number, e: number): string;
}
const HAS_SLICES =
  typeof (Buffer.prototype as Partial<SliceBuffer>).latin1Slice === 'function' &&
  typeof (Buffer.prototype as Partial<SliceBuffer>).utf8Slice === 'function';

function latin1(buf: SliceBuffer, s: number, e: number): string {
  return HAS_SLICES ? buf.latin1Slice(s, e) : buf.toString('latin1', s, e);
}

function utf8(buf: SliceBuffer, s: number, e: number): string {
  return HAS_SLICES ? buf.utf8Slice(s, e) : buf.toString('utf8', s, e);
}

/** Lead bytes of the UTF-8 encodings of the non-ASCII characters String.prototype.trim removes. */
const SPACE_LEAD = new Uint8Array(256);
for (const lead of [0xc2, 0xe1, 0xe2, 0xe3, 0xef]) SPACE_LEAD[lead] = 1;

/** Text cell [s, e): trimmed; ASCII via latin1 (no UTF-8 decoding), else UTF-8; empty → null. */
function decodeText(buf: SliceBuffer, b: Uint8Array, s: number, e: number): string | null {
  while (s < e && isAsciiSpace(b[s]!)) s++;
  while (e > s && isAsciiSpace(b[e - 1]!)) e--;
  if (s === e) return null;
  let hi = 0;
  for (let k = s; k < e; k++) hi |= b[k]!;
  if (hi < 0x80) return latin1(buf, s, e);
  // Non-ASCII white space (U+00A0, U+1680, U+2000…U+205F, U+3000, U+FEFF) starts with one of these
  // lead bytes; only a cell that starts or ends with such a character needs the Unicode trim.
  let last = e - 1;
  while (last > s && (b[last]! & 0xc0) === 0x80) last--;
  if (!SPACE_LEAD[b[s]!] && !SPACE_LEAD[b[last]!]) return utf8(buf, s, e);
  const t = utf8(buf, s, e).trim();
  return t === '' ? null : t;
}

/** A quoted cell's content [s, e) in which "" stands for ". */
function decodeEscaped(buf: SliceBuffer, s: number, e: number): string | null {
  const t = utf8(buf, s, e).replaceAll('""', '"').trim();
  return t === '' ? null : t;
}

/** The uscc cell, normalised as normaliseUscc does; plain ASCII skips NFKC (the identity on ASCII). */
function decodeUscc(buf: SliceBuffer, b: Uint8Array, s: number, e: number, escaped: boolean): string {
  if (escaped) return normaliseUscc(utf8(buf, s, e).replaceAll('""', '"'));
  let hi = 0;
  let slow = false;
  for (let k = s; k < e; k++) {
    const c = b[k]!;
    hi |= c;
    if (c <= 32 || (c >= 97 && c <= 122)) slow = true;
  }
  if (hi >= 0x80) return normaliseUscc(utf8(buf, s, e));
  const t = latin1(buf, s, e);
  return slow ? t.replace(/\s+/gu, '').toUpperCase() : t;
}

/** True when decodeUscc would return the cell's bytes as they are (plain ASCII, no blank, no lower case). */
function plainUscc(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = b[k]!;
    if (c <= 32 || c >= 0x80 || (c >= 97 && c <= 122)) return false;
  }
  return true;
}

/** Interns short repeated text cells (division, industry codes): one string per distinct value. */
class Interner {
  private static readonly SIZE = 1024;
  private readonly hashes = new Int32Array(Interner.SIZE);
  private readonly starts = new Int32Array(Interner.SIZE);
  private readonly lens = new Int32Array(Interner.SIZE).fill(-1);
  private readonly strs: (string | null)[] = new Array<string | null>(Interner.SIZE).fill(null);
  private readonly ids = new Int16Array(Interner.SIZE);
  /** The distinct values in order of first appearance (index = id). */
  readonly values: (string | null)[] = [];
  private count = 0;

  constructor(
    private readonly buf: SliceBuffer,
    private readonly b: Uint8Array,
  ) {}

  get(s: number, e: number): string | null {
    // (the lookup of slotOf, repeated here: the reader's hot loop inlines this much, not a call more)
    const len = e - s;
    if (len > 24 || this.count >= Interner.SIZE >> 1) return decodeText(this.buf, this.b, s, e);
    const b = this.b;
    let h = len;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const mask = Interner.SIZE - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const l = this.lens[slot]!;
      if (l === -1) break;
      if (l === len && this.hashes[slot] === h) {
        const o = this.starts[slot]!;
        let k = 0;
        while (k < len && b[o + k] === b[s + k]) k++;
        if (k === len) return this.strs[slot]!;
      }
      slot = (slot + 1) & mask;
    }
    return this.strs[this.slotOf(s, e)]!;
  }

  /** The value's index in `values`, or −1 when it is not interned (too long, or too many values). */
  id(s: number, e: number): number {
    const slot = this.slotOf(s, e);
    return slot < 0 ? -1 : this.ids[slot]!;
  }

  /** The value's slot (interned on first sight), or −1. */
  private slotOf(s: number, e: number): number {
    const len = e - s;
    if (len > 24 || this.count >= Interner.SIZE >> 1) return -1;
    const b = this.b;
    let h = len;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const mask = Interner.SIZE - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const l = this.lens[slot]!;
      if (l === -1) break;
      if (l === len && this.hashes[slot] === h) {
        const o = this.starts[slot]!;
        let k = 0;
        while (k < len && b[o + k] === b[s + k]) k++;
        if (k === len) return slot;
      }
      slot = (slot + 1) & mask;
    }
    const v = decodeText(this.buf, b, s, e);
    this.hashes[slot] = h;
    this.starts[slot] = s;
    this.lens[slot] = len;
    this.strs[slot] = v;
    this.ids[slot] = this.values.length;
    this.values.push(v);
    this.count++;
    return slot;
  }
}

function fileError(
  file: string,
  rule: CanonicalFileRule,
  row: number | null,
  column: string | null,
  value: string | null,
  zh: string,
  en: string,
): CanonicalFileError {
  return new CanonicalFileError({
    file,
    row,
    column,
    value,
    rule,
    messageZh: `${file}${row === null ? '' : ` 第 ${row} 行`}：${zh}`,
    messageEn: `${file}${row === null ? '' : ` row ${row}`}: ${en}`,
  });
}

function binaryError(file: string, row: number | null): CanonicalFileError {
  return fileError(
    file,
    'binary',
    row,
    null,
    null,
    '文件含有 NUL 字节，不是文本 CSV（UTF-16 文件请另存为 UTF-8）',
    'the file contains NUL bytes, not a text CSV (save UTF-16 files as UTF-8)',
  );
}

export interface HeaderColumn {
  name: string;
  /** A numeric field's index in NUMERIC_FIELDS (≥ 0), or a text or ignored column (< 0). */
  target: number;
}

/**
 * Parses a canonical record file. Throws {@link CanonicalFileError} for file-level problems.
 * Unknown columns are ignored (with a warning); the optional columns are read when present;
 * columns may come in any order; a UTF-8 BOM, CRLF line ends, a missing final newline and empty
 * lines are accepted; rows whose cells are all empty are skipped.
 */
export interface CanonicalParseOptions {
  /** Decode the `name` column (default true). Off for outputs that never show names, e.g. a results CSV. */
  names?: boolean;
}

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

function emptyRowsWarning(file: string, rows: number): string {
  return `${file}：跳过 ${rows} 个空行 / ${file}: skipped ${rows} empty rows`;
}

/** A canonical file checked and its header read: where the records start and what each column feeds. */
export interface PreparedCanonical {
  file: string;
  /** The file's bytes after any BOM, ending with LF (a copy when the file lacked it). */
  b: Uint8Array;
  buf: SliceBuffer;
  /** Offset and 1-based row of the first byte after the header. */
  dataStart: number;
  dataRow: number;
  cols: readonly HeaderColumn[];
  /** The header's warnings (ignored columns). */
  warnings: string[];
}

/**
 * The file-level checks and the header of a canonical file (everything `parseCanonicalCsv` does before
 * the records). Throws {@link CanonicalFileError}.
 */
export function prepareCanonical(
  bytes: Uint8Array,
  fileName: string,
  options: CanonicalParseOptions = {},
  /** The same bytes passed these checks already (on another thread): skip the UTF-8 check. */
  checked = false,
): PreparedCanonical {
  const file = fileName;
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  let b = new Uint8Array(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  let len = b.length;

  let onlySpace = true;
  for (let i = 0; i < len; i++) {
    if (!isAsciiSpace(b[i]!)) {
      onlySpace = false;
      break;
    }
  }
  if (onlySpace) throw fileError(file, 'empty_file', null, null, null, '文件为空', 'the file is empty');

  if (!checked && !isUtf8(b)) {
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
      throw fileError(
        file,
        'not_utf8',
        null,
        null,
        null,
        '文件是 UTF-16 编码（Excel 的“Unicode 文本”），请另存为 UTF-8 CSV',
        'the file is UTF-16 (Excel "Unicode Text"); save it as a UTF-8 CSV',
      );
    }
    if (looksBinary(b)) {
      const excel = isExcel(b);
      throw fileError(
        file,
        'binary',
        null,
        null,
        null,
        excel
          ? '这是二进制文件（看起来是 Excel 工作簿），请另存为 UTF-8 CSV'
          : '这是二进制文件，不是文本 CSV',
        excel
          ? 'binary file (looks like an Excel workbook); save it as a UTF-8 CSV'
          : 'binary file, not a text CSV',
      );
    }
    throw fileError(
      file,
      'not_utf8',
      rowAtOffset(b, firstInvalidUtf8(b)),
      null,
      null,
      '文件不是 UTF-8 编码（可能是 GBK/GB18030），请另存为 UTF-8 CSV',
      'the file is not UTF-8 (GBK/GB18030?); save it as a UTF-8 CSV',
    );
  }

  // The scanning loops rely on a final LF: add one when the file lacks it.
  if (b[len - 1] !== LF) {
    const copy = new Uint8Array(len + 1);
    copy.set(b);
    copy[len] = LF;
    b = copy;
    len++;
  }
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength) as SliceBuffer;

  // ---- header -------------------------------------------------------------------------------
  let pos = 0;
  let row = 1;
  for (;;) {
    if (b[pos] === LF) {
      pos++;
      row++;
    } else if (b[pos] === CR) {
      pos += b[pos + 1] === LF ? 2 : 1;
      row++;
    } else break;
  }
  const headerRow = row;
  const header = readRowStrings(b, buf, pos, row, file);
  pos = header.next;
  row++;

  const warnings: string[] = [];
  const seen = new Map<string, number>();
  const cols: HeaderColumn[] = [];
  const known = new Set<string>([...CANONICAL_COLUMNS, ...OPTIONAL_COLUMNS]);
  header.cells.forEach((raw, idx) => {
    const name = raw.trim().toLowerCase();
    let target = T_IGNORE;
    if (known.has(name)) {
      const prev = seen.get(name);
      if (prev !== undefined) {
        throw fileError(
          file,
          'duplicate_column',
          headerRow,
          name,
          raw,
          `列 ${name} 出现了两次（第 ${prev + 1} 列和第 ${idx + 1} 列）`,
          `column ${name} appears twice (columns ${prev + 1} and ${idx + 1})`,
        );
      }
      seen.set(name, idx);
      target =
        name === 'uscc'
          ? T_USCC
          : name === 'name'
            ? T_NAME
            : name === 'division'
              ? T_DIVISION
              : name === 'industry'
                ? T_INDUSTRY
                : name === 'tenant_of'
                  ? T_TENANT
                  : (NUMERIC_FIELDS as readonly string[]).indexOf(name);
    } else {
      warnings.push(
        name === ''
          ? `${file}：忽略没有列名的第 ${idx + 1} 列 / ${file}: ignored column ${idx + 1}, which has no name`
          : `${file}：忽略未知列 “${raw}”（第 ${idx + 1} 列） / ${file}: ignored unknown column "${raw}" (column ${idx + 1})`,
      );
    }
    if (target === T_NAME && options.names === false) target = T_IGNORE;
    cols.push({ name, target });
  });
  const missing = CANONICAL_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    const zh = missing.map((c) => `${c}（${columnLabel(c)[0]}）`).join('、');
    const en = missing.map((c) => `${c} (${columnLabel(c)[1]})`).join(', ');
    throw fileError(
      file,
      'missing_column',
      headerRow,
      missing[0]!,
      null,
      `缺少必需列 ${zh}`,
      `missing required column${missing.length > 1 ? 's' : ''} ${en}`,
    );
  }

  return { file, b, buf, dataStart: pos, dataRow: row, cols, warnings };
}

/** Reads the records after the header into column arrays; one method call per row. */
class RecordReader {
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
function estimateRows(b: Uint8Array, start: number, end: number, margin: number): number {
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
function sparseWhere<T>(a: readonly T[], n: number, at: ((k: number) => boolean) | null): Sparse<T> {
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
function joinCodes(
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

function joinIds(
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

function placeSparse<T>(out: (T | null)[], at: number, s: Sparse<T>): void {
  for (let k = 0; k < s.at.length; k++) out[at + s.at[k]!] = s.values[k]!;
}

function readRecords(
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

/** The cells of one CSV record as strings (used for the header). */
function readRowStrings(
  b: Uint8Array,
  buf: Buffer,
  start: number,
  row: number,
  file: string,
): { cells: string[]; next: number } {
  const len = b.length;
  const cells: string[] = [];
  let pos = start;
  for (;;) {
    if (b[pos] === QUOTE) {
      let p = pos + 1;
      for (;;) {
        if (p >= len) {
          throw new CanonicalFileError({
            file,
            row,
            column: null,
            value: null,
            rule: 'unterminated_quote',
            messageZh: `${file} 第 ${row} 行：表头的引号没有闭合`,
            messageEn: `${file} row ${row}: unterminated quote in the header`,
          });
        }
        if (b[p] === QUOTE) {
          if (b[p + 1] === QUOTE) {
            p += 2;
            continue;
          }
          break;
        }
        if (b[p] === 0) throw binaryError(file, row);
        p++;
      }
      cells.push(buf.toString('utf8', pos + 1, p).replaceAll('""', '"'));
      pos = p + 1;
    } else {
      let p = pos;
      while (p < len && b[p] !== COMMA && b[p] !== LF && b[p] !== CR) {
        if (b[p] === 0) throw binaryError(file, row);
        p++;
      }
      cells.push(buf.toString('utf8', pos, p));
      pos = p;
    }
    if (pos < len && b[pos] === COMMA) {
      pos++;
      continue;
    }
    if (pos < len) pos += b[pos] === CR && b[pos + 1] === LF ? 2 : 1;
    return { cells, next: pos };
  }
}

/** Zip (xlsx), OLE (xls), PDF or NUL bytes near the start: not a text file at all. */
function looksBinary(b: Uint8Array): boolean {
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return true;
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return true;
  const n = Math.min(b.length, 8192);
  for (let i = 0; i < n; i++) if (b[i] === 0) return true;
  return false;
}

function isExcel(b: Uint8Array): boolean {
  return (
    (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) ||
    (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0)
  );
}

/** Offset of the first byte that breaks UTF-8 (only called once the file is known to be invalid). */
function firstInvalidUtf8(b: Uint8Array): number {
  const len = b.length;
  let i = 0;
  while (i < len) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= len) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return len;
}

/** The 1-based row (header = 1) containing byte `offset`, counting records as the reader does. */
function rowAtOffset(b: Uint8Array, offset: number): number {
  let row = 1;
  let quoted = false;
  for (let i = 0; i < offset && i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || (c === CR && b[i + 1] !== LF))) row++;
  }
  return row;
}
