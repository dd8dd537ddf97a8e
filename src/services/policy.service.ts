/**
 * Differentiated resources (资源要素差别化配置) as use cases: apply a policy to a published run (a draft
 * only as a labelled preview), store and re-read applications, the ledger as pages and XLSX, what-if
 * comparisons of methodologies and policies on one dataset, the sensitivity of the classes (Monte Carlo,
 * on worker threads when built), and how an enterprise moves up. The computation is in src/policy (pure);
 * this file reads files and the database.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  appendAudit,
  classesInRun,
  findPolicyApplication,
  getDataset,
  getPolicy,
  getPolicyApplication,
  historyRuns,
  insertPolicyApplication,
  latestDataset,
  latestRun,
  listPolicyApplications,
  loadDatasetColumns,
  loadDatasetSubset,
  loadDatasetRecord,
  loadRunIdentity,
  lockPolicyApplications,
  runClassString,
  savePolicy,
  totalAtRank,
  type Dataset,
  type HistoryRun,
  type PolicyApplicationRecord,
  type Run,
  type RunIdentity,
} from '../db/index.js';
import { FIELD_INFO, NUMERIC_FIELDS, type NumericField } from '../domain/fields.js';
import type { RecordBatch } from '../domain/record-batch.js';
import { CLASS_IDS, evaluate, type ClassId, type StoredCell } from '../engine/index.js';
import type { Lang } from '../i18n/messages.js';
import { writeXlsx } from '../ingest/xlsx-write.js';
import type { LoadedMethodology } from '../methodologies/shipped.js';
import { loadPolicy, loadPolicyFromText, type LoadedPolicy } from '../policies/shipped.js';
import {
  applyInputFromRun,
  applyPolicy,
  compareApplications,
  ledgerIndices,
  ledgerRow,
  ledgerTable,
  maxConsecutiveYears,
  methodologyFields,
  moveUp,
  MOVE_UP_FIELDS,
  policyFields,
  policyTotals,
  quotaTargetRank,
  sensitivityCounts,
  summariseSensitivity,
  thresholdTarget,
  type ApplyInput,
  type ClassHistory,
  type LedgerFilter,
  type LedgerRow,
  type MoveUpResult,
  type MoveUpTarget,
  type Policy,
  type PolicyApplication,
  type PolicyTotals,
  type SensitivityOptions,
  type SensitivityResult,
  type WhatIfResult,
} from '../policy/index.js';
import { loadDivisions } from '../reference/reference-data.js';
import type { Scope } from '../domain/access.js';
import { resolveRunIn } from './access.js';
import { resolveRun, runMethodology, storedResult } from './evaluation.service.js';
import { ServiceError } from './errors.js';
import { jobsOf, type JobView } from './jobs.service.js';
import { evaluateBatch, referenceSets } from './records.service.js';
import type { SensitivityWorkerData, SensitivityWorkerMessage } from './sensitivity.worker.js';
import type { Store } from './store.js';

// ---- policies --------------------------------------------------------------------------------------

/** A shipped policy id or a file, checked against the county codes; errors are the user's (ServiceError). */
export async function resolvePolicy(idOrFile: string): Promise<LoadedPolicy> {
  try {
    return await loadPolicy(idOrFile, referenceSets().knownDivisions);
  } catch (e) {
    throw new ServiceError((e as Error).message, 'invalid');
  }
}

/** A policy from uploaded text. */
export async function policyFromText(text: string, name = 'upload'): Promise<LoadedPolicy> {
  try {
    return await loadPolicyFromText(text, name, referenceSets().knownDivisions);
  } catch (e) {
    throw new ServiceError((e as Error).message, 'invalid');
  }
}

// ---- what a policy is applied to -----------------------------------------------------------------------

/** The last datasets read for what-if and sensitivity (a dataset version never changes), by columns read. */
const batchCache = new Map<string, RecordBatch>();

/** A dataset's records with the columns `fields` (the others missing): what evaluating needs. */
async function datasetBatch(
  store: Store,
  ds: Dataset,
  fields: readonly NumericField[],
): Promise<RecordBatch> {
  const want = [...new Set(fields)].sort();
  const key = `${ds.id}|${want.join(',')}`;
  const hit = batchCache.get(key);
  if (hit) {
    batchCache.delete(key);
    batchCache.set(key, hit);
    return hit;
  }
  const batch = await loadDatasetSubset(store.db, ds.id, ds.recordCount, want);
  batchCache.set(key, batch);
  while (batchCache.size > 2) batchCache.delete(batchCache.keys().next().value!);
  return batch;
}

/** The last runs' identities and the policy inputs read (results and records never change; classes may). */
const inputCache = new Map<
  string,
  { identity: RunIdentity; columns: Partial<Record<NumericField, Float64Array>> }
>();

/**
 * A stored run as the input of a policy: its results' codes, names and counties, their adjusted classes
 * (manual adjustments included, read afresh every time) and only the record fields the policy reads.
 */
