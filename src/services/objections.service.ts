/**
 * Objections (异议) during the public notice of a published run (ADR 0011).
 *
 * - An **enterprise** objects to one of its own figures (an input of the evaluation: land, tax, value
 *   added…) with the value it says is right, an explanation and evidence files (PDF, PNG or JPEG), until
 *   the notice ends (`notice_until`). One open objection per figure.
 * - Its **county operator** (or a city analyst) answers by `respond_by` (the end of the notice plus
 *   `RESPONSE_DAYS`): rejects with a reason, or accepts — the corrected figure (the claimed one unless
 *   another is given) goes into a **new dataset version** of the year (the year's latest version with the
 *   correction, its provenance and files kept), and a **re-run** with the objected run's methodology
 *   starts as a job; the objected run's manual adjustments are carried over. The enterprise's total,
 *   rank and class in the objected run and in the re-run are shown side by side.
 * - The enterprise sees the outcome. Every filing and decision is audited with before and after.
 */
import { createHash } from 'node:crypto';
import {
  appendAudit,
  copyDatasetFiles,
  copyLandHoldings,
  decideObjection,
  getEvidence,
  getMethodology,
  getDataset,
  getObjection,
  getResult,
  getResultSummary,
  getRun,
  insertDataset,
  insertObjection,
  latestCorrectionOf,
  latestDataset,
  listClassAdjustments,
  listObjections,
  loadDatasetBatch,
  loadDatasetProvenance,
  loadDatasetRecord,
  runClasses,
  setObjectionRerun,
  type Dataset,
  type Objection,
  type ObjectionStatus,
  type Run,
} from '../db/index.js';
import { publishedOnly, scopeOf, type Principal, type Scope } from '../domain/access.js';
import type { NumericField } from '../domain/fields.js';
import type { RecordBatch } from '../domain/record-batch.js';
import {
  CLASS_IDS,
  CLASS_OF_CODE,
  STATUS_CODES,
  type ClassId,
  type ManualAdjustment,
} from '../engine/index.js';
import { loadMethodologyText } from '../engine/methodology/index.js';
import type { LoadedMethodology } from '../methodologies/shipped.js';
import { codeNames } from '../reference/reference-data.js';
import { fieldLabel } from '../report/fields.js';
import { resolveRunIn } from './access.js';
import { evaluateStored, recordClassAdjustment } from './evaluation.service.js';
import { ServiceError } from './errors.js';
import { evaluateBatch } from './records.service.js';
import { evidenceType, safeFileName } from './files.js';
import { jobsOf, runJobResult, type JobView } from './jobs.service.js';
import type { RunJobResult } from './runs.service.js';
import type { Store } from './store.js';

/** The figures an enterprise may object to: the inputs of the evaluation it reported. */
export const OBJECTION_FIELDS = [
  'land_mu',
  'tax',
  'value_added',
  'revenue',
  'energy_tce',
  'emissions_t',
  'employees',
  'rd_spend',
  'electricity',
] as const satisfies readonly NumericField[];
export type ObjectionField = (typeof OBJECTION_FIELDS)[number];

/** Days the county has to answer after the notice ends (a setting of the bureau; 10 in the demo). */
export const RESPONSE_DAYS = 10;

/** Evidence limits: files per objection, bytes per file, bytes in all. */
export const EVIDENCE_LIMITS = {
  files: 5,
  fileBytes: 10 * 1024 * 1024,
  totalBytes: 20 * 1024 * 1024,
} as const;

export interface EvidenceUpload {
  name: string;
  data: Uint8Array;
}

/** The enterprise's place in a run, before or after the correction. */
export interface ResultAt {
  runId: number;
  status: string;
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: ClassId | null;
  adjustedClass: ClassId | null;
  /** Whether that run is published: a draft re-run's figures are labelled, and never shown to the enterprise. */
  published: boolean;
}

