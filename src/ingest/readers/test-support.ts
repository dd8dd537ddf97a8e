/**
 * Test support (used by the tests of this folder only): a minimal ZIP writer, so tests can build
 * workbooks the way other programs write them (inline strings, booleans, prefixed namespaces) and
 * hostile archives (lying sizes, encryption flags) byte by byte.
 */

export { makeZip, type ZipInput } from '../xlsx-write.js';
import type { ZipInput } from '../xlsx-write.js';

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