async function runApplyInput(store: Store, run: Run, policy: Policy): Promise<ApplyInput> {
  const fields = policyFields(policy);
  const key = `${run.id}|${fields.join(',')}`;
  let hit = inputCache.get(key);
  if (!hit) {
    const ds = await getDataset(store.db, run.datasetId);
    if (!ds) throw new Error(`dataset ${run.datasetId} of run ${run.id} is missing`);
    const n = ds.recordCount;
    const [identity, columns] = await Promise.all([
      loadRunIdentity(store.db, run.id, n),
      loadDatasetColumns(store.db, run.datasetId, n, fields),
    ]);
    hit = { identity, columns };
    inputCache.set(key, hit);
    while (inputCache.size > 3) inputCache.delete(inputCache.keys().next().value!);
  }
  const { identity, columns } = hit;
  const n = identity.uscc.length;
  const classes = await runClassString(store.db, run.id);
  if (classes.length !== n) throw new Error(`run ${run.id} has ${classes.length} results, not ${n}`);
  const classCode = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = classes.charCodeAt(i) - 64; // 'A' = 65
    classCode[i] = k >= 1 && k <= 4 ? k : 0;
  }
  const missing = new Float64Array(n).fill(NaN);
  const all = {} as Record<NumericField, Float64Array>;
  for (const f of NUMERIC_FIELDS) all[f] = columns[f] ?? missing;
  return {
    length: n,
    uscc: identity.uscc,
    name: identity.name,
    division: identity.division,
    classCode,
    columns: all,
  };
}

/** The runs of the earlier years whose classes the policy's consecutive-year rules need. */
async function historyFor(store: Store, year: number, policies: LoadedPolicy[]): Promise<HistoryRun[]> {
  const years = Math.max(...policies.map((p) => maxConsecutiveYears(p.policy))) - 1;
  return historyRuns(store.db, year, years);
}

/** Classes of the history runs (only the classes some consecutive-year rule names), consecutive years only. */
async function loadHistory(
  store: Store,
  year: number,
  runs: readonly HistoryRun[],
  policies: LoadedPolicy[],
): Promise<ClassHistory> {
  const wanted = new Set<string>();
  for (const p of policies)
    for (const ins of p.policy.instruments)
      for (const r of ins.rules) if (r.consecutiveYears > 1) wanted.add(r.class);
  const years: number[] = [];
  const classes: Map<string, ClassId>[] = [];
  if (wanted.size === 0) return { years, classes };
  for (let k = 0; ; k++) {
    const h = runs.find((r) => r.year === year - 1 - k);
    if (!h) break;
    years.push(h.year);
    classes.push((await classesInRun(store.db, h.runId, [...wanted])) as Map<string, ClassId>);
  }
  return { years, classes };
}

/** SHA-256 of what the ledger is made of: the streaks and each instrument's rules and amounts. */
export function ledgerDigest(app: PolicyApplication): string {
  const h = createHash('sha256');
  h.update(new Uint8Array(app.streak.buffer, app.streak.byteOffset, app.streak.byteLength));
  for (const r of app.results) {
    h.update(r.instrument.id);
    h.update(new Uint8Array(r.rule.buffer, r.rule.byteOffset, r.rule.byteLength));
    h.update(new Uint8Array(r.amount.buffer, r.amount.byteOffset, r.amount.byteLength));
  }
  return h.digest('hex');
}

// ---- apply ------------------------------------------------------------------------------------------

export interface NamedTotals extends PolicyTotals {
  /** The county's name (GB/T 2260), or 全市 / whole city. */
  name: string | null;
}

export interface AppliedPolicy {
  run: Run;
  policy: LoadedPolicy;
  /** True when the run is not published: a preview, to be labelled as such. */
  draft: boolean;
  history: HistoryRun[];
  app: PolicyApplication;
  totals: { counties: NamedTotals[]; city: NamedTotals };
  ledgerHash: string;
  /** The stored application, when saved (or read back). */
  record: PolicyApplicationRecord | null;
  /**
   * True when saving found this very application stored already (same run, policy version, draft flag
   * and ledger): nothing new was stored and `record` is the one stored first.
   */
  existing: boolean;
  /** When read back: whether the recomputed ledger matches the stored hash. */
  verified: boolean | null;
}

export interface ApplyOptions {
  runId?: number;
  year?: number;
  policy: LoadedPolicy;
  /** Allow an unpublished run (the output is labelled as a draft preview). */
  draft?: boolean;
  /** Store the application (policy text, totals, history runs, ledger hash) and audit it. */
  save?: boolean;
  createdBy: string;
}

function named(t: { counties: PolicyTotals[]; city: PolicyTotals }): AppliedPolicy['totals'] {
  const divisions = loadDivisions();
  return {
    counties: t.counties.map((c) => ({
      ...c,
      name: c.division ? (divisions.get(c.division)?.name ?? null) : null,
    })),
    city: { ...t.city, name: null },
  };
}

