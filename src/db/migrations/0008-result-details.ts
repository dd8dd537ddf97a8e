import type { Migration } from './migration.js';

/**
 * Each result's explanation (`detail`, ~400 bytes compressed, two thirds of a row) moves out of
 * `run_results` into `run_result_details`, read by primary key when one enterprise is explained. The
 * enterprise table, the cockpit, counts, exports and comparisons read `run_results` only, now a third of
 * its former size: a name search sorted by score over 200,000 results scans ~5,000 pages instead of
 * ~15,000 (ADR 0012). The last statement rewrites `run_results` (an expression in USING forces it) so
 * that stores upgraded from an earlier version give the dropped column's space back too.
 */
export const resultDetails: Migration = {
  version: 8,
  name: 'result-details',
  up: `
CREATE TABLE run_result_details (
  run_id integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq    integer NOT NULL,
  detail jsonb,
  PRIMARY KEY (run_id, seq)
);

INSERT INTO run_result_details (run_id, seq, detail)
SELECT run_id, seq, detail FROM run_results WHERE detail IS NOT NULL;

ALTER TABLE run_results DROP COLUMN detail;

ALTER TABLE run_results ALTER COLUMN seq TYPE integer USING seq + 0;
`,
};
