/**
 * Datasets and runs: import a batch of canonical records as a dataset version (idempotent by content
 * hash), evaluate a stored dataset and store the run atomically, read one enterprise's explanation,
 * record manual class adjustments. The only place (with the other services) where transactions open.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  CLASS_IDS,
  CLASS_OF_CODE,
  resultDetailJson,
  expandResultDetail,
  type ResultDetail,
  type StoredCell,
  STATUS_CODES,
  SCORE_NOTES,
  formatResultsCsvBytes,
  summarise,
  type ClassId,
  type ClassStep,
  type EnterpriseResult,
  type EvaluationRun,
  type Methodology,
} from '../engine/index.js';
import { loadMethodologyText } from '../engine/methodology/index.js';
import type { RecordBatch } from '../domain/record-batch.js';
import type { NumericField } from '../domain/fields.js';
import {
  analyzeResults,
  appendAudit,
  applyClassAdjustment,
  findDatasetByHash,
  getDataset,
  getMethodology,
  getResult,
  getRun,
  insertClassAdjustment,
  insertDataset,
  insertRun,
  insertRunResults,
  latestDataset,
  latestRun,
  listClassAdjustments,
  RESULT_FLAG_BITS,
  loadDatasetBatch,
  loadDatasetRecord,
  saveMethodology,
  type ClassAdjustment,
  type Dataset,
  type Run,
  type RunResultRow,
  type Sql,
} from '../db/index.js';
import { resultInDivision } from '../db/scope.repository.js';
import type { LoadedMethodology } from '../methodologies/shipped.js';
import { CITY_WIDE, inScope, type Scope } from '../domain/access.js';
import { evaluateBatch, readRecordsFile } from './records.service.js';
import { runDigest } from './run-digest.js';
import type { Store } from './store.js';
import { ServiceError } from './errors.js';

export interface ImportMeta {
  year: number;
  contentHash: string;
  source: string;
  createdBy: string;
  note?: string;
}

/** Stores a batch as the year's next dataset version, or returns the identical one stored before. */
export async function importBatch(
  store: Store,
  batch: RecordBatch,
  meta: ImportMeta,
): Promise<{ dataset: Dataset; created: boolean }> {
  const existing = await findDatasetByHash(store.db, meta.year, meta.contentHash);
  if (existing) return { dataset: existing, created: false };
  const id = await store.db.transaction(async (tx) => {
    const { id, version } = await insertDataset(
      tx,
      {
        year: meta.year,
        contentHash: meta.contentHash,
        source: meta.source,
        createdBy: meta.createdBy,
        note: meta.note ?? null,
      },
      batch,
    );
    await appendAudit(tx, {
      actor: meta.createdBy,
      action: 'dataset.import',
      subject: `dataset:${id}`,
      after: {
        year: meta.year,
        version,
        records: batch.length,
        source: meta.source,
        contentHash: meta.contentHash,
      },
    });
    return id;
  });
  const dataset = await getDataset(store.db, id);
  if (!dataset) throw new Error(`dataset ${id} vanished after commit`);
  return { dataset, created: true };
}

/** SHA-256 of a batch's canonical CSV: the identity of a dataset's content. */
export function batchHash(csv: string): string {
  return createHash('sha256').update(csv).digest('hex');
}

export interface EvaluateStoredOptions {
  methodology: LoadedMethodology;
  year: number;
  /** Import this canonical record file first (idempotent) and evaluate it. */
  recordsFile?: string;
  /** Evaluate this dataset; default the year's latest. */
  datasetId?: number;
  createdBy: string;
  /** Reports progress of storing the results (rows written, total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Reports each phase as it starts: reading the dataset, evaluating, storing the results, refreshing the
   * results table's statistics.
   */
  onPhase?: (phase: 'load' | 'evaluate' | 'persist' | 'analyze') => void;
  /**
   * More writes that belong to the run, in its transaction after its results are stored (an objection's
   * re-run: the carried-over adjustments and the objection's link): all commit together or nothing does.
   */
  inTransaction?: (tx: Sql, runId: number) => Promise<void>;
}

