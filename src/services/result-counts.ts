/**
 * Remembered counts of a run's results (the enterprise table's "N matching" and a scope's summary
 * counts), so that turning a page does not count 200,000 rows again. A count is keyed by the run's
 * identity and its results revision (`runs.results_revision`, raised by a trigger whenever a stored
 * result changes, by this process or any other) and by the exact filter, so a remembered figure is
 * never one of results that have since changed. At most `LIMIT` entries per store, least recently used
 * first out.
 */
import type { Run } from '../db/index.js';
import type { Store } from './store.js';

const LIMIT = 2_000;
const caches = new WeakMap<Store, Map<string, unknown>>();

/** `compute()`'s value for this run and key, remembered while the run's results are unchanged. */
export async function rememberedCount<T>(
  store: Store,
  run: Pick<Run, 'id' | 'createdAt' | 'resultsRevision'>,
  key: unknown,
  compute: () => Promise<T>,
): Promise<T> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map<string, unknown>()));
  const k = `${run.id}\u0000${run.createdAt}\u0000${run.resultsRevision}\u0000${JSON.stringify(key)}`;
  if (cache.has(k)) {
    const v = cache.get(k) as T;
    cache.delete(k);
    cache.set(k, v);
    return v;
  }
  const v = await compute();
  cache.set(k, v);
  if (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
  return v;
}
