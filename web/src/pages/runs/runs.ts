/**
 * The pure side of the runs pages: ordering runs, what a run's status tag says, the newest dataset of
 * each year, the methodology a start form proposes, which hint a failed start gets, and the comparison's
 * class keys and move kinds. No React, no requests: tested in `runs.test.ts`.
 */
import type { ClassId, ClassKey, RunComparison, RunView } from '../../contract';

export const CLASSES: ClassId[] = ['A', 'B', 'C', 'D'];

/** Newest year first, then the newest run. */
export const byNewest = (a: RunView, b: RunView): number => b.year - a.year || b.id - a.id;

export function datasetLabel(r: RunView): string {
  return r.datasetLabel ?? `${r.year}/v${r.datasetVersion}`;
}

/** The run before `r` in the list's order (the one a comparison starts from), if any. */
export function previousOf(items: readonly RunView[], r: RunView): RunView | undefined {
  return items.find((x) => x.id !== r.id && byNewest(r, x) < 0);
}

export type RunStatusKind = 'notice' | 'notice-ended' | 'published' | 'draft' | 'other';

/** Published with a notice still running or ended, published without a notice date, a draft. */
export function runStatusKind(run: RunView, now: number): RunStatusKind {
  if (run.publishedAt) {
    const until = run.noticeUntil ? Date.parse(run.noticeUntil) : NaN;
    if (Number.isFinite(until)) return until > now ? 'notice' : 'notice-ended';
    return 'published';
  }
  return run.status === 'draft' ? 'draft' : 'other';
}

export interface DatasetItem {
  id: number;
  year: number;
  version: number;
  recordCount: number;
  source: string | null;
  createdBy: string | null;
  createdAt: string;
  note: string | null;
}

export interface MethodologyItem {
  id: string;
  version: number;
  dataYear: number;
  title: { zh: string; en: string };
  hash: string;
}

/** The newest dataset version of each year, newest year first. */
export function latestPerYear(datasets: readonly DatasetItem[]): DatasetItem[] {
  const m = new Map<number, DatasetItem>();
  for (const d of datasets) {
    const cur = m.get(d.year);
    if (!cur || d.version > cur.version) m.set(d.year, d);
  }
  return [...m.values()].sort((a, b) => b.year - a.year);
}

/** The methodology a start form proposes for `year`: the one meant for that year, else the newest. */
export function proposedMethodology(
  methodologies: readonly MethodologyItem[] | undefined,
  year: number | undefined,
): string | undefined {
  return (
    methodologies?.find((m) => m.dataYear === year)?.id ??
    [...(methodologies ?? [])].sort((a, b) => b.dataYear - a.dataYear)[0]?.id
  );
}

export type StartHint =
  'start.hint.missing' | 'start.hint.noDataset' | 'start.hint.busy' | 'start.hint.bad' | 'start.hint.other';

/** The hint under a refused start: an old server, no dataset, a run in progress, a bad choice. */
export function startHint(e: { status: number }, endpointMissing: boolean): StartHint {
  if (endpointMissing) return 'start.hint.missing';
  if (e.status === 404) return 'start.hint.noDataset';
  if (e.status === 409) return 'start.hint.busy';
  if (e.status === 400) return 'start.hint.bad';
  return 'start.hint.other';
}

// ---- comparing two runs ----------------------------------------------------------------------------

/** The rows and columns of the transition matrix: the classes, ungraded, not in the run. */
export const KEYS: ClassKey[] = ['A', 'B', 'C', 'D', 'none', 'absent'];
const RANK: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };

export type MoveKind = 'same' | 'up' | 'down' | 'other';
export const MOVE_KINDS: readonly MoveKind[] = ['same', 'up', 'down', 'other'];
export const MOVE_COLORS: Record<MoveKind, string> = {
  same: '#bfbfbf',
  up: '#389e0d',
  down: '#cf1322',
  other: '#faad14',
};

/** up / down / same / other of a move from → to (A is the best class). */
export function moveKind(from: ClassKey, to: ClassKey): MoveKind {
  if (from === to) return 'same';
  const a = RANK[from];
  const b = RANK[to];
  if (a === undefined || b === undefined) return 'other';
  return b < a ? 'up' : 'down';
}

/** The moves of every county added up. */
export function moveTotals(byDivision: RunComparison['byDivision'] | undefined): Record<MoveKind, number> {
  const s = { same: 0, up: 0, down: 0, other: 0 };
  for (const d of byDivision ?? []) {
    s.same += d.same;
    s.up += d.up;
    s.down += d.down;
    s.other += d.other;
  }
  return s;
}

/** The enterprises in the cell from → to of the matrix; a row's or a column's sum. */
export function cell(m: RunComparison['matrix'], from: ClassKey, to: ClassKey): number {
  return m[from]?.[to] ?? 0;
}
export const rowSum = (m: RunComparison['matrix'], from: ClassKey): number =>
  KEYS.reduce((s, to) => s + cell(m, from, to), 0);
export const columnSum = (m: RunComparison['matrix'], to: ClassKey): number =>
  KEYS.reduce((s, from) => s + cell(m, from, to), 0);

export const PAGE_SIZES = [20, 50, 100];

/** Page and page size from the address (`page`, `size`), 1 and 20 when absent or wrong. */
export function paging(q: URLSearchParams): { page: number; size: number } {
  const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
  const size = PAGE_SIZES.includes(Number(q.get('size'))) ? Number(q.get('size')) : 20;
  return { page, size };
}
