/**
 * The access layer below the routes (ADR 0011): the checks every service makes with the scope it is
 * given. Lists, counts and exports filter their SQL by the scope (repositories, db/scope.ts); a single
 * object outside the scope answers exactly as an object that does not exist (404), so that a county
 * operator cannot even learn that another county's enterprise is in a run. City-level things (datasets,
 * imports, what-if) refuse any narrower scope.
 */
import { getRun, latestRun, type Run } from '../db/index.js';
import { inScope, latestIsPublished, publishedOnly, type Scope } from '../domain/access.js';
import { ServiceError } from './errors.js';
import type { Store } from './store.js';

export { CITY_WIDE, type Scope } from '../domain/access.js';

/**
 * The run asked for, or the latest one (of the year, when given) as this scope sees "latest": for an
 * analyst the newest run; for leaders and county operators the newest published one (the newest draft
 * only while nothing is published, and the answer says `published: false`); for an enterprise the newest
 * published one and never a draft — a draft it names is "not found".
 */
export async function resolveRunIn(
  store: Store,
  runId: number | undefined,
  scope: Scope,
  year?: number,
): Promise<Run> {
  const onlyPublished = publishedOnly(scope);
  const run = runId !== undefined ? await getRun(store.db, runId) : await latestRunIn(store, scope, year);
  if (!run || (onlyPublished && run.publishedAt === null))
    throw new ServiceError(
      runId !== undefined
        ? `运行 #${runId} 不存在 / run #${runId} does not exist`
        : onlyPublished
          ? '还没有公示的评价结果 / no published results yet'
          : '还没有评价运行：先执行 `mujun demo` 或 `mujun evaluate` / no run yet: run `mujun demo` or `mujun evaluate` first',
      'not_found',
    );
  return run;
}

/** The run "latest" means for this scope (of the year, when given), or null; see `resolveRunIn`. */
export async function latestRunIn(store: Store, scope: Scope, year?: number): Promise<Run | null> {
  if (!latestIsPublished(scope)) return latestRun(store.db, year);
  const published = await latestRun(store.db, year, { publishedOnly: true });
  if (published || publishedOnly(scope)) return published;
  return latestRun(store.db, year);
}

/** Throws `notFound` unless the row (an enterprise's result or record) is inside the scope. */
export function mustBeInScope(
  scope: Scope,
  row: { division: string | null; uscc: string },
  notFound: () => ServiceError,
): void {
  if (!inScope(scope, row)) throw notFound();
}

/** For city-level things: refuses a county or enterprise scope. */
export function requireCityWide(scope: Scope): void {
  if (scope.kind !== 'all')
    throw new ServiceError('只有市级账号可以查看 / only city-level accounts may see this', 'forbidden');
}
