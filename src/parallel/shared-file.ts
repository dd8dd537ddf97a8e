/**
 * Reading and planning a record file for both threads: whichever thread gets there first reads the
 * file into shared memory, checks it, reads its header and plans the chunks; the other receives the
 * result (a {@link SharedFile}) and only reads the header again.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  planCanonicalChunks,
  prepareCanonical,
  readCanonicalChunk,
  type CanonicalChunk,
  type CanonicalParseOptions,
  type PreparedCanonical,
} from '../records/canonical-read.js';
import {
  addTo,
  chunkTarget,
  columnStorage,
  moveRecords,
  type ColumnStorage,
  type SharedFile,
} from './protocol.js';

export interface PlannedFile {
  bytes: Uint8Array;
  p: PreparedCanonical;
  shared: SharedFile;
  storage: ColumnStorage;
}

/** The file's bytes in shared memory. Throws when it cannot be read. */
export function readShared(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(size, 1)), 0, size);
    let at = 0;
    while (at < size) {
      const got = readSync(fd, bytes, at, size - at, at);
      if (got === 0) break;
      at += got;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks and plans the file's bytes. Throws CanonicalFileError for a bad file; null when it is not to
 * be read in chunks (quoted cells, or too little to split).
 */
export function planShared(
  bytes: Uint8Array,
  fileName: string,
  options: CanonicalParseOptions,
  parts: number,
): { p: PreparedCanonical; planned: PlannedFile | null } {
  const p = prepareCanonical(bytes, fileName, options);
  const plan = planCanonicalChunks(p, parts);
  if (!plan || plan.length < 2) return { p, planned: null };
  const storage = columnStorage(p.cols, plan);
  const shared: SharedFile = {
    bytes: bytes.buffer as SharedArrayBuffer,
    size: bytes.length,
    plan,
    storage: storage.buffer,
  };
  return { p, planned: { bytes, p, shared, storage } };
}

/** The other thread's side: the planned file received, its header read again (already checked). */
export function receiveShared(
  shared: SharedFile,
  fileName: string,
  options: CanonicalParseOptions,
): PlannedFile {
  const bytes = new Uint8Array(shared.bytes, 0, shared.size);
  const p = prepareCanonical(bytes, fileName, options, true);
  return { bytes, p, shared, storage: columnStorage(p.cols, shared.plan, shared.storage) };
}

// The two parts of the storage (protocol.ts): the main thread's grows up from record 0, the helper's
// grows down from the end. These steps are the threads' work without the waiting, so that a test can
// run them in one thread in any order.

/** The main thread reads chunk c into the storage from record `at`, rows numbered from `row`. */
export function readFrontChunk(f: PlannedFile, c: number, at: number, row: number): CanonicalChunk {
  const part = f.shared.plan[c]!;
  return readCanonicalChunk(f.p, part.start, part.end, chunkTarget(f.storage, at, part.capacity), row);
}

/** A chunk of the helper's part: its records end at the part's start before it was read. */
export interface BackChunk {
  c: number;
  chunk: CanonicalChunk;
  /** Where its records (and text) are, until the part is moved down. */
  at: number;
}

/**
 * The helper reads chunk c into the room below `top` (its part's start) and moves it up against the
 * part: the part then starts at `at` of the result.
 */
export function readBackChunk(f: PlannedFile, c: number, top: number): BackChunk {
  const part = f.shared.plan[c]!;
  const at = top - part.capacity;
  const chunk = readCanonicalChunk(f.p, part.start, part.end, chunkTarget(f.storage, at, part.capacity));
  moveRecords(f.storage, at, top - chunk.n, chunk.n, true);
  return { c, chunk, at: top - chunk.n };
}

/**
 * Once the main thread's part holds `mainN` records over `mainRows` rows: numbers the rows of the
 * helper's chunks (in reading order, the reverse of file order) and moves its numbers down behind the
 * main thread's (the text stays where it is: the main thread reads it from there).
 */
export function finishBackPart(
  f: PlannedFile,
  mine: readonly BackChunk[],
  mainN: number,
  mainRows: number,
): void {
  const s = f.storage;
  let row = f.p.dataRow + mainRows;
  for (let k = mine.length - 1; k >= 0; k--) {
    const { at, chunk } = mine[k]!;
    addTo(s.sourceRow, at, at + chunk.n, row);
    row += chunk.rows;
  }
  const top = mine.length > 0 ? mine[mine.length - 1]!.at : s.capacity;
  moveRecords(s, top, mainN, s.capacity - top, false);
}
