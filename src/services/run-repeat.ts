/**
 * Starting a run that would repeat one already stored: the same dataset version, the same methodology
 * content (hash) and the same year give the same results, so a second run is almost always a slip (a
 * double click, a colleague who already ran it). It is started only when the caller insists (`force`);
 * otherwise the caller gets the existing run back (the API answers 409 with it).
 */
import { getDataset, latestDataset, listRuns, type Run } from '../db/index.js';
import { loadMethodology, shippedMethodologyIds } from '../methodologies/shipped.js';
import type { JobView } from './jobs.service.js';
import { startRun, view, type RunJobResult, type RunView, type StartRunInput } from './runs.service.js';
import type { Store } from './store.js';

/**
 * The newest stored run of `year` on the dataset version the start would use (the given one, else the
 * year's latest) with the same methodology content, or null (also when the start itself is invalid:
 * `startRun` then says why).
 */
export async function identicalRun(
  store: Store,
  o: Pick<StartRunInput, 'methodology' | 'year' | 'datasetId'>,
): Promise<Run | null> {
  if (!shippedMethodologyIds().includes(o.methodology)) return null;
  const dataset =
    o.datasetId !== undefined
      ? await getDataset(store.db, o.datasetId)
      : await latestDataset(store.db, o.year);
  if (!dataset || dataset.year !== o.year) return null;
  const { hash } = await loadMethodology(o.methodology);
  const same = (await listRuns(store.db, { year: o.year })).filter(
    (r) => r.datasetId === dataset.id && r.methodologyHash === hash,
  );
  return same[0] ?? null; // newest first
}

export type StartOnce = { started: JobView<RunJobResult> } | { repeat: RunView; message: string };

/** Starts the run unless an identical one is stored and `force` is not set. */
export async function startRunUnlessRepeat(
  store: Store,
  o: StartRunInput & { force?: boolean },
): Promise<StartOnce> {
  if (!o.force) {
    const same = await identicalRun(store, o);
    if (same) {
      const label = `${same.year}/v${same.datasetVersion}`;
      return {
        repeat: view(same),
        message:
          `第 ${same.id} 批已用同一评价办法（${same.methodologyId}，内容相同）评价过 ${same.year} 年数据集 ${label}，结果会完全相同；确需重新评价请确认后再发起 / ` +
          `run #${same.id} already evaluated dataset ${label} of ${same.year} with the same methodology (${same.methodologyId}, same content): a new run would give the same results; confirm to start it anyway`,
      };
    }
  }
  const { force: _force, ...input } = o;
  return { started: await startRun(store, input) };
}