/** Lets the event loop answer other requests (progress polls) between chunks of long work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface StoredRun {
  runId: number;
  run: EvaluationRun;
  dataset: Dataset;
  resultHash: string;
}

/** Evaluates a stored dataset and stores the run, its results and the methodology in one transaction. */
export async function evaluateStored(store: Store, o: EvaluateStoredOptions): Promise<StoredRun> {
  let dataset: Dataset | null;
  if (o.recordsFile) {
    const rec = readRecordsFile(o.recordsFile);
    dataset = (
      await importBatch(store, rec.batch, {
        year: o.year,
        contentHash: rec.hash,
        source: `file:${path.basename(o.recordsFile)}`,
        createdBy: o.createdBy,
      })
    ).dataset;
  } else if (o.datasetId !== undefined) {
    dataset = await getDataset(store.db, o.datasetId);
    if (!dataset)
      throw new ServiceError(
        `数据版本 ${o.datasetId} 不存在 / dataset ${o.datasetId} does not exist`,
        'not_found',
      );
  } else {
    dataset = await latestDataset(store.db, o.year);
    if (!dataset)
      throw new ServiceError(
        `${o.year} 年还没有数据：先导入数据或执行 \`mujun demo\` / no data for ${o.year} yet: import data or run \`mujun demo\``,
        'not_found',
      );
  }
  o.onPhase?.('load');
  const batch = await loadDatasetBatch(store.db, dataset.id);
  o.onPhase?.('evaluate');
  await yieldToEventLoop();
  const lm = o.methodology;
  const run = evaluateBatch(batch, lm, {
    datasetVersion: `${dataset.year}/v${dataset.version}`,
    dataYear: dataset.year,
  });
  await yieldToEventLoop();
  const rows = await resultRowsYielding(run);
  o.onPhase?.('persist');
  // The results' identity: the CSV (with every score) and every explanation, byte for byte.
  const h = createHash('sha256').update(formatResultsCsvBytes(run, { indicatorScores: true }));
  for (const r of rows) h.update(r.detailJson!);
  const resultHash = h.digest('hex');
  const ds = dataset;
  const runId = await store.db.transaction(async (tx) => {
    await saveMethodology(tx, {
      id: lm.methodology.id,
      contentHash: lm.hash,
      content: lm.text,
      format: lm.file.endsWith('.json') ? 'json' : 'yaml',
    });
    const id = await insertRun(tx, {
      year: ds.year,
      methodologyId: lm.methodology.id,
      methodologyHash: lm.hash,
      datasetId: ds.id,
      datasetVersion: ds.version,
      status: 'draft',
      createdBy: o.createdBy,
      resultHash,
      summary: { ...summarise(run), web: runDigest(rows, run.batch) },
    });
    // PGlite runs each statement in this thread: smaller statements let the event loop answer others
    // (job polls) more often; a server takes the larger ones in its stride.
    const step = store.db.kind === 'pglite' ? 5_000 : 20_000;
    o.onProgress?.(0, rows.length);
    for (let k = 0; k < rows.length; k += step) {
      await insertRunResults(tx, id, rows.slice(k, k + step));
      o.onProgress?.(Math.min(k + step, rows.length), rows.length);
      await yieldToEventLoop();
    }
    await appendAudit(tx, {
      actor: o.createdBy,
      action: 'run.create',
      subject: `run:${id}`,
      after: { methodology: lm.methodology.id, methodologyHash: lm.hash, dataset: ds.id, resultHash },
    });
    await o.inTransaction?.(tx, id);
    return id;
  });
  // after the commit: the new rows' statistics and visibility, so the first table pages are fast
  o.onPhase?.('analyze');
  await analyzeResults(store.db);
  return { runId, run, dataset: ds, resultHash };
}

/** The stored rows of a run, one per record, in record order. */
export function resultRows(run: EvaluationRun): RunResultRow[] {
  const rows: RunResultRow[] = new Array<RunResultRow>(run.length);
  fillResultRows(run, rows, 0, run.length);
  return rows;
}

/** `resultRows`, yielding to the event loop every 20,000 rows. */
async function resultRowsYielding(run: EvaluationRun): Promise<RunResultRow[]> {
  const rows: RunResultRow[] = new Array<RunResultRow>(run.length);
  for (let a = 0; a < run.length; a += 20_000) {
    fillResultRows(run, rows, a, Math.min(run.length, a + 20_000));
    await yieldToEventLoop();
  }
  return rows;
}

const NOTE_MISSING_NUMERATOR = SCORE_NOTES.indexOf('missing_numerator');
const NOTE_MISSING_DENOMINATOR = SCORE_NOTES.indexOf('missing_denominator');
const finiteOrNull = (x: number | undefined): number | null =>
  x !== undefined && Number.isFinite(x) ? x : null;