/**
 * A policy asked of a run not yet published (code `run_not_published`, 409). The words say what is the
 * case, not how to ask otherwise: the CLI adds its option, the web page offers its draft preview.
 */
export function unpublishedError(run: Run): ServiceError {
  return new ServiceError(
    `评价批次 #${run.id} 尚未发布：资源要素配置只适用于已发布的评价结果，未发布的批次只能作草稿预览 / ` +
      `run #${run.id} is not published: a policy applies to published results only; an unpublished run can only be previewed as a draft`,
    'run_not_published',
  );
}

/** Applies a policy to a run (published, or a draft when asked), optionally storing the application. */
export async function applyToRun(store: Store, o: ApplyOptions): Promise<AppliedPolicy> {
  const run = await resolveRun(store, o.runId, o.year);
  const draft = run.publishedAt === null;
  if (draft && !o.draft) throw unpublishedError(run);
  const history = await historyFor(store, run.year, [o.policy]);
  const r = await compute(store, run, o.policy, history);
  let record: PolicyApplicationRecord | null = null;
  let existing = false;
  if (o.save) {
    record = await store.db.transaction(async (tx) => {
      // the same application twice (a second click, a retried request) is stored once
      await lockPolicyApplications(tx, run.id);
      const same = await findPolicyApplication(tx, {
        runId: run.id,
        policyId: o.policy.policy.id,
        policyHash: o.policy.hash,
        draft,
        ledgerHash: r.ledgerHash,
      });
      if (same) {
        existing = true;
        return same;
      }
      await savePolicy(tx, {
        id: o.policy.policy.id,
        contentHash: o.policy.hash,
        content: o.policy.text,
        format: o.policy.file.endsWith('.json') ? 'json' : 'yaml',
      });
      const rec = await insertPolicyApplication(tx, {
        runId: run.id,
        policyId: o.policy.policy.id,
        policyHash: o.policy.hash,
        draft,
        history,
        ledgerHash: r.ledgerHash,
        totals: r.totals,
        createdBy: o.createdBy,
      });
      await appendAudit(tx, {
        actor: o.createdBy,
        action: 'policy.apply',
        subject: `run:${run.id}/policy-application:${rec.id}`,
        after: { policy: o.policy.policy.id, policyHash: o.policy.hash, draft, ledgerHash: r.ledgerHash },
      });
      return rec;
    });
  }
  return { run, policy: o.policy, draft, history, ...r, record, existing, verified: null };
}

async function compute(store: Store, run: Run, policy: LoadedPolicy, history: HistoryRun[]) {
  const [input, hist] = await Promise.all([
    runApplyInput(store, run, policy.policy),
    loadHistory(store, run.year, history, [policy]),
  ]);
  const app = applyPolicy(policy.policy, input, hist);
  return { app, totals: named(policyTotals(app)), ledgerHash: ledgerDigest(app) };
}

/** A stored application, recomputed from its run, its policy version and its history runs. */
export async function storedApplication(store: Store, id: number): Promise<AppliedPolicy> {
  const rec = await getPolicyApplication(store.db, id);
  if (!rec)
    throw new ServiceError(`政策应用 #${id} 不存在 / policy application #${id} does not exist`, 'not_found');
  const stored = await getPolicy(store.db, rec.policyId, rec.policyHash);
  if (!stored) throw new Error(`policy ${rec.policyId}@${rec.policyHash} of application ${id} is missing`);
  const policy = await loadPolicyFromText(stored.content, rec.policyId);
  const run = await resolveRun(store, rec.runId);
  const r = await compute(store, run, policy, [...rec.history]);
  return {
    run,
    policy,
    draft: rec.draft,
    history: [...rec.history],
    ...r,
    record: rec,
    existing: false,
    verified: r.ledgerHash === rec.ledgerHash,
  };
}

/** The stored applications (of a run), with the totals a scope may see. */
export async function policyApplications(
  store: Store,
  runId: number | undefined,
  scope: Scope,
): Promise<PolicyApplicationRecord[]> {
  return (await listPolicyApplications(store.db, runId)).map((r) => recordIn(r, scope));
}

/** County code → name (GB/T 2260) for the counties of some rows. */
export function countyNamesOf(codes: Iterable<string | null | undefined>): Record<string, string> {
  const divisions = loadDivisions();
  const out: Record<string, string> = {};
  for (const c of codes) if (c) out[c] = divisions.get(c)?.name ?? c;
  return out;
}

/** A field's label and unit in both languages, for pages that name fields. */
export function fieldLabels(
  fields: Iterable<string>,
): Record<string, { zh: string; en: string; unit: string }> {
  const out: Record<string, { zh: string; en: string; unit: string }> = {};
  for (const f of fields) {
    const i = FIELD_INFO[f as NumericField];
    out[f] = i ? { zh: i.zh, en: i.en, unit: i.unit } : { zh: f, en: f, unit: '' };
  }
  return out;
}