export interface ObjectionView extends Objection {
  fieldLabel: { zh: string; en: string; unit: string };
  /** Still open after `respondBy`. */
  overdue: boolean;
  /**
   * The enterprise in the objected run, and in the re-run (once it is stored; for the enterprise itself
   * only once the re-run is published).
   */
  before: ResultAt | null;
  after: ResultAt | null;
  /** The re-run is stored but not published yet (its result awaits publication). */
  rerunPending: boolean;
}

const text = (raw: string, name: string, max: number): string => {
  const t = raw.normalize('NFC').trim();
  if (t.includes('\0'))
    throw new ServiceError(`参数 ${name}：含有空字符 / parameter ${name}: contains a NUL character`);
  if (!t) throw new ServiceError(`参数 ${name}：不能为空 / parameter ${name}: must not be empty`);
  if ([...t].length > max)
    throw new ServiceError(
      `参数 ${name}：过长（最多 ${max} 个字符）/ parameter ${name}: too long (${max} characters at most)`,
    );
  return t;
};

const amount = (v: number, name: string): number => {
  if (!Number.isFinite(v) || v < 0 || v > 1e12)
    throw new ServiceError(
      `参数 ${name}：应为 0 到 10¹² 之间的数（该指标的单位）/ parameter ${name}: must be a number from 0 to 10¹² (in the figure's unit)`,
    );
  return v;
};

async function resultAt(store: Store, run: Run | null, uscc: string): Promise<ResultAt | null> {
  if (run === null) return null;
  const r = await getResultSummary(store.db, run.id, uscc);
  return r
    ? {
        runId: run.id,
        status: r.status,
        total: r.total,
        rank: r.rank,
        unitSize: r.unitSize,
        initialClass: r.initialClass as ClassId | null,
        adjustedClass: r.adjustedClass as ClassId | null,
        published: run.publishedAt !== null,
      }
    : null;
}

async function view(store: Store, o: Objection, scope: Scope, now = Date.now()): Promise<ObjectionView> {
  const run = await getRun(store.db, o.runId);
  const rerun = o.rerunId !== null ? await getRun(store.db, o.rerunId) : null;
  // an enterprise never sees an unpublished result: a draft re-run is "awaiting publication"
  const visible = rerun !== null && (rerun.publishedAt !== null || !publishedOnly(scope));
  return {
    ...o,
    fieldLabel: fieldLabel(o.field),
    overdue: o.status === 'open' && Date.parse(o.respondBy) < now,
    before: await resultAt(store, run, o.uscc),
    after: visible ? await resultAt(store, rerun, o.uscc) : null,
    rerunPending: rerun !== null && rerun.publishedAt === null,
  };
}

/** The scope's objections (of a run, of a status), newest first. */
export async function objectionsList(
  store: Store,
  f: { runId?: number; status?: string; uscc?: string; limit: number; offset: number },
  scope: Scope,
): Promise<{ total: number; limit: number; offset: number; items: ObjectionView[] }> {
  if (f.status !== undefined && !['open', 'accepted', 'rejected'].includes(f.status))
    throw new ServiceError(
      '参数 status：应为 open、accepted 或 rejected / parameter status: must be open, accepted or rejected',
    );
  const r = await listObjections(
    store.db,
    {
      ...(f.runId !== undefined ? { runId: f.runId } : {}),
      ...(f.status !== undefined ? { status: f.status as ObjectionStatus } : {}),
      ...(f.uscc !== undefined ? { uscc: f.uscc.normalize('NFKC').replace(/\s+/gu, '').toUpperCase() } : {}),
      limit: f.limit,
      offset: f.offset,
    },
    scope,
  );
  const items: ObjectionView[] = [];
  for (const o of r.items) items.push(await view(store, o, scope));
  return { total: r.total, limit: f.limit, offset: f.offset, items };
}

const notFound = (id: number) =>
  new ServiceError(`异议 #${id} 不存在 / objection #${id} does not exist`, 'not_found');

