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
