/**
 * Qualifications (high-tech enterprise, specialised SME, "little giant", listed company) with their
 * years of validity, and incidents (accidents, violations, major-project build phases) by year.
 */
import { chunkRanges, intParam, textParam } from './bulk.js';
import type { Sql } from './database.js';

export type QualificationKind = 'high_tech' | 'specialised_sme' | 'little_giant' | 'listed';

export interface NewQualification {
  readonly uscc: string;
  readonly kind: QualificationKind;
  readonly yearFrom: number;
  /** Last year of validity, inclusive; null = still valid. */
  readonly yearTo?: number | null;
  readonly source?: string | null;
}

export interface Qualification {
  readonly id: number;
  readonly uscc: string;
  readonly kind: QualificationKind;
  readonly yearFrom: number;
  readonly yearTo: number | null;
  readonly source: string | null;
}

/** safety_accident, environmental_violation, major_project_build, food_safety_accident… (an open list). */
export type IncidentKind = string;

export interface NewIncident {
  readonly uscc: string;
  readonly kind: IncidentKind;
  readonly year: number;
  readonly description?: string | null;
  readonly source?: string | null;
}

export interface Incident {
  readonly id: number;
  readonly uscc: string;
  readonly kind: IncidentKind;
  readonly year: number;
  readonly description: string | null;
  readonly source: string | null;
}

interface QualificationRow {
  id: number;
  uscc: string;
  kind: QualificationKind;
  year_from: number;
  year_to: number | null;
  source: string | null;
}

interface IncidentRow {
  id: number;
  uscc: string;
  kind: string;
  year: number;
  description: string | null;
  source: string | null;
}

const toQualification = (r: QualificationRow): Qualification => ({
  id: r.id,
  uscc: r.uscc,
  kind: r.kind,
  yearFrom: r.year_from,
  yearTo: r.year_to,
  source: r.source,
});

const toIncident = (r: IncidentRow): Incident => ({
  id: r.id,
  uscc: r.uscc,
  kind: r.kind,
  year: r.year,
  description: r.description,
  source: r.source,
});

/** Inserts qualifications in bulk; returns how many were inserted. */
export async function insertQualifications(sql: Sql, items: readonly NewQualification[]): Promise<number> {
  for (const [a, b] of chunkRanges(items.length)) {
    const part = items.slice(a, b);
    await sql.query(
      `INSERT INTO qualifications (uscc, kind, year_from, year_to, source)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::int4[], $5::text[])`,
      [
        textParam(part.map((q) => q.uscc)),
        textParam(part.map((q) => q.kind)),
        intParam(part.map((q) => q.yearFrom)),
        intParam(part.map((q) => q.yearTo)),
        textParam(part.map((q) => q.source)),
      ],
    );
  }
  return items.length;
}

/** The qualifications of one enterprise, in insertion order. */
export async function qualificationsOf(sql: Sql, uscc: string): Promise<Qualification[]> {
  const rows = await sql.query<QualificationRow>(
    'SELECT id, uscc, kind, year_from, year_to, source FROM qualifications WHERE uscc = $1 ORDER BY id',
    [uscc],
  );
  return rows.map(toQualification);
}

/** Every qualification valid in `year` (year_from ≤ year ≤ year_to, or open-ended). */
export async function qualificationsValidIn(sql: Sql, year: number): Promise<Qualification[]> {
  const rows = await sql.query<QualificationRow>(
    `SELECT id, uscc, kind, year_from, year_to, source FROM qualifications
     WHERE year_from <= $1 AND (year_to IS NULL OR year_to >= $1) ORDER BY id`,
    [year],
  );
  return rows.map(toQualification);
}

/** Inserts incidents in bulk; returns how many were inserted. */
export async function insertIncidents(sql: Sql, items: readonly NewIncident[]): Promise<number> {
  for (const [a, b] of chunkRanges(items.length)) {
    const part = items.slice(a, b);
    await sql.query(
      `INSERT INTO incidents (uscc, kind, year, description, source)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[], $5::text[])`,
      [
        textParam(part.map((x) => x.uscc)),
        textParam(part.map((x) => x.kind)),
        intParam(part.map((x) => x.year)),
        textParam(part.map((x) => x.description)),
        textParam(part.map((x) => x.source)),
      ],
    );
  }
  return items.length;
}

/** The incidents of one enterprise, in insertion order. */
export async function incidentsOf(sql: Sql, uscc: string): Promise<Incident[]> {
  const rows = await sql.query<IncidentRow>(
    'SELECT id, uscc, kind, year, description, source FROM incidents WHERE uscc = $1 ORDER BY id',
    [uscc],
  );
  return rows.map(toIncident);
}

/** Every incident of `year`, in insertion order. */
export async function incidentsIn(sql: Sql, year: number): Promise<Incident[]> {
  const rows = await sql.query<IncidentRow>(
    'SELECT id, uscc, kind, year, description, source FROM incidents WHERE year = $1 ORDER BY id',
    [year],
  );
  return rows.map(toIncident);
}
