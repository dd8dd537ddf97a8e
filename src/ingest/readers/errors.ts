/**
 * The one error a reader throws when a whole file cannot be read: it names the file and the rule
 * broken, in Chinese and English (a {@link FileProblem}). Every failure of the readers — a missing
 * or oversized file, binary content, a broken or hostile workbook, a cancelled read — ends as one
 * `IngestFileError`, never as a raw exception from a library.
 */
import type { FileProblem } from '../types.js';

/** Codes of the file-level problems. */
export type IngestFileRule =
  | 'not_found'
  | 'not_a_file'
  | 'too_large'
  | 'empty_file'
  | 'binary'
  | 'unknown_encoding'
  | 'encoding_changed'
  | 'unterminated_quote'
  | 'row_too_long'
  | 'too_many_columns'
  | 'legacy_xls'
  | 'not_xlsx'
  | 'corrupt_xlsx'
  | 'encrypted'
  | 'zip_bomb'
  | 'sheet_not_found'
  | 'empty_sheet'
  | 'aborted'
  | 'read_failed';

/** A file that cannot be read at all. `message` is `file: 中文 / English`. */
export class IngestFileError extends Error implements FileProblem {
  readonly file: string;
  readonly rule: IngestFileRule;
  readonly zh: string;
  readonly en: string;
  /** The 1-based row where the problem was found, when there is one (e.g. an unterminated quote). */
  readonly row: number | null;

  constructor(
    init: { file: string; rule: IngestFileRule; zh: string; en: string; row?: number | null },
    options?: { cause?: unknown },
  ) {
    super(`${init.file}: ${init.zh} / ${init.en}`, options);
    this.name = 'IngestFileError';
    this.file = init.file;
    this.rule = init.rule;
    this.zh = init.zh;
    this.en = init.en;
    this.row = init.row ?? null;
  }

  /** The plain {@link FileProblem} (for reports and JSON). */
  toProblem(): FileProblem {
    return { file: this.file, rule: this.rule, zh: this.zh, en: this.en };
  }
}

const MB = 1024 * 1024;
const size = (bytes: number): string =>
  bytes >= 1024 * MB ? `${(bytes / (1024 * MB)).toFixed(1)} GB` : `${(bytes / MB).toFixed(1)} MB`;

