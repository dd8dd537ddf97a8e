#!/usr/bin/env node
// The peer Mujun is measured against: the shipped huangyan-2023 methodology (docs/methodology.md, "The
// shipped huangyan-2023 methodology") written by hand as DuckDB SQL, the tool an analyst would reach for
// instead of Mujun. CSV in, CSV out with the first eight columns of Mujun's results CSV:
//   node bench/peer-duckdb.js RECORDS.csv OUT.csv
// It is a second, independent reading of the methodology: `test/peer-duckdb.test.ts` checks that both
// give the same statuses, groups, totals, ranks and classes on generated records.
import { DuckDBInstance } from '@duckdb/node-api';

const [recordsFile, outFile] = process.argv.slice(2);
if (!recordsFile || !outFile) {
  console.error('usage: node bench/peer-duckdb.js RECORDS.csv OUT.csv');
  process.exit(2);
}
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

// Huangyan's published constants for data year 2022: [id, numerator, denominator, benchmark, weight].
const ABOVE = [
  ['tax_mu', 'tax', 'land', 24.097, 30],
  ['va_mu', 'va', 'land', 136.16, 20],
  ['va_tce', 'va', 'energy', 2.694, 20],
  ['va_emission', 'va', 'emissions', 4929.81, 10],
  ['va_head', 'va', 'employees', 18.14, 10],
  ['rd_share', 'rd', 'revenue', 0.0302, 10],
];
const BELOW = [
  ['tax_mu', 'tax', 'land', 11.5932, 50],
  ['tax_kwh', 'tax', 'electricity', 0.2352, 50],
];
const DATA_YEAR = 2022;
const QUOTAS = { A: 0.2, B: 0.65, C: 0.95 }; // cumulative; D takes the rest

// One indicator's score when both figures are there: a negative numerator scores 0; a missing numerator
// or a zero or negative denominator scores 0, except zero emissions with value added > 0 (full weight).
function score([, num, den, benchmark, weight]) {
  const full = num === 'va' && den === 'emissions' ? `WHEN ${num} > 0 THEN ${weight}` : '';
  return `CASE WHEN ${num} IS NULL OR ${den} IS NULL THEN 0
    WHEN ${den} <= 0 THEN CASE ${full || 'WHEN false THEN 0'} ELSE 0 END
    ELSE greatest(${num}, 0) / ${den} / ${benchmark} * ${weight} END`;
}
const sumOf = (list) => list.map((ind) => `(${score(ind)})`).join(' + ');
const emission = ABOVE.find((i) => i[0] === 'va_emission');
const aboveOthers = ABOVE.filter((i) => i !== emission);

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const run = (sql) => db.run(sql);

// USCC check character (GB 32100-2015): weights 3^i mod 31 over the 31-character alphabet.
await run(`CREATE MACRO uscc_valid(code) AS
  regexp_full_match(code, '[0-9A-HJ-NPQRTUWXY]{18}') AND
  (31 - list_sum([(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', code[k]) - 1) * ((3 ** (k - 1))::BIGINT % 31)
                  FOR k IN range(1, 18)]) % 31) % 31
    = strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', code[18]) - 1`);
await run(`CREATE MACRO figure(cell) AS TRY_CAST(NULLIF(trim(cell), '') AS DOUBLE)`);

await run(`CREATE TABLE firm AS
  SELECT upper(trim(uscc)) AS uscc, division AS county, TRY_CAST(left(industry, 2) AS INTEGER) AS major,
         figure(above_scale) = 1 AS above, figure(land_mu) AS land, figure(tax) AS tax,
         figure(value_added) AS va, figure(revenue) AS revenue, figure(energy_tce) AS energy,
         figure(emissions_t) AS emissions, figure(employees) AS employees, figure(rd_spend) AS rd,
         figure(electricity) AS electricity, figure(founded) AS founded,
         coalesce(figure(safety_accident) = 1 OR figure(environmental_violation) = 1, false) AS vetoed,
         coalesce(figure(major_project_build) = 1, false) AS protected
  FROM read_csv(${quote(recordsFile)}, header = true, all_varchar = true)`);

// Scope, in the order the methodology lists it (the first rule that fails decides).
await run(`CREATE TABLE scoped AS
  SELECT *,
    -- a record that fails the identity or industry checks is in no group
    CASE WHEN NOT coalesce(uscc_valid(uscc), false) OR major IS NULL OR major < 6 OR major > 46 THEN NULL
         WHEN coalesce(above, false) THEN 'above' ELSE 'below' END AS grp,
    CASE
      WHEN NOT coalesce(uscc_valid(uscc), false) THEN 'not_evaluated'
      WHEN major IS NULL OR major < 6 OR major > 46 THEN 'not_evaluated'
      WHEN land IS NULL OR land <= 0 THEN 'not_evaluated'
      WHEN NOT coalesce(above, false) AND land < 3 THEN 'not_evaluated'
      WHEN major BETWEEN 44 AND 46 THEN 'computed_not_graded'
      WHEN founded BETWEEN ${DATA_YEAR - 2} AND ${DATA_YEAR} THEN 'computed_not_graded'
      ELSE 'graded' END AS status
  FROM firm`);

// Scores; a missing emission figure is filled with the county mean of the graded firms that have one.
await run(`CREATE TABLE scored AS
  WITH partial AS (
    SELECT *,
      CASE WHEN grp = 'above' THEN ${sumOf(aboveOthers)} ELSE ${sumOf(BELOW)} END AS rest,
      CASE WHEN grp = 'above' AND emissions IS NOT NULL THEN ${score(emission)} END AS emission_score
    FROM scoped WHERE status <> 'not_evaluated'),
  fill AS (
    SELECT county, avg(emission_score) AS county_mean FROM partial
    WHERE grp = 'above' AND status = 'graded' AND emission_score IS NOT NULL GROUP BY county)
  SELECT partial.*, rest + CASE WHEN grp = 'above' THEN coalesce(emission_score, county_mean, 0) ELSE 0 END AS total
  FROM partial LEFT JOIN fill USING (county)`);

// Rank in county × group: total ↓, tax per mu ↓ (a missing tax last), USCC ↑; quota cuts rounded half up.
const cut = (share) => `floor(unit_size * ${share} + 0.5 + 1e-9)`;
await run(`CREATE TABLE classed AS
  WITH ranked AS (
    SELECT *, row_number() OVER (PARTITION BY county, grp
                                 ORDER BY total DESC, tax / land DESC NULLS LAST, uscc) AS rank,
              count(*) OVER (PARTITION BY county, grp) AS unit_size
    FROM scored WHERE status = 'graded')
  SELECT *, CASE WHEN rank <= ${cut(QUOTAS.A)} THEN 'A' WHEN rank <= ${cut(QUOTAS.B)} THEN 'B'
                 WHEN rank <= ${cut(QUOTAS.C)} THEN 'C' ELSE 'D' END AS initial_class
  FROM ranked`);

await run(`COPY (
    SELECT uscc, status, grp AS "group", round(total, 6) AS total, rank, unit_size, initial_class,
      CASE WHEN vetoed AND initial_class IN ('A', 'B') THEN 'C'
           WHEN protected AND initial_class = 'D' THEN 'C' ELSE initial_class END AS adjusted_class
    FROM classed
    UNION ALL
    SELECT uscc, status, grp, round(total, 6), NULL, NULL, NULL, NULL FROM scored WHERE status <> 'graded'
    UNION ALL
    SELECT uscc, status, grp, NULL, NULL, NULL, NULL, NULL FROM scoped WHERE status = 'not_evaluated'
  ) TO ${quote(outFile)} (HEADER, DELIMITER ',')`);