function fillResultRows(run: EvaluationRun, rows: RunResultRow[], from: number, to: number): void {
  const m = run.methodology;
  const col = run.batch.columns;
  const F = RESULT_FLAG_BITS;
  for (let i = from; i < to; i++) {
    const c = run.cell[i]!;
    const g = run.group[i]!;
    const rank = run.rank[i]!;
    const land = finiteOrNull(col.land_mu[i]);
    const tax = finiteOrNull(col.tax[i]);
    const va = finiteOrNull(col.value_added[i]);
    let flags = 0;
    if (run.vetoesApplied.has(i)) flags |= F.veto;
    if (run.protectionsApplied.has(i)) flags |= F.protected;
    if (run.manual.has(i)) flags |= F.adjusted;
    if (run.batch.tenantOf[i]) flags |= F.tenant;
    if (col.sublet_tenants[i]! > 0) flags |= F.sublets;
    if (col.above_scale[i] === 1) flags |= F.above_scale;
    if (col.high_tech[i] === 1) flags |= F.high_tech;
    if (col.specialised_sme[i] === 1) flags |= F.specialised_sme;
    if (c >= 0) {
      const k = run.memberPos[i]!;
      const off = run.slotOffset[g]!;
      const count = m.groups[g]!.indicators.length;
      for (let j = 0; j < count; j++) {
        const note = run.note[off + j]![k]!;
        if (note === NOTE_MISSING_NUMERATOR || note === NOTE_MISSING_DENOMINATOR) {
          flags |= F.missing_data;
          break;
        }
      }
    }
    rows[i] = {
      seq: i,
      uscc: run.uscc[i]!,
      name: run.batch.name[i] ?? null,
      division: run.batch.division[i] ?? null,
      industry: run.batch.industry[i] ?? null,
      status: STATUS_CODES[run.status[i]!]!,
      reason: run.reason[i] ?? null,
      groupId: g >= 0 ? m.groups[g]!.id : null,
      unitKey: c >= 0 ? run.cells[c]!.unit : null,
      total: c >= 0 ? run.total[i]! : null,
      rank: rank > 0 ? rank : null,
      unitSize: rank > 0 ? run.unitSize[i]! : null,
      initialClass: CLASS_OF_CODE[run.initialClass[i]!] ?? null,
      adjustedClass: CLASS_OF_CODE[run.adjustedClass[i]!] ?? null,
      detail: null,
      detailJson: resultDetailJson(run, i),
      landMu: land,
      tax,
      valueAdded: va,
      taxPerMu: land !== null && land > 0 && tax !== null ? tax / land : null,
      valueAddedPerMu: land !== null && land > 0 && va !== null ? va / land : null,
      flags,
    };
  }
}

/** A stored run's methodology, parsed from the exact text the run used. */
export async function runMethodology(store: Store, run: Run): Promise<Methodology> {
  const stored = await getMethodology(store.db, run.methodologyId, run.methodologyHash);
  if (!stored)
    throw new Error(`methodology ${run.methodologyId}@${run.methodologyHash} of run ${run.id} is missing`);
  return loadMethodologyText(stored.content, run.methodologyId);
}

/** The run asked for, or the latest one (of the year, when given). */
export async function resolveRun(store: Store, runId?: number, year?: number): Promise<Run> {
  const run = runId !== undefined ? await getRun(store.db, runId) : await latestRun(store.db, year);
  if (!run)
    throw new ServiceError(
      runId !== undefined
        ? `运行 #${runId} 不存在 / run #${runId} does not exist`
        : '还没有评价运行：先执行 `mujun demo` 或 `mujun evaluate` / no run yet: run `mujun demo` or `mujun evaluate` first',
      'not_found',
    );
  return run;
}

export interface StoredExplanation {
  run: Run;
  methodology: Methodology;
  result: EnterpriseResult;
  adjustments: ClassAdjustment[];
}

/**
 * One enterprise's stored result with its manual adjustments folded into the class steps; outside the
 * scope (when given) it is "not found", exactly like an enterprise the run does not have.
 */
