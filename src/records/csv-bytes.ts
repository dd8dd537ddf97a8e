/**
 * The byte level of the canonical reader: CSV delimiters, numbers parsed straight from the bytes
 * (bit-exact with `Number(text)`), text cells decoded without needless UTF-8 work, USCC cells
 * normalised, short repeated cells interned, and the header row read as strings.
 */
import { Buffer } from 'node:buffer';
import { normaliseUscc } from '../domain/uscc.js';
import { CanonicalFileError, binaryError } from './file-errors.js';

export const COMMA = 44;
export const LF = 10;
export const CR = 13;
export const QUOTE = 34;

/** Exact powers of ten: 10^0 … 10^22 are exactly representable doubles. */
export const POW10 = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Reads a decimal number starting at b[i] and stopping at the first byte that cannot continue it:
 * optional sign, digits with an optional decimal point (`5`, `5.`, `.5`), optional exponent
 * (`e`/`E`, optional sign, digits). Stores the value in `out[idx]` and returns the index where it
 * stopped, or -1 when there is no such number there (or it is out of range). The bytes must be
 * followed, before the end of `b`, by a byte that is not part of a number (the reader guarantees a
 * final LF), so the loops need no bounds checks.
 *
 * The value equals `Number(text)` bit for bit: the fast path (an integer mantissa below 10^15 and a
 * decimal exponent within ±22) is one correctly rounded multiplication or division of two exactly
 * representable doubles; anything else goes to `Number`. Storing into a Float64Array instead of
 * returning the double keeps it unboxed.
 */
export function scanNumber(b: Uint8Array, i: number, out: Float64Array, idx: number): number {
  // Common case, small enough to be inlined into the row loop: [sign] digits [. digits], short.
  const s = i;
  let c = b[i]!;
  const neg = c === 45;
  if (neg || c === 43) c = b[++i]!;
  let m = 0;
  const ds = i;
  while ((c - 48) >>> 0 < 10) {
    m = m * 10 + (c - 48);
    c = b[++i]!;
  }
  let scale = 0;
  if (c === 46) {
    c = b[++i]!;
    const fs = i;
    while ((c - 48) >>> 0 < 10) {
      m = m * 10 + (c - 48);
      c = b[++i]!;
    }
    scale = i - fs;
    if (i - ds === 1) return -1; // '.' alone
  } else if (i === ds) return -1;
  if (c === 101 || c === 69 || m >= 1e15 || scale > 22) return scanNumberSlow(b, s, out, idx);
  // m < 10^15 < 2^53 was accumulated exactly; 10^scale is exact; one correctly rounded division.
  const v = scale === 0 ? m : m / POW10[scale]!;
  out[idx] = neg ? -v : v;
  return i;
}

/** The general case of {@link scanNumber}: exponents, long mantissas. */
export function scanNumberSlow(b: Uint8Array, i: number, out: Float64Array, idx: number): number {
  const s = i;
  let c = b[i]!;
  let neg = false;
  if (c === 45) {
    neg = true;
    c = b[++i]!;
  } else if (c === 43) c = b[++i]!;
  let m = 0;
  const ds = i;
  while ((c - 48) >>> 0 < 10) {
    m = m * 10 + (c - 48);
    c = b[++i]!;
  }
  let digits = i - ds;
  let scale = 0;
  if (c === 46) {
    c = b[++i]!;
    const fs = i;
    while ((c - 48) >>> 0 < 10) {
      m = m * 10 + (c - 48);
      c = b[++i]!;
    }
    scale = i - fs;
    digits += scale;
  }
  if (digits === 0) return -1;
  let exp = 0;
  if (c === 101 || c === 69) {
    c = b[++i]!;
    let eneg = false;
    if (c === 45) {
      eneg = true;
      c = b[++i]!;
    } else if (c === 43) c = b[++i]!;
    const es = i;
    while ((c - 48) >>> 0 < 10) {
      if (exp < 100_000) exp = exp * 10 + (c - 48);
      c = b[++i]!;
    }
    if (i === es) return -1;
    if (eneg) exp = -exp;
  }
  const e10 = exp - scale;
  if (m === 0) out[idx] = neg ? -0 : 0;
  else if (m < 1e15 && e10 >= -22 && e10 <= 22) {
    const v = e10 < 0 ? m / POW10[-e10]! : m * POW10[e10]!;
    out[idx] = neg ? -v : v;
  } else {
    let text = '';
    for (let k = s; k < i; k++) text += String.fromCharCode(b[k]!);
    const v = Number(text);
    if (!Number.isFinite(v)) return -1;
    out[idx] = v;
  }
  return i;
}

