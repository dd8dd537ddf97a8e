/**
 * Readers of one mapped column's cells: each turns a raw cell into the stored value (a number in the
 * column's own unit, a 0/1 flag, a year, a code, a text) or into the rule it breaks. Built once per
 * column of a file, so the per-row work is a call and a parse.
 */
import type { DivisionTable, IndustryTable } from '../../domain/reference.js';
import { booleanParser } from '../normalise/boolean.js';
import { divisionResolver, industryParser, parseUsccCell } from '../normalise/codes.js';
import { parseDateCell } from '../normalise/date.js';
import { parseNumberCell } from '../normalise/number.js';
import { cellText, normaliseLabel, rawValue } from '../normalise/text.js';
import { DEFAULT_MAX, findUnit, toCanonical, type Unit } from '../normalise/units.js';
import type { MappedColumn } from '../profiles/recognise.js';
import type { ColumnSpec } from '../profiles/schema.js';
import type { RawCell } from '../types.js';
import { messages, type RuleMessage } from './messages.js';

/**
 * What a reader returns: a number (NaN = missing) for numeric columns, a string (null = missing) for
 * the others, or the broken rule.
 */
export type CellValue = number | string | null | RuleMessage;

export type CellReader = (cell: RawCell | undefined) => CellValue;

export function isProblem(v: CellValue): v is RuleMessage {
  return v !== null && typeof v === 'object';
}

export interface ReaderContext {
  readonly year: number;
  readonly divisions: DivisionTable;
  readonly industries: IndustryTable | null;
  readonly cityCode: string | null;
}

/** Whether a column stores a number (number, flag, year) rather than a string. */
export function isNumericColumn(spec: ColumnSpec): boolean {
  return (
    spec.type === 'number' || spec.type === 'boolean' || spec.type === 'date' || spec.type === 'data_year'
  );
}

const PLAIN = /^-?\d+(?:\.\d+)?$/;

const shownValue = (cell: RawCell | undefined): string => rawValue(cell) ?? '';

/** Builds the reader of one mapped column. */
export function cellReader(map: MappedColumn, spec: ColumnSpec, ctx: ReaderContext): CellReader {
  const header = map.header;
  switch (spec.type) {
    case 'number':
      return numberReader(header, spec, map.unit!);
    case 'boolean': {
      const parse = booleanParser({ trueWords: spec.true_words ?? [], falseWords: spec.false_words ?? [] });
      return (cell) => {
        const b = parse(cell);
        if (b.kind === 'missing') return NaN;
        if (b.kind === 'invalid') return messages.badBoolean(header, shownValue(cell));
        return b.value;
      };
    }
    case 'date':
      return (cell) => {
        const d = parseDateCell(cell);
        if (d.kind === 'missing') return NaN;
        if (d.kind === 'invalid') return messages.badDate(header, shownValue(cell));
        return d.year;
      };
    case 'data_year':
      return (cell) => {
        const text = typeof cell === 'string' ? cell.replace(/年度?\s*$/u, '') : cell;
        const d = parseDateCell(text);
        if (d.kind === 'missing') return NaN;
        if (d.kind === 'invalid') return messages.badDate(header, shownValue(cell));
        if (d.year !== ctx.year) return messages.wrongYear(header, shownValue(cell), ctx.year);
        return d.year;
      };
    case 'division': {
      const resolve = divisionResolver(ctx.divisions, { cityCode: ctx.cityCode });
      return (cell) => {
        const d = resolve(cell);
        switch (d.kind) {
          case 'missing':
            return null;
          case 'division':
            return d.code;
          case 'unknown':
            return messages.unknownDivision(header, shownValue(cell));
          case 'ambiguous':
            return messages.ambiguousDivision(header, shownValue(cell), d.candidates);
        }
      };
    }
    case 'industry': {
      const parse = industryParser(ctx.industries ?? undefined);
      return (cell) => {
        const d = parse(cell);
        switch (d.kind) {
          case 'missing':
            return null;
          case 'industry':
            return d.code;
          case 'invalid':
            return messages.badIndustry(header, shownValue(cell));
          case 'unknown':
            return messages.unknownIndustry(header, d.code);
        }
      };
    }
    case 'category': {
      const table = new Map<string, string>();
      for (const [k, v] of Object.entries(spec.values ?? {})) table.set(normaliseLabel(k), v);
      const allowed = Object.keys(spec.values ?? {});
      const exact = new Map(Object.entries(spec.values ?? {}));
      return (cell) => {
        if (typeof cell === 'string') {
          const hit = exact.get(cell);
          if (hit !== undefined) return hit;
        }
        const t = cellText(cell);
        if (t === null) return null;
        return table.get(normaliseLabel(t)) ?? messages.unknownCategory(header, t, allowed);
      };
    }
    case 'uscc':
      return (cell) => {
        const u = parseUsccCell(cell);
        if (u.kind === 'missing') return null;
        if (u.kind === 'uscc') return u.code;
        return u.problem === 'check_char'
          ? messages.usccCheck(u.code)
          : messages.usccFormat(u.code, u.problem);
      };
    case 'text':
    case 'id':
      return (cell) => cellText(cell);
  }
}

/**
 * A number column: the figure in the header's unit, checked for sign, for a unit written in the cell
 * that differs from the header's, and for plausibility in canonical units (never rescaled).
 */
function numberReader(header: string, spec: ColumnSpec, unit: Unit): CellReader {
  const quantity = unit.quantity;
  const negativeAllowed = spec.negative === true;
  const max = spec.max ?? DEFAULT_MAX[quantity];
  const minPositive = spec.min_positive ?? 0;
  // Bounds back in the header's unit, for messages.
  const inUnit = (canonical: number): number => (canonical * unit.div) / unit.mul;
  const checked = (v: number): number | RuleMessage => {
    if (v < 0 && !negativeAllowed) return messages.negative(header, v);
    const c = Math.abs(toCanonical(v, unit));
    if (c > max) return messages.tooLarge(header, v, unit, inUnit(max));
    if (c > 0 && c < minPositive) return messages.tooSmall(header, v, unit, inUnit(minPositive));
    return v;
  };
  return (cell) => {
    // The usual cell, a plain figure, without allocating a parse result.
    let fast = NaN;
    if (typeof cell === 'number') fast = Number.isFinite(cell) ? cell + 0 : NaN;
    else if (typeof cell === 'string' && PLAIN.test(cell)) fast = Number(cell) + 0;
    if (!Number.isNaN(fast)) return checked(fast);
    const p = parseNumberCell(cell);
    if (p.kind === 'missing') return NaN;
    if (p.kind === 'invalid') return messages.notANumber(header, shownValue(cell));
    if (p.unit !== null) {
      const written = findUnit(quantity, p.unit);
      if (!written) return messages.notANumber(header, shownValue(cell));
      if (written !== unit) return messages.unitMismatch(header, p.unit, unit);
    }
    return checked(p.value);
  };
}
