/**
 * A worker thread of the sensitivity run: evaluates draws [from, to) of the Monte Carlo with the pure
 * engine and posts the class counts back (progress every few draws). Started by policy.service.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordBatch } from '../domain/record-batch.js';
import type { EvaluateContext, Methodology } from '../engine/index.js';
import { sensitivityCounts, type SensitivityOptions } from '../policy/sensitivity.js';

export interface SensitivityWorkerData {
  batch: RecordBatch;
  methodology: Methodology;
  ctx: EvaluateContext;
  options: SensitivityOptions;
  from: number;
  to: number;
}

export type SensitivityWorkerMessage =
  { kind: 'progress'; done: number } | { kind: 'done'; counts: Uint32Array };

const d = workerData as SensitivityWorkerData;
const counts = sensitivityCounts(d.batch, d.methodology, d.ctx, d.options, d.from, d.to, (done) => {
  if (done % 10 === 0) parentPort!.postMessage({ kind: 'progress', done } satisfies SensitivityWorkerMessage);
});
parentPort!.postMessage({ kind: 'done', counts } satisfies SensitivityWorkerMessage, [
  counts.buffer as ArrayBuffer,
]);
