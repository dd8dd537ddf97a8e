/** Land holdings: parcels an enterprise owns or rents (the land of the per-mu evaluation). */
import { chunkRanges, floatParam, intParam, textParam } from './bulk.js';
import type { Sql } from './database.js';

export type LandTenure = 'owned' | 'rented';

export interface NewLandHolding {
  readonly uscc: string;
  readonly certificateNo?: string | null;
  /** Area in 亩. */
  readonly areaMu: number;
  readonly tenure: LandTenure;
  /** For rented land, the enterprise that owns the parcel. */
  readonly ownerUscc?: string | null;
  readonly use?: string | null;
  readonly source?: string | null;
  readonly datasetId?: number | null;
}

export interface LandHolding {
  readonly id: number;
  readonly uscc: string;
  readonly certificateNo: string | null;
  readonly areaMu: number;
  readonly tenure: LandTenure;
  readonly ownerUscc: string | null;
  readonly use: string | null;
  readonly source: string | null;
  readonly datasetId: number | null;
}

interface LandRow {
  id: number;
  uscc: string;
  certificate_no: string | null;
  area_mu: number;
  tenure: LandTenure;
  owner_uscc: string | null;
  use: string | null;
  source: string | null;
  dataset_id: number | null;
}

const COLUMNS = 'id, uscc, certificate_no, area_mu, tenure, owner_uscc, use, source, dataset_id';

function toLandHolding(r: LandRow): LandHolding {
  return {
    id: r.id,
    uscc: r.uscc,
    certificateNo: r.certificate_no,
    areaMu: r.area_mu,
    tenure: r.tenure,
    ownerUscc: r.owner_uscc,
    use: r.use,
    source: r.source,
    datasetId: r.dataset_id,
  };
}

const INSERT = `
INSERT INTO land_holdings (uscc, certificate_no, area_mu, tenure, owner_uscc, use, source, dataset_id)
SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int4[])`;

/** Inserts holdings in bulk; returns how many were inserted. */
export async function insertLandHoldings(sql: Sql, holdings: readonly NewLandHolding[]): Promise<number> {
  for (const [a, b] of chunkRanges(holdings.length)) {
    const part = holdings.slice(a, b);
    await sql.query(INSERT, [
      textParam(part.map((h) => h.uscc)),
      textParam(part.map((h) => h.certificateNo)),
      floatParam(part.map((h) => h.areaMu)),
      textParam(part.map((h) => h.tenure)),
      textParam(part.map((h) => h.ownerUscc)),
      textParam(part.map((h) => h.use)),
      textParam(part.map((h) => h.source)),
      intParam(part.map((h) => h.datasetId)),
    ]);
  }
  return holdings.length;
}

/** The holdings of one enterprise, in insertion order. */
export async function landHoldingsOf(sql: Sql, uscc: string): Promise<LandHolding[]> {
  const rows = await sql.query<LandRow>(`SELECT ${COLUMNS} FROM land_holdings WHERE uscc = $1 ORDER BY id`, [
    uscc,
  ]);
  return rows.map(toLandHolding);
}

/** The rented holdings whose parcel belongs to `ownerUscc` (its tenants), in insertion order. */
export async function tenantHoldingsOf(sql: Sql, ownerUscc: string): Promise<LandHolding[]> {
  const rows = await sql.query<LandRow>(
    `SELECT ${COLUMNS} FROM land_holdings WHERE owner_uscc = $1 ORDER BY id`,
    [ownerUscc],
  );
  return rows.map(toLandHolding);
}

/**
 * Gives dataset `toDatasetId` a copy of the parcels of `fromDatasetId` (a corrected version of a dataset
 * keeps its land: every parcel once, under the new version). Returns how many were copied.
 */
export async function copyLandHoldings(
  sql: Sql,
  fromDatasetId: number,
  toDatasetId: number,
): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `INSERT INTO land_holdings (uscc, certificate_no, area_mu, tenure, owner_uscc, use, source, dataset_id)
     SELECT uscc, certificate_no, area_mu, tenure, owner_uscc, use, source, $2 FROM land_holdings
     WHERE dataset_id = $1 ORDER BY id RETURNING id`,
    [fromDatasetId, toDatasetId],
  );
  return rows.length;
}

/**
 * The parcels of one enterprise as one dataset version gives them: those stored with `datasetId`; when
 * that version has none for the enterprise (a version stored before its land was), those of the newest
 * other version of the same year that has them; else those stored without a dataset. Never the parcels
 * of several versions together, so a parcel is listed (and counted) once.
 */
export async function landHoldingsFor(
  sql: Sql,
  uscc: string,
  datasetId: number | null,
): Promise<LandHolding[]> {
  const rows = await sql.query<LandRow>(
    `WITH own AS (SELECT ${COLUMNS} FROM land_holdings WHERE uscc = $1)
     SELECT ${COLUMNS} FROM own WHERE dataset_id IS NOT DISTINCT FROM (
       SELECT o.dataset_id FROM own o LEFT JOIN datasets d ON d.id = o.dataset_id
       ORDER BY (o.dataset_id IS NOT DISTINCT FROM $2::int4) DESC,
         (d.year = (SELECT year FROM datasets WHERE id = $2::int4)) DESC NULLS LAST,
         (o.dataset_id IS NULL) ASC, d.year DESC NULLS LAST, d.version DESC NULLS LAST
       LIMIT 1)
     ORDER BY id`,
    [uscc, datasetId],
  );
  return rows.map(toLandHolding);
}