export const scratch = new Float64Array(1);

/**
 * The number in bytes [s, e) (no surrounding white space), exactly as `Number(text)` would read it,
 * or NaN when the text is not a decimal number of the canonical file: thousands separators, words,
 * `Infinity`, hexadecimal, an empty cell are not.
 */
export function parseDecimalBytes(b: Uint8Array, s = 0, e = b.length): number {
  const copy = new Uint8Array(e - s + 1); // + a terminating 0 byte
  copy.set(b.subarray(s, e));
  return scanNumber(copy, 0, scratch, 0) === e - s ? scratch[0]! : NaN;
}

export function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Buffer's own string slicers (what `toString` calls after checking its arguments); every Node
 * version has them, and `toString` is the fallback should one ever lack them.
 */
export interface SliceBuffer extends Buffer {
  latin1Slice(s: number, e: number): string;
  utf8Slice(s: number, e: number): string;
}
export const HAS_SLICES =
  typeof (Buffer.prototype as Partial<SliceBuffer>).latin1Slice === 'function' &&
  typeof (Buffer.prototype as Partial<SliceBuffer>).utf8Slice === 'function';

export function latin1(buf: SliceBuffer, s: number, e: number): string {
  return HAS_SLICES ? buf.latin1Slice(s, e) : buf.toString('latin1', s, e);
}

export function utf8(buf: SliceBuffer, s: number, e: number): string {
  return HAS_SLICES ? buf.utf8Slice(s, e) : buf.toString('utf8', s, e);
}

/** Lead bytes of the UTF-8 encodings of the non-ASCII characters String.prototype.trim removes. */
export const SPACE_LEAD = new Uint8Array(256);
for (const lead of [0xc2, 0xe1, 0xe2, 0xe3, 0xef]) SPACE_LEAD[lead] = 1;

/** Text cell [s, e): trimmed; ASCII via latin1 (no UTF-8 decoding), else UTF-8; empty → null. */
export function decodeText(buf: SliceBuffer, b: Uint8Array, s: number, e: number): string | null {
  while (s < e && isAsciiSpace(b[s]!)) s++;
  while (e > s && isAsciiSpace(b[e - 1]!)) e--;
  if (s === e) return null;
  let hi = 0;
  for (let k = s; k < e; k++) hi |= b[k]!;
  if (hi < 0x80) return latin1(buf, s, e);
  // Non-ASCII white space (U+00A0, U+1680, U+2000…U+205F, U+3000, U+FEFF) starts with one of these
  // lead bytes; only a cell that starts or ends with such a character needs the Unicode trim.
  let last = e - 1;
  while (last > s && (b[last]! & 0xc0) === 0x80) last--;
  if (!SPACE_LEAD[b[s]!] && !SPACE_LEAD[b[last]!]) return utf8(buf, s, e);
  const t = utf8(buf, s, e).trim();
  return t === '' ? null : t;
}

/** A quoted cell's content [s, e) in which "" stands for ". */
export function decodeEscaped(buf: SliceBuffer, s: number, e: number): string | null {
  const t = utf8(buf, s, e).replaceAll('""', '"').trim();
  return t === '' ? null : t;
}

/** The uscc cell, normalised as normaliseUscc does; plain ASCII skips NFKC (the identity on ASCII). */
export function decodeUscc(buf: SliceBuffer, b: Uint8Array, s: number, e: number, escaped: boolean): string {
  if (escaped) return normaliseUscc(utf8(buf, s, e).replaceAll('""', '"'));
  let hi = 0;
  let slow = false;
  for (let k = s; k < e; k++) {
    const c = b[k]!;
    hi |= c;
    if (c <= 32 || (c >= 97 && c <= 122)) slow = true;
  }
  if (hi >= 0x80) return normaliseUscc(utf8(buf, s, e));
  const t = latin1(buf, s, e);
  return slow ? t.replace(/\s+/gu, '').toUpperCase() : t;
}

