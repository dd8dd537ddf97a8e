import type { Migration } from './migration.js';

/**
 * What the web application reads: each result's headline figures (land, tax, value added and the
 * per-mu values, so that the enterprise table sorts and filters on them without reading the dataset)
 * and its flags as a bit set; the public notice (公示) of a published run. Runs stored before this
 * migration get the same columns filled from their dataset and explanations.
 *
 * Flag bits (`RESULT_FLAG_BITS` in run.repository.ts): 1 veto, 2 protected, 4 adjusted, 8 tenant,
 * 16 sublets, 32 above_scale, 64 high_tech, 128 specialised_sme, 256 missing_data.
 */
export const webApi: Migration = {
  version: 3,
  name: 'web-api',
  up: `
ALTER TABLE run_results
  ADD COLUMN land_mu     double precision,
  ADD COLUMN tax         double precision,
  ADD COLUMN value_added double precision,
  ADD COLUMN tax_per_mu  double precision,
  ADD COLUMN va_per_mu   double precision,
  ADD COLUMN flags       integer NOT NULL DEFAULT 0;

ALTER TABLE runs
  ADD COLUMN notice_until timestamptz,
  ADD COLUMN published_by text;

UPDATE run_results r SET
  land_mu = f.land_mu,
  tax = f.tax,
  value_added = f.value_added,
  tax_per_mu = CASE WHEN f.land_mu > 0 THEN f.tax / f.land_mu END,
  va_per_mu = CASE WHEN f.land_mu > 0 THEN f.value_added / f.land_mu END,
  flags =
      (CASE WHEN r.detail -> 'c' @> '[{"kind": "veto"}]' THEN 1 ELSE 0 END)
    | (CASE WHEN r.detail -> 'c' @> '[{"kind": "protection"}]' THEN 2 ELSE 0 END)
    | (CASE WHEN EXISTS (SELECT 1 FROM class_adjustments a WHERE a.run_id = r.run_id AND a.uscc = r.uscc) THEN 4 ELSE 0 END)
    | (CASE WHEN f.tenant_of IS NOT NULL THEN 8 ELSE 0 END)
    | (CASE WHEN f.sublet_tenants > 0 THEN 16 ELSE 0 END)
    | (CASE WHEN f.above_scale = 1 THEN 32 ELSE 0 END)
    | (CASE WHEN f.high_tech = 1 THEN 64 ELSE 0 END)
    | (CASE WHEN f.specialised_sme = 1 THEN 128 ELSE 0 END)
    | (CASE WHEN r.detail -> 'n' @> '[3]' OR r.detail -> 'n' @> '[4]' THEN 256 ELSE 0 END)
FROM runs u, enterprise_facts f
WHERE u.id = r.run_id AND f.dataset_id = u.dataset_id AND f.row_no = r.seq;

UPDATE runs SET notice_until = published_at + interval '7 days' WHERE published_at IS NOT NULL;
`,
};
