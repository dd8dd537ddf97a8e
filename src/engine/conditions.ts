/**
 * Compiles a methodology condition into a predicate over one record of a batch. Compiled once per run,
 * so evaluating 200,000 records costs a few closure calls each rather than re-reading the rule tree.
 */
import type { RecordBatch } from '../domain/record-batch.js';
import { IndustryTable } from '../domain/reference.js';
import type { Condition } from './methodology/schema.js';

export type Predicate = (i: number) => boolean;

export function compileCondition(c: Condition, batch: RecordBatch, dataYear: number): Predicate {
  if ('all' in c) {
    const ps = c.all.map((x) => compileCondition(x, batch, dataYear));
    return (i) => ps.every((p) => p(i));
  }
  if ('any' in c) {
    const ps = c.any.map((x) => compileCondition(x, batch, dataYear));
    return (i) => ps.some((p) => p(i));
  }
  if ('not' in c) {
    const p = compileCondition(c.not, batch, dataYear);
    return (i) => !p(i);
  }
  if ('industry' in c) {
    // A lookup table over the 100 possible 大类: one array read per record.
    const inRange = new Uint8Array(100);
    for (const r of c.industry) for (let m = r.from; m <= r.to; m++) inRange[m] = 1;
    return (i) => {
      const code = batch.industry[i];
      if (!code) return false;
      const m = IndustryTable.majorOf(code);
      return inRange[m] === 1;
    };
  }
  if ('industryCodes' in c) {
    const codes = c.industryCodes;
    return (i) => {
      const code = batch.industry[i];
      if (!code) return false;
      for (const p of codes) if (code.startsWith(p)) return true;
      return false;
    };
  }
  if ('uscc' in c) {
    const set = new Set(c.uscc);
    return (i) => set.has(batch.uscc[i]!);
  }
  const col = batch.columns[c.field];
  switch (c.op) {
    case 'missing':
      return (i) => Number.isNaN(col[i]!);
    case 'present':
      return (i) => !Number.isNaN(col[i]!);
    case 'within_years': {
      const from = dataYear - c.value + 1;
      return (i) => {
        const v = col[i]!;
        return v >= from && v <= dataYear;
      };
    }
    case 'eq': {
      const v = c.value;
      return (i) => col[i] === v;
    }
    case 'ne': {
      const v = c.value;
      return (i) => !Number.isNaN(col[i]!) && col[i] !== v;
    }
    case 'gt': {
      const v = c.value;
      return (i) => col[i]! > v;
    }
    case 'gte': {
      const v = c.value;
      return (i) => col[i]! >= v;
    }
    case 'lt': {
      const v = c.value;
      return (i) => col[i]! < v;
    }
    case 'lte': {
      const v = c.value;
      return (i) => col[i]! <= v;
    }
  }
}

/**
 * A condition evaluated for every record of the batch at once: 1 where it holds, else 0. The same rules
 * as {@link compileCondition}, as one tight loop per column instead of a closure call per record (the
 * engine's hot loops read the masks).
 */
export function conditionMask(c: Condition, batch: RecordBatch, dataYear: number): Uint8Array {
  const n = batch.length;
  if ('all' in c || 'any' in c) {
    const all = 'all' in c;
    const parts = all ? c.all : c.any;
    const out = new Uint8Array(n).fill(all ? 1 : 0);
    for (const x of parts) combineMask(out, conditionMask(x, batch, dataYear), all);
    return out;
  }
  if ('not' in c) {
    const out = conditionMask(c.not, batch, dataYear);
    invertMask(out);
    return out;
  }
  const out = new Uint8Array(n);
  if ('industry' in c) {
    const inRange = new Uint8Array(100);
    for (const r of c.industry) for (let m = r.from; m <= r.to; m++) inRange[m] = 1;
    industryMask(batch.industry, inRange, out);
    return out;
  }
  if ('industryCodes' in c || 'uscc' in c) {
    // rare in methodologies: the record-wise predicate will do
    predicateMask(compileCondition(c, batch, dataYear), out);
    return out;
  }
  const col = batch.columns[c.field];
  switch (c.op) {
    case 'missing':
      maskMissing(col, out, 1);
      break;
    case 'present':
      maskMissing(col, out, 0);
      break;
    case 'within_years':
      maskBetween(col, dataYear - c.value + 1, dataYear, out);
      break;
    case 'eq':
      maskEq(col, c.value, out);
      break;
    case 'ne':
      maskNe(col, c.value, out);
      break;
    case 'gt':
      maskGt(col, c.value, out);
      break;
    case 'gte':
      maskGte(col, c.value, out);
      break;
    case 'lt':
      maskGt(col, c.value, out, true);
      break;
    case 'lte':
      maskGte(col, c.value, out, true);
      break;
  }
  return out;
}

// One small function per loop: V8 optimises a short hot loop soon, even in a cold process.

function combineMask(out: Uint8Array, m: Uint8Array, and: boolean): void {
  if (and) for (let i = 0; i < out.length; i++) out[i] = out[i]! & m[i]!;
  else for (let i = 0; i < out.length; i++) out[i] = out[i]! | m[i]!;
}

function invertMask(out: Uint8Array): void {
  for (let i = 0; i < out.length; i++) out[i] = out[i]! ^ 1;
}

function predicateMask(p: Predicate, out: Uint8Array): void {
  for (let i = 0; i < out.length; i++) out[i] = p(i) ? 1 : 0;
}

function industryMask(industry: readonly (string | null)[], inRange: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < out.length; i++) {
    const code = industry[i];
    if (!code) continue;
    const a = code.charCodeAt(0) - 48;
    const b = code.charCodeAt(1) - 48;
    // as IndustryTable.majorOf: two leading digits, else no 大类
    if (a >= 0 && a <= 9 && b >= 0 && b <= 9) out[i] = inRange[a * 10 + b]!;
  }
}

function maskMissing(col: Float64Array, out: Uint8Array, missing: number): void {
  for (let i = 0; i < out.length; i++) {
    const v = col[i]!;
    out[i] = v !== v ? missing : missing ^ 1;
  }
}

function maskBetween(col: Float64Array, from: number, to: number, out: Uint8Array): void {
  for (let i = 0; i < out.length; i++) {
    const v = col[i]!;
    out[i] = v >= from && v <= to ? 1 : 0;
  }
}

function maskEq(col: Float64Array, x: number, out: Uint8Array): void {
  for (let i = 0; i < out.length; i++) out[i] = col[i] === x ? 1 : 0;
}

function maskNe(col: Float64Array, x: number, out: Uint8Array): void {
  for (let i = 0; i < out.length; i++) {
    const v = col[i]!;
    out[i] = v === v && v !== x ? 1 : 0;
  }
}

/** v > x, or v < x when `less` (NaN compares false either way). */
function maskGt(col: Float64Array, x: number, out: Uint8Array, less = false): void {
  if (less) for (let i = 0; i < out.length; i++) out[i] = col[i]! < x ? 1 : 0;
  else for (let i = 0; i < out.length; i++) out[i] = col[i]! > x ? 1 : 0;
}

/** v ≥ x, or v ≤ x when `less`. */
function maskGte(col: Float64Array, x: number, out: Uint8Array, less = false): void {
  if (less) for (let i = 0; i < out.length; i++) out[i] = col[i]! <= x ? 1 : 0;
  else for (let i = 0; i < out.length; i++) out[i] = col[i]! >= x ? 1 : 0;
}
