/**
 * Scope gates: whether an enterprise is inside a county operator's scope at all, asked before anything
 * about it is loaded (issue 11, item 6). A code of another county and a code that does not exist then
 * issue the same queries, each answered by index lookups of the same shape, and are refused alike: the
 * time of the answer does not tell one from the other.
 */
import type { Sql } from './database.js';

/**
 * Whether `uscc` is an enterprise of `division` in any stored data: its identity, a record of a dataset
 * or a result of a run naming that county (each looked up by its (dataset or run, USCC) index).
 */
export async function enterpriseInDivision(sql: Sql, uscc: string, division: string): Promise<boolean> {
  const rows = await sql.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM enterprises WHERE uscc = $1 AND division_code = $2)
         OR EXISTS (SELECT 1 FROM runs r WHERE EXISTS (
              SELECT 1 FROM run_results x WHERE x.run_id = r.id AND x.uscc = $1 AND x.division = $2))
         OR EXISTS (SELECT 1 FROM datasets d WHERE EXISTS (
              SELECT 1 FROM enterprise_facts f WHERE f.dataset_id = d.id AND f.uscc = $1 AND f.division = $2))
       AS ok`,
    [uscc, division],
  );
  return rows[0]?.ok === true;
}

/** Whether a run has a result of `uscc` in `division` (one index lookup, nothing of the row loaded). */
export async function resultInDivision(
  sql: Sql,
  runId: number,
  uscc: string,
  division: string,
): Promise<boolean> {
  const rows = await sql.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM run_results WHERE run_id = $1 AND uscc = $2 AND division = $3) AS ok`,
    [runId, uscc, division],
  );
  return rows[0]?.ok === true;
}
