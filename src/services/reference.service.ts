/** The reference tables for the web's filters: divisions (GB/T 2260) and industries (GB/T 4754-2017). */
import { listDivisions, listIndustries } from '../db/index.js';
import type { Division, Industry } from '../domain/reference.js';
import { ServiceError } from './errors.js';
import type { Store } from './store.js';

const DIVISION_LEVELS = ['province', 'city', 'county'] as const;

export async function divisionsList(
  store: Store,
  o: { level?: string; parent?: string } = {},
): Promise<Division[]> {
  if (o.level !== undefined && !(DIVISION_LEVELS as readonly string[]).includes(o.level))
    throw new ServiceError(
      '参数 level：应为 province、city 或 county / parameter level: must be province, city or county',
    );
  const all = await listDivisions(store.db);
  return all.filter(
    (d) =>
      (o.level === undefined || d.level === o.level) && (o.parent === undefined || d.parentCode === o.parent),
  );
}

export async function industriesList(
  store: Store,
  o: { level?: number; parent?: string } = {},
): Promise<Industry[]> {
  const all = await listIndustries(store.db);
  return all.filter(
    (d) =>
      (o.level === undefined || d.level === o.level) && (o.parent === undefined || d.parentCode === o.parent),
  );
}
