import type { Migration } from './migration.js';

/**
 * Objections (异议) during the public notice of a run (ADR 0011): an enterprise objects to one of its
 * figures with an explanation and evidence files; its county operator accepts (the corrected figure
 * makes a new dataset version and a re-run) or rejects with a reason. The county is stored with the
 * objection (the enterprise's county in the run) so that a county operator's list is one indexed query.
 * Evidence files are kept in the database (a few MB each at most) so that they are backed up, and
 * deleted, with the rest.
 */
export const objections: Migration = {
  version: 6,
  name: 'objections',
  up: `
CREATE TABLE objections (
  id              serial PRIMARY KEY,
  run_id          integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  uscc            text NOT NULL,
  name            text,
  division        text,
  -- the figure objected to: a canonical numeric field (docs/methodology.md units)
  field           text NOT NULL,
  current_value   double precision,
  claimed_value   double precision NOT NULL,
  explanation     text NOT NULL CHECK (btrim(explanation) <> ''),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
  filed_by        text NOT NULL,
  filed_at        timestamptz NOT NULL DEFAULT now(),
  -- objections are filed until the end of the notice; the county answers by respond_by
  deadline        timestamptz NOT NULL,
  respond_by      timestamptz NOT NULL,
  decided_by      text,
  decided_at      timestamptz,
  reason          text,
  corrected_value double precision,
  dataset_id      integer REFERENCES datasets (id),
  rerun_id        integer REFERENCES runs (id) ON DELETE SET NULL,
  CHECK ((status = 'open') = (decided_at IS NULL)),
  CHECK (status <> 'rejected' OR btrim(coalesce(reason, '')) <> ''),
  CHECK (status <> 'accepted' OR corrected_value IS NOT NULL)
);
CREATE INDEX objections_run_idx ON objections (run_id, division);
CREATE INDEX objections_uscc_idx ON objections (uscc, id);
-- one open objection per enterprise, run and figure
CREATE UNIQUE INDEX objections_open_idx ON objections (run_id, uscc, field) WHERE status = 'open';

CREATE TABLE objection_evidence (
  objection_id integer NOT NULL REFERENCES objections (id) ON DELETE CASCADE,
  seq          integer NOT NULL,
  file_name    text NOT NULL,
  content_type text NOT NULL,
  bytes        integer NOT NULL,
  sha256       text NOT NULL,
  data         bytea NOT NULL,
  PRIMARY KEY (objection_id, seq)
);
`,
};
