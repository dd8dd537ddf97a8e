/**
 * What the main thread and the records helper thread share: the control words, the messages, and the
 * layout of the shared storage the chunks are read into.
 *
 * The main thread claims chunks from the front of the file and writes their records one after the
 * other from the start of the storage; the helper claims chunks from the back and writes them one
 * before the other from its end. When the claims meet, the helper moves its records down to follow
 * the main thread's — numbers in file order at 0 … n − 1, without a copy of the main thread's part.
 */
import type { MessagePort } from 'node:worker_threads';
import type {
  CanonicalChunk,
  ChunkStorage,
  ChunkTarget,
  ChunkText,
  HeaderColumn,
} from '../records/canonical-read.js';

// Control words (an Int32Array over a SharedArrayBuffer).
/** ST_STARTING until one thread has read and planned the file, then ST_READY or ST_NO_SPLIT. */
export const C_STATE = 0;
/** Chunks claimed so far, by either thread (Atomics.add; a claim at or past the count gets nothing). */
export const C_CLAIMED = 1;
/** Set when a chunk could not be read (the main thread then reads the whole file itself). */
export const C_FAILED = 2;
/** The main thread's part is read: its records and rows. */
export const C_MAIN_DONE = 3;
export const C_MAIN_N = 4;
export const C_MAIN_ROWS = 5;
/** The helper's part is read (its chunks are posted). */
export const C_HELPER_DONE = 6;
/** The helper's records are moved down behind the main thread's, their rows numbered. */
export const C_MOVED = 7;
export const CONTROL_WORDS = 8;

export const ST_STARTING = 0;
/** The file is read and planned: the plan and the storage are on their way to the other thread. */
export const ST_READY = 1;
/** The file is not read in chunks (unreadable, invalid, too small, quoted cells): the main thread reads it. */
export const ST_NO_SPLIT = 2;
/** The helper, or the main thread, is reading and planning the file (whichever came first). */
export const ST_PREPARING_HELPER = 3;
export const ST_PREPARING_MAIN = 4;

/** main → helper, once. */
export interface HelperStart {
  file: string;
  names: boolean;
  /** How many chunks to plan. */
  parts: number;
  ctrl: SharedArrayBuffer;
  port: MessagePort;
}

export interface ChunkPlan {
  start: number;
  end: number;
  capacity: number;
}

/** From the thread that read and planned the file to the other: the file, the plan and the storage. */
export interface SharedFile {
  bytes: SharedArrayBuffer;
  size: number;
  plan: ChunkPlan[];
  storage: SharedArrayBuffer;
}

/** helper → main: what chunk `c` holds besides the storage, whose text is at `textAt`. */
export interface WorkerChunk {
  c: number;
  chunk: CanonicalChunk;
  textAt: number;
}

export interface ColumnStorage extends ChunkStorage {
  buffer: SharedArrayBuffer;
  capacity: number;
}

/** Room for every chunk's estimated records, in each numeric column, the source rows and the text. */
export function columnStorage(
  cols: readonly HeaderColumn[],
  plan: readonly ChunkPlan[],
  buffer?: SharedArrayBuffer,
): ColumnStorage {
  let total = 0;
  for (const p of plan) total += p.capacity;
  const numeric = cols.filter((c) => c.target >= 0).length;
  // 8 bytes per number, 4 per source row and code start and end, 2 per division and industry index
  const buf = buffer ?? new SharedArrayBuffer(total * (8 * numeric + 3 * 4 + 2 * 2));
  let at = 0;
  const take = <T>(make: (b: SharedArrayBuffer, offset: number, length: number) => T, bytes: number): T => {
    const a = make(buf, at, total);
    at += bytes * total;
    return a;
  };
  const f64 = (b: SharedArrayBuffer, o: number, n: number) => new Float64Array(b, o, n);
  const i32 = (b: SharedArrayBuffer, o: number, n: number) => new Int32Array(b, o, n);
  const i16 = (b: SharedArrayBuffer, o: number, n: number) => new Int16Array(b, o, n);
  const columns = cols.map((c) => (c.target >= 0 ? take(f64, 8) : null));
  const sourceRow = take(i32, 4);
  const text: ChunkText = {
    usccStart: take(i32, 4),
    usccEnd: take(i32, 4),
    divisionId: take(i16, 2),
    industryId: take(i16, 2),
  };
  return { buffer: buf, capacity: total, columns, sourceRow, text };
}

/** The storage's records [at, at + capacity) as a chunk's target. */
export function chunkTarget(s: ColumnStorage, at: number, capacity: number): ChunkTarget {
  const end = at + capacity;
  const t = s.text;
  return {
    columns: s.columns.map((col) => (col ? col.subarray(at, end) : null)),
    sourceRow: s.sourceRow.subarray(at, end),
    text: {
      usccStart: t.usccStart.subarray(at, end),
      usccEnd: t.usccEnd.subarray(at, end),
      divisionId: t.divisionId.subarray(at, end),
      industryId: t.industryId.subarray(at, end),
    },
    capacity,
  };
}

/** Moves records [from, from + n) to `to` in the numeric columns and source rows (and the text). */
export function moveRecords(s: ColumnStorage, from: number, to: number, n: number, text: boolean): void {
  if (from === to || n === 0) return;
  for (const col of s.columns) if (col) col.copyWithin(to, from, from + n);
  s.sourceRow.copyWithin(to, from, from + n);
  if (!text) return;
  for (const a of [s.text.usccStart, s.text.usccEnd]) a.copyWithin(to, from, from + n);
  for (const a of [s.text.divisionId, s.text.industryId]) a.copyWithin(to, from, from + n);
}

/** a[from … to) += d. */
export function addTo(a: Int32Array, from: number, to: number, d: number): void {
  for (let i = from; i < to; i++) a[i] = a[i]! + d;
}
