/**
 * File-level problems of a canonical record file (binary, not UTF-8, a missing column, a wrong cell
 * count, …): the error type with its Chinese and English message, and the checks that find them.
 */
import { CR, LF, QUOTE } from './csv-bytes.js';

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

export function fileError(
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

export function binaryError(file: string, row: number | null): CanonicalFileError {
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

/** Zip (xlsx), OLE (xls), PDF or NUL bytes near the start: not a text file at all. */
export function looksBinary(b: Uint8Array): boolean {
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return true;
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return true;
  const n = Math.min(b.length, 8192);
  for (let i = 0; i < n; i++) if (b[i] === 0) return true;
  return false;
}

export function isExcel(b: Uint8Array): boolean {
  return (
    (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) ||
    (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0)
  );
}

/** Offset of the first byte that breaks UTF-8 (only called once the file is known to be invalid). */
export function firstInvalidUtf8(b: Uint8Array): number {
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
export function rowAtOffset(b: Uint8Array, offset: number): number {
  let row = 1;
  let quoted = false;
  for (let i = 0; i < offset && i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || (c === CR && b[i + 1] !== LF))) row++;
  }
  return row;
}
