/**
 * The main thread's side of reading a record file on two threads. Whichever thread gets there first
 * reads the file into shared memory and splits it into chunks that end at line ends (shared-file.ts);
 * the main thread then claims chunks from the front of the file and the helper from the back until
 * none is left (protocol.ts), both reading numbers straight into shared storage, and the main thread
 * makes the strings. The batch is the one `parseCanonicalCsv` returns — same values, rows, warnings
 * and errors — whichever thread read which chunk: any problem (a file error, a chunk larger than
 * planned, a helper that stops) sends the main thread back to reading the whole file itself.
 */
import { receiveMessageOnPort } from 'node:worker_threads';
import {
  batchFromChunks,
  chunkStrings,
  parseCanonicalCsv,
  parsePrepared,
  type CanonicalChunk,
  type CanonicalParseOptions,
  type CanonicalParseResult,
  type ChunkStrings,
} from '../records/canonical-read.js';
import {
  C_CLAIMED,
  C_FAILED,
  C_HELPER_DONE,
  C_MAIN_DONE,
  C_MAIN_N,
  C_MAIN_ROWS,
  C_MOVED,
  C_STATE,
  ST_NO_SPLIT,
  ST_PREPARING_HELPER,
  ST_PREPARING_MAIN,
  ST_READY,
  ST_STARTING,
  type SharedFile,
  type WorkerChunk,
} from './protocol.js';
import type { RecordsHelper } from './records-helper.js';
import { planShared, readFrontChunk, readShared, receiveShared, type PlannedFile } from './shared-file.js';

/** How long the main thread waits without any progress of the helper before doing without it. */
const STALL_TIMEOUT_MS = 10000;

/**
 * Reads the helper's file. Null when the helper could not be used (the caller reads the file itself);
 * else the result and the file's bytes. Throws CanonicalFileError as `parseCanonicalCsv` does.
 */
export function readWithHelper(
  h: RecordsHelper,
  fileName: string,
  options: CanonicalParseOptions,
): { result: CanonicalParseResult; bytes: Uint8Array } | null {
  const ctrl = h.ctrl;
  const setState = (s: number) => {
    Atomics.store(ctrl, C_STATE, s);
    Atomics.notify(ctrl, C_STATE);
  };
  let f: PlannedFile;
  if (Atomics.compareExchange(ctrl, C_STATE, ST_STARTING, ST_PREPARING_MAIN) === ST_STARTING) {
    // the helper has not started yet: plan the file here
    let bytes: Uint8Array;
    try {
      bytes = readShared(h.file);
    } catch {
      setState(ST_NO_SPLIT);
      return null;
    }
    let planned: ReturnType<typeof planShared>;
    try {
      planned = planShared(bytes, fileName, options, h.parts);
    } catch (e) {
      setState(ST_NO_SPLIT);
      throw e;
    }
    if (!planned.planned) {
      setState(ST_NO_SPLIT);
      return { result: parsePrepared(planned.p), bytes };
    }
    f = planned.planned;
    h.port.postMessage(f.shared);
    setState(ST_READY);
  } else {
    if (!waitWhile(h, C_STATE, ST_PREPARING_HELPER)) return abandon(h);
    const shared = receiveMessageOnPort(h.port)?.message as SharedFile | undefined;
    if (Atomics.load(ctrl, C_STATE) !== ST_READY || !shared) return abandon(h);
    f = receiveShared(shared, fileName, options);
  }

  return readChunks(h, f, fileName, options);
}

/**
 * Claims chunks from the front of the file, each read right after the previous one. Between chunks,
 * and while it waits for the helper's last one, makes the strings of the chunks read so far (strings
 * are made on the thread that keeps them); the helper meanwhile moves its numbers behind.
 */
