/**
 * What the cockpit needs of a run, computed once when the run is stored (from the rows being written)
 * and kept in the run's summary as `web`: per county the statuses, classes and the sums behind the
 * per-mu figures; the best and worst graded enterprises (positions, city-wide and per group); the
 * coverage of the input fields. The cockpit then reads a few rows instead of scanning the run
 * several times. Manual adjustments made later change adjusted classes only; the cockpit applies them.
 */
import type { CountyFigures, RunResultRow } from '../db/index.js';
import type { RecordBatch } from '../domain/record-batch.js';
import { COVERAGE_FIELDS, FIELD_DEPARTMENT } from '../report/fields.js';

/** How many best and worst positions are kept (the cockpit's `size` at most). */
export const EXTREMES_KEPT = 100;

export interface RunDigest {
  version: 1;
  counties: CountyFigures[];
  /** Positions (seq) of the best and worst graded results, in ranking order; `all` and per group id. */
  extremes: Record<string, { best: number[]; worst: number[] }>;
  coverage: {
    records: number;
    fields: Record<string, number>;
    /** Per department: records with any of its fields. */
    groups: Record<string, number>;
  };
}

type Classes = { A: number; B: number; C: number; D: number };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const isClass = (c: string | null): c is keyof Classes => c === 'A' || c === 'B' || c === 'C' || c === 'D';

export function runDigest(rows: readonly RunResultRow[], batch: RecordBatch): RunDigest {
  const by = new Map<string | null, Mutable<CountyFigures> & { classes: Classes; initialClasses: Classes }>();
  for (const r of rows) {
    let f = by.get(r.division);
    if (!f) {
      f = {
        division: r.division,
        graded: 0,
        computedNotGraded: 0,
        notEvaluated: 0,
        classes: { A: 0, B: 0, C: 0, D: 0 },
        initialClasses: { A: 0, B: 0, C: 0, D: 0 },
        landMu: 0,
        tax: 0,
        landWithTax: 0,
        valueAdded: 0,
        landWithValueAdded: 0,
      };
      by.set(r.division, f);
    }
    if (isClass(r.adjustedClass)) f.classes[r.adjustedClass]++;
    if (isClass(r.initialClass)) f.initialClasses[r.initialClass]++;
    if (r.status === 'graded') {
      f.graded++;
      const land = r.landMu ?? null;
      if (land !== null) {
        f.landMu += land;
        if (r.tax !== null && r.tax !== undefined) {
          f.tax += r.tax;
          f.landWithTax += land;
        }
        if (r.valueAdded !== null && r.valueAdded !== undefined) {
          f.valueAdded += r.valueAdded;
          f.landWithValueAdded += land;
        }
      }
    } else if (r.status === 'computed_not_graded') f.computedNotGraded++;
    else f.notEvaluated++;
  }
  const counties = [...by.values()].sort((a, b) =>
    a.division === b.division
      ? 0
      : a.division === null
        ? 1
        : b.division === null
          ? -1
          : a.division < b.division
            ? -1
            : 1,
  );

  // Ranking order city-wide: total ↓, tax per mu ↓ (missing last), USCC ↑; the worst are the same order
  // read from the end. One sort of the graded positions; each group's lists are filtered from it.
  const graded: number[] = [];
  for (let k = 0; k < rows.length; k++)
    if (rows[k]!.status === 'graded' && rows[k]!.total !== null) graded.push(k);
  const total = new Float64Array(rows.length);
  const tpm = new Float64Array(rows.length);
  for (const k of graded) {
    total[k] = rows[k]!.total!;
    tpm[k] = rows[k]!.taxPerMu ?? -Infinity; // missing sorts after every value, descending
  }
  graded.sort((a, b) => {
    const d = total[b]! - total[a]!;
    if (d !== 0) return d;
    const t = tpm[b]! - tpm[a]!;
    if (t !== 0 && !Number.isNaN(t)) return t;
    const ua = rows[a]!.uscc;
    const ub = rows[b]!.uscc;
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  });
  const ends = (list: readonly number[]) => ({
    best: list.slice(0, EXTREMES_KEPT).map((k) => rows[k]!.seq),
    worst: list
      .slice(-EXTREMES_KEPT)
      .reverse()
      .map((k) => rows[k]!.seq),
  });
  const extremes: RunDigest['extremes'] = { all: ends(graded) };
  const groups = new Map<string, number[]>();
  for (const k of graded) {
    const g = rows[k]!.groupId;
    if (g) (groups.get(g) ?? groups.set(g, []).get(g)!).push(k);
  }
  for (const [g, list] of groups) extremes[`group:${g}`] = ends(list);

  // Coverage of the input fields, and per department of any of its fields.
  const n = batch.length;
  const fields: Record<string, number> = {};
  const masks = new Map<string, Uint8Array>();
  for (const f of COVERAGE_FIELDS) {
    const has = new Uint8Array(n);
    const text =
      f === 'name'
        ? batch.name
        : f === 'division'
          ? batch.division
          : f === 'industry'
            ? batch.industry
            : null;
    const col = text ? null : (batch.columns as Record<string, Float64Array | undefined>)[f];
    let c = 0;
    for (let i = 0; i < n; i++)
      if (text ? text[i] != null : col !== undefined && col !== null && !Number.isNaN(col[i]!)) {
        has[i] = 1;
        c++;
      }
    fields[f] = c;
    const d = FIELD_DEPARTMENT[f]!;
    const m = masks.get(d);
    if (!m) masks.set(d, has);
    else for (let i = 0; i < n; i++) m[i]! |= has[i]!;
  }
  const groupsCov: Record<string, number> = {};
  for (const [d, m] of masks) {
    let c = 0;
    for (let i = 0; i < n; i++) c += m[i]!;
    groupsCov[d] = c;
  }
  return { version: 1, counties, extremes, coverage: { records: batch.length, fields, groups: groupsCov } };
}
