/**
 * The helper thread of `mujun evaluate --records` (started by records-helper.ts): reads and plans the
 * record file unless the main thread got there first, then reads chunks from the back of the file
 * while the main thread reads from the front (see protocol.ts). Everything goes into the shared
 * storage — numbers, codes as positions in the file, divisions and industries as indices — except
 * each chunk's dictionaries and exceptions, which are posted.
 */
import path from 'node:path';
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
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
  type HelperStart,
  type SharedFile,
  type WorkerChunk,
} from './protocol.js';
import {
  finishBackPart,
  planShared,
  readBackChunk,
  readShared,
  receiveShared,
  type BackChunk,
  type PlannedFile,
} from './shared-file.js';

parentPort!.once('message', (m: HelperStart) => run(m));

function run({ file, names, parts, ctrl: buffer, port }: HelperStart): void {
  const ctrl = new Int32Array(buffer);
  const fileName = path.basename(file);
  let planned: PlannedFile | null = null;
  if (Atomics.compareExchange(ctrl, C_STATE, ST_STARTING, ST_PREPARING_HELPER) === ST_STARTING) {
    try {
      planned = planShared(readShared(file), fileName, { names }, parts).planned;
    } catch {
      // the main thread reads the file itself and reports the problem
    }
    if (planned) port.postMessage(planned.shared);
    Atomics.store(ctrl, C_STATE, planned ? ST_READY : ST_NO_SPLIT);
    Atomics.notify(ctrl, C_STATE);
  } else {
    // the main thread is planning the file: wait for its plan
    while (Atomics.load(ctrl, C_STATE) === ST_PREPARING_MAIN)
      Atomics.wait(ctrl, C_STATE, ST_PREPARING_MAIN, 1000);
    const shared = receiveMessageOnPort(port)?.message as SharedFile | undefined;
    if (Atomics.load(ctrl, C_STATE) === ST_READY && shared)
      planned = receiveShared(shared, fileName, { names });
  }
  if (planned) readChunks(planned, ctrl, port);
}

/**
 * Claims chunks from the back of the file, each read into the room just below the previous one and
 * moved up against it; when the claims run out, waits for the main thread's part, numbers its rows
 * and moves its records down behind the main thread's.
 */
function readChunks(f: PlannedFile, ctrl: Int32Array, port: MessagePort): void {
  const { plan } = f.shared;
  let top = f.storage.capacity;
  const mine: BackChunk[] = [];
  for (let c = plan.length - 1; Atomics.add(ctrl, C_CLAIMED, 1) < plan.length; c--) {
    try {
      if (Atomics.load(ctrl, C_FAILED) !== 0) break;
      const back = readBackChunk(f, c, top);
      top = back.at;
      mine.push(back);
      const msg: WorkerChunk = { c, chunk: back.chunk, textAt: back.at };
      port.postMessage(msg);
    } catch {
      Atomics.store(ctrl, C_FAILED, 1);
      Atomics.notify(ctrl, C_MAIN_DONE);
      break;
    }
  }
  Atomics.store(ctrl, C_HELPER_DONE, 1);
  Atomics.notify(ctrl, C_HELPER_DONE);
  if (mine.length === 0) return;
  while (Atomics.load(ctrl, C_MAIN_DONE) === 0 && Atomics.load(ctrl, C_FAILED) === 0)
    Atomics.wait(ctrl, C_MAIN_DONE, 0, 1000);
  if (Atomics.load(ctrl, C_FAILED) !== 0) return;
  finishBackPart(f, mine, Atomics.load(ctrl, C_MAIN_N), Atomics.load(ctrl, C_MAIN_ROWS));
  Atomics.store(ctrl, C_MOVED, 1);
  Atomics.notify(ctrl, C_MOVED);
}