// ---- what a scope sees of an application ------------------------------------------------------------

type Totals = AppliedPolicy['totals'];

/** A copy of a value with every number set to 0 (a county without graded enterprises). */
const zeroed = <T>(v: T): T =>
  (typeof v === 'number'
    ? 0
    : Array.isArray(v)
      ? v.map(zeroed)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, zeroed(x)]))
        : v) as T;

/** The totals of a scope: its county only, which is also its "city" line. */
export function totalsIn(t: Totals, scope: Scope): Totals {
  if (scope.kind === 'all') return t;
  if (scope.kind === 'enterprise')
    throw new ServiceError(
      '企业账号不能查看台账汇总 / enterprise accounts do not see ledger totals',
      'forbidden',
    );
  const own = t.counties.filter((c) => c.division === scope.division);
  const name = loadDivisions().get(scope.division)?.name ?? null;
  return { counties: own, city: own[0] ?? { ...zeroed(t.city), division: scope.division, name } };
}

const recordIn = (r: PolicyApplicationRecord, scope: Scope): PolicyApplicationRecord =>
  scope.kind === 'all' ? r : { ...r, totals: totalsIn(r.totals as Totals, scope) };

/** An application as a scope sees it: totals (and the stored record's totals) of its county only. */
export function appliedIn(a: AppliedPolicy, scope: Scope): AppliedPolicy {
  if (scope.kind === 'all') return a;
  return { ...a, totals: totalsIn(a.totals, scope), record: a.record ? recordIn(a.record, scope) : null };
}

/** A ledger filter narrowed to the scope (a county asking for another county gets no rows). */
export function ledgerFilterIn(f: LedgerFilter, scope: Scope): LedgerFilter {
  switch (scope.kind) {
    case 'all':
      return f;
    case 'division':
      return {
        ...f,
        division: f.division === undefined || f.division === scope.division ? scope.division : '-',
      };
    case 'enterprise':
      throw new ServiceError('企业账号不能查看台账 / enterprise accounts do not see ledgers', 'forbidden');
  }
}

export interface LedgerPageQuery extends LedgerFilter {
  limit: number;
  offset: number;
  lang: Lang;
}

export function ledgerPage(a: AppliedPolicy, q: LedgerPageQuery): { total: number; items: LedgerRow[] } {
  if (q.class !== undefined && !(CLASS_IDS as readonly string[]).includes(q.class))
    throw new ServiceError('等级应为 A、B、C 或 D / class must be A, B, C or D');
  const idx = ledgerIndices(a.app, q);
  const items: LedgerRow[] = [];
  for (let k = q.offset; k < Math.min(idx.length, q.offset + q.limit); k++)
    items.push(ledgerRow(a.app, idx[k]!, q.lang));
  return { total: idx.length, items };
}

/** The Jiaxing-shaped totals as table rows (one per county, then the city). */
export function totalsTable(
  a: AppliedPolicy,
  lang: Lang,
): { columns: { header: string; width: number }[]; rows: (string | number | null)[][] } {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const columns = [
    { header: L('区县代码', 'county'), width: 10 },
    { header: L('区县', 'name'), width: 10 },
    { header: L('定档企业数', 'graded'), width: 10 },
    ...CLASS_IDS.map((c) => ({ header: L(`${c} 类`, `class ${c}`), width: 8 })),
    { header: L('城镇土地使用税减免（万元）', 'land-use tax relief (万元)'), width: 16 },
    { header: L('奖励资金（万元）', 'rewards (万元)'), width: 14 },
    { header: L('差别化电价（万元）', 'electricity surcharge (万元)'), width: 14 },
    { header: L('差别化水价（万元）', 'water surcharge (万元)'), width: 14 },
    { header: L('差别化排污费（万元）', 'emission-fee surcharge (万元)'), width: 14 },
    { header: L('净财政影响（万元）', 'net fiscal effect (万元)'), width: 14 },
    { header: L('新增用地（亩）', 'land granted (亩)'), width: 12 },
    { header: L('用能指标增加（吨标准煤）', 'energy quota granted (吨标准煤)'), width: 14 },
    { header: L('用能指标核减（吨标准煤）', 'energy quota cut (吨标准煤)'), width: 14 },
    { header: L('排污指标增加（吨）', 'emission quota granted (吨)'), width: 12 },
    { header: L('排污指标核减（吨）', 'emission quota cut (吨)'), width: 12 },
    { header: L('缺数据无法计算（项）', 'not computable, data missing'), width: 12 },
  ];
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const row = (t: NamedTotals): (string | number | null)[] => [
    t.division ?? L('全市', 'city'),
    t.name ?? (t.division ? null : L('全市合计', 'whole city')),
    t.enterprises,
    ...CLASS_IDS.map((c) => t.classes[c]),
    r2(t.reliefWan),
    r2(t.rewardWan),
    r2(t.electricitySurchargeWan),
    r2(t.waterSurchargeWan),
    r2(t.emissionFeeSurchargeWan),
    r2(t.netFiscalWan),
    r2(t.landGrantMu),
    r2(t.energyGrantTce),
    r2(t.energyCutTce),
    r2(t.emissionGrantT),
    r2(t.emissionCutT),
    t.missing,
  ];
  // a county's account sees its own county only: one line, named after the county
  if (a.totals.city.division !== null)
    return {
      columns,
      rows: [
        [
          a.totals.city.division,
          L(
            `${a.totals.city.name ?? a.totals.city.division}合计`,
            `${a.totals.city.name ?? a.totals.city.division} total`,
          ),
          ...row(a.totals.city).slice(2),
        ],
      ],
    };
  return { columns, rows: [...a.totals.counties.map(row), row(a.totals.city)] };
}

