/**
 * The XLSX reader: {@link ZipArchive} for the parts, {@link XmlScanner} over them, typed cells.
 * Why this and not exceljs: docs/adr/0006-xlsx-reader.md.
 *
 * Opening a workbook reads the small parts whole (relationships, workbook, styles) and the shared
 * strings into memory, then reads the chosen sheet once without parsing it (native inflate, CRC-32
 * check, the merged ranges, which the format stores after the data); the rows are parsed when
 * iterated, one inflated chunk at a time, so memory is the shared strings plus a chunk.
 *
 * Cells: numbers as `number`, shared, inline and formula strings as `string`, numbers in a date or
 * time format as `Date` (UTC; 1900 or 1904 date system as the workbook says), booleans as 1/0,
 * errors as their text (`#DIV/0!`), empty cells and empty strings as null. Rows with no value are
 * not emitted; `row` is the row number the spreadsheet shows.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { MergedRange, RawCell, RawRow, TableInfo } from '../types.js';
import { isBuiltinDateFormat, isDateFormatCode, serialToDate } from './dates.js';
import { asIngestError, fileErrors } from './errors.js';
import { attr, attributes, pickAttributes, XmlScanner, XmlSyntaxError } from './xml-scan.js';
import { DEFAULT_ZIP_LIMITS, ZipArchive, type ZipEntry, type ZipLimits } from './zip.js';

/** Excel's last column is XFD (16,384 columns). */
const MAX_COLUMNS = 16_384;
const CELL_ATTRIBUTES = ['r', 't', 's'] as const;
/** Characters of XML handed to the scanner at a time. */
const FEED_SLICE = 16 * 1024;
/**
 * The most empty cells a sheet may make the reader fill in before its values (a cell in column
 * XFD of every row would otherwise cost 16,384 cells per row: a small file that takes hours).
 */
const MAX_PADDING_CELLS = 50_000_000;
/** Bytes of the merged-cell list kept at most (a real sheet's list is a few KB). */
const MAX_MERGE_LIST_BYTES = 4 * 1024 * 1024;
/** Entries of the shared strings and the cell styles kept at most (Excel allows 64,000 styles). */
const MAX_SHARED_STRINGS = 20_000_000;
const MAX_STYLES = 1_000_000;

export interface XlsxOpenOptions {
  readonly sheet?: string;
  /**
   * Without `sheet`: read every sheet that has a value (visible sheets in workbook order; hidden ones
   * only when no visible sheet has a value), one after the other, instead of the first such sheet only.
   */
  readonly allSheets?: boolean;
  readonly signal?: AbortSignal;
  readonly limits?: ZipLimits;
}

interface SheetRef {
  readonly name: string;
  readonly hidden: boolean;
  /** The part in the archive, e.g. 'xl/worksheets/sheet1.xml'; null when the workbook does not say. */
  readonly part: string | null;
}

/** What the rows of a sheet need from the rest of the workbook. */
interface Workbook {
  readonly sheets: readonly SheetRef[];
  readonly date1904: boolean;
  readonly sharedStrings: readonly string[];
  /** Per cell style (`s` attribute): whether its number format is a date or time. */
  readonly dateStyles: readonly boolean[];
}

/** The names of the sheets of a workbook, in order (hidden ones included). */
export async function readXlsxSheetNames(
  file: string,
  size: number,
  options: XlsxOpenOptions = {},
): Promise<string[]> {
  return withArchive(file, size, options, async (archive) => {
    const { sheets } = await readWorkbookPart(archive, options.signal);
    return sheets.map((s) => s.name);
  });
}

/**
 * Opens a workbook: the named sheet, or else the first sheet that has a value in it (visible sheets
 * first). Refuses a workbook whose sheets are all empty, a sheet that does not exist, and every kind
 * of damaged or hostile archive ({@link ZipArchive}).
 */
