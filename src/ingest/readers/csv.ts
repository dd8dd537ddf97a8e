/**
 * The CSV reader: a file read in 1 MB chunks, decoded as a stream (a character split across two
 * chunks is joined by the decoder), cut into RFC 4180 records by {@link CsvTokenizer}. Memory stays
 * bounded by the chunk size and the longest row, whatever the file's size.
 *
 * Cells are the raw text (not trimmed, quotes removed, `""` unescaped). Rows are numbered as a
 * spreadsheet program shows the file: one per record, a blank line counts, a line break inside a
 * quoted cell does not. Blank rows (every cell empty) are not emitted, but keep their number.
 */
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { RawRow, TableInfo } from '../types.js';
import { asIngestError, fileErrors } from './errors.js';
import {
  decodeSample,
  detectDelimiter,
  detectEncoding,
  looksBinary,
  notGb18030,
  type TextEncoding,
} from './sniff.js';

/** Bytes sampled to detect the encoding (the first MB). */
export const CSV_SAMPLE_BYTES = 1 << 20;
const CHUNK_BYTES = 1 << 20;
/** The most columns a row may have (Excel's limit). */
export const CSV_MAX_COLUMNS = 16_384;
/** The longest row, in characters; longer means a quote that never closes, or no CSV at all. */
export const CSV_MAX_ROW_CHARS = 4 << 20;

const LF = 10;
const CR = 13;
const QUOTE = 34;

const S_START = 0; // at the start of a field
const S_PLAIN = 1; // inside an unquoted field (or after the closing quote of a quoted one)
const S_QUOTED = 2; // inside a quoted field
const S_QUOTE_END = 3; // just after a quote inside a quoted field: an escape or the end

/** Thrown by the tokenizer; the reader turns it into an IngestFileError naming the file. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly rule: 'unterminated_quote' | 'row_too_long' | 'too_many_columns',
    readonly row: number,
  ) {
    super(`${rule} at row ${row}`);
  }
}

/**
 * Cuts decoded text into records, chunk by chunk (a record, a cell or a CRLF may span chunks).
 * RFC 4180 with the usual leniency: a quote inside an unquoted cell is kept as text, and text after
 * a closing quote is appended to the cell; CRLF, LF and a lone CR all end a record.
 *
 * @example
 * const t = new CsvTokenizer(',', (row, cells) => console.log(row, cells));
 * t.push('a,"b\n'); t.push('c"\r\n'); t.finish(); // 1 [ 'a', 'b\nc' ]
 */
export class CsvTokenizer {
  private cells: string[] = [];
  private field = '';
  private state = S_START;
  private pendingCR = false;
  /** Characters of the current row seen in earlier chunks. */
  private rowChars = 0;
  /** The number of the row being read (1-based). */
  row = 1;
  private readonly delimiter: number;

  constructor(
    delimiter: ',' | '\t',
    private readonly emit: (row: number, cells: string[]) => void,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(s: string): void {
    const n = s.length;
    const d = this.delimiter;
    let i = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (n > 0 && s.charCodeAt(0) === LF) i = 1;
    }
    let rowStart = i;
    let state = this.state;
    while (i < n) {
      if (state === S_QUOTED) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          this.field += s.slice(i);
          i = n;
          break;
        }
        this.field += s.slice(i, q);
        i = q + 1;
        state = S_QUOTE_END;
        continue;
      }
      if (state === S_QUOTE_END) {
        const c = s.charCodeAt(i);
        if (c === QUOTE) {
          this.field += '"';
          i++;
          state = S_QUOTED;
          continue;
        }
        if (c !== d && c !== LF && c !== CR) {
          state = S_PLAIN; // lenient: `"ab"cd` is the cell `abcd`
          continue;
        }
      } else if (state === S_START && s.charCodeAt(i) === QUOTE) {
        i++;
        state = S_QUOTED;
        continue;
      }
      // S_START, S_PLAIN, or S_QUOTE_END at a delimiter or line end: scan to the end of the cell.
      let j = i;
      let c = 0;
      if (state !== S_QUOTE_END) {
        while (j < n) {
          c = s.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        if (j === n) {
          this.field += s.slice(i);
          state = S_PLAIN;
          i = n;
          break;
        }
      } else c = s.charCodeAt(j);
      const cells = this.cells;
      cells.push(this.field === '' ? s.slice(i, j) : this.field + s.slice(i, j));
      this.field = '';
      if (cells.length > CSV_MAX_COLUMNS) throw new CsvSyntaxError('too_many_columns', this.row);
      state = S_START;
      if (c === d) {
        i = j + 1;
        continue;
      }
      this.endRow();
      i = j + 1;
      if (c === CR) {
        if (i < n) {
          if (s.charCodeAt(i) === LF) i++;
        } else this.pendingCR = true;
      }
      rowStart = i;
    }
    this.state = state;
    if (this.cells.length > 0 || state !== S_START) {
      this.rowChars += n - rowStart;
      if (this.rowChars > CSV_MAX_ROW_CHARS) throw new CsvSyntaxError('row_too_long', this.row);
    }
  }

  /** Ends the input: emits a last row without a line break; a quote still open is an error. */
  finish(): void {
    if (this.state === S_QUOTED) throw new CsvSyntaxError('unterminated_quote', this.row);
    if (this.state !== S_START || this.cells.length > 0) {
      this.cells.push(this.field);
      this.field = '';
      this.state = S_START;
      this.endRow();
    }
  }

  private endRow(): void {
    const cells = this.cells;
    this.cells = [];
    this.rowChars = 0;
    const row = this.row++;
    for (let k = 0; k < cells.length; k++) {
      if (cells[k] !== '') {
        this.emit(row, cells);
        return;
      }
    }
  }
}

