/**
 * Reading record files and evaluating them in memory: the fast path of `mujun evaluate --records`,
 * which touches no database.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { evaluate, type EvaluationRun, type ManualAdjustment } from '../engine/index.js';
import type { RecordBatch } from '../domain/record-batch.js';
import { parseCanonicalCsv, type CanonicalParseOptions } from '../records/canonical-read.js';
import { loadDivisions, loadIndustries } from '../reference/reference-data.js';
import { loadMethodology, type LoadedMethodology } from '../methodologies/shipped.js';

export interface ReadRecords {
  batch: RecordBatch;
  /** SHA-256 of the file's bytes (computed on first use: the CSV fast path never needs it). */
  readonly hash: string;
  file: string;
  warnings: string[];
}

/** Reads a canonical record file; throws CanonicalFileError (file, row, column, rule; zh + en) when unreadable. */
export function readRecordsFile(file: string, options: CanonicalParseOptions = {}): ReadRecords {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new Error('is a directory');
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(
      `无法读取记录文件 ${file} / cannot read the record file ${file}: ${(e as Error).message}`,
    );
  }
  const { batch, warnings } = parseCanonicalCsv(bytes, path.basename(file), options);
  let hash: string | undefined;
  return {
    batch,
    get hash() {
      hash ??= createHash('sha256').update(bytes).digest('hex');
      return hash;
    },
    file,
    warnings,
  };
}

let knownDivisions: Set<string> | undefined;
let knownIndustries: Set<string> | undefined;

/** County-level GB/T 2260 codes and GB/T 4754-2017 codes, for the engine's record checks. */
export function referenceSets(): { knownDivisions: Set<string>; knownIndustries: Set<string> } {
  knownDivisions ??= new Set(
    loadDivisions()
      .all.filter((d) => d.level === 'county')
      .map((d) => d.code),
  );
  knownIndustries ??= new Set(loadIndustries().all.map((d) => d.code));
  return { knownDivisions, knownIndustries };
}

export interface EvaluateOptions {
  dataYear?: number;
  datasetVersion: string;
  manualAdjustments?: ReadonlyMap<string, ManualAdjustment>;
}

/** Evaluates a batch under a loaded methodology with the reference checks switched on. */
export function evaluateBatch(
  batch: RecordBatch,
  lm: LoadedMethodology,
  opts: EvaluateOptions,
): EvaluationRun {
  return evaluate(batch, lm.methodology, {
    methodologyHash: lm.hash,
    datasetVersion: opts.datasetVersion,
    ...(opts.dataYear !== undefined ? { dataYear: opts.dataYear } : {}),
    ...(opts.manualAdjustments ? { manualAdjustments: opts.manualAdjustments } : {}),
    ...referenceSets(),
  });
}

export { loadMethodology };
