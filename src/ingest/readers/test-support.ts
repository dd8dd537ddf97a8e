/**
 * Test support (used by the tests of this folder only): a minimal ZIP writer, so tests can build
 * workbooks the way other programs write them (inline strings, booleans, prefixed namespaces) and
 * hostile archives (lying sizes, encryption flags) byte by byte.
 */
import { crc32, deflateRawSync } from 'node:zlib';

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

/**
 * The parts of a minimal workbook around the given sheets (name → worksheet XML), with optional
 * styles and shared strings, as ZIP inputs.
 */
export function workbookParts(
  sheets: readonly { name: string; xml: string; state?: string }[],
  options: { styles?: string; sharedStrings?: string; workbookPr?: string } = {},
): ZipInput[] {
  const rels = sheets.map(
    (_, k) =>
      `<Relationship Id="rId${k + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`,
  );
  if (options.styles) rels.push(`<Relationship Id="rS" Type="${REL}/styles" Target="styles.xml"/>`);
  if (options.sharedStrings)
    rels.push(`<Relationship Id="rT" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>`);
  const parts: ZipInput[] = [
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${options.workbookPr ?? ''}<sheets>${sheets
        .map(
          (s, k) =>
            `<sheet name="${s.name}" sheetId="${k + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${k + 1}"/>`,
        )
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    },
    ...sheets.map((s, k) => ({ name: `xl/worksheets/sheet${k + 1}.xml`, data: s.xml })),
  ];
  if (options.styles) parts.push({ name: 'xl/styles.xml', data: options.styles });
  if (options.sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', data: options.sharedStrings });
  return parts;
}

/** A worksheet part around the given `<row>` elements (and anything after sheetData). */
export function worksheet(rows: string, after = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData>${after}</worksheet>`;
}
