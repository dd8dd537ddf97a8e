import type { Migration } from './migration.js';

/**
 * The initial schema. Measured values are double precision (canonical units, docs/methodology.md); codes are
 * text; every time is timestamptz. Reference codes in the data tables are not foreign keys: a dataset
 * may name an unknown division or industry, and that is a finding to report, not a row to refuse.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  up: `
CREATE TABLE divisions (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('province', 'city', 'county')),
  parent_code text
);

CREATE TABLE industries (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  level       smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  parent_code text
);

-- Identity of an enterprise, refreshed from each dataset that names it with a valid USCC.
CREATE TABLE enterprises (
  uscc          text PRIMARY KEY,
  name          text,
  division_code text,
  industry_code text,
  founded_year  integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprises_division_idx ON enterprises (division_code);

-- A stored set of canonical records for one data year; versions count up per year.
CREATE TABLE datasets (
  id           serial PRIMARY KEY,
  year         integer NOT NULL,
  version      integer NOT NULL,
  content_hash text NOT NULL,
  source       text,
  record_count integer NOT NULL,
  created_by   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  note         text,
  UNIQUE (year, version)
);
CREATE INDEX datasets_hash_idx ON datasets (year, content_hash);

-- Every record of a dataset in input order (row_no, 0-based), duplicates and unreadable rows included.
CREATE TABLE enterprise_facts (
  dataset_id              integer NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  row_no                  integer NOT NULL,
  uscc                    text NOT NULL,
  name                    text,
  division                text,
  industry                text,
  above_scale             double precision,
  land_mu                 double precision,
  tax                     double precision,
  value_added             double precision,
  revenue                 double precision,
  energy_tce              double precision,
  emissions_t             double precision,
  employees               double precision,
  rd_spend                double precision,
  electricity             double precision,
  invention_patents       double precision,
  founded                 double precision,
  high_tech               double precision,
  specialised_sme         double precision,
  safety_accident         double precision,
  environmental_violation double precision,
  major_project_build     double precision,
  sublet_tenants          double precision,
  little_giant            double precision,
  listed                  double precision,
  land_acquired           double precision,
  tenant_of               text,
  -- 1-based row of the source file (header = row 1), when the records were read from a file.
  source_row              integer,
  -- The first reading problem of the record: {field, value, rule}.
  issue                   jsonb,
  -- Per field, where the value came from: {field: {source, file, row}}.
  provenance              jsonb,
  PRIMARY KEY (dataset_id, row_no)
);
CREATE INDEX enterprise_facts_uscc_idx ON enterprise_facts (dataset_id, uscc);

CREATE TABLE land_holdings (
  id             serial PRIMARY KEY,
  uscc           text NOT NULL,
  certificate_no text,
  area_mu        double precision NOT NULL,
  tenure         text NOT NULL CHECK (tenure IN ('owned', 'rented')),
  owner_uscc     text,
  use            text,
  source         text,
  dataset_id     integer REFERENCES datasets (id) ON DELETE SET NULL
);
CREATE INDEX land_holdings_uscc_idx ON land_holdings (uscc);
CREATE INDEX land_holdings_owner_idx ON land_holdings (owner_uscc);

CREATE TABLE qualifications (
  id        serial PRIMARY KEY,
  uscc      text NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('high_tech', 'specialised_sme', 'little_giant', 'listed')),
  year_from integer NOT NULL,
  year_to   integer,
  source    text,
  CHECK (year_to IS NULL OR year_to >= year_from)
);
CREATE INDEX qualifications_uscc_idx ON qualifications (uscc);

-- Accidents, violations and other yearly events (safety_accident, environmental_violation,
-- major_project_build, food_safety_accident…); the list is open, so kind is not constrained.
CREATE TABLE incidents (
  id          serial PRIMARY KEY,
  uscc        text NOT NULL,
  kind        text NOT NULL CHECK (kind <> ''),
  year        integer NOT NULL,
  description text,
  source      text
);
CREATE INDEX incidents_uscc_idx ON incidents (uscc);
CREATE INDEX incidents_year_idx ON incidents (year, kind);

-- Methodology files, kept verbatim; seq orders the versions of one id by save time.
CREATE TABLE methodologies (
  id           text NOT NULL,
  content_hash text NOT NULL,
  content      text NOT NULL,
  format       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  seq          bigserial NOT NULL UNIQUE,
  PRIMARY KEY (id, content_hash)
);

CREATE TABLE runs (
  id               serial PRIMARY KEY,
  year             integer NOT NULL,
  methodology_id   text NOT NULL,
  methodology_hash text NOT NULL,
  dataset_id       integer NOT NULL REFERENCES datasets (id),
  dataset_version  integer NOT NULL,
  status           text NOT NULL,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  published_at     timestamptz,
  result_hash      text,
  summary          jsonb,
  FOREIGN KEY (methodology_id, methodology_hash) REFERENCES methodologies (id, content_hash)
);
CREATE INDEX runs_year_idx ON runs (year, id);

-- One result per record of the run's dataset, in dataset order (seq).
CREATE TABLE run_results (
  run_id         integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq            integer NOT NULL,
  uscc           text NOT NULL,
  name           text,
  division       text,
  industry       text,
  status         text NOT NULL CHECK (status IN ('graded', 'computed_not_graded', 'not_evaluated')),
  reason         text,
  group_id       text,
  unit_key       text,
  total          double precision,
  rank           integer,
  unit_size      integer,
  initial_class  text,
  adjusted_class text,
  detail         jsonb,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX run_results_uscc_idx ON run_results (run_id, uscc);
CREATE INDEX run_results_class_idx ON run_results (run_id, division, adjusted_class);

-- Manual class adjustments (调档): who, when and why, never without a reason.
CREATE TABLE class_adjustments (
  id         serial PRIMARY KEY,
  run_id     integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  uscc       text NOT NULL,
  from_class text,
  to_class   text NOT NULL,
  reason     text NOT NULL CHECK (btrim(reason) <> ''),
  created_by text NOT NULL CHECK (btrim(created_by) <> ''),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX class_adjustments_run_idx ON class_adjustments (run_id, uscc);

CREATE TABLE audit_log (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  action  text NOT NULL,
  subject text,
  before  jsonb,
  after   jsonb
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject, id);

-- The audit log is append-only: refuse UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`,
};
