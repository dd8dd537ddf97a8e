/**
 * Codes in departmental files: the unified social credit code (GB 32100-2015), the county (GB/T 2260,
 * as a 6-digit code or a name) and the industry (GB/T 4754-2017). Each parser turns a raw cell into a
 * canonical code or says precisely why it cannot.
 */
import type { Division, DivisionTable, IndustryTable } from '../../domain/reference.js';
import { normaliseUscc, usccProblem, type UsccProblem } from '../../domain/uscc.js';
import type { RawCell } from '../types.js';
import { cellText, isMissingCell } from './text.js';

// --- USCC --------------------------------------------------------------------------------------------

export type ParsedUscc =
  | { readonly kind: 'missing' }
  | { readonly kind: 'uscc'; readonly code: string }
  /** `number`: the cell is a number, so a spreadsheet has already rounded away digits of the code. */
  | {
      readonly kind: 'invalid';
      readonly problem: Exclude<UsccProblem, 'empty'> | 'number';
      readonly code: string;
    };

const MISSING = { kind: 'missing' } as const;
const CLEAN = /^[0-9A-Z]{18}$/;

/**
 * Normalises (NFKC, no spaces, upper case) and checks a USCC cell, including its check character.
 *
 * @example
 * parseUsccCell(' 91110000802100433b ') // { kind: 'uscc', code: '91110000802100433B' }
 */
export function parseUsccCell(cell: RawCell | undefined): ParsedUscc {
  if (typeof cell === 'string' && cell.length === 18 && CLEAN.test(cell)) {
    const problem = usccProblem(cell);
    return problem === null
      ? { kind: 'uscc', code: cell }
      : { kind: 'invalid', problem: problem as Exclude<UsccProblem, 'empty'>, code: cell };
  }
  if (isMissingCell(cell)) return MISSING;
  if (typeof cell === 'number') return { kind: 'invalid', problem: 'number', code: String(cell) };
  const code = normaliseUscc(cellText(cell) ?? '');
  if (code.length === 0) return MISSING;
  const problem = usccProblem(code);
  if (problem === null) return { kind: 'uscc', code };
  if (problem === 'empty') return MISSING;
  return { kind: 'invalid', problem, code };
}

// --- divisions ---------------------------------------------------------------------------------------

export type ParsedDivision =
  | { readonly kind: 'missing' }
  | { readonly kind: 'division'; readonly code: string }
  | { readonly kind: 'unknown'; readonly text: string }
  | { readonly kind: 'ambiguous'; readonly text: string; readonly candidates: readonly Division[] };

export interface DivisionResolverOptions {
  /**
   * The prefecture (or province-level city) the data come from, e.g. '330400': a county name that exists
   * in several cities (普陀区, 鼓楼区) is resolved to the one under it.
   */
  readonly cityCode?: string | null;
}

/**
 * Builds a resolver of 所属区县 cells against the GB/T 2260 table: a 6-digit code (or the 12-digit
 * statistical code starting with it) that the table has, or a county-level name, alone or after its
 * city and province (秀洲区, 嘉兴市秀洲区, 浙江省嘉兴市秀洲区).
 */
export function divisionResolver(
  table: DivisionTable,
  options: DivisionResolverOptions = {},
): (cell: RawCell | undefined) => ParsedDivision {
  const byName = new Map<string, Division[]>();
  const add = (name: string, d: Division): void => {
    const list = byName.get(name);
    if (!list) byName.set(name, [d]);
    else if (!list.includes(d)) list.push(d);
  };
  for (const d of table.all) {
    add(d.name, d);
    const parent = d.parentCode ? table.get(d.parentCode) : undefined;
    if (!parent) continue;
    add(parent.name + d.name, d);
    const grand = parent.parentCode ? table.get(parent.parentCode) : undefined;
    if (grand) add(grand.name + parent.name + d.name, d);
  }
  const city = options.cityCode ?? null;
  const SIX = /^\d{6}(?:\d{6})?$/u;
  return (cell) => {
    // The usual cell, a clean code or name, is looked up as written.
    if (typeof cell === 'string') {
      if (cell.length === 6 && SIX.test(cell) && table.get(cell)) return { kind: 'division', code: cell };
      const direct = byName.get(cell);
      if (direct?.length === 1) return { kind: 'division', code: direct[0]!.code };
    }
    if (isMissingCell(cell)) return MISSING;
    const text = (cellText(cell) ?? '').normalize('NFKC').replace(/\s+/gu, '');
    if (SIX.test(text)) {
      const code = text.slice(0, 6);
      return table.get(code) ? { kind: 'division', code } : { kind: 'unknown', text };
    }
    const found = byName.get(text);
    if (!found || found.length === 0) return { kind: 'unknown', text };
    if (found.length === 1) return { kind: 'division', code: found[0]!.code };
    // A county and its namesake elsewhere: prefer county-level divisions, then those under the city.
    let pick = found.filter((d) => d.level === 'county');
    if (pick.length === 0) pick = found;
    if (pick.length > 1 && city) {
      const under = pick.filter((d) => d.parentCode === city || d.code === city);
      if (under.length > 0) pick = under;
    }
    return pick.length === 1
      ? { kind: 'division', code: pick[0]!.code }
      : { kind: 'ambiguous', text, candidates: pick };
  };
}

// --- industries --------------------------------------------------------------------------------------

export type ParsedIndustry =
  | { readonly kind: 'missing' }
  | { readonly kind: 'industry'; readonly code: string }
  | { readonly kind: 'invalid'; readonly text: string }
  | { readonly kind: 'unknown'; readonly code: string };

const INDUSTRY = /^(?:[a-t])?(\d{2,4})(?:\D.*)?$/iu;
const FOUR = /^\d{4}$/u;

/**
 * Builds a parser of 行业代码 cells: 2–4 digits, optionally after the section letter (C3825) and before
 * the class name ('3825 光伏设备及元器件制造'). With the GB/T 4754 table, the code must exist in it,
 * and a 3-digit code that only exists with a leading zero (610 for 0610, the zero lost in a number
 * cell) gets its zero back.
 */
export function industryParser(table?: IndustryTable): (cell: RawCell | undefined) => ParsedIndustry {
  return (cell) => {
    // The usual cell, a clean 4-digit code, is looked up as written.
    if (typeof cell === 'string' && cell.length === 4 && FOUR.test(cell) && (!table || table.get(cell)))
      return { kind: 'industry', code: cell };
    if (isMissingCell(cell)) return MISSING;
    if (typeof cell === 'number' && !(Number.isInteger(cell) && cell > 0)) {
      return { kind: 'invalid', text: String(cell) };
    }
    const text = (cellText(cell) ?? '').normalize('NFKC').replace(/\s+/gu, '');
    const m = INDUSTRY.exec(text);
    if (!m) return { kind: 'invalid', text };
    let code = m[1]!;
    if (!table) return { kind: 'industry', code };
    if (code.length === 3 && !table.get(code) && table.get('0' + code)) code = '0' + code;
    return table.get(code) ? { kind: 'industry', code } : { kind: 'unknown', code };
  };
}
