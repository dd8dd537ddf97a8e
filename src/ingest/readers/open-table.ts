/**
 * The entry point of the readers: a departmental file in, its rows out, whatever it is called. The
 * format is told from the content (a ZIP is a workbook, anything else is text), not the extension,
 * so an XLSX named .csv reads as a workbook and a binary file named .csv is refused.
 */
import { open, stat } from 'node:fs/promises';
import type { RawRow, TableInfo } from '../types.js';
import { openCsv } from './csv.js';
import { asIngestError, fileErrors } from './errors.js';
import { detectKind } from './sniff.js';
import { openXlsx, readXlsxSheetNames } from './xlsx.js';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.js';

/** Files of this size or more are refused before a byte is read (2 GiB). */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024 * 1024;

export interface OpenTableOptions {
  /** XLSX: the sheet to read (default: the first sheet with a value in it). Ignored for CSV. */
  readonly sheet?: string;
  /**
   * XLSX without `sheet`: read every sheet with a value in it, one after the other (a notes sheet
   * before the data, one sheet per county…), rather than the first one only. Ignored for CSV.
   */
  readonly allSheets?: boolean;
  /** Files of this size or more are refused (default {@link DEFAULT_MAX_BYTES}). */
  readonly maxBytes?: number;
  /** Stops opening and reading: pass `AbortSignal.timeout(ms)` for a time limit. */
  readonly signal?: AbortSignal;
  /** XLSX: the zip-bomb limits (default 1 GiB uncompressed in all, 500:1 per entry). */
  readonly zipLimits?: ZipLimits;
}

export interface OpenedTable {
  readonly info: TableInfo;
  /**
   * The rows, read from the file when iterated (each iteration reads it again from the start).
   * Iterating can still throw an IngestFileError for a problem found further in (a quote that never
   * closes, mixed encodings, damaged compressed data, an abort).
   */
  readonly rows: AsyncIterable<RawRow>;
}

/**
 * Opens a CSV or XLSX file for reading.
 *
 * @throws IngestFileError for a file that cannot be read (missing, too large, empty, binary, a
 *   legacy .xls, a damaged or hostile workbook, no such sheet, aborted).
 * @example
 * const { info, rows } = await openTable('tax.csv', { signal: AbortSignal.timeout(60_000) });
 * for await (const row of rows) console.log(info.encoding, row.row, row.cells);
 */
export async function openTable(file: string, options: OpenTableOptions = {}): Promise<OpenedTable> {
  const { signal } = options;
  const { size, kind } = await examine(file, options);
  switch (kind) {
    case 'zip':
      return openXlsx(file, size, {
        signal,
        sheet: options.sheet,
        allSheets: options.allSheets,
        limits: options.zipLimits ?? DEFAULT_ZIP_LIMITS,
      });
    case 'ole2':
      throw fileErrors.legacyXls(file);
    case 'text':
      return openCsv(file, size, { signal });
  }
}

/**
 * The sheet names of a workbook, in order (hidden sheets included).
 *
 * @throws IngestFileError `not_xlsx` for a file that is not a workbook, or any of openTable's errors.
 */
export async function readSheetNames(
  file: string,
  options: Pick<OpenTableOptions, 'maxBytes' | 'signal' | 'zipLimits'> = {},
): Promise<string[]> {
  const { size, kind } = await examine(file, options);
  if (kind === 'ole2') throw fileErrors.legacyXls(file);
  if (kind !== 'zip') throw fileErrors.notXlsx(file);
  return readXlsxSheetNames(file, size, {
    signal: options.signal,
    limits: options.zipLimits ?? DEFAULT_ZIP_LIMITS,
  });
}

/** Size and kind of a file, refusing what cannot be read at all before reading it. */
async function examine(
  file: string,
  options: Pick<OpenTableOptions, 'maxBytes' | 'signal'>,
): Promise<{ size: number; kind: ReturnType<typeof detectKind> }> {
  const { signal } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    if (signal?.aborted) throw fileErrors.aborted(file);
    let st;
    try {
      st = await stat(file);
    } catch (e) {
      if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR'))
        throw fileErrors.notFound(file);
      throw e;
    }
    if (!st.isFile()) throw fileErrors.notAFile(file);
    if (st.size >= maxBytes) throw fileErrors.tooLarge(file, st.size, maxBytes);
    if (st.size === 0) throw fileErrors.empty(file);
    const head = Buffer.alloc(8);
    const fh = await open(file, 'r');
    try {
      await fh.read(head, 0, 8, 0);
    } finally {
      await fh.close();
    }
    return { size: st.size, kind: detectKind(head) };
  } catch (e) {
    throw asIngestError(file, e, signal);
  }
}
