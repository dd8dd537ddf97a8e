/**
 * Starts the helper thread of `mujun evaluate --records FILE` as early as possible: bin/mujun.js calls
 * {@link startRecordsHelperFromArgv} before the CLI's modules load, so that the helper reads the file
 * and starts on its chunks while the main thread is still loading; the main thread joins in when it
 * reaches the file (parallel-read.ts). Kept tiny: nothing here may delay the start.
 */
import { close, fstat, open, read, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { CONTROL_WORDS, type HelperStart } from './protocol.js';

/** Below this size (about 20,000 records) a second thread costs more than it saves. */
export const PARALLEL_MIN_BYTES = 2_000_000;

export interface RecordsHelper {
  file: string;
  names: boolean;
  /** How many chunks the file is planned in. */
  parts: number;
  worker: Worker;
  port: MessagePort;
  ctrl: Int32Array;
}

let pending: RecordsHelper | null = null;

/**
 * Starts the helper on `file` when it is large enough and a core is free for it: a second thread
 * only pays when it runs beside the first (on a busy machine its start and its compiling cost more
 * than it saves). MUJUN_THREADS=1 never starts it, MUJUN_THREADS=2 always does. `names`: whether the
 * command shows enterprise names (the helper reads them then).
 */
export function startRecordsHelper(file: string, names: boolean): boolean {
  const threads = process.env.MUJUN_THREADS;
  if (pending || threads === '1' || (threads !== '2' && !coreFree())) return false;
  const abs = path.resolve(file);
  let size: number;
  try {
    const st = statSync(abs);
    if (!st.isFile()) return false;
    size = st.size;
  } catch {
    return false;
  }
  if (size < PARALLEL_MIN_BYTES) return false;
  const ctrl = new SharedArrayBuffer(CONTROL_WORDS * 4);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(new URL('./records-worker.js', import.meta.url));
  } catch {
    return false;
  }
  worker.unref();
  // A helper that fails is replaced by the main thread reading the file itself.
  worker.on('error', () => {});
  const parts = Math.min(32, Math.max(2, Math.round(size / 700_000)));
  const start: HelperStart = { file: abs, names, parts, ctrl, port: port2 };
  worker.postMessage(start, [port2]);
  port1.unref();
  pending = { file: abs, names, parts, worker, port: port1, ctrl: new Int32Array(ctrl) };
  return true;
}

/**
 * Whether a helper thread can run beside this one: at least 4 cores (a thread and its compiler beside
 * the main thread and its own — on 2 cores the threads wait for each other and the run is slower,
 * measured in ADR 0005) and fewer threads runnable right now (this one included) than cores (the
 * fourth field of /proc/loadavg, read a few times; true where it cannot be read).
 */
function coreFree(): boolean {
  const cores = availableParallelism();
  if (cores < 4) return false;
  try {
    let least = Infinity;
    for (let k = 0; k < 3; k++) {
      const running = Number(readFileSync('/proc/loadavg', 'latin1').split(' ')[3]?.split('/')[0]);
      if (!Number.isFinite(running)) return true;
      least = Math.min(least, running);
    }
    return least < cores;
  } catch {
    return true;
  }
}

/**
 * The arguments of `mujun [--lang L] evaluate … --records FILE …` (not --save): starts the helper on
 * FILE, with names unless the format is csv. A guess from the raw arguments — the command itself
 * parses them; a helper it does not ask for is stopped.
 */
export function startRecordsHelperFromArgv(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  let k = 0;
  while (k < args.length && args[k]!.startsWith('-')) k += args[k]!.includes('=') ? 1 : 2;
  if (args[k] !== 'evaluate') return false;
  let records: string | undefined;
  let format = 'table';
  for (let i = k + 1; i < args.length; i++) {
    const a = args[i]!;
    const [name, inline] = a.startsWith('--') && a.includes('=') ? a.split(/=(.*)/s) : [a, undefined];
    const value = inline ?? args[i + 1];
    if (name === '--save' || name === '--help' || name === '-h') return false;
    if (name === '--records' || name === '--format') {
      if (value === undefined) return false;
      if (name === '--records') records = value;
      else format = value;
      if (inline === undefined) i++;
    }
  }
  if (records === undefined) return false;
  if (startRecordsHelper(records, format !== 'csv')) return true;
  startEarlyRead(records);
  return false;
}

let early: { file: string; bytes: Promise<Buffer | null> } | null = null;

/**
 * Reads `file` on libuv's thread pool while the main thread loads the command's modules (a 22 MB file
 * is some 10 ms of the main thread otherwise): one read of the whole file, null on any problem (the
 * command then reads the file itself, and reports the problem).
 */
export function startEarlyRead(file: string): void {
  const abs = path.resolve(file);
  const bytes = new Promise<Buffer | null>((resolve) => {
    open(abs, 'r', (err, fd) => {
      if (err) return resolve(null);
      const done = (b: Buffer | null) => close(fd, () => resolve(b));
      fstat(fd, (e, st) => {
        if (e || !st.isFile() || st.size > 0x7fffffff) return done(null);
        const buf = Buffer.allocUnsafe(st.size);
        read(fd, buf, 0, st.size, 0, (e2, got) => done(e2 || got !== st.size ? null : buf));
      });
    });
  });
  early = { file: abs, bytes };
}

/** The bytes of `file` read by {@link startEarlyRead}, handed over once; null when there is none. */
export function takeEarlyRead(file: string): Promise<Buffer | null> | null {
  const e = early;
  early = null;
  return e && e.file === path.resolve(file) ? e.bytes : null;
}

/** The helper started on `file` (with the same `names`), handed over once; any other helper is stopped. */
export function takeRecordsHelper(file: string, names: boolean): RecordsHelper | null {
  const h = pending;
  pending = null;
  if (!h) return null;
  if (h.file !== path.resolve(file) || h.names !== names) {
    void h.worker.terminate();
    return null;
  }
  return h;
}
