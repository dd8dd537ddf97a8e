/**
 * The scope of a read (domain/access.ts) as SQL: one condition over a table's county and USCC columns,
 * ANDed into every query of results, counts, extremes, transitions, coverage and ledgers, so that a
 * county operator's question is answered from its county's rows only and an enterprise's from its own.
 */
import type { Scope } from '../domain/access.js';

/**
 * The condition, with its values bound through `param` (which returns the placeholder, e.g. `$3`), or
 * null for the whole city. `columns` names the county and USCC columns (qualified when needed).
 */
export function scopeCondition(
  scope: Scope | undefined,
  param: (value: unknown) => string,
  columns: { division: string; uscc: string } = { division: 'division', uscc: 'uscc' },
): string | null {
  if (!scope) return null;
  switch (scope.kind) {
    case 'all':
      return null;
    case 'division':
      return `${columns.division} = ${param(scope.division)}`;
    case 'enterprise':
      return `${columns.uscc} = ${param(scope.uscc)}`;
  }
}

/** A parameter list and its placeholder maker, numbering from `first`. */
export function params(first = 1): { values: unknown[]; p: (v: unknown) => string } {
  const values: unknown[] = [];
  return {
    values,
    p: (v) => {
      values.push(v);
      return `$${first + values.length - 1}`;
    },
  };
}
