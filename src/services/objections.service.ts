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
  decideObjection,
  getEvidence,
  getMethodology,
  getObjection,
  getResult,
  getResultSummary,
  getRun,
  insertDataset,
  insertObjection,
  latestDataset,
  listClassAdjustments,
  listObjections,
  loadDatasetBatch,
  loadDatasetProvenance,
  loadDatasetRecord,
  setObjectionRerun,
  type Objection,
  type ObjectionStatus,
  type Run,
} from '../db/index.js';
import { scopeOf, type Principal, type Scope } from '../domain/access.js';
import type { NumericField } from '../domain/fields.js';
import { STATUS_CODES, type ClassId } from '../engine/index.js';
import { loadMethodologyText } from '../engine/methodology/index.js';
import { fieldLabel } from '../report/fields.js';
import { resolveRunIn } from './access.js';
import { adjustClass, evaluateStored, ServiceError } from './evaluation.service.js';
import { evidenceType, safeFileName } from './files.js';
import { jobsOf, type JobView } from './jobs.service.js';
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
}

export interface ObjectionView extends Objection {
  fieldLabel: { zh: string; en: string; unit: string };
  /** Still open after `respondBy`. */
  overdue: boolean;
  /** The enterprise in the objected run, and in the re-run (once it is stored). */
  before: ResultAt | null;
  after: ResultAt | null;
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

async function resultAt(store: Store, runId: number | null, uscc: string): Promise<ResultAt | null> {
  if (runId === null) return null;
  const r = await getResultSummary(store.db, runId, uscc);
  return r
    ? {
        runId,
        status: r.status,
        total: r.total,
        rank: r.rank,
        unitSize: r.unitSize,
        initialClass: r.initialClass as ClassId | null,
        adjustedClass: r.adjustedClass as ClassId | null,
      }
    : null;
}

async function view(store: Store, o: Objection, now = Date.now()): Promise<ObjectionView> {
  return {
    ...o,
    fieldLabel: fieldLabel(o.field),
    overdue: o.status === 'open' && Date.parse(o.respondBy) < now,
    before: await resultAt(store, o.runId, o.uscc),
    after: await resultAt(store, o.rerunId, o.uscc),
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
  for (const o of r.items) items.push(await view(store, o));
  return { total: r.total, limit: f.limit, offset: f.offset, items };
}

const notFound = (id: number) =>
  new ServiceError(`异议 #${id} 不存在 / objection #${id} does not exist`, 'not_found');

/** One objection, if the scope includes it (else "does not exist"). */
export async function objectionDetail(store: Store, id: number, scope: Scope): Promise<ObjectionView> {
  const o = await getObjection(store.db, id, scope);
  if (!o) throw notFound(id);
  return view(store, o);
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
  const run = (await getRun(store.db, o.runId))!;
  // the year's latest version, so that corrections accepted one after another all stay in
  const base = await latestDataset(store.db, run.year);
  if (!base) throw new Error(`no dataset for ${run.year}`);
  const batch = await loadDatasetBatch(store.db, base.id);
  const rows: number[] = [];
  for (let i = 0; i < batch.length; i++) if (batch.uscc[i] === o.uscc) rows.push(i);
  if (rows.length === 0)
    throw new ServiceError(
      `${run.year} 年最新数据版本中没有企业 ${o.uscc} / the latest ${run.year} dataset has no record of ${o.uscc}`,
      'conflict',
    );
  const column = batch.columns[o.field as NumericField];
  const old = column[rows[0]!]!;
  for (const i of rows) column[i] = corrected;
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
        note: `异议 #${id}：${o.uscc} ${o.field} ${Number.isNaN(old) ? '（缺失）' : old} → ${corrected}（基于数据版本 #${base.id}）/ objection #${id}`,
        provenance,
      },
      batch,
    );
    await copyDatasetFiles(tx, base.id, newId);
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
      before: { status: 'open', value: Number.isNaN(old) ? null : old, dataset: base.id },
      after: { status: 'accepted', correctedValue: corrected, dataset: newId, reason },
    });
    return newId;
  });
  const job = await startRerun(store, run, datasetId, id, who.username);
  return { objection: await objectionDetail(store, id, scope), job };
}

/** Re-evaluates the corrected dataset with the objected run's methodology, as a job. */
async function startRerun(
  store: Store,
  run: Run,
  datasetId: number,
  objectionId: number,
  by: string,
): Promise<JobView<RunJobResult>> {
  const stored = await getMethodology(store.db, run.methodologyId, run.methodologyHash);
  if (!stored) throw new Error(`methodology ${run.methodologyId}@${run.methodologyHash} is missing`);
  const methodology = {
    methodology: loadMethodologyText(stored.content, run.methodologyId),
    hash: run.methodologyHash,
    text: stored.content,
    file: `${run.methodologyId}.${stored.format === 'json' ? 'json' : 'yaml'}`,
  };
  return jobsOf(store).submit('run', by, async (p) => {
    const r = await evaluateStored(store, {
      methodology,
      year: run.year,
      datasetId,
      createdBy: by,
      onPhase: (phase) => p.phase(phase),
      onProgress: (done, total) => p.progress(done, total),
    });
    p.phase('adjust');
    // the objected run's manual adjustments still hold
    for (const a of await listClassAdjustments(store.db, run.id)) {
      const row = await getResult(store.db, r.runId, a.uscc);
      if (row?.status !== 'graded') continue;
      await adjustClass(store, {
        runId: r.runId,
        uscc: a.uscc,
        toClass: a.toClass,
        reason: `${a.reason}（沿用运行 #${run.id} 中 ${a.createdBy} 的人工调整 / carried over from run #${run.id}）`,
        by,
      });
    }
    await setObjectionRerun(store.db, objectionId, r.runId);
    const gradedCode = STATUS_CODES.indexOf('graded');
    let graded = 0;
    for (const s of r.run.status) if (s === gradedCode) graded++;
    return { runId: r.runId, records: r.run.length, graded };
  });
}
