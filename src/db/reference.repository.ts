/** Reference tables in the database: administrative divisions (GB/T 2260) and industries (GB/T 4754-2017). */
import type { Division, DivisionLevel, DivisionTable, Industry, IndustryTable } from '../domain/reference.js';
import { chunkRanges, intParam, textParam } from './bulk.js';
import type { Sql } from './database.js';

export interface ReferenceCounts {
  readonly divisions: number;
  readonly industries: number;
}

const UPSERT_DIVISIONS = `
INSERT INTO divisions (code, name, level, parent_code)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code
WHERE (divisions.name, divisions.level, divisions.parent_code)
  IS DISTINCT FROM (excluded.name, excluded.level, excluded.parent_code)`;

const UPSERT_INDUSTRIES = `
INSERT INTO industries (code, name, level, parent_code)
SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[])
ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code
WHERE (industries.name, industries.level, industries.parent_code)
  IS DISTINCT FROM (excluded.name, excluded.level, excluded.parent_code)`;

/**
 * Upserts both tables (a few thousand rows, one statement per 20,000): safe to run at every start.
 * Rows already equal are not rewritten. Codes absent from the tables given are kept.
 * @returns the row counts after loading.
 */
export async function loadReferenceTables(
  sql: Sql,
  divisions: DivisionTable,
  industries: IndustryTable,
): Promise<ReferenceCounts> {
  const ds = divisions.all;
  for (const [a, b] of chunkRanges(ds.length)) {
    const part = ds.slice(a, b);
    await sql.query(UPSERT_DIVISIONS, [
      textParam(part.map((d) => d.code)),
      textParam(part.map((d) => d.name)),
      textParam(part.map((d) => d.level)),
      textParam(part.map((d) => d.parentCode)),
    ]);
  }
  const is = industries.all;
  for (const [a, b] of chunkRanges(is.length)) {
    const part = is.slice(a, b);
    await sql.query(UPSERT_INDUSTRIES, [
      textParam(part.map((d) => d.code)),
      textParam(part.map((d) => d.name)),
      intParam(part.map((d) => d.level)),
      textParam(part.map((d) => d.parentCode)),
    ]);
  }
  return referenceCounts(sql);
}

/** How many divisions and industries are stored. */
export async function referenceCounts(sql: Sql): Promise<ReferenceCounts> {
  const rows = await sql.query<{ divisions: number; industries: number }>(
    'SELECT (SELECT count(*) FROM divisions) AS divisions, (SELECT count(*) FROM industries) AS industries',
  );
  const r = rows[0];
  return { divisions: r?.divisions ?? 0, industries: r?.industries ?? 0 };
}

interface CodeRow {
  code: string;
  name: string;
  level: string | number;
  parent_code: string | null;
}

/** Every stored division, in code order. */
export async function listDivisions(sql: Sql): Promise<Division[]> {
  const rows = await sql.query<CodeRow>(
    'SELECT code, name, level, parent_code FROM divisions ORDER BY code COLLATE "C"',
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level as DivisionLevel,
    parentCode: r.parent_code,
  }));
}

/** Every stored industry, in code order. */
export async function listIndustries(sql: Sql): Promise<Industry[]> {
  const rows = await sql.query<CodeRow>(
    'SELECT code, name, level, parent_code FROM industries ORDER BY code COLLATE "C"',
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: Number(r.level) as Industry['level'],
    parentCode: r.parent_code,
  }));
}
