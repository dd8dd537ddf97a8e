/**
 * Read-side use cases of runs for the API: list, one run with its class counts by county, a page of
 * results, one enterprise's explanation.
 */
import {
  appendAudit,
  classTransitions,
  movedEnterprises,
  type ClassKey,
  type MovedRow,
  countByDivisionAndClass,
  listClassAdjustments,
  publishRun,
  type ClassAdjustment,
  countResults,
  flagNames,
  getDataset,
  latestDataset,
  listResultSummaries,
  listRuns,
  RESULT_FLAG_BITS,
  RESULT_ORDERS,
  type ResultFlagName,
  type ResultOrder,
  type ResultPage,
  type ResultStatus,
  type ResultSummary,
  type Run,
  scopedRunCounts,
} from '../db/index.js';
import { publishedOnly, type Scope } from '../domain/access.js';
import { resolveRunIn } from './access.js';
import { CLASS_IDS, STATUS_CODES, type ClassId, type RunSummary } from '../engine/index.js';
import { loadMethodology, shippedMethodologyIds } from '../methodologies/shipped.js';
import { jobsOf, type JobView } from './jobs.service.js';
import type { Lang } from '../i18n/messages.js';
import { codeNames, loadDivisions, loadIndustries } from '../reference/reference-data.js';
import { explain, type Explanation } from '../report/explanation.js';
import { adjustClass, evaluateStored, resolveRun, storedResult } from './evaluation.service.js';
import { ServiceError } from './errors.js';
import { rememberedCount } from './result-counts.js';
import type { Store } from './store.js';

export interface RunView extends Omit<Run, 'summary'> {
  datasetLabel: string;
  /** Whether the run is published (公示); a draft is labelled as such wherever its figures appear. */
  published: boolean;
  summary: RunSummary | null;
}

/** A run for clients: its summary without the cockpit's digest (`web`, read by the cockpit only). */
export const view = (r: Run): RunView => {
  const { web: _digest, ...summary } = (r.summary ?? {}) as RunSummary & { web?: unknown };
  return {
    ...r,
    summary: r.summary ? summary : null,
    datasetLabel: `${r.year}/v${r.datasetVersion}`,
    published: r.publishedAt !== null,
  };
};

/**
 * A run as a scope may see it: for a county or an enterprise, the summary's counts are those of its own
 * rows (read from the results), its statistics cells and per-unit counts only its county's.
 */
export async function scopedView(store: Store, run: Run, scope: Scope): Promise<RunView> {
  const v = view(run);
  if (!v.summary) return v;
  if (scope.kind === 'all') {
    // the stored summary is of the run as evaluated: after a manual adjustment (results revision > 0)
    // its class counts are read again from the results (remembered per revision)
    if (run.resultsRevision === 0) return v;
    const counts = await rememberedCount(store, run, ['scope', scope], () =>
      scopedRunCounts(store.db, run.id, scope),
    );
    return { ...v, summary: { ...v.summary, ...counts } };
  }
  const counts = await rememberedCount(store, run, ['scope', scope], () =>
    scopedRunCounts(store.db, run.id, scope),
  );
  const own = (unit: string) => scope.kind === 'division' && unit === scope.division;
  return {
    ...v,
    summary: {
      ...v.summary,
      ...counts,
      cells: (v.summary.cells ?? []).filter((c) => own(c.unit)),
      byUnit: (v.summary.byUnit ?? []).filter((u) => own(u.unit)),
    },
  };
}

/** The runs a scope may see (an enterprise: published ones), newest first. */
export async function runsList(store: Store, scope: Scope): Promise<RunView[]> {
  const out: RunView[] = [];
  for (const r of await listRuns(store.db, { publishedOnly: publishedOnly(scope) }))
    out.push(await scopedView(store, r, scope));
  return out;
}

export async function runDetail(store: Store, runId: number | undefined, scope: Scope): Promise<RunView> {
  return scopedView(store, await resolveRunIn(store, runId, scope), scope);
}

export interface CountyClasses {
  division: string | null;
  name: string | null;
  classes: Record<ClassId, number>;
  initialClasses: Record<ClassId, number>;
  graded: number;
}