function readChunks(
  h: RecordsHelper,
  f: PlannedFile,
  fileName: string,
  options: CanonicalParseOptions,
): { result: CanonicalParseResult; bytes: Uint8Array } {
  const ctrl = h.ctrl;
  const { plan } = f.shared;
  const s = f.storage;
  const chunks = new Array<CanonicalChunk | null>(plan.length).fill(null);
  const textAt = new Int32Array(plan.length);
  const strings = new Array<ChunkStrings | null>(plan.length).fill(null);
  let made = 0;
  const receive = () => {
    for (let m = receiveMessageOnPort(h.port); m; m = receiveMessageOnPort(h.port)) {
      const w = m.message as WorkerChunk;
      chunks[w.c] = w.chunk;
      textAt[w.c] = w.textAt;
    }
  };
  /** The strings of the chunks read so far, at most `limit` of them. */
  const makeStrings = (limit: number) => {
    for (let c = 0; c < plan.length && made < limit; c++)
      if (chunks[c] && !strings[c]) {
        strings[c] = chunkStrings(f.p, s.text, textAt[c]!, chunks[c]!);
        made++;
      }
  };
  let at = 0;
  let row = f.p.dataRow;
  let c = 0;
  for (; Atomics.add(ctrl, C_CLAIMED, 1) < plan.length; c++) {
    try {
      if (Atomics.load(ctrl, C_FAILED) !== 0) break;
      chunks[c] = readFrontChunk(f, c, at, row);
      textAt[c] = at;
      at += chunks[c]!.n;
      row += chunks[c]!.rows;
    } catch {
      Atomics.store(ctrl, C_FAILED, 1);
      break;
    }
    // the strings of about two chunks for each one read: the helper reads more meanwhile
    receive();
    makeStrings(made + 2);
  }
  Atomics.store(ctrl, C_MAIN_N, at);
  Atomics.store(ctrl, C_MAIN_ROWS, row - f.p.dataRow);
  Atomics.store(ctrl, C_MAIN_DONE, 1);
  Atomics.notify(ctrl, C_MAIN_DONE);
  let ok = Atomics.load(ctrl, C_FAILED) === 0;
  if (ok && c < plan.length) {
    // the helper's last chunks: make strings while they come
    let since = performance.now();
    while (ok && Atomics.load(ctrl, C_HELPER_DONE) === 0) {
      const before = made;
      receive();
      makeStrings(plan.length);
      if (made !== before) since = performance.now();
      else if (h.worker.threadId === -1 || performance.now() - since > STALL_TIMEOUT_MS) ok = false;
      else Atomics.wait(ctrl, C_HELPER_DONE, 0, 5);
      ok &&= Atomics.load(ctrl, C_FAILED) === 0;
    }
    receive();
  }
  makeStrings(plan.length);
  ok &&= Atomics.load(ctrl, C_FAILED) === 0 && made === plan.length;
  if (ok && c < plan.length) ok = waitWhile(h, C_MOVED, 0) && Atomics.load(ctrl, C_FAILED) === 0;
  if (!ok) {
    void h.worker.terminate();
    return { result: parseCanonicalCsv(f.bytes, fileName, options), bytes: f.bytes };
  }
  const parts = chunks.map((chunk, k) => ({ chunk: chunk!, strings: strings[k]! }));
  return { result: batchFromChunks(f.p, s, parts), bytes: f.bytes };
}

/** Waits while ctrl[at] holds `value`; false when the helper stopped or took over STALL_TIMEOUT_MS. */
function waitWhile(h: RecordsHelper, at: number, value: number): boolean {
  const since = performance.now();
  while (Atomics.load(h.ctrl, at) === value) {
    Atomics.wait(h.ctrl, at, value, 50);
    if (Atomics.load(h.ctrl, at) !== value) return true;
    if (h.worker.threadId === -1 || performance.now() - since > STALL_TIMEOUT_MS) return false;
  }
  return true;
}

function abandon(h: RecordsHelper): null {
  void h.worker.terminate();
  return null;
}
