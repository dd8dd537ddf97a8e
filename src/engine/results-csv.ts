/**
 * The CSV form of a run (docs/methodology.md): `uscc,status,group,total,rank,unit_size,initial_class,
 * adjusted_class` first, totals to 6 decimals, then the reason, the division and each indicator's score.
 * Pure text building: the caller writes it out.
 */
import { CLASS_OF_CODE, STATUS_CODES, type EvaluationRun, type NotEvaluatedReason } from './result.js';

/** The reasons a record is not evaluated (others, e.g. a longer rule id, are encoded when met). */
const NOT_EVALUATED_REASONS: readonly NotEvaluatedReason[] = [
  'invalid_uscc',
  'duplicate_uscc',
  'invalid_value',
  'missing_division',
  'unknown_division',
  'missing_industry',
  'unknown_industry',
  'non_industrial',
  'land_missing',
  'land_not_positive',
  'no_group',
  'below_land_threshold',
];

export const RESULT_CSV_COLUMNS = [
  'uscc',
  'status',
  'group',
  'total',
  'rank',
  'unit_size',
  'initial_class',
  'adjusted_class',
  'reason',
  'division',
] as const;

/**
 * x to exactly 6 decimals, like `toFixed(6)` but several times faster (the CSV of a 200,000-firm run
 * holds 1.8 million of them). Falls back to toFixed beyond 2^53 / 10^6.
 */
export function fixed6(x: number): string {
  const a = Math.abs(x);
  if (!(a < 9e9)) return x.toFixed(6);
  const r = Math.round(a * 1e6);
  if (r === 0) return '0.000000';
  const s = r < 1e6 ? String(r + 1e6).slice(1) : String(r);
  const int = r < 1e6 ? '0' : s.slice(0, -6);
  return (x < 0 ? '-' : '') + int + '.' + s.slice(-6);
}

const cell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

const utf8 = new TextEncoder();

/** Bytes of a short string, CSV-quoted when needed. */
const cellBytes = (s: string): Uint8Array => utf8.encode(/[",\r\n]/.test(s) ? cell(s) : s);

/** Writes a non-negative integer below 2^53 at p; returns the new position. */
function putUint(buf: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    buf[p] = 48 + v;
    return p + 1;
  }
  if (v < 2147483648) {
    // ranks, unit sizes, integer parts: small integers, in int32 arithmetic
    const digits =
      v < 100
        ? 2
        : v < 1000
          ? 3
          : v < 10000
            ? 4
            : v < 100000
              ? 5
              : v < 1000000
                ? 6
                : v < 10000000
                  ? 7
                  : v < 100000000
                    ? 8
                    : v < 1000000000
                      ? 9
                      : 10;
    let q = p + digits;
    let x = v | 0;
    while (x >= 10) {
      const y = (x / 10) | 0;
      buf[--q] = 48 + x - y * 10;
      x = y;
    }
    buf[--q] = 48 + x;
    return p + digits;
  }
  let digits = 0;
  for (let x = v; x >= 1; x = Math.floor(x / 10)) digits++;
  let q = p + digits;
  for (let x = v; x >= 1; x = Math.floor(x / 10)) buf[--q] = 48 + (x % 10);
  return p + digits;
}

/** Writes x with exactly 6 decimals (the same text as `fixed6`); returns the new position. */
function putFixed6(buf: Uint8Array, p: number, x: number): number {
  const a = Math.abs(x);
  if (!(a < 9e9)) {
    const t = utf8.encode(x.toFixed(6));
    buf.set(t, p);
    return p + t.length;
  }
  const r = Math.round(a * 1e6);
  if (r !== 0 && x < 0) buf[p++] = 45;
  const int = Math.floor(r / 1e6);
  p = putUint(buf, p, int);
  buf[p++] = 46;
  let frac = (r - int * 1e6) | 0;
  for (let k = 5; k >= 0; k--) {
    const y = (frac / 10) | 0;
    buf[p + k] = 48 + frac - y * 10;
    frac = y;
  }
  return p + 6;
}

function putBytes(buf: Uint8Array, p: number, b: Uint8Array): number {
  for (let k = 0; k < b.length; k++) buf[p + k] = b[k]!;
  return p + b.length;
}

/** Writes a string known to be ASCII letters and digits (a valid USCC). */
function putAscii(buf: Uint8Array, p: number, s: string): number {
  for (let k = 0; k < s.length; k++) buf[p + k] = s.charCodeAt(k);
  return p + s.length;
}

/** Writes a string that is usually ASCII (a USCC, a code) byte by byte; other text through UTF-8. */
function putText(buf: Uint8Array, p: number, s: string): number {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 128 || c === 44 || c === 34 || c === 10 || c === 13) return putBytes(buf, p, cellBytes(s));
    buf[p + k] = c;
  }
  return p + s.length;
}

