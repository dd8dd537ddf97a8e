/**
 * What a file is, told from its first bytes rather than its name: a ZIP (XLSX), a legacy OLE2
 * compound file (.xls or an encrypted workbook), or text; for text, its encoding, whether it is
 * really binary, and its delimiter. Pure functions over a sample, so they are tested without files.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** How a file is read. */
export type FileKind = 'zip' | 'ole2' | 'text';

/** The encodings the CSV reader tells apart ('gb18030' covers GBK and GB2312, its subsets). */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

/** The kind of file from its first (up to 8) bytes. */
export function detectKind(head: Uint8Array): FileKind {
  // PK\3\4 (a local file header), PK\5\6 (an empty archive), PK\7\8 (a spanned archive)
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    const a = head[2];
    const b = head[3];
    if ((a === 3 && b === 4) || (a === 5 && b === 6) || (a === 7 && b === 8)) return 'zip';
  }
  if (head.length >= 8 && OLE2.every((v, k) => head[k] === v)) return 'ole2';
  return 'text';
}

/**
 * The encoding of a text sample (the first bytes of a file): a BOM decides; otherwise UTF-8 when
 * the sample is valid UTF-8 (pure ASCII included), else GB18030. `complete` says the sample is the
 * whole file; when it is not, a multi-byte character cut at the end of the sample is not held
 * against UTF-8.
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  const body = complete ? sample : sample.subarray(0, completeUtf8Length(sample));
  return isUtf8(body) ? 'utf-8' : 'gb18030';
}

/**
 * The length of the longest prefix of `b` that does not end inside a UTF-8 sequence: a lead byte
 * in the last three bytes whose sequence runs past the end is cut off.
 */
export function completeUtf8Length(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? n - k : n;
  }
  return n;
}

/**
 * True when a sample of a file that is supposed to be text is binary: a NUL byte, or more than 1 %
 * control characters other than tab, line feed, carriage return and form feed. (UTF-8 and GB18030
 * never use bytes below 0x20 inside a character, so this holds for both.)
 */
export function looksBinary(sample: Uint8Array): boolean {
  let control = 0;
  for (let k = 0; k < sample.length; k++) {
    const c = sample[k]!;
    if (c >= 0x20 && c !== 0x7f) continue;
    if (c === 0) return true;
    if (c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control > sample.length / 100;
}

/** Decodes a whole sample (for detection only; the reader decodes the file as a stream). */
export function decodeSample(sample: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return new TextDecoder('utf-8').decode(sample);
    case 'gb18030':
    case 'utf-16le':
    case 'utf-16be':
      return iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), encoding);
  }
}

/**
 * True when a sample decoded as GB18030 does not look like GB18030 text: more than 0.5 % of its
 * characters are replacement characters (byte sequences GB18030 does not define).
 */
export function notGb18030(decoded: string): boolean {
  let bad = 0;
  for (let k = decoded.indexOf('\uFFFD'); k >= 0; k = decoded.indexOf('\uFFFD', k + 1)) bad++;
  return bad > 0 && bad > decoded.length / 200;
}

/**
 * The delimiter of a CSV from the first lines of its text: a tab when more lines have more tabs than
 * commas (outside quotes) than the other way round, else a comma. Title rows without either count
 * for neither.
 */
export function detectDelimiter(text: string): ',' | '\t' {
  let tabLines = 0;
  let commaLines = 0;
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  let lines = 0;
  for (let k = 0; k < text.length && lines < 50; k++) {
    const c = text.charCodeAt(k);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) commas++;
    else if (c === 9) tabs++;
    else if (c === 10) {
      if (tabs > commas) tabLines++;
      else if (commas > tabs) commaLines++;
      commas = tabs = 0;
      lines++;
    }
  }
  if (tabs > commas) tabLines++;
  else if (commas > tabs) commaLines++;
  return tabLines > commaLines ? '\t' : ',';
}
