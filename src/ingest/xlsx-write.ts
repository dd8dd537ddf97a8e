/**
 * Writes XLSX workbooks (Office Open XML, SpreadsheetML) with inline strings: the rejected rows a
 * clerk opens to fix, and other exports. Deliberately small: a ZIP container over node:zlib, one
 * header style, frozen header row, column widths and an autofilter.
 */
import { once } from 'node:events';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipInput {
  readonly name: string;
  readonly data: string | Buffer;
  /** Stored instead of deflated. */
  readonly store?: boolean;
  /** Overrides the uncompressed size written in both headers (to forge a lying archive). */
  readonly declaredSize?: number;
  /** Extra general-purpose flags (1 = encrypted). */
  readonly flags?: number;
}

/** A ZIP archive of the given entries, in order. */
export function makeZip(inputs: readonly ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const input of inputs) {
    const raw = typeof input.data === 'string' ? Buffer.from(input.data, 'utf8') : input.data;
    const body = input.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(input.name, 'utf8');
    const crc = crc32(raw);
    const size = input.declaredSize ?? raw.length;
    const flags = 0x0800 | (input.flags ?? 0);
    const method = input.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(dosDateTime(), 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(dosDateTime(), 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(inputs.length, 8);
  end.writeUInt16LE(inputs.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006';

export type XlsxCell = string | number | null | undefined;

export interface XlsxSheet {
  /** Sheet name (at most 31 characters; []:*?/\ are replaced). */
  name: string;
  /** Column headers, with an optional width in characters. */
  columns: readonly { header: string; width?: number }[];
  rows: readonly (readonly XlsxCell[])[];
}

/** XML 1.0 forbids most control characters; a cell that has them keeps the rest of its text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

function stripControl(s: string): string {
  if (!CONTROL.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 32 || c === 9 || c === 10 || c === 13) out += ch;
  }
  return out;
}

const XML_SPECIAL = /[&<>"]/;

const xmlEscape = (s: string): string => {
  const t = stripControl(s);
  return XML_SPECIAL.test(t)
    ? t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    : t;
};

/** Column letters of a 0-based index: 0 → A, 26 → AA. */
export function columnLetters(k: number): string {
  let s = '';
  for (let n = k + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function cellXml(ref: string, v: XlsxCell, style = 0): string {
  const s = style ? ` s="${style}"` : '';
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${s}><v>${v}</v></c>`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlEscape(String(v))}</t></is></c>`;
}

function sheetXml(sheet: XlsxSheet): string {
  const cols = sheet.columns
    .map(
      (c, k) =>
        `<col min="${k + 1}" max="${k + 1}" width="${c.width ?? Math.max(10, Math.min(60, c.header.length * 2 + 2))}" customWidth="1"/>`,
    )
    .join('');
  const parts: string[] = [];
  parts.push(
    `<row r="1">${sheet.columns.map((c, k) => cellXml(`${columnLetters(k)}1`, c.header, 1)).join('')}</row>`,
  );
  sheet.rows.forEach((row, r) => {
    const n = r + 2;
    parts.push(`<row r="${n}">${row.map((v, k) => cellXml(`${columnLetters(k)}${n}`, v)).join('')}</row>`);
  });
  const last = `${columnLetters(Math.max(0, sheet.columns.length - 1))}${sheet.rows.length + 1}`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<worksheet xmlns="${MAIN}" xmlns:r="${REL}">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${parts.join('')}</sheetData>` +
    (sheet.columns.length > 0 ? `<autoFilter ref="A1:${last}"/>` : '') +
    `</worksheet>`
  );
}

const safeName = (s: string, k: number): string =>
  s.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || `Sheet${k + 1}`;

const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="${MAIN}">` +
  `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
  `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
  `</styleSheet>`;

/** Every part of a workbook but its worksheets. */
function workbookParts(names: readonly string[]): ZipInput[] {
  return [
    {
      name: '[Content_Types].xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${PKG}/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
        names
          .map(
            (_, k) =>
              `<Override PartName="/xl/worksheets/sheet${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        `</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG}/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${names
        .map((n, k) => `<sheet name="${xmlEscape(n)}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG}/relationships">${names
        .map(
          (_, k) =>
            `<Relationship Id="rId${k + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`,
        )
        .join('')}<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    },
    { name: 'xl/styles.xml', data: STYLES },
  ];
}

/** An XLSX file with the given sheets. */
export function writeXlsx(sheets: readonly XlsxSheet[]): Buffer {
  const names = sheets.map((s, k) => safeName(s.name, k));
  return makeZip([
    ...workbookParts(names),
    ...sheets.map((s, k) => ({ name: `xl/worksheets/sheet${k + 1}.xml`, data: sheetXml(s) })),
  ]);
}

/** The opening of a worksheet up to its first data row (header row, frozen pane, widths). */
function sheetHead(columns: XlsxSheet['columns']): string {
  const cols = columns
    .map(
      (c, k) =>
        `<col min="${k + 1}" max="${k + 1}" width="${c.width ?? Math.max(10, Math.min(60, c.header.length * 2 + 2))}" customWidth="1"/>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<worksheet xmlns="${MAIN}" xmlns:r="${REL}">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData><row r="1">${columns.map((c, k) => cellXml(`${columnLetters(k)}1`, c.header, 1)).join('')}</row>`
  );
}

/**
 * A workbook whose first sheet's rows come in batches (any number, e.g. 200,000 rows read from the
 * database a few thousand at a time), written as a stream of bytes: the sheet is deflated as it goes
 * (its ZIP entry carries a data descriptor), so memory holds one batch, never the whole sheet.
 * `extra` sheets (small: a notes sheet) are written whole before it.
 */
export async function* streamXlsx(
  sheet: Omit<XlsxSheet, 'rows'>,
  batches: AsyncIterable<readonly (readonly XlsxCell[])[]>,
  extra: readonly XlsxSheet[] = [],
): AsyncGenerator<Buffer> {
  const names = [sheet, ...extra].map((s, k) => safeName(s.name, k));
  const centrals: Buffer[] = [];
  let offset = 0;
  const emit = (b: Buffer): Buffer => {
    offset += b.length;
    return b;
  };
  // the static parts and the extra sheets, deflated whole
  const fixed: ZipInput[] = [
    ...workbookParts(names),
    ...extra.map((s, k) => ({ name: `xl/worksheets/sheet${k + 2}.xml`, data: sheetXml(s) })),
  ];
  for (const part of fixed) {
    const raw = typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data;
    const body = deflateRawSync(raw);
    const name = Buffer.from(part.name, 'utf8');
    const { local, central } = entryHeaders(name, crc32(raw), body.length, raw.length, 0, offset);
    centrals.push(central, name);
    yield emit(Buffer.concat([local, name, body]));
  }
  // the streamed sheet: sizes and CRC in a data descriptor after the data
  const name = Buffer.from('xl/worksheets/sheet1.xml', 'utf8');
  const start = offset;
  yield emit(Buffer.concat([entryHeaders(name, 0, 0, 0, 0x08, start).local, name]));
  const deflate = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const ended = once(deflate, 'end');
  let crc = 0;
  let size = 0;
  let compressed = 0;
  const write = async (text: string): Promise<void> => {
    const raw = Buffer.from(text, 'utf8');
    crc = crc32(raw, crc);
    size += raw.length;
    if (!deflate.write(raw)) await once(deflate, 'drain');
  };
  const drain = (): Buffer | null => {
    if (out.length === 0) return null;
    const b = Buffer.concat(out.splice(0));
    compressed += b.length;
    return emit(b);
  };
  await write(sheetHead(sheet.columns));
  let r = 1;
  let width = sheet.columns.length;
  const letters: string[] = [];
  for await (const rows of batches) {
    const parts: string[] = [];
    for (const row of rows) {
      r++;
      if (row.length > width) width = row.length;
      let cells = '';
      for (let k = 0; k < row.length; k++) cells += cellXml((letters[k] ??= columnLetters(k)) + r, row[k]);
      parts.push(`<row r="${r}">${cells}</row>`);
    }
    await write(parts.join(''));
    const b = drain();
    if (b) yield b;
  }
  const last = `${columnLetters(Math.max(0, width - 1))}${r}`;
  await write(`</sheetData>${width > 0 ? `<autoFilter ref="A1:${last}"/>` : ''}</worksheet>`);
  deflate.end();
  await ended;
  const tail = drain();
  if (tail) yield tail;
  if (size > 0xffffffff || offset > 0xffffffff)
    throw new Error('the sheet is too large for a ZIP without ZIP64 (4 GB)');
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(crc, 4);
  descriptor.writeUInt32LE(compressed, 8);
  descriptor.writeUInt32LE(size, 12);
  yield emit(descriptor);
  centrals.push(entryHeaders(name, crc, compressed, size, 0x08, start).central, name);
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length + 5, 8);
  end.writeUInt16LE(names.length + 5, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  yield Buffer.concat([cd, end]);
}

/** The local and central headers of a deflated entry (names written by the caller after each). */
/**
 * The MS-DOS time (low 16 bits) and date (high 16 bits) of a ZIP entry, in China Standard Time (UTC+8,
 * the bureau's clock; no daylight saving), so an archive's entries carry the day they were written
 * instead of 1980-00-00.
 */
export function dosDateTime(at: Date = new Date()): number {
  const t = new Date(at.getTime() + 8 * 3_600_000);
  const year = Math.min(2107, Math.max(1980, t.getUTCFullYear()));
  const date = ((year - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate();
  const time = (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | Math.floor(t.getUTCSeconds() / 2);
  return ((date << 16) | time) >>> 0;
}

function entryHeaders(
  name: Buffer,
  crc: number,
  compressed: number,
  size: number,
  extraFlags: number,
  offset: number,
): { local: Buffer; central: Buffer } {
  const flags = 0x0800 | extraFlags;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(dosDateTime(), 10);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(compressed, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(flags, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(dosDateTime(), 12);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(compressed, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(offset, 42);
  return { local, central };
}
