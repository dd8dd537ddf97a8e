/**
 * The access layer below the routes (ADR 0011): the checks every service makes with the scope it is
 * given. Lists, counts and exports filter their SQL by the scope (repositories, db/scope.ts); a single
 * object outside the scope answers exactly as an object that does not exist (404), so that a county
 * operator cannot even learn that another county's enterprise is in a run. City-level things (datasets,
 * imports, what-if) refuse any narrower scope.
 */
import { getRun, latestRun, type Run } from '../db/index.js';
import { inScope, publishedOnly, type Scope } from '../domain/access.js';
import { ServiceError } from './evaluation.service.js';
import type { Store } from './store.js';

export { CITY_WIDE, type Scope } from '../domain/access.js';

/**
 * The run asked for (or the latest one, of the year when given) as this scope may see it: an
 * enterprise sees published runs only; a draft it names is "not found".
 */
export async function resolveRunIn(
  store: Store,
  runId: number | undefined,
  scope: Scope,
  year?: number,
): Promise<Run> {
  const onlyPublished = publishedOnly(scope);
  const run =
    runId !== undefined
      ? await getRun(store.db, runId)
      : await latestRun(store.db, year, { publishedOnly: onlyPublished });
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