/** The errors, one constructor per rule, so the wording lives in one place. */
export const fileErrors = {
  notFound: (file: string) =>
    new IngestFileError({ file, rule: 'not_found', zh: '文件不存在', en: 'the file does not exist' }),
  notAFile: (file: string) =>
    new IngestFileError({
      file,
      rule: 'not_a_file',
      zh: '不是文件（是目录？）',
      en: 'not a file (a folder?)',
    }),
  tooLarge: (file: string, bytes: number, maxBytes: number) =>
    new IngestFileError({
      file,
      rule: 'too_large',
      zh: `文件过大（${size(bytes)}），上限为 ${size(maxBytes)}；请按区县或月份拆分后再导入`,
      en: `the file is too large (${size(bytes)}); the limit is ${size(maxBytes)}: split it, e.g. by county, and import the parts`,
    }),
  empty: (file: string) =>
    new IngestFileError({ file, rule: 'empty_file', zh: '文件为空，没有任何内容', en: 'the file is empty' }),
  binary: (file: string) =>
    new IngestFileError({
      file,
      rule: 'binary',
      zh: '文件不是文本格式的 CSV（含二进制内容）；请导出为 CSV 或 XLSX',
      en: 'the file is not a text CSV (it has binary content); export it as CSV or XLSX',
    }),
  unknownEncoding: (file: string) =>
    new IngestFileError({
      file,
      rule: 'unknown_encoding',
      zh: '无法识别文件的字符编码（不是 UTF-8，也不是 GBK/GB18030）；请另存为 UTF-8 CSV',
      en: 'the character encoding is not recognised (neither UTF-8 nor GBK/GB18030); save it as a UTF-8 CSV',
    }),
  encodingChanged: (file: string, row: number) =>
    new IngestFileError({
      file,
      row,
      rule: 'encoding_changed',
      zh: `文件开头是 UTF-8 编码，但第 ${row} 行附近出现了非 UTF-8 内容（编码混用）；请整体另存为 UTF-8 CSV`,
      en: `the file starts in UTF-8 but has bytes that are not UTF-8 near row ${row} (mixed encodings); save the whole file as UTF-8 CSV`,
    }),
  unterminatedQuote: (file: string, row: number) =>
    new IngestFileError({
      file,
      row,
      rule: 'unterminated_quote',
      zh: `第 ${row} 行的引号没有闭合，文件到结尾仍在引号内`,
      en: `the quote opened in row ${row} is never closed`,
    }),
  rowTooLong: (file: string, row: number, maxChars: number) =>
    new IngestFileError({
      file,
      row,
      rule: 'row_too_long',
      zh: `第 ${row} 行超过 ${maxChars} 个字符（多半是引号没有闭合）`,
      en: `row ${row} is longer than ${maxChars} characters (most likely an unclosed quote)`,
    }),
  tooManyColumns: (file: string, row: number, maxColumns: number) =>
    new IngestFileError({
      file,
      row,
      rule: 'too_many_columns',
      zh: `第 ${row} 行超过 ${maxColumns} 列`,
      en: `row ${row} has more than ${maxColumns} columns`,
    }),
  legacyXls: (file: string) =>
    new IngestFileError({
      file,
      rule: 'legacy_xls',
      zh: '这是旧版 Excel 文件（.xls）或加密的工作簿，无法读取；请在 Excel 或 WPS 中另存为 .xlsx（不加密码）或 CSV',
      en: 'this is a legacy Excel file (.xls) or an encrypted workbook; save it as .xlsx (without a password) or CSV',
    }),
  notXlsx: (file: string) =>
    new IngestFileError({
      file,
      rule: 'not_xlsx',
      zh: '这是 ZIP 压缩文件，但不是 Excel 工作簿（.xlsx）',
      en: 'this is a ZIP archive but not an Excel workbook (.xlsx)',
    }),
  corruptXlsx: (file: string, zh: string, en: string) =>
    new IngestFileError({
      file,
      rule: 'corrupt_xlsx',
      zh: `Excel 文件已损坏或不完整（${zh}）；请重新导出或重新发送`,
      en: `the Excel file is damaged or incomplete (${en}); export or send it again`,
    }),
  encrypted: (file: string) =>
    new IngestFileError({
      file,
      rule: 'encrypted',
      zh: '工作簿已加密；请去掉密码后另存为 .xlsx',
      en: 'the workbook is encrypted; remove the password and save it as .xlsx',
    }),
  zipBomb: (file: string, zh: string, en: string) =>
    new IngestFileError({
      file,
      rule: 'zip_bomb',
      zh: `Excel 文件解压后异常巨大，已拒绝读取（${zh}）`,
      en: `the Excel file expands to an implausible size and was refused (${en})`,
    }),
  sheetNotFound: (file: string, sheet: string, names: readonly string[]) =>
    new IngestFileError({
      file,
      rule: 'sheet_not_found',
      zh: `工作簿中没有名为“${sheet}”的工作表；现有：${names.join('、')}`,
      en: `the workbook has no sheet named "${sheet}"; it has: ${names.join(', ')}`,
    }),
  emptySheet: (file: string, sheet: string | null) =>
    new IngestFileError({
      file,
      rule: 'empty_sheet',
      zh: sheet === null ? '工作簿中所有工作表都是空的' : `工作表“${sheet}”是空的`,
      en: sheet === null ? 'every sheet of the workbook is empty' : `the sheet "${sheet}" is empty`,
    }),
  aborted: (file: string) =>
    new IngestFileError({
      file,
      rule: 'aborted',
      zh: '读取超时或已取消',
      en: 'reading timed out or was cancelled',
    }),
  readFailed: (file: string, cause: unknown) =>
    new IngestFileError(
      {
        file,
        rule: 'read_failed',
        zh: `读取文件失败：${errorText(cause)}`,
        en: `the file could not be read: ${errorText(cause)}`,
      },
      { cause },
    ),
};

function errorText(e: unknown): string {
  if (e instanceof Error) return 'code' in e && typeof e.code === 'string' ? e.code : e.message;
  return String(e);
}

/**
 * Turns anything thrown while reading `file` into an IngestFileError: our own errors pass through,
 * an abort becomes `aborted`, anything else `read_failed` (with the original as `cause`).
 */
export function asIngestError(file: string, e: unknown, signal?: AbortSignal): IngestFileError {
  if (e instanceof IngestFileError) return e;
  if (signal?.aborted || (e instanceof Error && e.name === 'AbortError')) return fileErrors.aborted(file);
  return fileErrors.readFailed(file, e);
}
