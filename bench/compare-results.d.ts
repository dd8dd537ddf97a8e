/** Rows of `ours`, and those that differ from `peer` on the shared columns (see compare-results.js). */
export function compareResults(
  ours: string,
  peer: string,
): {
  rows: number;
  differences: number;
  examples: { uscc: string; column: string; ours: string[]; peer: string[] | null }[];
};