/** One objection, if the scope includes it (else "does not exist"). */
export async function objectionDetail(store: Store, id: number, scope: Scope): Promise<ObjectionView> {
  const o = await getObjection(store.db, id, scope);
  if (!o) throw notFound(id);
  return view(store, o, scope);
}

/** An evidence file of an objection in the scope. */
export async function evidenceFile(store: Store, id: number, seq: number, scope: Scope) {
  const e = await getEvidence(store.db, id, seq, scope);
  if (!e)
    throw new ServiceError(
      `异议 #${id} 没有第 ${seq} 个证明材料 / objection #${id} has no evidence file ${seq}`,
      'not_found',
    );
  return e;
}

export interface FileObjectionInput {
  runId?: number;
  field: string;
  claimedValue: number;
  explanation: string;
  evidence: readonly EvidenceUpload[];
}

/** An enterprise files an objection to one of its figures in a published run, during the notice. */
export async function fileObjection(
  store: Store,
  who: Principal,
  input: FileObjectionInput,
  now: Date = new Date(),
): Promise<ObjectionView> {
  if (who.role !== 'enterprise' || !who.uscc)
    throw new ServiceError(
      '只有企业账号可以对本企业的数据提出异议 / only an enterprise account objects to its own figures',
      'forbidden',
    );
  const scope = scopeOf(who);
  if (!(OBJECTION_FIELDS as readonly string[]).includes(input.field))
    throw new ServiceError(
      `参数 field：可提出异议的指标为 ${OBJECTION_FIELDS.join('、')} / parameter field: the figures open to objection are ${OBJECTION_FIELDS.join(', ')}`,
    );
  const field = input.field as ObjectionField;
  const claimedValue = amount(input.claimedValue, 'claimedValue');
  const explanation = text(input.explanation, 'explanation', 2000);
  if (input.evidence.length > EVIDENCE_LIMITS.files)
    throw new ServiceError(
      `证明材料最多 ${EVIDENCE_LIMITS.files} 个文件 / at most ${EVIDENCE_LIMITS.files} evidence files`,
      'payload_too_large',
    );
  let total = 0;
  const evidence = input.evidence.map((e, k) => {
    const fileName = safeFileName(e.name, k);
    total += e.data.byteLength;
    if (e.data.byteLength > EVIDENCE_LIMITS.fileBytes || total > EVIDENCE_LIMITS.totalBytes)
      throw new ServiceError(
        `证明材料过大：每个文件至多 10 MB，合计至多 20 MB（“${fileName}”）/ evidence too large: 10 MB per file, 20 MB in all ("${fileName}")`,
        'payload_too_large',
      );
    if (e.data.byteLength === 0)
      throw new ServiceError(`证明材料“${fileName}”是空文件 / evidence file "${fileName}" is empty`);
    const contentType = evidenceType(e.data);
    if (!contentType)
      throw new ServiceError(
        `证明材料“${fileName}”不是 PDF、PNG 或 JPEG 文件 / evidence file "${fileName}" is not a PDF, PNG or JPEG file`,
        'unsupported_media_type',
      );
    return { fileName, contentType, sha256: createHash('sha256').update(e.data).digest('hex'), data: e.data };
  });

  const run = await resolveRunIn(store, input.runId, scope);
  if (!run.noticeUntil || now.getTime() >= Date.parse(run.noticeUntil))
    throw new ServiceError(
      `运行 #${run.id} 的公示期已于 ${run.noticeUntil ?? '—'} 结束，不能再提出异议 / the public notice of run #${run.id} ended at ${run.noticeUntil ?? '—'}: objections are closed`,
      'conflict',
    );
  const row = await getResult(store.db, run.id, who.uscc);
  if (!row)
    throw new ServiceError(
      `运行 #${run.id} 中没有本企业的结果 / run #${run.id} has no result for this enterprise`,
      'not_found',
    );
  const record = await loadDatasetRecord(store.db, run.datasetId, row.seq);
  const current = (record?.values as Partial<Record<NumericField, number>> | undefined)?.[field];
  const respondBy = new Date(Date.parse(run.noticeUntil) + RESPONSE_DAYS * 86_400_000).toISOString();
  const id = await store.db.transaction(async (tx) => {
    const id = await insertObjection(
      tx,
      {
        runId: run.id,
        uscc: who.uscc!,
        name: row.name,
        division: row.division,
        field,
        currentValue: current ?? null,
        claimedValue,
        explanation,
        filedBy: who.username,
        deadline: run.noticeUntil!,
        respondBy,
      },
      evidence,
    );
    if (id === null) return null;
    await appendAudit(tx, {
      actor: who.username,
      action: 'objection.file',
      subject: `objection:${id}`,
      after: {
        run: run.id,
        uscc: who.uscc,
        field,
        currentValue: current ?? null,
        claimedValue,
        evidence: evidence.map((e) => ({ name: e.fileName, type: e.contentType, sha256: e.sha256 })),
      },
    });
    return id;
  });
  if (id === null)
    throw new ServiceError(
      `本企业对“${fieldLabel(field).zh}”已有未处理的异议 / there is an open objection to "${fieldLabel(field).en}" already`,
      'conflict',
    );
  return objectionDetail(store, id, scope);
}

