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
import { REFERENCE_DIR } from '../reference/reference-data.js';
import { loadMethodology, type LoadedMethodology } from '../methodologies/shipped.js';
import { readWithHelper } from '../parallel/parallel-read.js';
import { takeRecordsHelper } from '../parallel/records-helper.js';

export interface ReadRecords {
  batch: RecordBatch;
  /** SHA-256 of the file's bytes (computed on first use: the CSV fast path never needs it). */
  readonly hash: string;
  file: string;
  warnings: string[];
}

/** Reads a canonical record file; throws CanonicalFileError (file, row, column, rule; zh + en) when unreadable. */
export function readRecordsFile(file: string, options: CanonicalParseOptions = {}): ReadRecords {
  // A large file whose reading bin/mujun.js started on a helper thread: read on both threads.
  const helper = takeRecordsHelper(file, options.names !== false);
  const shared = helper ? readWithHelper(helper, path.basename(file), options) : null;
  if (shared) return readRecords(file, shared.bytes, shared.result.batch, shared.result.warnings);
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new Error('is a directory');
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(
      `无法读取记录文件 ${file} / cannot read the record file ${file}: ${(e as Error).message}`,
    );
  }
  return readRecordsBytes(file, bytes, options);
}

/** {@link readRecordsFile} for the file's bytes, already read. */
export function readRecordsBytes(
  file: string,
  bytes: Uint8Array,
  options: CanonicalParseOptions = {},
): ReadRecords {
  const { batch, warnings } = parseCanonicalCsv(bytes, path.basename(file), options);
  return readRecords(file, bytes, batch, warnings);
}

function readRecords(file: string, bytes: Uint8Array, batch: RecordBatch, warnings: string[]): ReadRecords {
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

/**
 * County-level GB/T 2260 codes and GB/T 4754-2017 codes, for the engine's record checks: the codes
 * and levels of the reference tables (`loadDivisions`, `loadIndustries`), read without building the
 * tables (a one-shot `mujun evaluate --records` needs the codes only).
 */
export function referenceSets(): { knownDivisions: Set<string>; knownIndustries: Set<string> } {
  knownDivisions ??= new Set(
    referenceRows('admin_divisions_yrd.csv')
      .filter((r) => r[2] === 'county')
      .map((r) => r[0]!),
  );
  knownIndustries ??= new Set(referenceRows('gbt4754_2017.csv').map((r) => r[0]!));
  return { knownDivisions, knownIndustries };
}

/** The cells of a reference table's rows, as `reference-data` splits them (it quotes a name with a comma). */
function referenceRows(file: string): string[][] {
  const lines = readFileSync(path.join(REFERENCE_DIR, file), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  return lines.slice(1).map((line) => (line.includes('"') ? splitQuoted(line) : line.split(',')));
}

/** A row with quotes, cell by cell as reference-data's reader splits it. */
function splitQuoted(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
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