/** Adjusted (and initial) class counts per county (the scope's counties). */
export async function classesByCounty(
  store: Store,
  runId: number | undefined,
  scope: Scope,
): Promise<{ run: RunView; counties: CountyClasses[] }> {
  const run = await resolveRunIn(store, runId, scope);
  const rows = await countByDivisionAndClass(store.db, run.id, scope);
  const divisions = loadDivisions();
  const by = new Map<string | null, CountyClasses>();
  for (const r of rows) {
    let c = by.get(r.division);
    if (!c) {
      c = {
        division: r.division,
        name: r.division ? (divisions.get(r.division)?.name ?? null) : null,
        classes: { A: 0, B: 0, C: 0, D: 0 },
        initialClasses: { A: 0, B: 0, C: 0, D: 0 },
        graded: 0,
      };
      by.set(r.division, c);
    }
    if ((CLASS_IDS as readonly string[]).includes(r.class)) {
      c.classes[r.class as ClassId] += r.adjusted;
      c.initialClasses[r.class as ClassId] += r.initial;
      c.graded += r.adjusted;
    }
  }
  return { run: await scopedView(store, run, scope), counties: [...by.values()] };
}

export interface ResultQuery {
  runId?: number;
  /** County codes (any of them). */
  division?: readonly string[];
  /** Industry code prefix (digits) or a 门类 letter. */
  industry?: string;
  group?: string;
  /** Adjusted classes (any of them); `none` = no class. */
  adjustedClass?: string | readonly string[];
  initialClass?: string;
  status?: string;
  /** Flag names, all required. */
  flags?: readonly string[];
  q?: string;
  limit: number;
  offset: number;
  orderBy?: string;
  direction?: string;
}

/** One row of the enterprise table. */
export interface ResultItem extends Omit<ResultSummary, 'flags' | 'initialClass' | 'adjustedClass'> {
  divisionName: string | null;
  industryName: string | null;
  initialClass: ClassId | null;
  adjustedClass: ClassId | null;
  flags: ResultFlagName[];
}

export const toResultItem = (r: ResultSummary, names = codeNames()): ResultItem => ({
  ...r,
  divisionName: r.division ? names.division(r.division) : null,
  industryName: r.industry ? names.industry(r.industry) : null,
  initialClass: r.initialClass as ClassId | null,
  adjustedClass: r.adjustedClass as ClassId | null,
  flags: flagNames(r.flags),
});

const STATUSES = ['graded', 'computed_not_graded', 'not_evaluated'] as const;

/**
 * Checks the table's filters and order and turns them into the repository's: each bad value is a
 * ServiceError naming the parameter.
 */