export interface DecisionInput {
  decision: string;
  reason: string;
  /** When accepting: the corrected figure (default: the one the enterprise claimed). */
  correctedValue?: number;
}

/**
 * A county operator (its county's objections) or a city analyst decides an open objection. Accepting
 * stores the corrected dataset version and starts the re-run (the job is returned).
 */
export async function decideOnObjection(
  store: Store,
  who: Principal,
  id: number,
  d: DecisionInput,
): Promise<{ objection: ObjectionView; job: JobView<RunJobResult> | null }> {
  if (who.role !== 'county' && who.role !== 'analyst')
    throw new ServiceError(
      '只有区县操作员或市经信局分析员可以处理异议 / only county operators and city analysts decide objections',
      'forbidden',
    );
  const scope = scopeOf(who);
  if (d.decision !== 'accept' && d.decision !== 'reject')
    throw new ServiceError(
      '参数 decision：应为 accept 或 reject / parameter decision: must be accept or reject',
    );
  const reason = text(d.reason, 'reason', 2000);
  const o = await getObjection(store.db, id, scope);
  if (!o) throw notFound(id);
  const closed = () =>
    new ServiceError(
      `异议 #${id} 已处理（${o.status}）/ objection #${id} is decided already (${o.status})`,
      'conflict',
    );
  if (o.status !== 'open') throw closed();

  if (d.decision === 'reject') {
    const ok = await store.db.transaction(async (tx) => {
      if (
        !(await decideObjection(tx, id, {
          status: 'rejected',
          by: who.username,
          reason,
          correctedValue: null,
          datasetId: null,
        }))
      )
        return false;
      await appendAudit(tx, {
        actor: who.username,
        action: 'objection.reject',
        subject: `objection:${id}`,
        before: { status: 'open' },
        after: { status: 'rejected', reason },
      });
      return true;
    });
    if (!ok) throw closed();
    return { objection: await objectionDetail(store, id, scope), job: null };
  }

  const corrected = amount(d.correctedValue ?? o.claimedValue, 'correctedValue');
  const plan = await correctionPlan(store, o, corrected);
  const { run, base, batch, old } = plan;
  const provenance = await loadDatasetProvenance(store.db, base.id);
  const contentHash = createHash('sha256')
    .update(`objection/v1\n${base.contentHash}\n${o.uscc}\n${o.field}\n${corrected}`)
    .digest('hex');
  const datasetId = await store.db.transaction(async (tx) => {
    const { id: newId } = await insertDataset(
      tx,
      {
        year: run.year,
        contentHash,
        source: base.source,
        createdBy: who.username,
        note: `异议 #${id}：${o.uscc} ${o.field} ${old === null ? '（缺失）' : old} → ${corrected}（基于数据版本 #${base.id} ${base.year}/v${base.version}，运行 #${run.id} 所用）/ objection #${id}: ${o.field} ${old ?? 'missing'} → ${corrected} (on dataset #${base.id} ${base.year}/v${base.version}, the one run #${run.id} used)`,
        provenance,
      },
      batch,
    );
    await copyDatasetFiles(tx, base.id, newId);
    // the land of the version corrected, every parcel once, under the new version
    await copyLandHoldings(tx, base.id, newId);
    if (
      !(await decideObjection(tx, id, {
        status: 'accepted',
        by: who.username,
        reason,
        correctedValue: corrected,
        datasetId: newId,
      }))
    )
      throw closed();
    await appendAudit(tx, {
      actor: who.username,
      action: 'objection.accept',
      subject: `objection:${id}`,
      before: { status: 'open', value: old, dataset: base.id, run: run.id },
      after: { status: 'accepted', correctedValue: corrected, dataset: newId, reason },
    });
    return newId;
  });
  const job = await startRerun(store, run, datasetId, id, who.username);
  return { objection: await objectionDetail(store, id, scope), job };
}