/** The run's arrays and the pieces of text every row draws from. */
interface RowSource {
  run: EvaluationRun;
  groupBytes: Uint8Array[];
  statusBytes: Uint8Array[];
  classCode: number[];
  reasonBytes: Map<string, Uint8Array>;
  /** Indicator score columns (0 without --scores). */
  slots: number;
  /** Per group: its first slot and its number of indicators. */
  slotOffset: readonly number[];
  indicatorCount: readonly number[];
  /** The longest group id and reason, in bytes. */
  maxFixed: number;
}

function rowSource(run: EvaluationRun, slots: number): RowSource {
  const m = run.methodology;
  const groupBytes = m.groups.map((g) => cellBytes(g.id));
  const reasonBytes = new Map<string, Uint8Array>();
  let maxReason = 0;
  for (const r of [...NOT_EVALUATED_REASONS, ...m.scope.notGraded.map((x) => x.id)]) {
    const b = cellBytes(r);
    reasonBytes.set(r, b);
    maxReason = Math.max(maxReason, b.length);
  }
  return {
    run,
    groupBytes,
    statusBytes: STATUS_CODES.map((x) => utf8.encode(x)),
    classCode: CLASS_OF_CODE.map((c) => (c ? c.charCodeAt(0) : 0)),
    reasonBytes,
    slots,
    slotOffset: run.slotOffset,
    indicatorCount: m.groups.map((g) => g.indicators.length),
    maxFixed: Math.max(0, ...groupBytes.map((b) => b.length)) + maxReason,
  };
}

/** A growing output buffer. */
interface Out {
  buf: Uint8Array;
  p: number;
}

/** Writes rows [from, to) of the run; grows the buffer when a row might not fit. */
function writeRows(src: RowSource, out: Out, from: number, to: number): void {
  const { run, groupBytes, statusBytes, classCode, reasonBytes, slots, slotOffset, indicatorCount } = src;
  const statusGroup: Uint8Array[] = [];
  for (const sb of statusBytes)
    for (const gb of [new Uint8Array(0), ...groupBytes])
      statusGroup.push(new Uint8Array([44, ...sb, 44, ...gb, 44]));
  const { uscc, status, reason, group, cell, total, rank, unitSize, initialClass, adjustedClass } = run;
  const division = run.batch.division;
  // the widest a row can be besides its code and division: numbers, commas, a group id and a reason
  const fixed = src.maxFixed + 100 + 40 * slots;
  let buf = out.buf;
  let p = out.p;
  for (let i = from; i < to; i++) {
    const u = uscc[i]!;
    const div = division[i];
    const need = p + 3 * (u.length + (div ? div.length : 0)) + fixed;
    if (need > buf.length) buf = grow(buf, p, need);
    const g = group[i]!;
    const evaluated = cell[i]! >= 0;
    const rk = rank[i]!;
    const st = status[i]!;
    // a code that passed its check is 18 letters and digits: nothing to quote
    p = st !== 0 || reason[i] !== 'invalid_uscc' ? putAscii(buf, p, u) : putText(buf, p, u);
    // `,status,group,` in one piece
    p = putBytes(buf, p, statusGroup[st * (groupBytes.length + 1) + g + 1]!);
    if (evaluated) p = putFixed6(buf, p, total[i]!);
    buf[p++] = 44;
    if (rk > 0) {
      p = putUint(buf, p, rk);
      buf[p++] = 44;
      p = putUint(buf, p, unitSize[i]!);
      buf[p++] = 44;
    } else {
      buf[p++] = 44;
      buf[p++] = 44;
    }
    const ic = classCode[initialClass[i]!]!;
    if (ic) buf[p++] = ic;
    buf[p++] = 44;
    const ac = classCode[adjustedClass[i]!]!;
    if (ac) buf[p++] = ac;
    buf[p++] = 44;
    const r = reason[i];
    if (r) {
      let rb = reasonBytes.get(r);
      if (rb === undefined) {
        // not a reason the row's room was reckoned with
        rb = cellBytes(r);
        reasonBytes.set(r, rb);
        const rest = p + rb.length + 3 * (div ? div.length : 0) + 40 * slots + 64;
        if (rest > buf.length) buf = grow(buf, p, rest);
      }
      p = putBytes(buf, p, rb);
    }
    buf[p++] = 44;
    if (div) p = putText(buf, p, div);
    if (slots > 0)
      p = putScores(src, buf, p, i, evaluated ? slotOffset[g]! : -1, evaluated ? indicatorCount[g]! : 0);
    buf[p++] = 10;
  }
  out.buf = buf;
  out.p = p;
}