export function resultFilter(q: Omit<ResultQuery, 'limit' | 'offset' | 'runId'>): ResultPage {
  const bad = (name: string, zh: string, en: string): never => {
    throw new ServiceError(`参数 ${name}：${zh} / parameter ${name}: ${en}`);
  };
  const out: {
    -readonly [K in keyof ResultPage]: ResultPage[K];
  } = {};
  if (q.division && q.division.length > 0) {
    for (const d of q.division)
      if (!/^\d{6}$/.test(d))
        bad('division', `“${d}”不是 6 位区划代码`, `"${d}" is not a 6-digit division code`);
    out.division = q.division.length === 1 ? q.division[0]! : q.division;
  }
  if (q.industry !== undefined && q.industry !== '') {
    const code = q.industry.trim().toUpperCase();
    if (/^[A-T]$/.test(code)) {
      const majors = loadIndustries()
        .all.filter((i) => i.level === 2 && i.parentCode === code)
        .map((i) => i.code);
      out.industryPrefix = majors.length > 0 ? majors : ['--'];
    } else if (/^\d{2,4}$/.test(code)) out.industryPrefix = code;
    else
      bad(
        'industry',
        `“${q.industry}”应为门类字母或 2–4 位行业代码前缀`,
        `"${q.industry}" should be a section letter or a 2–4 digit industry code prefix`,
      );
  }
  if (q.group !== undefined && q.group !== '') out.groupId = q.group;
  if (q.adjustedClass !== undefined) {
    const cs = typeof q.adjustedClass === 'string' ? [q.adjustedClass] : [...q.adjustedClass];
    for (const c of cs)
      if (!['A', 'B', 'C', 'D', 'none'].includes(c))
        bad(
          'class',
          `等级应为 A、B、C、D 或 none，而不是“${c}”`,
          `class must be A, B, C, D or none, not "${c}"`,
        );
    if (cs.length > 0) out.adjustedClass = cs.length === 1 ? cs[0]! : cs;
  }
  if (q.initialClass !== undefined && q.initialClass !== '') {
    if (!(CLASS_IDS as readonly string[]).includes(q.initialClass))
      bad('initialClass', '等级应为 A、B、C 或 D', 'class must be A, B, C or D');
    out.initialClass = q.initialClass;
  }
  if (q.status !== undefined && q.status !== '') {
    if (!(STATUSES as readonly string[]).includes(q.status))
      bad(
        'status',
        '状态应为 graded、computed_not_graded 或 not_evaluated',
        'status must be graded, computed_not_graded or not_evaluated',
      );
    out.status = q.status as ResultStatus;
  }
  if (q.flags && q.flags.length > 0) {
    let bits = 0;
    for (const f of q.flags) {
      const bit = (RESULT_FLAG_BITS as Record<string, number>)[f];
      if (bit === undefined)
        bad(
          'flags',
          `未知标记“${f}”（可用：${Object.keys(RESULT_FLAG_BITS).join('、')}）`,
          `unknown flag "${f}" (known: ${Object.keys(RESULT_FLAG_BITS).join(', ')})`,
        );
      bits |= bit!;
    }
    out.flags = bits;
  }
  if (q.q !== undefined) {
    const text = q.q.normalize('NFKC').trim();
    if (text.length > 100)
      bad('q', '搜索词过长（最多 100 字）', 'search text too long (100 characters at most)');
    if (text) out.q = text;
  }
  if (q.orderBy !== undefined && q.orderBy !== '') {
    if (!(RESULT_ORDERS as readonly string[]).includes(q.orderBy))
      bad('order', `可用排序：${RESULT_ORDERS.join('、')}`, `known orders: ${RESULT_ORDERS.join(', ')}`);
    out.orderBy = q.orderBy as ResultOrder;
  }
  if (q.direction !== undefined && q.direction !== '') {
    if (q.direction !== 'asc' && q.direction !== 'desc')
      bad('dir', '应为 asc 或 desc', 'must be asc or desc');
    out.direction = q.direction as 'asc' | 'desc';
  }
  return out;
}

/** A page of the scope's results matching the query. */
export async function resultsPage(
  store: Store,
  q: ResultQuery,
  scope: Scope,
): Promise<{ run: RunView; total: number; limit: number; offset: number; items: ResultItem[] }> {
  const filter = { ...resultFilter(q), scope };
  const run = await resolveRunIn(store, q.runId, scope);
  // the count changes with the filter (and the results) only: turning a page or the order reuses it
  const { orderBy: _order, direction: _direction, ...counted } = filter;
  const total = await rememberedCount(store, run, ['results', counted], () =>
    countResults(store.db, run.id, counted),
  );
  const rows = await listResultSummaries(store.db, run.id, {
    ...filter,
    limit: q.limit,
    offset: q.offset,
  });
  const names = codeNames();
  return {
    run: await scopedView(store, run, scope),
    total,
    limit: q.limit,
    offset: q.offset,
    items: rows.map((r) => toResultItem(r, names)),
  };
}

/** One enterprise's explanation in a run, if the scope includes it (else "not found"). */
export async function explanationOf(
  store: Store,
  uscc: string,
  lang: Lang,
  runId: number | undefined,
  scope: Scope,
): Promise<Explanation & { runId: number }> {
  const run = await resolveRunIn(store, runId, scope);
  const r = await storedResult(store, run, uscc, scope);
  return { ...explain(r.result, r.methodology, lang, codeNames()), runId: run.id };
}

export interface StartRunInput {
  methodology: string;
  year: number;
  datasetId?: number;
  by: string;
}

export interface RunJobResult {
  runId: number;
  records: number;
  graded: number;
}

/**
 * Starts evaluating a stored dataset as a job (phases load, evaluate, persist with rows written).
 * What can be checked at once is checked before the job is queued: the methodology, the year, the
 * dataset.
 */
