/**
 * Read-side use cases of runs for the API: list, one run with its class counts by county, a page of
 * results, one enterprise's explanation.
 */
import {
  countByDivisionAndClass,
  countResults,
  listResults,
  listRuns,
  type ResultOrder,
  type Run,
  type RunResultRow,
} from '../db/index.js';
import { CLASS_IDS, type ClassId } from '../engine/index.js';
import type { Lang } from '../i18n/messages.js';
import { codeNames, loadDivisions } from '../reference/reference-data.js';
import { explain, type Explanation } from '../report/explanation.js';
import { resolveRun, ServiceError, storedResult } from './evaluation.service.js';
import type { Store } from './store.js';

export interface RunView extends Run {
  datasetLabel: string;
}

const view = (r: Run): RunView => ({ ...r, datasetLabel: `${r.year}/v${r.datasetVersion}` });

export async function runsList(store: Store): Promise<RunView[]> {
  return (await listRuns(store.db)).map(view);
}

export async function runDetail(store: Store, runId?: number): Promise<RunView> {
  return view(await resolveRun(store, runId));
}

export interface CountyClasses {
  division: string | null;
  name: string | null;
  classes: Record<ClassId, number>;
  initialClasses: Record<ClassId, number>;
  graded: number;
}

/** Adjusted (and initial) class counts per county. */
export async function classesByCounty(
  store: Store,
  runId?: number,
): Promise<{ run: RunView; counties: CountyClasses[] }> {
  const run = await resolveRun(store, runId);
  const rows = await countByDivisionAndClass(store.db, run.id);
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
  return { run: view(run), counties: [...by.values()] };
}

export interface ResultQuery {
  runId?: number;
  division?: string;
  adjustedClass?: string;
  status?: string;
  limit: number;
  offset: number;
  orderBy?: ResultOrder;
}

export type ResultItem = Omit<RunResultRow, 'detail'>;

export async function resultsPage(
  store: Store,
  q: ResultQuery,
): Promise<{ run: RunView; total: number; items: ResultItem[] }> {
  if (q.status !== undefined && !['graded', 'computed_not_graded', 'not_evaluated'].includes(q.status))
    throw new ServiceError(
      `状态应为 graded、computed_not_graded 或 not_evaluated / status must be graded, computed_not_graded or not_evaluated`,
    );
  if (q.adjustedClass !== undefined && !(CLASS_IDS as readonly string[]).includes(q.adjustedClass))
    throw new ServiceError('等级应为 A、B、C 或 D / class must be A, B, C or D');
  const run = await resolveRun(store, q.runId);
  const filter = {
    ...(q.division ? { division: q.division } : {}),
    ...(q.adjustedClass ? { adjustedClass: q.adjustedClass } : {}),
    ...(q.status ? { status: q.status as RunResultRow['status'] } : {}),
  };
  const [total, rows] = await Promise.all([
    countResults(store.db, run.id, filter),
    listResults(store.db, run.id, {
      ...filter,
      limit: q.limit,
      offset: q.offset,
      orderBy: q.orderBy ?? 'seq',
    }),
  ]);
  return { run: view(run), total, items: rows.map(({ detail: _d, ...rest }) => rest) };
}

export async function explanationOf(
  store: Store,
  uscc: string,
  lang: Lang,
  runId?: number,
): Promise<Explanation & { runId: number }> {
  const run = await resolveRun(store, runId);
  const r = await storedResult(store, run, uscc);
  return { ...explain(r.result, r.methodology, lang, codeNames()), runId: run.id };
}
