import type { Migration } from './migration.js';

/**
 * Differentiated resources (资源要素差别化配置): policy files kept verbatim by id and content hash (as
 * methodologies), and the applications of a policy to a run. An application stores its totals, the runs
 * of the earlier years it read classes from (consecutive years in a class) and the SHA-256 of its ledger;
 * the per-enterprise ledger itself is recomputed from the run, the dataset, the stored policy and those
 * runs, and checked against the hash (ADR 0009).
 */
export const policies: Migration = {
  version: 4,
  name: 'policies',
  up: `
CREATE TABLE policies (
  id           text NOT NULL,
  content_hash text NOT NULL,
  content      text NOT NULL,
  format       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  seq          bigserial NOT NULL UNIQUE,
  PRIMARY KEY (id, content_hash)
);

CREATE TABLE policy_applications (
  id          serial PRIMARY KEY,
  run_id      integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  policy_id   text NOT NULL,
  policy_hash text NOT NULL,
  -- applied to a run that was not published (a preview): say so wherever it is shown
  draft       boolean NOT NULL,
  -- [{year, runId}]: the runs of the earlier years the consecutive-year counts were read from
  history     jsonb NOT NULL,
  ledger_hash text NOT NULL,
  totals      jsonb NOT NULL,
  created_by  text NOT NULL CHECK (btrim(created_by) <> ''),
  created_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (policy_id, policy_hash) REFERENCES policies (id, content_hash)
);
CREATE INDEX policy_applications_run_idx ON policy_applications (run_id, id);
`,
};