export async function startRun(store: Store, o: StartRunInput): Promise<JobView<RunJobResult>> {
  if (!shippedMethodologyIds().includes(o.methodology))
    throw new ServiceError(
      `参数 methodology：没有评价办法“${o.methodology}”（可用：${shippedMethodologyIds().join('、')}）/ parameter methodology: no methodology "${o.methodology}" (known: ${shippedMethodologyIds().join(', ')})`,
    );
  if (!Number.isInteger(o.year) || o.year < 2000 || o.year > 2100)
    throw new ServiceError(
      '参数 year：应为 2000–2100 的整数 / parameter year: must be an integer from 2000 to 2100',
    );
  const dataset =
    o.datasetId !== undefined
      ? await getDataset(store.db, o.datasetId)
      : await latestDataset(store.db, o.year);
  if (!dataset)
    throw new ServiceError(
      o.datasetId !== undefined
        ? `数据版本 ${o.datasetId} 不存在 / dataset ${o.datasetId} does not exist`
        : `${o.year} 年还没有数据：先导入数据 / no data for ${o.year} yet: import data first`,
      'not_found',
    );
  if (dataset.year !== o.year)
    throw new ServiceError(
      `参数 datasetId：数据版本 ${dataset.id} 属于 ${dataset.year} 年，不是 ${o.year} 年 / parameter datasetId: dataset ${dataset.id} is of ${dataset.year}, not ${o.year}`,
    );
  const methodology = await loadMethodology(o.methodology);
  return jobsOf(store).submit('run', o.by, async (p) => {
    const stored = await evaluateStored(store, {
      methodology,
      year: o.year,
      datasetId: dataset.id,
      createdBy: o.by,
      onPhase: (phase) => p.phase(phase),
      onProgress: (done, total) => p.progress(done, total),
    });
    return {
      runId: stored.runId,
      records: stored.run.length,
      graded: summariseStatus(stored.run),
    };
  });
}

const summariseStatus = (run: { status: Uint8Array }): number => {
  const graded = STATUS_CODES.indexOf('graded');
  let n = 0;
  for (const s of run.status) if (s === graded) n++;
  return n;
};

/** Days of public notice (公示) when none are given: within the 3–7 days seen in practice. */
export const DEFAULT_NOTICE_DAYS = 7;

/**
 * Publishes a run for public notice (公示): status published, published_at now, notice_until after
 * `noticeDays` days, by whom, audited. A run is published once: again is a conflict (409).
 */
export async function publishForNotice(
  store: Store,
  runId: number | undefined,
  o: { noticeDays?: number; by: string },
): Promise<RunView> {
  const days = o.noticeDays ?? DEFAULT_NOTICE_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 30)
    throw new ServiceError(
      '参数 noticeDays：公示天数应为 1–30 的整数 / parameter noticeDays: the notice must last a whole number of days from 1 to 30',
    );
  if (!o.by.trim()) throw new ServiceError('公示必须注明操作人 / publishing needs a user');
  const run = await resolveRun(store, runId);
  const already = (at: string | null) =>
    new ServiceError(
      `运行 #${run.id} 已于 ${at ?? '此前'} 公示，不能重复公示 / run #${run.id} was already published${at ? ` at ${at}` : ''}; it cannot be published again`,
      'conflict',
    );
  if (run.publishedAt) throw already(run.publishedAt);
  const published = await store.db.transaction(async (tx) => {
    const r = await publishRun(tx, run.id, { noticeDays: days, by: o.by });
    if (!r) return null;
    await appendAudit(tx, {
      actor: o.by,
      action: 'run.publish',
      subject: `run:${run.id}`,
      before: { status: run.status },
      after: { status: r.status, publishedAt: r.publishedAt, noticeUntil: r.noticeUntil, noticeDays: days },
    });
    return r;
  });
  if (!published) throw already((await resolveRun(store, run.id)).publishedAt);
  return view(published);
}

/** A manual class adjustment of one enterprise in a run (the run `latest` resolved first). */
export async function adjustInRun(
  store: Store,
  runId: number | undefined,
  a: { uscc: string; toClass: string; reason: string; by: string },
): Promise<ClassAdjustment> {
  if (!(CLASS_IDS as readonly string[]).includes(a.toClass))
    throw new ServiceError(
      `参数 toClass：等级应为 A、B、C 或 D，而不是“${a.toClass}” / parameter toClass: class must be A, B, C or D, not "${a.toClass}"`,
    );
  if (!a.reason.trim())
    throw new ServiceError(
      '参数 reason：人工调整必须填写理由 / parameter reason: a manual adjustment needs a reason',
    );
  if (!a.uscc.trim()) throw new ServiceError('参数 uscc：不能为空 / parameter uscc: must not be empty');
  const run = await resolveRun(store, runId);
  return adjustClass(store, { runId: run.id, ...a });
}