export async function openXlsx(
  file: string,
  size: number,
  options: XlsxOpenOptions = {},
): Promise<{ info: TableInfo; rows: AsyncIterable<RawRow> }> {
  const { signal } = options;
  return withArchive(file, size, options, async (archive) => {
    const workbook = await readWorkbook(archive, signal);
    const names = workbook.sheets.map((s) => s.name);
    let candidates: SheetRef[];
    if (options.sheet !== undefined) {
      const wanted = options.sheet;
      const found =
        workbook.sheets.find((s) => s.name === wanted) ??
        workbook.sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
      if (!found) throw fileErrors.sheetNotFound(file, wanted, names);
      candidates = [found];
    } else {
      candidates = [...workbook.sheets.filter((s) => !s.hidden), ...workbook.sheets.filter((s) => s.hidden)];
    }
    const chosen: { sheet: SheetRef; entry: ZipEntry; merges: MergedRange[] }[] = [];
    for (const sheet of candidates) {
      if (options.allSheets && chosen.length > 0 && sheet.hidden && !chosen[0]!.sheet.hidden) break;
      const entry = sheet.part === null ? undefined : archive.entry(sheet.part);
      if (!entry) {
        if (sheet.part === null) continue; // not a worksheet (a chart sheet, say)
        throw fileErrors.corruptXlsx(
          file,
          `缺少工作表“${sheet.name}”的数据`,
          `the data of sheet "${sheet.name}" is missing`,
        );
      }
      // Probe for a first row, then read the whole part once: CRC, size, merged ranges.
      const first = sheetRows(archive, entry, sheet.name, workbook, signal)[Symbol.asyncIterator]();
      const probe = await first.next();
      await first.return?.(undefined);
      if (probe.done) continue;
      chosen.push({ sheet, entry, merges: await scanMerges(archive, entry, signal) });
      if (!options.allSheets) break;
    }
    if (chosen.length === 0) throw fileErrors.emptySheet(file, options.sheet ?? null);
    const info: TableInfo = {
      file,
      format: 'xlsx',
      encoding: null,
      sheet: chosen[0]!.sheet.name,
      sheets: names,
      readSheets: chosen.map((c) => c.sheet.name),
      merges: chosen[0]!.merges,
    };
    const rows: AsyncIterable<RawRow> = {
      [Symbol.asyncIterator]: () => sheetsFromFile(archive, chosen, workbook, signal),
    };
    return { info, rows };
  });
}

/** The rows of the chosen sheets, one sheet after the other. */
async function* sheetsFromFile(
  archive: ZipArchive,
  chosen: readonly { sheet: SheetRef; entry: ZipEntry }[],
  workbook: Workbook,
  signal: AbortSignal | undefined,
): AsyncGenerator<RawRow> {
  for (const c of chosen) yield* rowsFromFile(archive, c.entry, c.sheet.name, workbook, signal);
}

async function withArchive<T>(
  file: string,
  size: number,
  options: XlsxOpenOptions,
  body: (archive: ZipArchive) => Promise<T>,
): Promise<T> {
  const { signal } = options;
  let fh: FileHandle | undefined;
  try {
    if (signal?.aborted) throw fileErrors.aborted(file);
    fh = await open(file, 'r');
    const archive = await ZipArchive.open(file, fh, size, options.limits ?? DEFAULT_ZIP_LIMITS);
    return await body(archive);
  } catch (e) {
    throw asIngestError(file, e, signal);
  } finally {
    await fh?.close();
  }
}

