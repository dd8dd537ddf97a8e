import type { Migration } from './migration.js';

/**
 * Imports of departmental files: which files made a dataset (name, hash, size, rows, who, when) and
 * every row that was rejected, so that nothing read is ever lost.
 */
export const imports: Migration = {
  version: 2,
  name: 'imports',
  up: `
CREATE TABLE dataset_files (
  dataset_id  integer NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  file_name   text NOT NULL,
  sha256      text NOT NULL,
  bytes       bigint NOT NULL,
  sheet       text,
  department  text,
  profile     text,
  rows_read   integer NOT NULL,
  accepted    integer NOT NULL,
  rejected    integer NOT NULL,
  skipped     integer NOT NULL,
  -- how the file's headers were read: [{ header, field, unit, unitFrom }]
  columns     jsonb,
  created_by  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset_id, seq)
);

CREATE TABLE import_rejections (
  dataset_id  integer NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  file_name   text NOT NULL,
  sheet       text,
  row_no      integer NOT NULL,
  column_name text,
  value       text,
  rule        text NOT NULL,
  message_zh  text NOT NULL,
  message_en  text NOT NULL,
  PRIMARY KEY (dataset_id, seq)
);
`,
};