/** What accepting builds on: the objected run, the dataset version corrected, the corrected batch. */
interface CorrectionPlan {
  run: Run;
  /** The objected run's own dataset version, or the version of an earlier correction accepted to it. */
  base: Dataset;
  /** The base's records with the corrected figure. */
  batch: RecordBatch;
  /** The figure before (null: missing). */
  old: number | null;
}

/**
 * The dataset version a correction applies to is the one of the run objected to — with the corrections
 * accepted to that run before, so that they accumulate — never a newer import of the year, which the
 * objected run did not use (issue 11, item 20).
 */
async function correctionPlan(store: Store, o: Objection, corrected: number): Promise<CorrectionPlan> {
  const run = await getRun(store.db, o.runId);
  if (!run) throw notFound(o.id);
  const baseId = (await latestCorrectionOf(store.db, run.id)) ?? run.datasetId;
  const base = await getDataset(store.db, baseId);
  if (!base) throw new Error(`dataset ${baseId} of run ${run.id} is missing`);
  const batch = await loadDatasetBatch(store.db, base.id);
  const rows: number[] = [];
  for (let i = 0; i < batch.length; i++) if (batch.uscc[i] === o.uscc) rows.push(i);
  if (rows.length === 0)
    throw new ServiceError(
      `数据版本 ${base.year}/v${base.version} 中没有企业 ${o.uscc} / dataset ${base.year}/v${base.version} has no record of ${o.uscc}`,
      'conflict',
    );
  const column = batch.columns[o.field as NumericField];
  const before = column[rows[0]!]!;
  for (const i of rows) column[i] = corrected;
  return { run, base, batch, old: Number.isNaN(before) ? null : before };
}

/** The run's methodology exactly as it used it (stored text and hash). */
async function methodologyOf(run: Run, store: Store): Promise<LoadedMethodology> {
  const stored = await getMethodology(store.db, run.methodologyId, run.methodologyHash);
  if (!stored) throw new Error(`methodology ${run.methodologyId}@${run.methodologyHash} is missing`);
  return {
    methodology: loadMethodologyText(stored.content, run.methodologyId),
    hash: run.methodologyHash,
    text: stored.content,
    file: `${run.methodologyId}.${stored.format === 'json' ? 'json' : 'yaml'}`,
  };
}

/** An enterprise's place in the preview: its class, total and rank. */
export interface PreviewPlace {
  status: string;
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: ClassId | null;
  adjustedClass: ClassId | null;
}