/** The rows of a sheet through a handle of their own (the archive's handle is closed after opening). */
async function* rowsFromFile(
  archive: ZipArchive,
  entry: ZipEntry,
  sheetName: string,
  workbook: Workbook,
  signal: AbortSignal | undefined,
): AsyncGenerator<RawRow> {
  let fh: FileHandle | undefined;
  try {
    if (signal?.aborted) throw fileErrors.aborted(archive.file);
    fh = await open(archive.file, 'r');
    yield* sheetRows(archive.withHandle(fh), entry, sheetName, workbook, signal);
  } catch (e) {
    throw asIngestError(archive.file, e, signal);
  } finally {
    await fh?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// XML plumbing

interface Handlers {
  open?: (name: string, attributes: string) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/** The name without its namespace prefix (`x:row` → `row`): some writers prefix the main namespace. */
const local = (name: string): string => {
  const k = name.indexOf(':');
  return k < 0 ? name : name.slice(k + 1);
};

/** Excel escapes characters XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`). */
function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const noop = (): void => undefined;

function newScanner(handlers: Handlers): XmlScanner {
  const { open = noop, close = noop, text = noop } = handlers;
  return new XmlScanner({
    open: (name, attributes) => open(local(name), attributes),
    close: (name) => close(local(name)),
    text,
  });
}

/** Feeds an entry to a scanner, yielding after each chunk (so the caller can hand on what it collected). */
async function* feed(
  archive: ZipArchive,
  entry: ZipEntry,
  scanner: XmlScanner,
  signal: AbortSignal | undefined,
): AsyncGenerator<void> {
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of archive.chunks(entry, signal)) {
      const text = decoder.decode(chunk, { stream: true });
      // In slices, so that what one slice makes the caller collect (rows) stays small.
      for (let k = 0; k < text.length; k += FEED_SLICE) {
        scanner.write(k === 0 && text.length <= FEED_SLICE ? text : text.slice(k, k + FEED_SLICE));
        yield;
      }
    }
    scanner.write(decoder.decode());
    scanner.close();
  } catch (e) {
    if (e instanceof XmlSyntaxError)
      throw fileErrors.corruptXlsx(
        archive.file,
        `${entry.name} 不是有效的 XML：${e.message}`,
        `${entry.name} is not well-formed XML: ${e.message}`,
      );
    throw e;
  }
}

async function parseWhole(
  archive: ZipArchive,
  entry: ZipEntry,
  handlers: Handlers,
  signal: AbortSignal | undefined,
): Promise<void> {
  for await (const _ of feed(archive, entry, newScanner(handlers), signal)) {
    // the handlers collect
  }
}

// ---------------------------------------------------------------------------------------------
// Workbook parts

/** `target` of a relationship, resolved against the folder of the part that has it. */
function resolvePart(baseDir: string, target: string): string {
  const parts = target.startsWith('/') ? [] : baseDir.split('/').filter(Boolean);
  for (const p of target.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

const dirOf = (part: string): string => part.slice(0, part.lastIndexOf('/') + 1);
const relsOf = (part: string): string => `${dirOf(part)}_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;

/** Relationships of a part: id → { type, target part }. */
async function readRelationships(
  archive: ZipArchive,
  part: string,
  signal: AbortSignal | undefined,
): Promise<Map<string, { type: string; target: string }>> {
  const rels = new Map<string, { type: string; target: string }>();
  const entry = archive.entry(relsOf(part));
  if (!entry) return rels;
  const base = dirOf(part);
  await parseWhole(
    archive,
    entry,
    {
      open: (name, raw) => {
        if (name !== 'Relationship') return;
        const { Id, Type, Target, TargetMode } = attributes(raw);
        if (TargetMode === 'External') return;
        if (Id !== undefined && Target !== undefined)
          rels.set(Id, { type: Type ?? '', target: resolvePart(base, Target) });
      },
    },
    signal,
  );
  return rels;
}

interface WorkbookPart {
  readonly part: string;
  readonly sheets: readonly SheetRef[];
  readonly date1904: boolean;
  readonly rels: Map<string, { type: string; target: string }>;
}

async function readWorkbookPart(archive: ZipArchive, signal: AbortSignal | undefined): Promise<WorkbookPart> {
  const root = await readRelationships(archive, '', signal);
  let part = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!archive.entry(part) && archive.entry('xl/workbook.xml')) part = 'xl/workbook.xml';
  const entry = archive.entry(part);
  if (!entry) throw fileErrors.notXlsx(archive.file);
  const rels = await readRelationships(archive, part, signal);
  const sheets: SheetRef[] = [];
  let date1904 = false;
  await parseWhole(
    archive,
    entry,
    {
      open: (name, raw) => {
        if (name === 'workbookPr') {
          const v = attr(raw, 'date1904');
          date1904 = v === '1' || v === 'true';
        } else if (name === 'sheet') {
          const a = attributes(raw);
          const idKey = Object.keys(a).find((k) => k !== 'id' && local(k) === 'id');
          const rel = idKey === undefined ? undefined : rels.get(a[idKey]!);
          const isWorksheet = rel !== undefined && !/\/(chartsheet|dialogsheet|macrosheet)$/.test(rel.type);
          sheets.push({
            name: a.name ?? `Sheet${sheets.length + 1}`,
            hidden: a.state === 'hidden' || a.state === 'veryHidden',
            part: isWorksheet ? rel.target : null,
          });
        }
      },
    },
    signal,
  );
  if (sheets.length === 0) throw fileErrors.notXlsx(archive.file);
  return { part, sheets, date1904, rels };
}

async function readWorkbook(archive: ZipArchive, signal: AbortSignal | undefined): Promise<Workbook> {
  const wb = await readWorkbookPart(archive, signal);
  const target = (suffix: string): ZipEntry | undefined => {
    const rel = [...wb.rels.values()].find((r) => r.type.endsWith(suffix));
    return rel ? archive.entry(rel.target) : undefined;
  };
  const stylesEntry = target('/styles') ?? archive.entry(`${dirOf(wb.part)}styles.xml`);
  const stringsEntry = target('/sharedStrings') ?? archive.entry(`${dirOf(wb.part)}sharedStrings.xml`);
  const dateStyles = stylesEntry ? await readDateStyles(archive, stylesEntry, signal) : [];
  const sharedStrings = stringsEntry ? await readSharedStrings(archive, stringsEntry, signal) : [];
  return { sheets: wb.sheets, date1904: wb.date1904, sharedStrings, dateStyles };
}

const tooMany = (archive: ZipArchive, entry: ZipEntry) =>
  fileErrors.corruptXlsx(
    archive.file,
    `${entry.name} 的条目多得不合理`,
    `${entry.name} has implausibly many entries`,
  );

async function readDateStyles(
  archive: ZipArchive,
  entry: ZipEntry,
  signal: AbortSignal | undefined,
): Promise<boolean[]> {
  const customDate = new Map<number, boolean>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await parseWhole(
    archive,
    entry,
    {
      open: (name, raw) => {
        if (name === 'numFmt') {
          if (customDate.size >= MAX_STYLES) throw tooMany(archive, entry);
          customDate.set(Number(attr(raw, 'numFmtId')), isDateFormatCode(attr(raw, 'formatCode') ?? ''));
        } else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) {
          if (xfFormats.length >= MAX_STYLES) throw tooMany(archive, entry);
          xfFormats.push(Number(attr(raw, 'numFmtId') ?? 0));
        }
      },
      close: (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
    },
    signal,
  );
  return xfFormats.map((id) => customDate.get(id) ?? isBuiltinDateFormat(id));
}

async function readSharedStrings(
  archive: ZipArchive,
  entry: ZipEntry,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inT = false;
  let phonetic = 0; // inside <rPh> (a reading guide, not part of the text)
  await parseWhole(
    archive,
    entry,
    {
      open: (name) => {
        if (name === 't') inT = phonetic === 0;
        else if (name === 'si') current = '';
        else if (name === 'rPh') phonetic++;
      },
      close: (name) => {
        if (name === 't') inT = false;
        else if (name === 'si') {
          if (strings.length >= MAX_SHARED_STRINGS) throw tooMany(archive, entry);
          strings.push(unescapeOoxml(current));
        } else if (name === 'rPh') phonetic--;
      },
      text: (t) => {
        if (inT) current += t;
      },
    },
    signal,
  );
  return strings;
}

// ---------------------------------------------------------------------------------------------
// Sheets

/** 0-based column of a cell reference (`AB12` → 27), or -1 when it has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  let k = 0;
  for (; k < ref.length; k++) {
    const c = ref.charCodeAt(k) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return k === 0 ? -1 : col - 1;
}

/** 1-based row of a cell reference (`AB12` → 12), or -1. */
function rowOf(ref: string): number {
  const m = /\d+$/.exec(ref);
  return m ? Number(m[0]) : -1;
}

/** The merged ranges `A2:A3` of a list; anything malformed is skipped. */
export function parseMergeRefs(refs: readonly string[]): MergedRange[] {
  const out: MergedRange[] = [];
  for (const ref of refs) {
    const [a = '', b = a] = ref.split(':');
    const firstCol = columnOf(a);
    const lastCol = columnOf(b);
    const firstRow = rowOf(a);
    const lastRow = rowOf(b);
    if (firstCol < 0 || lastCol < 0 || firstRow < 1 || lastRow < 1) continue;
    out.push({
      firstRow: Math.min(firstRow, lastRow),
      lastRow: Math.max(firstRow, lastRow),
      firstCol: Math.min(firstCol, lastCol),
      lastCol: Math.max(firstCol, lastCol),
    });
  }
  return out;
}

/**
 * Reads a sheet part through once without parsing it: inflating it checks its size and CRC, and the
 * merged-cell list (stored after the cell data) is picked out of the bytes.
 */
async function scanMerges(
  archive: ZipArchive,
  entry: ZipEntry,
  signal: AbortSignal | undefined,
): Promise<MergedRange[]> {
  const marker = Buffer.from('mergeCells');
  const collected: Buffer[] = [];
  let collectedBytes = 0;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of archive.chunks(entry, signal)) {
    if (collected.length > 0) {
      if (collectedBytes < MAX_MERGE_LIST_BYTES) {
        collected.push(chunk);
        collectedBytes += chunk.length;
      }
      continue;
    }
    const window = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const at = window.indexOf(marker);
    if (at >= 0) {
      collected.push(window.subarray(at));
      collectedBytes += window.length - at;
    } else carry = Buffer.from(window.subarray(Math.max(0, window.length - marker.length)));
  }
  if (collected.length === 0) return [];
  const text = Buffer.concat(collected).toString('utf8');
  const end = text.search(/<\/([\w.-]+:)?mergeCells>/);
  const list = end < 0 ? text : text.slice(0, end);
  const refs: string[] = [];
  for (const m of list.matchAll(/<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']+)["']/g))
    refs.push(m[1]!);
  return parseMergeRefs(refs);
}

/** The rows of a sheet, parsed chunk by chunk. */
async function* sheetRows(
  archive: ZipArchive,
  entry: ZipEntry,
  sheetName: string,
  workbook: Workbook,
  signal: AbortSignal | undefined,
): AsyncGenerator<RawRow> {
  const { sharedStrings, dateStyles, date1904 } = workbook;
  const file = archive.file;
  let out: RawRow[] = [];
  let rowNumber = 0;
  let cells: RawCell[] = [];
  let hasValue = false;
  let col = -1;
  let type = 'n';
  let style = 0;
  let value = '';
  let inValue = false; // inside <v>, or <t> of an inline string
  let inInline = false;
  let phonetic = 0;
  let haveValue = false;
  const cellAttributes: (string | undefined)[] = [];
  let padding = 0;

  const cellValue = (): RawCell => {
    if (!haveValue) return null;
    switch (type) {
      case 'n':
      case '': {
        if (value.trim() === '') return null;
        const x = Number(value);
        if (Number.isNaN(x)) return value;
        if (dateStyles[style] === true) return serialToDate(x, date1904) ?? x;
        return x;
      }
      case 's': {
        const s = sharedStrings[Number(value)];
        if (s === undefined)
          throw fileErrors.corruptXlsx(
            file,
            `工作表“${sheetName}”引用了不存在的共享字符串 ${value}`,
            `sheet "${sheetName}" refers to shared string ${value}, which does not exist`,
          );
        return s === '' ? null : s;
      }
      case 'inlineStr':
      case 'str':
      case 'e': {
        const s = unescapeOoxml(value);
        return s === '' ? null : s;
      }
      case 'b':
        return value.trim() === '1' || value.trim().toLowerCase() === 'true' ? 1 : 0;
      case 'd': {
        const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
        return Number.isNaN(d.getTime()) ? value : d;
      }
      default:
        return value === '' ? null : value;
    }
  };

  const scanner = newScanner({
    open: (name, raw) => {
      switch (name) {
        case 'row': {
          const ref = attr(raw, 'r');
          const r = ref === undefined ? NaN : Number(ref);
          rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
          cells = [];
          hasValue = false;
          col = -1;
          break;
        }
        case 'c': {
          pickAttributes(raw, CELL_ATTRIBUTES, cellAttributes);
          const [ref, t, s] = cellAttributes;
          const c = ref === undefined ? -1 : columnOf(ref);
          col = c >= 0 ? c : col + 1;
          if (col >= MAX_COLUMNS)
            throw fileErrors.corruptXlsx(
              file,
              `工作表“${sheetName}”的单元格 ${ref ?? ''} 超出最大列数`,
              `sheet "${sheetName}" has a cell ${ref ?? ''} beyond the last column`,
            );
          type = t ?? 'n';
          style = s === undefined ? 0 : Number(s);
          value = '';
          haveValue = false;
          break;
        }
        case 'v':
          if (!inInline) {
            inValue = true;
            haveValue = true;
          }
          break;
        case 'is':
          inInline = true;
          haveValue = true;
          break;
        case 't':
          if (inInline && phonetic === 0) inValue = true;
          break;
        case 'rPh':
          phonetic++;
          break;
      }
    },
    close: (name) => {
      switch (name) {
        case 'v':
        case 't':
          inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c': {
          const v = cellValue();
          if (v !== null) {
            padding += Math.max(0, col - cells.length);
            if (padding > MAX_PADDING_CELLS)
              throw fileErrors.corruptXlsx(
                file,
                `工作表“${sheetName}”的数据异常稀疏（大量空单元格），疑似恶意文件`,
                `sheet "${sheetName}" is implausibly sparse (masses of empty cells before its values)`,
              );
            while (cells.length < col) cells.push(null);
            cells[col] = v;
            hasValue = true;
          }
          break;
        }
        case 'row':
          if (hasValue) out.push({ sheet: sheetName, row: rowNumber, cells });
          cells = [];
          hasValue = false;
          break;
      }
    },
    text: (t) => {
      if (inValue) value += t;
    },
  });

  for await (const _ of feed(archive, entry, scanner, signal)) {
    if (out.length > 0) {
      const rows = out;
      out = [];
      for (const r of rows) {
        if (signal?.aborted) throw fileErrors.aborted(file);
        yield r;
      }
    }
  }
  for (const r of out) yield r;
}