/** The ledger (and the totals) as an XLSX workbook with headers and units in the chosen language. */
export function ledgerXlsx(a: AppliedPolicy, lang: Lang, filter: LedgerFilter = {}): Buffer {
  const ledger = ledgerTable(
    a.app,
    ledgerIndices(a.app, filter),
    lang,
    countyNamesOf(a.totals.counties.map((c) => c.division)),
  );
  const totals = totalsTable(a, lang);
  const label = a.draft ? (lang === 'zh' ? '（草稿预览）' : ' (draft preview)') : '';
  return writeXlsx([
    { name: (lang === 'zh' ? '企业台账' : 'ledger') + label, columns: ledger.columns, rows: ledger.rows },
    { name: (lang === 'zh' ? '汇总' : 'totals') + label, columns: totals.columns, rows: totals.rows },
  ]);
}

// ---- what-if ------------------------------------------------------------------------------------------

export interface WhatIfOptions {
  /** Compare on the dataset of this run (and, unless `methodology` is given, with its methodology). */
  runId?: number;
  year?: number;
  datasetId?: number;
  /** Methodology A; default: the run's. */
  methodology?: LoadedMethodology;
  methodologyB?: LoadedMethodology;
  policy: LoadedPolicy;
  policyB?: LoadedPolicy;
  changedLimit?: number;
  changedOffset?: number;
  hardestLimit?: number;
}

export interface WhatIfOutcome extends WhatIfResult {
  /**
   * The run whose dataset is compared (the one asked for; else the year's latest published run, else its
   * latest run), with whether it is published; null when a dataset was asked for by id, or the year has
   * no run.
   */
  run: { id: number; year: number; methodologyId: string; publishedAt: string | null } | null;
  dataset: { id: number; year: number; version: number; records: number };
  a: { methodology: string; methodologyHash: string; policy: string; policyHash: string };
  b: { methodology: string; methodologyHash: string; policy: string; policyHash: string };
  history: HistoryRun[];
  /** County names for the fiscal rows. */
  countyNames: Record<string, string>;
}

async function resolveDataset(store: Store, year?: number, datasetId?: number): Promise<Dataset> {
  const ds =
    datasetId !== undefined
      ? await getDataset(store.db, datasetId)
      : year !== undefined
        ? await latestDataset(store.db, year)
        : null;
  if (!ds)
    throw new ServiceError(
      datasetId !== undefined
        ? `数据版本 ${datasetId} 不存在 / dataset ${datasetId} does not exist`
        : year !== undefined
          ? `${year} 年还没有数据 / no data for ${year}`
          : '请指定年份或数据版本 / give a year or a dataset',
      'not_found',
    );
  return ds;
}

/**
 * What a what-if compares on: the dataset asked for by id; else the dataset of the run asked for; else
 * that of the year's latest published run (else its latest run) — the data the results shown elsewhere
 * were computed from, not whatever was imported last; the year's latest dataset only when it has no run.
 */
async function whatIfBasis(
  store: Store,
  o: WhatIfOptions,
): Promise<{ ds: Dataset; run: Run | null; methodology: LoadedMethodology }> {
  let run: Run | null = null;
  let ds: Dataset | null = null;
  // no year: the latest published run of any year, else the latest run
  const year = o.year ?? o.methodology?.methodology.dataYear;
  if (o.datasetId !== undefined) ds = await resolveDataset(store, undefined, o.datasetId);
  else {
    if (o.runId !== undefined) run = await resolveRun(store, o.runId);
    else
      run = (await latestRun(store.db, year, { publishedOnly: true })) ?? (await latestRun(store.db, year));
    ds = run ? await getDataset(store.db, run.datasetId) : await resolveDataset(store, year, undefined);
    if (!ds) throw new Error(`dataset ${run?.datasetId} of run ${run?.id} is missing`);
  }
  const methodology =
    o.methodology ??
    (run
      ? {
          methodology: await runMethodology(store, run),
          hash: run.methodologyHash,
          text: '',
          file: run.methodologyId,
        }
      : null);
  if (!methodology) throw new ServiceError('请指定方案 A 的评价办法 / give methodology A', 'invalid');
  return { ds, run, methodology };
}