export async function storedResult(
  store: Store,
  run: Run,
  usccRaw: string,
  scope: Scope = CITY_WIDE,
): Promise<StoredExplanation> {
  const uscc = usccRaw.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
  // another county's enterprise is refused before its row is loaded: the same work as an unknown code
  const outside =
    (scope.kind === 'enterprise' && scope.uscc !== uscc) ||
    (scope.kind === 'division' && !(await resultInDivision(store.db, run.id, uscc, scope.division)));
  const row = outside ? null : await getResult(store.db, run.id, uscc);
  if (!row || !inScope(scope, row))
    throw new ServiceError(
      `在运行 #${run.id} 中找不到企业 ${uscc} / enterprise ${uscc} not found in run #${run.id}`,
      'not_found',
    );
  const methodology = await runMethodology(store, run);
  const adjustments = await listClassAdjustments(store.db, run.id, uscc);
  const record = await loadDatasetRecord(store.db, run.datasetId, row.seq);
  const cells = (run.summary as { cells?: StoredCell[] } | null)?.cells ?? [];
  const cell = cells.find((c) => c.unit === row.unitKey && c.group === row.groupId);
  const detail = expandResultDetail(
    row.detail as ResultDetail,
    methodology,
    row.groupId,
    cell,
    (record?.values ?? {}) as Partial<Record<NumericField, number>>,
  );
  const classSteps: ClassStep[] = [...detail.classSteps];
  for (const a of adjustments)
    classSteps.push({
      kind: 'manual',
      from: a.fromClass as ClassId | null,
      to: a.toClass as ClassId,
      rule: a.reason,
      by: a.createdBy,
      at: a.createdAt,
    });
  const result: EnterpriseResult = {
    seq: row.seq + 1,
    uscc: row.uscc,
    name: row.name,
    division: row.division,
    industry: row.industry,
    status: row.status,
    reason: row.reason,
    group: row.groupId,
    unit: row.unitKey,
    indicators: detail.indicators,
    adjustments: detail.adjustments,
    total: row.total,
    rank: row.rank,
    unitSize: row.unitSize,
    initialClass: row.initialClass as ClassId | null,
    adjustedClass: row.adjustedClass as ClassId | null,
    classSteps,
    methodologyId: run.methodologyId,
    methodologyHash: run.methodologyHash,
    datasetVersion: `${run.year}/v${run.datasetVersion}`,
  };
  return { run, methodology, result, adjustments };
}

export interface AdjustClassInput {
  runId: number;
  uscc: string;
  toClass: string;
  reason: string;
  by: string;
}

/** Records a manual class adjustment (reason, user, time), applies it and audits it, atomically. */
export async function adjustClass(store: Store, a: AdjustClassInput): Promise<ClassAdjustment> {
  if (!(CLASS_IDS as readonly string[]).includes(a.toClass))
    throw new ServiceError(
      `等级必须是 A、B、C 或 D，而不是“${a.toClass}” / class must be A, B, C or D, not "${a.toClass}"`,
    );
  if (!a.reason.trim()) throw new ServiceError('人工调整必须填写理由 / a manual adjustment needs a reason');
  if (!a.by.trim()) throw new ServiceError('人工调整必须注明操作人 / a manual adjustment needs a user');
  const run = await resolveRun(store, a.runId);
  return store.db.transaction((tx) => recordClassAdjustment(tx, run.id, a));
}

/**
 * The adjustment's writes, in the caller's transaction: the record (its author `author` when given — a
 * carried-over adjustment keeps the analyst who made it — else `by`), the class, the audit entry (by
 * `by`, who acts now).
 */
export async function recordClassAdjustment(
  tx: Sql,
  runId: number,
  a: Omit<AdjustClassInput, 'runId'> & { author?: string; audit?: Record<string, unknown> },
): Promise<ClassAdjustment> {
  const uscc = a.uscc.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
  const row = await getResult(tx, runId, uscc);
  if (!row)
    throw new ServiceError(
      `在运行 #${runId} 中找不到企业 ${uscc} / enterprise ${uscc} not found in run #${runId}`,
      'not_found',
    );
  if (row.status !== 'graded')
    throw new ServiceError(
      `企业 ${uscc} 未定档，不能调整等级 / enterprise ${uscc} is not graded; its class cannot be adjusted`,
      'conflict',
    );
  if (row.adjustedClass === a.toClass)
    throw new ServiceError(
      `企业 ${uscc} 在运行 #${runId} 中已是 ${a.toClass} 档，无需调整 / enterprise ${uscc} is class ${a.toClass} in run #${runId} already: nothing to adjust`,
      'conflict',
    );
  const adj = await insertClassAdjustment(tx, {
    runId,
    uscc,
    fromClass: row.adjustedClass,
    toClass: a.toClass,
    reason: a.reason.trim(),
    createdBy: a.author ?? a.by,
  });
  await applyClassAdjustment(tx, runId, uscc, a.toClass);
  await appendAudit(tx, {
    actor: a.by,
    action: 'class.adjust',
    subject: `run:${runId}/enterprise:${uscc}`,
    before: { adjustedClass: row.adjustedClass },
    after: { adjustedClass: a.toClass, reason: a.reason.trim(), ...(a.audit ?? {}) },
  });
  return adj;
}