interface StreamDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

function streamDecoder(encoding: TextEncoding): StreamDecoder {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom': {
      // fatal: bytes that are not UTF-8 after a UTF-8 first MB stop the read instead of becoming U+FFFD
      const td = new TextDecoder('utf-8', { fatal: true });
      return { write: (b) => td.decode(b, { stream: true }), end: () => td.decode() };
    }
    case 'gb18030':
    case 'utf-16le':
    case 'utf-16be': {
      const dec = iconv.getDecoder(encoding);
      return { write: (b) => dec.write(b), end: () => dec.end() ?? '' };
    }
  }
}

export interface CsvOpenOptions {
  readonly signal?: AbortSignal;
}

/**
 * Opens a text file as CSV: samples the first MB to detect the encoding, refuses binary content and
 * empty files, detects the delimiter; the rows are read when iterated (each iteration reads the
 * file again from the start).
 */
export async function openCsv(
  file: string,
  size: number,
  options: CsvOpenOptions = {},
): Promise<{ info: TableInfo; rows: AsyncIterable<RawRow> }> {
  const { signal } = options;
  let sample: Buffer;
  try {
    const fh = await open(file, 'r');
    try {
      sample = Buffer.alloc(Math.min(size, CSV_SAMPLE_BYTES));
      const { bytesRead } = await fh.read(sample, 0, sample.length, 0);
      sample = sample.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw asIngestError(file, e, signal);
  }
  if (sample.length === 0) throw fileErrors.empty(file);
  const complete = sample.length >= size;
  const encoding = detectEncoding(sample, complete);
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && looksBinary(sample))
    throw fileErrors.binary(file);
  const text = decodeSample(sample, encoding);
  if (encoding === 'gb18030' && notGb18030(text)) throw fileErrors.unknownEncoding(file);
  if (complete && text.trim() === '') throw fileErrors.empty(file);
  const delimiter = detectDelimiter(text);
  const info: TableInfo = { file, format: 'csv', encoding, sheet: null, delimiter, merges: [] };
  return { info, rows: { [Symbol.asyncIterator]: () => readCsvRows(file, encoding, delimiter, signal) } };
}

async function* readCsvRows(
  file: string,
  encoding: TextEncoding,
  delimiter: ',' | '\t',
  signal: AbortSignal | undefined,
): AsyncGenerator<RawRow> {
  let out: RawRow[] = [];
  const tokenizer = new CsvTokenizer(delimiter, (row, cells) => {
    out.push({ sheet: null, row, cells });
  });
  const decoder = streamDecoder(encoding);
  const decode = (chunk: Buffer | null): string => {
    try {
      return chunk === null ? decoder.end() : decoder.write(chunk);
    } catch (e) {
      if (e instanceof TypeError) throw fileErrors.encodingChanged(file, tokenizer.row);
      throw e;
    }
  };
  try {
    if (signal?.aborted) throw fileErrors.aborted(file);
    const fh = await open(file, 'r');
    try {
      for (;;) {
        const buf = Buffer.allocUnsafe(CHUNK_BYTES);
        const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
        if (signal?.aborted) throw fileErrors.aborted(file);
        if (bytesRead === 0) break;
        tokenizer.push(decode(buf.subarray(0, bytesRead)));
        if (out.length > 0) {
          const rows = out;
          out = [];
          for (const r of rows) {
            if (signal?.aborted) throw fileErrors.aborted(file);
            yield r;
          }
        }
      }
    } finally {
      await fh.close();
    }
    tokenizer.push(decode(null));
    tokenizer.finish();
    for (const r of out) yield r;
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      switch (e.rule) {
        case 'unterminated_quote':
          throw fileErrors.unterminatedQuote(file, e.row);
        case 'row_too_long':
          throw fileErrors.rowTooLong(file, e.row, CSV_MAX_ROW_CHARS);
        case 'too_many_columns':
          throw fileErrors.tooManyColumns(file, e.row, CSV_MAX_COLUMNS);
      }
    }
    throw asIngestError(file, e, signal);
  }
}
