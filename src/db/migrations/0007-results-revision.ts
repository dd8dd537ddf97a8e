import type { Migration } from './migration.js';

/**
 * A revision number per run that goes up whenever any of its stored results changes (today only a manual
 * class adjustment does; the trigger catches any later writer too). Readers key what they remember about
 * a run's results — the enterprise table's match counts — by (run, revision), so a remembered figure is
 * never served after the results it counted have changed, in this process or any other.
 */
export const resultsRevision: Migration = {
  version: 7,
  name: 'results-revision',
  up: `
ALTER TABLE runs ADD COLUMN results_revision integer NOT NULL DEFAULT 0;

CREATE FUNCTION run_results_revised() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE runs SET results_revision = results_revision + 1
   WHERE id IN (SELECT DISTINCT run_id FROM changed_results);
  RETURN NULL;
END
$$;

CREATE TRIGGER run_results_revised AFTER UPDATE ON run_results
  REFERENCING NEW TABLE AS changed_results
  FOR EACH STATEMENT EXECUTE FUNCTION run_results_revised();
`,
};