/** What accepting an objection will do, computed by the engine without storing anything. */
export interface DecisionPreview {
  objectionId: number;
  /** The run objected to: the re-run uses its methodology and its dataset version. */
  run: { id: number; year: number; datasetLabel: string; published: boolean };
  methodology: { id: string; hash: string; title: { zh: string; en: string } };
  /** The dataset version the corrected one is built on (the run's, or an earlier correction of it). */
  base: { id: number; year: number; version: number; label: string; note: string | null };
  /** The year's newest dataset version when it is another one: it is not used. */
  newerDataset: { id: number; label: string } | null;
  correction: {
    field: string;
    label: { zh: string; en: string; unit: string };
    from: number | null;
    to: number;
  };
  enterprise: {
    uscc: string;
    name: string | null;
    division: string | null;
    divisionName: string | null;
    now: PreviewPlace | null;
    after: PreviewPlace | null;
  };
  /** The other enterprises whose (adjusted) class would change, against the run objected to. */
  others: {
    changed: number;
    up: number;
    down: number;
    /** Into or out of a class (graded ↔ not graded). */
    other: number;
    /** In the enterprise's own county, and in the other counties. */
    inCounty: number;
    otherCounties: number;
  };
  /** Manual adjustments of the run objected to that the re-run carries over (each keeps its author). */
  carriedAdjustments: number;
}

/**
 * The preview of accepting an objection (with `correctedValue`, default the claimed figure): the dataset
 * version it builds on, the run and methodology it re-runs, the enterprise's class now and after, and how
 * many other enterprises change class — the pure engine on the corrected records, nothing stored.
 */
export async function previewDecision(
  store: Store,
  who: Principal,
  id: number,
  correctedValue?: number,
): Promise<DecisionPreview> {
  if (who.role !== 'county' && who.role !== 'analyst')
    throw new ServiceError(
      '只有区县操作员或市经信局分析员可以处理异议 / only county operators and city analysts decide objections',
      'forbidden',
    );
  const o = await getObjection(store.db, id, scopeOf(who));
  if (!o) throw notFound(id);
  if (o.status !== 'open')
    throw new ServiceError(
      `异议 #${id} 已处理（${o.status}）/ objection #${id} is decided already (${o.status})`,
      'conflict',
    );
  const corrected = amount(correctedValue ?? o.claimedValue, 'correctedValue');
  const { run, base, batch, old } = await correctionPlan(store, o, corrected);
  const lm = await methodologyOf(run, store);
  const adjustments = await listClassAdjustments(store.db, run.id);
  const manual = new Map<string, ManualAdjustment>();
  for (const a of adjustments)
    manual.set(a.uscc, { toClass: a.toClass as ClassId, reason: a.reason, by: a.createdBy, at: a.createdAt });
  const after = evaluateBatch(batch, lm, {
    datasetVersion: `${base.year}/v${base.version}`,
    dataYear: base.year,
    manualAdjustments: manual,
  });
  const stored = await runClasses(store.db, run.id);
  const rankOf = (c: string | null) => (c === null ? -1 : (CLASS_IDS as readonly string[]).indexOf(c));
  const others = { changed: 0, up: 0, down: 0, other: 0, inCounty: 0, otherCounties: 0 };
  let carried = 0;
  for (const a of new Set(adjustments.map((x) => x.uscc))) {
    const i = batch.uscc.indexOf(a);
    if (i >= 0 && STATUS_CODES[after.status[i]!] === 'graded') carried++;
  }
  for (const r of stored) {
    if (r.uscc === o.uscc) continue;
    const to = CLASS_OF_CODE[after.adjustedClass[r.seq]!] ?? null;
    if (to === r.adjustedClass) continue;
    others.changed++;
    const a = rankOf(r.adjustedClass);
    const b = rankOf(to);
    if (a < 0 || b < 0) others.other++;
    else if (b < a) others.up++;
    else others.down++;
    if (r.division === o.division) others.inCounty++;
    else others.otherCounties++;
  }
  const nowRow = await getResultSummary(store.db, run.id, o.uscc);
  const k = batch.uscc.indexOf(o.uscc);
  const rank = k >= 0 ? after.rank[k]! : 0;
  const newest = await latestDataset(store.db, run.year);
  return {
    objectionId: id,
    run: {
      id: run.id,
      year: run.year,
      datasetLabel: `${run.year}/v${run.datasetVersion}`,
      published: run.publishedAt !== null,
    },
    methodology: { id: run.methodologyId, hash: run.methodologyHash, title: lm.methodology.title },
    base: {
      id: base.id,
      year: base.year,
      version: base.version,
      label: `${base.year}/v${base.version}`,
      note: base.note,
    },
    newerDataset:
      newest && newest.id !== base.id && newest.version > base.version
        ? { id: newest.id, label: `${newest.year}/v${newest.version}` }
        : null,
    correction: { field: o.field, label: fieldLabel(o.field), from: old, to: corrected },
    enterprise: {
      uscc: o.uscc,
      name: o.name,
      division: o.division,
      divisionName: o.division ? codeNames().division(o.division) : null,
      now: nowRow
        ? {
            status: nowRow.status,
            total: nowRow.total,
            rank: nowRow.rank,
            unitSize: nowRow.unitSize,
            initialClass: nowRow.initialClass as ClassId | null,
            adjustedClass: nowRow.adjustedClass as ClassId | null,
          }
        : null,
      after:
        k >= 0
          ? {
              status: STATUS_CODES[after.status[k]!]!,
              total: after.cell[k]! >= 0 ? after.total[k]! : null,
              rank: rank > 0 ? rank : null,
              unitSize: rank > 0 ? after.unitSize[k]! : null,
              initialClass: CLASS_OF_CODE[after.initialClass[k]!] ?? null,
              adjustedClass: CLASS_OF_CODE[after.adjustedClass[k]!] ?? null,
            }
          : null,
    },
    others,
    carriedAdjustments: carried,
  };
}

