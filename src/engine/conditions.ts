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
