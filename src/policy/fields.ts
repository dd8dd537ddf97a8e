/**
 * Which record fields a methodology reads (indicators, conditions, adjustments, the tie-break), so that
 * what-if and sensitivity read only those columns of a 200,000-record dataset. Pure.
 */
import type { NumericField } from '../domain/fields.js';
import type { Condition, Methodology } from '../engine/index.js';

export function conditionFields(c: Condition, out: Set<NumericField>): void {
  if ('all' in c) c.all.forEach((x) => conditionFields(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionFields(x, out));
  else if ('not' in c) conditionFields(c.not, out);
  else if ('field' in c) out.add(c.field);
}

/** Every numeric field the engine reads to evaluate with this methodology. */
export function methodologyFields(m: Methodology): NumericField[] {
  // land: the scope; tax and land: the tie-break (tax per mu)
  const out = new Set<NumericField>(['land_mu', 'tax']);
  for (const r of m.scope.notGraded) conditionFields(r.when, out);
  for (const g of m.groups) {
    conditionFields(g.when, out);
    for (const ind of g.indicators) {
      out.add(ind.numerator);
      if (ind.denominator) out.add(ind.denominator);
    }
  }
  for (const a of m.adjustments) {
    if (a.when) conditionFields(a.when, out);
    if (a.perUnit) out.add(a.perUnit.field);
  }
  for (const v of m.vetoes) conditionFields(v.when, out);
  for (const p of m.protections) conditionFields(p.when, out);
  return [...out].sort();
}