/** The indicator score columns of record i: its group's `k` slots from `off` hold scores. */
function putScores(src: RowSource, buf: Uint8Array, p: number, i: number, off: number, k: number): number {
  const { run, slots } = src;
  const pos = run.memberPos[i]!;
  for (let s = 0; s < slots; s++) {
    buf[p++] = 44;
    if (s >= off && s < off + k) p = putFixed6(buf, p, run.score[s]![pos]!);
  }
  return p;
}

/** A larger copy of buf[0 … p), with room for at least `need` bytes. */
function grow(buf: Uint8Array, p: number, need: number): Uint8Array {
  const next = new Uint8Array(Math.max(need, Math.ceil(buf.length * 1.5)));
  next.set(buf.subarray(0, p));
  return next;
}

/**
 * Builds the run's CSV as UTF-8 bytes. Indicator score columns are named `score_<group>_<indicator>`
 * (6 decimals); each is empty for firms outside that group.
 */
export function formatResultsCsvBytes(
  run: EvaluationRun,
  options: { indicatorScores?: boolean } = {},
): Uint8Array {
  const [all] = resultsCsvParts(run, options, Infinity);
  return all!;
}

/**
 * The bytes of `formatResultsCsvBytes` in consecutive pieces of up to `rowsPerPart` rows (the header
 * in the first): a caller can write each piece while the next is made.
 */
export function* resultsCsvParts(
  run: EvaluationRun,
  options: { indicatorScores?: boolean } = {},
  rowsPerPart = 50_000,
): Generator<Uint8Array> {
  const m = run.methodology;
  const withScores = options.indicatorScores ?? true;
  const slotNames: string[] = [];
  if (withScores)
    for (const g of m.groups) for (const ind of g.indicators) slotNames.push(`score_${g.id}_${ind.id}`);
  const header = utf8.encode([...RESULT_CSV_COLUMNS, ...slotNames].join(',') + '\n');
  const src = rowSource(run, slotNames.length);
  for (let from = 0; from === 0 || from < run.length; from += rowsPerPart) {
    const to = Math.min(run.length, from + rowsPerPart);
    // about 60 bytes a row without the scores: room for most rows at once
    const out: Out = {
      buf: new Uint8Array(
        (from === 0 ? header.length : 0) + (to - from) * (72 + 12 * slotNames.length) + 4096,
      ),
      p: 0,
    };
    if (from === 0) out.p = putBytes(out.buf, 0, header);
    writeRows(src, out, from, to);
    yield out.buf.subarray(0, out.p);
  }
}

/** The run's CSV as text (see `formatResultsCsvBytes`). */
export function formatResultsCsv(run: EvaluationRun, options: { indicatorScores?: boolean } = {}): string {
  return new TextDecoder().decode(formatResultsCsvBytes(run, options));
}