/** Methodology A against B and policy P against Q on one stored dataset (manual adjustments left out). */
export async function whatIf(store: Store, q: WhatIfOptions): Promise<WhatIfOutcome> {
  const { ds, run, methodology } = await whatIfBasis(store, q);
  const o = { ...q, methodology };
  const mB = o.methodologyB ?? o.methodology;
  const pB = o.policyB ?? o.policy;
  const batch = await datasetBatch(store, ds, [
    ...methodologyFields(o.methodology.methodology),
    ...methodologyFields(mB.methodology),
    ...policyFields(o.policy.policy),
    ...policyFields(pB.policy),
  ]);
  const opts = { datasetVersion: `${ds.year}/v${ds.version}`, dataYear: ds.year };
  const runA = evaluateBatch(batch, o.methodology, opts);
  const runB = mB.hash === o.methodology.hash ? runA : evaluateBatch(batch, mB, opts);
  const history = await historyFor(store, ds.year, [o.policy, pB]);
  const hist = await loadHistory(store, ds.year, history, [o.policy, pB]);
  const appA = applyPolicy(o.policy.policy, applyInputFromRun(runA), hist);
  const appB =
    runB === runA && pB.hash === o.policy.hash ? appA : applyPolicy(pB.policy, applyInputFromRun(runB), hist);
  const r = compareApplications(appA, appB, {
    ...(o.changedLimit !== undefined ? { changedLimit: o.changedLimit } : {}),
    ...(o.changedOffset !== undefined ? { changedOffset: o.changedOffset } : {}),
    ...(o.hardestLimit !== undefined ? { hardestLimit: o.hardestLimit } : {}),
  });
  const divisions = loadDivisions();
  const countyNames: Record<string, string> = {};
  for (const c of r.fiscal.counties)
    if (c.division) countyNames[c.division] = divisions.get(c.division)?.name ?? c.division;
  const side = (m: LoadedMethodology, p: LoadedPolicy) => ({
    methodology: m.methodology.id,
    methodologyHash: m.hash,
    policy: p.policy.id,
    policyHash: p.hash,
  });
  return {
    ...r,
    run: run
      ? { id: run.id, year: run.year, methodologyId: run.methodologyId, publishedAt: run.publishedAt }
      : null,
    dataset: { id: ds.id, year: ds.year, version: ds.version, records: batch.length },
    a: side(o.methodology, o.policy),
    b: side(mB, pB),
    history,
    countyNames,
  };
}

/**
 * A what-if as an XLSX workbook: every enterprise that changes class (not one page), the hardest hit and
 * the fiscal effect per county, with what was compared on the first sheet. `r` must hold every change
 * (`changedLimit: Infinity`).
 */
