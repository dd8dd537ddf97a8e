/**
 * Header cells against a profile's columns: which column a header names and which unit it declares.
 * The unit is read from the header only (`用电量（千瓦时）`, `用电量(kWh)`, `用电量 千瓦时`,
 * `用电量/万千瓦时`, `宗地面积(单位:亩)`); a header without one gets the column's default unit, which the
 * recognition reports as a warning. A header that declares a unit the column does not accept is an
 * error, never a guess.
 */
import { normaliseLabel } from '../normalise/text.js';
import { findAnyUnit, findUnit, unitById, type Quantity, type Unit } from '../normalise/units.js';
import type { ColumnSpec, Profile } from './schema.js';

/** A profile prepared for matching: its columns with normalised header synonyms, longest first. */
export interface CompiledProfile {
  readonly profile: Profile;
  readonly columns: ReadonlyMap<string, CompiledColumn>;
  /** Every (synonym, column) pair, longest synonym first, so `营业收入` never shadows a longer name. */
  readonly synonyms: readonly { readonly key: string; readonly column: CompiledColumn }[];
}

export interface CompiledColumn {
  readonly id: string;
  readonly spec: ColumnSpec;
  readonly quantity: Quantity | null;
  readonly units: readonly Unit[];
  readonly defaultUnit: Unit | null;
}

const compiled = new WeakMap<Profile, CompiledProfile>();

/** Compiles (once per profile object) the matching tables. */
export function compileProfile(profile: Profile): CompiledProfile {
  const hit = compiled.get(profile);
  if (hit) return hit;
  const columns = new Map<string, CompiledColumn>();
  const synonyms: { key: string; column: CompiledColumn }[] = [];
  for (const [id, spec] of Object.entries(profile.columns)) {
    const units = (spec.units ?? []).map(unitById);
    const col: CompiledColumn = {
      id,
      spec,
      quantity: spec.quantity ?? null,
      units,
      defaultUnit: spec.default_unit ? unitById(spec.default_unit) : units.length === 1 ? units[0]! : null,
    };
    columns.set(id, col);
    for (const h of spec.headers) synonyms.push({ key: normaliseLabel(h), column: col });
  }
  synonyms.sort((a, b) => b.key.length - a.key.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const c: CompiledProfile = { profile, columns, synonyms };
  compiled.set(profile, c);
  return c;
}

export type HeaderMatch =
  /** The header names the column; `unit` is the one it declares, or null when it declares none. */
  | { readonly kind: 'column'; readonly column: CompiledColumn; readonly unit: Unit | null }
  /** The header names the column but declares a unit it does not accept (or one unknown to Mujun). */
  | { readonly kind: 'bad_unit'; readonly column: CompiledColumn; readonly unitText: string };

/**
 * What follows a column's name in a header, as unit text: '' when nothing, the unit when it is in
 * brackets, after a space (already removed), a slash or `单位:`; null when the rest is not a unit
 * annotation (`营业收入合计`, so the header is another column).
 */
function unitAnnotation(rest: string): { text: string; bracketed: boolean } | null {
  if (rest.length === 0) return { text: '', bracketed: false };
  let r = rest;
  let bracketed = false;
  const m = /^\((.*)\)$/u.exec(r);
  if (m && !m[1]!.includes('(') && !m[1]!.includes(')')) {
    r = m[1]!;
    bracketed = true;
  } else if (/^[/_\-:,]/u.test(r)) {
    r = r.slice(1);
    bracketed = true;
  }
  r = r.replace(/^(?:计量单位|单位)[:]?/u, '');
  return { text: r, bracketed };
}

/** The column a header names, with its declared unit; null when it names none of the profile's columns. */
export function matchHeader(header: string, profile: CompiledProfile): HeaderMatch | null {
  const h = normaliseLabel(header);
  if (h.length === 0) return null;
  for (const { key, column } of profile.synonyms) {
    if (!h.startsWith(key)) continue;
    const note = unitAnnotation(h.slice(key.length));
    if (note === null) continue;
    if (note.text === '') return { kind: 'column', column, unit: null };
    if (column.quantity === null) {
      // Text and code columns: a bracketed remark (`成立日期(年月日)`) is allowed, bare text is not.
      if (note.bracketed) return { kind: 'column', column, unit: null };
      continue;
    }
    const unit = findUnit(column.quantity, note.text);
    if (unit) {
      return column.units.includes(unit)
        ? { kind: 'column', column, unit }
        : { kind: 'bad_unit', column, unitText: note.text };
    }
    // Brackets or a unit of another kind after the name: a unit, but not one of this column.
    if (note.bracketed || findAnyUnit(note.text)) return { kind: 'bad_unit', column, unitText: note.text };
  }
  return null;
}