/** True when decodeUscc would return the cell's bytes as they are (plain ASCII, no blank, no lower case). */
export function plainUscc(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = b[k]!;
    if (c <= 32 || c >= 0x80 || (c >= 97 && c <= 122)) return false;
  }
  return true;
}

/** Interns short repeated text cells (division, industry codes): one string per distinct value. */
export class Interner {
  private static readonly SIZE = 1024;
  private readonly hashes = new Int32Array(Interner.SIZE);
  private readonly starts = new Int32Array(Interner.SIZE);
  private readonly lens = new Int32Array(Interner.SIZE).fill(-1);
  private readonly strs: (string | null)[] = new Array<string | null>(Interner.SIZE).fill(null);
  private readonly ids = new Int16Array(Interner.SIZE);
  /** The distinct values in order of first appearance (index = id). */
  readonly values: (string | null)[] = [];
  private count = 0;

  constructor(
    private readonly buf: SliceBuffer,
    private readonly b: Uint8Array,
  ) {}

  get(s: number, e: number): string | null {
    // (the lookup of slotOf, repeated here: the reader's hot loop inlines this much, not a call more)
    const len = e - s;
    if (len > 24 || this.count >= Interner.SIZE >> 1) return decodeText(this.buf, this.b, s, e);
    const b = this.b;
    let h = len;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const mask = Interner.SIZE - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const l = this.lens[slot]!;
      if (l === -1) break;
      if (l === len && this.hashes[slot] === h) {
        const o = this.starts[slot]!;
        let k = 0;
        while (k < len && b[o + k] === b[s + k]) k++;
        if (k === len) return this.strs[slot]!;
      }
      slot = (slot + 1) & mask;
    }
    return this.strs[this.slotOf(s, e)]!;
  }

  /** The value's index in `values`, or −1 when it is not interned (too long, or too many values). */
  id(s: number, e: number): number {
    const slot = this.slotOf(s, e);
    return slot < 0 ? -1 : this.ids[slot]!;
  }

  /** The value's slot (interned on first sight), or −1. */
  private slotOf(s: number, e: number): number {
    const len = e - s;
    if (len > 24 || this.count >= Interner.SIZE >> 1) return -1;
    const b = this.b;
    let h = len;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const mask = Interner.SIZE - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const l = this.lens[slot]!;
      if (l === -1) break;
      if (l === len && this.hashes[slot] === h) {
        const o = this.starts[slot]!;
        let k = 0;
        while (k < len && b[o + k] === b[s + k]) k++;
        if (k === len) return slot;
      }
      slot = (slot + 1) & mask;
    }
    const v = decodeText(this.buf, b, s, e);
    this.hashes[slot] = h;
    this.starts[slot] = s;
    this.lens[slot] = len;
    this.strs[slot] = v;
    this.ids[slot] = this.values.length;
    this.values.push(v);
    this.count++;
    return slot;
  }
}

/** The cells of one CSV record as strings (used for the header). */
export function readRowStrings(
  b: Uint8Array,
  buf: Buffer,
  start: number,
  row: number,
  file: string,
): { cells: string[]; next: number } {
  const len = b.length;
  const cells: string[] = [];
  let pos = start;
  for (;;) {
    if (b[pos] === QUOTE) {
      let p = pos + 1;
      for (;;) {
        if (p >= len) {
          throw new CanonicalFileError({
            file,
            row,
            column: null,
            value: null,
            rule: 'unterminated_quote',
            messageZh: `${file} 第 ${row} 行：表头的引号没有闭合`,
            messageEn: `${file} row ${row}: unterminated quote in the header`,
          });
        }
        if (b[p] === QUOTE) {
          if (b[p + 1] === QUOTE) {
            p += 2;
            continue;
          }
          break;
        }
        if (b[p] === 0) throw binaryError(file, row);
        p++;
      }
      cells.push(buf.toString('utf8', pos + 1, p).replaceAll('""', '"'));
      pos = p + 1;
    } else {
      let p = pos;
      while (p < len && b[p] !== COMMA && b[p] !== LF && b[p] !== CR) {
        if (b[p] === 0) throw binaryError(file, row);
        p++;
      }
      cells.push(buf.toString('utf8', pos, p));
      pos = p;
    }
    if (pos < len && b[pos] === COMMA) {
      pos++;
      continue;
    }
    if (pos < len) pos += b[pos] === CR && b[pos + 1] === LF ? 2 : 1;
    return { cells, next: pos };
  }
}