export function whatIfXlsx(r: WhatIfOutcome, lang: Lang): Buffer {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const name = (d: string | null) => (d ? (r.countyNames[d] ?? d) : L('全市', 'whole city'));
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const cls = (c: string | null) => c ?? L('未定档', 'not graded');
  const draft = r.run !== null && r.run.publishedAt === null;
  const side = (x: WhatIfOutcome['a']) => `${x.methodology} + ${x.policy}`;
  const about = {
    name: L('说明', 'about') + (draft ? L('（草稿）', ' (draft)') : ''),
    columns: [
      { header: L('项目', 'item'), width: 20 },
      { header: L('内容', 'value'), width: 60 },
    ],
    rows: [
      [
        L('评价批次', 'run'),
        r.run
          ? `#${r.run.id}（${r.run.year}）${r.run.publishedAt ? '' : L(' 草稿（未发布）', ' draft (not published)')}`
          : '—',
      ],
      [L('数据版本', 'dataset'), `${r.dataset.year}/v${r.dataset.version}（${r.dataset.records}）`],
      [L('方案 A（评价办法 + 政策）', 'side A (methodology + policy)'), side(r.a)],
      [L('方案 B（评价办法 + 政策）', 'side B (methodology + policy)'), side(r.b)],
      [L('等级变化企业数', 'enterprises changing class'), r.changedCount],
      [L('人工调档', 'manual adjustments'), L('不计入（属于评价批次）', 'left out (they belong to a run)')],
    ],
  };
  const changeColumns = [
    { header: L('统一社会信用代码', 'USCC'), width: 22 },
    { header: L('企业名称', 'name'), width: 28 },
    { header: L('区县', 'county'), width: 10 },
    { header: L('方案 A 等级', 'class under A'), width: 10 },
    { header: L('方案 B 等级', 'class under B'), width: 10 },
    { header: L('方案 A 净受益（万元）', 'net benefit under A (万元)'), width: 16 },
    { header: L('方案 B 净受益（万元）', 'net benefit under B (万元)'), width: 16 },
    { header: L('净受益变化（万元）', 'change of net benefit (万元)'), width: 16 },
  ];
  const changeRow = (c: WhatIfOutcome['changed'][number]) => [
    c.uscc,
    c.name,
    name(c.division),
    cls(c.from),
    cls(c.to),
    r2(c.netBenefitA),
    r2(c.netBenefitB),
    r2(c.deltaWan),
  ];
  const fiscalColumns = [
    { header: L('区县', 'county'), width: 12 },
    { header: L('减免 A（万元）', 'relief A (万元)'), width: 14 },
    { header: L('减免 B（万元）', 'relief B (万元)'), width: 14 },
    { header: L('奖励 A（万元）', 'rewards A (万元)'), width: 14 },
    { header: L('奖励 B（万元）', 'rewards B (万元)'), width: 14 },
    { header: L('加价 A（万元）', 'surcharges A (万元)'), width: 14 },
    { header: L('加价 B（万元）', 'surcharges B (万元)'), width: 14 },
    { header: L('净财政变化（万元）', 'change of net fiscal effect (万元)'), width: 16 },
    { header: L('上调（家）', 'moved up (firms)'), width: 10 },
    { header: L('下调（家）', 'moved down (firms)'), width: 10 },
  ];
  const fiscalRow = (x: WhatIfOutcome['fiscal']['city']) => [
    name(x.division),
    r2(x.a.reliefWan),
    r2(x.b.reliefWan),
    r2(x.a.rewardWan),
    r2(x.b.rewardWan),
    r2(x.a.surchargeWan),
    r2(x.b.surchargeWan),
    r2(x.delta.netFiscalWan),
    x.movedUp,
    x.movedDown,
  ];
  return writeXlsx([
    about,
    { name: L('等级变化企业', 'class changes'), columns: changeColumns, rows: r.changed.map(changeRow) },
    { name: L('受影响最大', 'hardest hit'), columns: changeColumns, rows: r.hardestHit.map(changeRow) },
    {
      name: L('财政影响', 'fiscal effect'),
      columns: fiscalColumns,
      rows: [...r.fiscal.counties.map(fiscalRow), fiscalRow(r.fiscal.city)],
    },
  ]);
}

// ---- sensitivity -------------------------------------------------------------------------------------

export interface SensitivityRequest {
  runId?: number;
  year?: number;
  draws: number;
  seed: number;
  weights: number;
  data: number;
  dataFields?: NumericField[];
  minStability?: number;
  limit?: number;
  /** Worker threads (default: up to 2, when running the built code and the work is large). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SensitivityOutcome extends SensitivityResult {
  runId: number;
  draft: boolean;
  methodology: string;
  /** County code → name, for the counties of the listed enterprises. */
  countyNames: Record<string, string>;
  /** The perturbed fields' labels and units. */
  fieldLabels: Record<string, { zh: string; en: string; unit: string }>;
  records: number;
  workers: number;
  ms: number;
}

const WORKER_FILE = fileURLToPath(new URL('./sensitivity.worker.js', import.meta.url));

/** The Monte Carlo over a stored run's dataset and methodology. */
export async function sensitivity(store: Store, q: SensitivityRequest): Promise<SensitivityOutcome> {
  const { checkSensitivityOptions } = await import('../policy/sensitivity.js');
  const opts: SensitivityOptions = {
    draws: q.draws,
    seed: q.seed,
    weights: q.weights,
    data: q.data,
    ...(q.dataFields ? { dataFields: q.dataFields } : {}),
  };
  const bad = checkSensitivityOptions(opts);
  if (bad) throw new ServiceError(bad);
  if (q.minStability !== undefined && !(q.minStability > 0 && q.minStability <= 1))
    throw new ServiceError('稳定度阈值须在 0 到 1 之间 / the stability threshold must be in (0, 1]');
  const t0 = performance.now();
  const run = await resolveRun(store, q.runId, q.year);
  const m = await runMethodology(store, run);
  const ds = await getDataset(store.db, run.datasetId);
  if (!ds) throw new Error(`dataset ${run.datasetId} of run ${run.id} is missing`);
  const batch = await datasetBatch(store, ds, [...methodologyFields(m), ...(q.dataFields ?? [])]);
  const ctx = {
    methodologyHash: run.methodologyHash,
    datasetVersion: `${run.year}/v${run.datasetVersion}`,
    dataYear: run.year,
    ...referenceSets(),
  };
  const base = evaluate(batch, m, ctx);
  const useWorkers =
    q.workers ??
    (import.meta.url.endsWith('.js') && existsSync(WORKER_FILE) && q.draws * batch.length >= 2_000_000
      ? Math.min(2, availableParallelism())
      : 1);
  const workers = Math.max(1, Math.min(useWorkers, q.draws));
  let counts: Uint32Array;
  if (workers <= 1) {
    counts = sensitivityCounts(batch, m, ctx, opts, 0, q.draws, (done) => {
      if (done % 10 === 0) q.onProgress?.(done, q.draws);
    });
  } else {
    // draws done by each worker
    const done = new Array<number>(workers).fill(0);
    const parts = await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const from = Math.floor((q.draws * w) / workers);
        const to = Math.floor((q.draws * (w + 1)) / workers);
        return runWorker({ batch, methodology: m, ctx, options: opts, from, to }, (d) => {
          done[w] = d;
          q.onProgress?.(
            done.reduce((s, x) => s + x, 0),
            q.draws,
          );
        });
      }),
    );
    counts = parts[0]!;
    for (const p of parts.slice(1)) for (let k = 0; k < counts.length; k++) counts[k] = counts[k]! + p[k]!;
  }
  q.onProgress?.(q.draws, q.draws);
  const s = summariseSensitivity(base, counts, opts, {
    ...(q.minStability !== undefined ? { minStability: q.minStability } : {}),
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
  });
  return {
    ...s,
    runId: run.id,
    draft: run.publishedAt === null,
    methodology: run.methodologyId,
    countyNames: countyNamesOf(s.fragile.map((f) => f.division)),
    fieldLabels: fieldLabels(s.dataFields),
    records: batch.length,
    workers,
    ms: Math.round(performance.now() - t0),
  };
}