/** The manual adjustments of a run (of the scope's enterprises), oldest first. */
export async function adjustmentsOf(
  store: Store,
  runId: number | undefined,
  scope: Scope,
): Promise<ClassAdjustment[]> {
  const run = await resolveRunIn(store, runId, scope);
  return listClassAdjustments(store.db, run.id, undefined, scope);
}

export const CLASS_KEYS: readonly ClassKey[] = ['A', 'B', 'C', 'D', 'none', 'absent'];

export interface RunComparison {
  a: RunView;
  b: RunView;
  basis: 'adjusted' | 'initial';
  matrix: Record<ClassKey, Record<ClassKey, number>>;
  byDivision: {
    division: string | null;
    name: string | null;
    same: number;
    up: number;
    down: number;
    other: number;
  }[];
  moved: {
    total: number;
    limit: number;
    offset: number;
    items: (MovedRow & { divisionName: string | null })[];
  };
}

/**
 * Two runs side by side (usually last year's and this year's, or a run and its re-run): the class
 * transition matrix (initial or adjusted class; `none` = in the run but not graded, `absent` = not in
 * it), the same per county as stayed / up / down / other, and a page of the enterprises that moved.
 */
export async function compareRuns(
  store: Store,
  aId: number | undefined,
  bId: number | undefined,
  o: {
    basis?: string;
    from?: readonly string[];
    to?: readonly string[];
    division?: string;
    limit: number;
    offset: number;
  },
  scope: Scope,
): Promise<RunComparison> {
  const basis = o.basis ?? 'adjusted';
  if (basis !== 'adjusted' && basis !== 'initial')
    throw new ServiceError(
      '参数 basis：应为 adjusted 或 initial / parameter basis: must be adjusted or initial',
    );
  const keys = (name: string, v: readonly string[] | undefined): ClassKey[] | undefined => {
    if (!v) return undefined;
    for (const k of v)
      if (!(CLASS_KEYS as readonly string[]).includes(k))
        throw new ServiceError(
          `参数 ${name}：应为 A、B、C、D、none 或 absent，而不是“${k}” / parameter ${name}: must be A, B, C, D, none or absent, not "${k}"`,
        );
    return v as ClassKey[];
  };
  const from = keys('from', o.from);
  const to = keys('to', o.to);
  if (o.division !== undefined && !/^\d{6}$/.test(o.division))
    throw new ServiceError(
      `参数 division：“${o.division}”不是 6 位区划代码 / parameter division: "${o.division}" is not a 6-digit division code`,
    );
  const a = await resolveRunIn(store, aId, scope);
  const b = await resolveRunIn(store, bId, scope);
  const transitions = await classTransitions(store.db, a.id, b.id, basis, scope);
  const moved = await movedEnterprises(store.db, a.id, b.id, {
    scope,
    basis,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(o.division !== undefined ? { division: o.division } : {}),
    limit: o.limit,
    offset: o.offset,
  });
  const matrix = Object.fromEntries(
    CLASS_KEYS.map((f) => [f, Object.fromEntries(CLASS_KEYS.map((t) => [t, 0]))]),
  ) as Record<ClassKey, Record<ClassKey, number>>;
  const names = codeNames();
  const per = new Map<string | null, RunComparison['byDivision'][number]>();
  const rankOf = (k: ClassKey) => (CLASS_IDS as readonly string[]).indexOf(k);
  for (const t of transitions) {
    matrix[t.from][t.to] += t.n;
    let d = per.get(t.division);
    if (!d) {
      d = {
        division: t.division,
        name: t.division ? names.division(t.division) : null,
        same: 0,
        up: 0,
        down: 0,
        other: 0,
      };
      per.set(t.division, d);
    }
    const rf = rankOf(t.from);
    const rt = rankOf(t.to);
    if (t.from === t.to) d.same += t.n;
    else if (rf < 0 || rt < 0) d.other += t.n;
    else if (rt < rf) d.up += t.n;
    else d.down += t.n;
  }
  return {
    a: await scopedView(store, a, scope),
    b: await scopedView(store, b, scope),
    basis,
    matrix,
    byDivision: [...per.values()],
    moved: {
      total: moved.total,
      limit: o.limit,
      offset: o.offset,
      items: moved.items.map((m) => ({ ...m, divisionName: m.division ? names.division(m.division) : null })),
    },
  };
}
