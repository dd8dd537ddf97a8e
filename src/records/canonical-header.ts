/**
 * The file-level checks and the header of a canonical record file: which column feeds which field,
 * what is ignored (with a warning), where the records start.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import {
  CANONICAL_COLUMNS,
  FIELD_INFO,
  NUMERIC_FIELDS,
  OPTIONAL_COLUMNS,
  type NumericField,
} from '../domain/fields.js';
import { fileError, firstInvalidUtf8, isExcel, looksBinary, rowAtOffset } from './file-errors.js';
import type { SliceBuffer } from './csv-bytes.js';
import { CR, LF, isAsciiSpace, readRowStrings } from './csv-bytes.js';

export const TEXT_LABELS: Readonly<Record<string, readonly [zh: string, en: string]>> = {
  uscc: ['统一社会信用代码', 'unified social credit code'],
  name: ['企业名称', 'enterprise name'],
  division: ['行政区划代码', 'administrative division code'],
  industry: ['行业代码', 'industry code'],
  tenant_of: ['出租方统一社会信用代码', 'landlord USCC'],
};

export function columnLabel(col: string): readonly [string, string] {
  const t = TEXT_LABELS[col];
  if (t) return t;
  const f = FIELD_INFO[col as NumericField] as (typeof FIELD_INFO)[NumericField] | undefined;
  return f ? [f.zh, f.en] : [col, col];
}

// Column targets: what a header column feeds. Numeric fields are 0..NUMERIC_FIELDS.length-1.
export const T_IGNORE = -1;
export const T_USCC = -2;
export const T_NAME = -3;
export const T_DIVISION = -4;
export const T_INDUSTRY = -5;
export const T_TENANT = -6;

export interface HeaderColumn {
  name: string;
  /** A numeric field's index in NUMERIC_FIELDS (≥ 0), or a text or ignored column (< 0). */
  target: number;
}

export interface CanonicalParseOptions {
  /** Decode the `name` column (default true). Off for outputs that never show names, e.g. a results CSV. */
  names?: boolean;
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