function runWorker(data: SensitivityWorkerData, onProgress: (done: number) => void): Promise<Uint32Array> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER_FILE, { workerData: data });
    w.on('message', (msg: SensitivityWorkerMessage) => {
      if (msg.kind === 'progress') onProgress(msg.done);
      else resolve(msg.counts);
    });
    w.on('error', reject);
    w.on('exit', (code) => {
      if (code !== 0) reject(new Error(`sensitivity worker stopped with exit code ${code}`));
    });
  });
}

/**
 * A sensitivity run as a job of the store's queue (the API answers 202 and the client polls
 * GET /api/jobs/:id): it waits for runs and imports submitted before it, like them.
 */
export function submitSensitivityJob(
  store: Store,
  q: SensitivityRequest,
  createdBy: string,
): JobView<SensitivityOutcome> {
  return jobsOf(store).submit('sensitivity', createdBy, async (p) => {
    p.phase('draws');
    return sensitivity(store, { ...q, onProgress: (d, t) => p.progress(d, t) });
  });
}

// ---- how to move up -----------------------------------------------------------------------------------

export interface MoveUpView {
  runId: number;
  draft: boolean;
  uscc: string;
  name: string | null;
  division: string | null;
  status: string;
  group: string | null;
  unit: string | null;
  rank: number | null;
  unitSize: number | null;
  /** Null when the enterprise is not graded. */
  moveUp: MoveUpResult | null;
}

/** For one enterprise of a stored run: the smallest change of each input alone that lifts it a class. */
export async function moveUpFor(
  store: Store,
  uscc: string,
  runId: number | undefined,
  scope: Scope,
  fields: readonly NumericField[] = MOVE_UP_FIELDS,
): Promise<MoveUpView> {
  const run = await resolveRunIn(store, runId, scope);
  const { result: r, methodology } = await storedResult(store, run, uscc, scope);
  const view = {
    runId: run.id,
    draft: run.publishedAt === null,
    uscc: r.uscc,
    name: r.name,
    division: r.division,
    status: r.status,
    group: r.group,
    unit: r.unit,
    rank: r.rank,
    unitSize: r.unitSize,
  };
  if (r.status !== 'graded' || !r.adjustedClass || !r.initialClass || r.total === null || !r.group || !r.unit)
    return { ...view, moveUp: null };
  const cells = (run.summary as { cells?: StoredCell[] } | null)?.cells ?? [];
  const cell = cells.find((c) => c.unit === r.unit && c.group === r.group);
  if (!cell) throw new Error(`run ${run.id} has no statistics for ${r.unit}/${r.group}`);
  const record = await loadDatasetRecord(store.db, run.datasetId, r.seq - 1);
  const values = (record?.values ?? {}) as Partial<Record<NumericField, number>>;
  const current = r.adjustedClass;
  let target: MoveUpTarget | null = null;
  if (cell.cuts) {
    const t = quotaTargetRank(cell, current);
    if (t) {
      const total = await totalAtRank(store.db, run.id, r.unit, r.group, t.rank);
      if (total !== null) target = { class: t.class, total, strict: true, rank: t.rank };
    }
  } else target = thresholdTarget(cell, current);
  const result = moveUp(
    {
      methodology,
      groupId: r.group,
      cell,
      values,
      scores: r.indicators.map((x) => x.score),
      total: r.total,
      initialClass: r.initialClass,
      adjustedClass: current,
      classSteps: r.classSteps,
    },
    target,
    fields,
  );
  return { ...view, moveUp: result };
}
