/**
 * Helpers for bulk writes. A chunk of rows goes to the database as one array parameter per column:
 * `INSERT … SELECT … FROM unnest($1::text[], $2::float8[], …) AS t(a, b, …)`: one statement per
 * chunk, one code path for PGlite and the server, and no SQL text that grows with the data.
 *
 * The arrays are encoded in PostgreSQL's binary array format (what `array_recv` reads) rather than as
 * JS arrays the drivers would turn into text literals: the server then neither parses 4 million float
 * literals nor unescapes text, which makes 200,000 records ~1.5× faster on the server and ~2× on PGlite.
 * Both drivers send a Uint8Array parameter in binary format (PGlite with the passthrough set up in
 * `database.ts`). The SQL must cast each parameter to exactly the encoded type: `$n::float8[]`,
 * `$n::int4[]`, `$n::text[]`.
 *
 * Missing values become NULL: NaN, null and undefined for numbers ("missing is not zero"), null and
 * undefined for text.
 */

/** Rows per INSERT statement: large enough to amortise a round trip, small enough for PGlite's memory. */
export const CHUNK_ROWS = 20_000;

/** [start, end) ranges that cover 0…n in chunks of `size`. */
export function chunkRanges(n: number, size: number = CHUNK_ROWS): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += size) out.push([start, Math.min(n, start + size)]);
  return out;
}

/** Type OIDs of the array elements we encode, and of the array types (for PGlite's passthrough). */
const ELEMENT_OID = { float8: 701, int4: 23, text: 25 } as const;
export const BINARY_ARRAY_TYPE_OIDS = [1022, 1007, 1009] as const; // float8[], int4[], text[]

const HEADER = 20; // ndim, has-null flag, element type, length, lower bound: 5 × int32

/** Writes the header of a one-dimensional array of `n` elements (an empty array has no dimension). */
function writeHeader(view: DataView, n: number, hasNull: boolean, elementOid: number): number {
  view.setInt32(0, n === 0 ? 0 : 1);
  view.setInt32(4, hasNull ? 1 : 0);
  view.setInt32(8, elementOid);
  if (n === 0) return 12;
  view.setInt32(12, n);
  view.setInt32(16, 1);
  return HEADER;
}

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** A float8[] parameter from values[start…end): NaN, null and undefined become NULL. */
export function floatParam(
  values: ArrayLike<number | null | undefined>,
  start = 0,
  end: number = values.length,
): Buffer {
  const n = end - start;
  const buf = Buffer.allocUnsafe(HEADER + 12 * n);
  const view = viewOf(buf);
  let o = HEADER;
  let hasNull = false;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) {
      view.setInt32(o, -1);
      o += 4;
      hasNull = true;
    } else {
      view.setInt32(o, 8);
      view.setFloat64(o + 4, v);
      o += 12;
    }
  }
  const headerEnd = writeHeader(view, n, hasNull, ELEMENT_OID.float8);
  return n === 0 ? buf.subarray(0, headerEnd) : buf.subarray(0, o);
}

/**
 * An int4[] parameter: null, undefined and NaN become NULL; any other value must be an integer in
 * int4 range (a fractional row number or year is a bug to report, not a value to round).
 */
export function intParam(
  values: ArrayLike<number | null | undefined>,
  start = 0,
  end: number = values.length,
): Buffer {
  const n = end - start;
  const buf = Buffer.allocUnsafe(HEADER + 8 * n);
  const view = viewOf(buf);
  let o = HEADER;
  let hasNull = false;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) {
      view.setInt32(o, -1);
      o += 4;
      hasNull = true;
    } else {
      if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647)
        throw new RangeError(`not an int4 value: ${v}`);
      view.setInt32(o, 4);
      view.setInt32(o + 4, v);
      o += 8;
    }
  }
  const headerEnd = writeHeader(view, n, hasNull, ELEMENT_OID.int4);
  return n === 0 ? buf.subarray(0, headerEnd) : buf.subarray(0, o);
}

/** A text[] parameter (UTF-8): null and undefined become NULL. */
export function textParam(
  values: ArrayLike<string | null | undefined>,
  start = 0,
  end: number = values.length,
): Buffer {
  const n = end - start;
  let size = HEADER;
  for (let i = start; i < end; i++) {
    const v = values[i];
    size += 4 + (v === null || v === undefined ? 0 : Buffer.byteLength(v, 'utf8'));
  }
  const buf = Buffer.allocUnsafe(size);
  const view = viewOf(buf);
  let o = HEADER;
  let hasNull = false;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      view.setInt32(o, -1);
      o += 4;
      hasNull = true;
    } else {
      const len = buf.write(v, o + 4, 'utf8');
      view.setInt32(o, len);
      o += 4 + len;
    }
  }
  const headerEnd = writeHeader(view, n, hasNull, ELEMENT_OID.text);
  return n === 0 ? buf.subarray(0, headerEnd) : buf;
}

/** A text[] parameter of JSON documents (cast to jsonb in SQL): null and undefined stay NULL. */
export function jsonParam(values: ArrayLike<unknown>, start = 0, end: number = values.length): Buffer {
  const texts = new Array<string | null>(end - start);
  for (let i = start; i < end; i++) {
    const v = values[i];
    texts[i - start] = v === null || v === undefined ? null : JSON.stringify(v);
  }
  return textParam(texts);
}