/**
 * Re-evaluates the corrected dataset with the objected run's methodology, as a job. The objected run's
 * manual adjustments are carried over — each keeps its author, the audit names who accepted — and the
 * objection is linked to the re-run, all in the re-run's own transaction.
 */
async function startRerun(
  store: Store,
  run: Run,
  datasetId: number,
  objectionId: number,
  by: string,
): Promise<JobView<RunJobResult>> {
  const methodology = await methodologyOf(run, store);
  return jobsOf(store).submit('run', by, async (p) => {
    const adjustments = await listClassAdjustments(store.db, run.id);
    const r = await evaluateStored(store, {
      methodology,
      year: run.year,
      datasetId,
      createdBy: by,
      onPhase: (phase) => p.phase(phase),
      onProgress: (done, total) => p.progress(done, total),
      // while the results are being saved (a few rows): the bar does not step back after 'analyze'
      inTransaction: async (tx, runId) => {
        for (const a of adjustments) {
          const row = await getResult(tx, runId, a.uscc);
          // not graded in the re-run, or there already: nothing to adjust
          if (row?.status !== 'graded' || row.adjustedClass === a.toClass) continue;
          await recordClassAdjustment(tx, runId, {
            uscc: a.uscc,
            toClass: a.toClass,
            reason: `${a.reason}（沿用运行 #${run.id} 中 ${a.createdBy} 的人工调整 / carried over from run #${run.id}, by ${a.createdBy}）`,
            author: a.createdBy,
            by,
            audit: {
              carriedOverFrom: { run: run.id, adjustment: a.id, author: a.createdBy },
              objection: objectionId,
            },
          });
        }
        await setObjectionRerun(tx, objectionId, runId);
      },
    });
    // counted per viewer: the county operator who accepted sees its county's counts (issue 11, item 9)
    return runJobResult(r.runId, r.run);
  });
}
