/**
 * A set of canonical records stored by column: text fields as string arrays, every other field as a
 * Float64Array in which NaN means missing ("missing is not zero"). The engine works on this shape so
 * that 200,000 enterprises are a few flat arrays rather than 200,000 objects.
 */
import { NUMERIC_FIELDS, type NumericField } from './fields.js';

/** One enterprise's record as an object: the convenient shape for tests, the API and small inputs. */
export interface EnterpriseRecord {
  uscc: string;
  name?: string | null;
  division?: string | null;
  industry?: string | null;
  tenant_of?: string | null;
  /** Numeric and flag fields by canonical name; null or absent = missing. Flags are 1/0 (or true/false). */
  values?: Partial<Record<NumericField, number | boolean | null>>;
}

/** A problem found while reading a record (a non-numeric value, say); the record is then not evaluated. */
export interface RecordIssue {
  field: string;
  value: string;
  rule: string;
}

export interface RecordBatch {
  readonly length: number;
  readonly uscc: string[];
  readonly name: (string | null)[];
  readonly division: (string | null)[];
  readonly industry: (string | null)[];
  readonly tenantOf: (string | null)[];
  readonly columns: Readonly<Record<NumericField, Float64Array>>;
  /** Per record, the first reading problem, or null. */
  readonly issues: (RecordIssue | null)[];
  /** Per record, the 1-based row in the source file it came from (header = row 1), when read from a file. */
  readonly sourceRow?: Int32Array;
}

/** Allocates an empty batch of `n` records with every numeric value missing. */
export function allocateBatch(n: number): RecordBatch {
  const columns = {} as Record<NumericField, Float64Array>;
  for (const f of NUMERIC_FIELDS) columns[f] = new Float64Array(n).fill(NaN);
  return {
    length: n,
    uscc: new Array<string>(n).fill(''),
    name: new Array<string | null>(n).fill(null),
    division: new Array<string | null>(n).fill(null),
    industry: new Array<string | null>(n).fill(null),
    tenantOf: new Array<string | null>(n).fill(null),
    columns,
    issues: new Array<RecordIssue | null>(n).fill(null),
  };
}

/** Builds a batch from record objects. */
export function batchFromRecords(records: readonly EnterpriseRecord[]): RecordBatch {
  const b = allocateBatch(records.length);
  records.forEach((r, i) => {
    b.uscc[i] = r.uscc;
    b.name[i] = r.name ?? null;
    b.division[i] = r.division ?? null;
    b.industry[i] = r.industry ?? null;
    b.tenantOf[i] = r.tenant_of ?? null;
    for (const [k, v] of Object.entries(r.values ?? {})) {
      if (v === null || v === undefined) continue;
      const col = b.columns[k as NumericField];
      if (!col) throw new Error(`unknown field ${k}`);
      col[i] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    }
  });
  return b;
}

/** The record at index i as an object (missing values omitted). */
export function recordAt(b: RecordBatch, i: number): EnterpriseRecord {
  const values: Partial<Record<NumericField, number>> = {};
  for (const f of NUMERIC_FIELDS) {
    const v = b.columns[f][i]!;
    if (!Number.isNaN(v)) values[f] = v;
  }
  return {
    uscc: b.uscc[i]!,
    name: b.name[i] ?? null,
    division: b.division[i] ?? null,
    industry: b.industry[i] ?? null,
    tenant_of: b.tenantOf[i] ?? null,
    values,
  };
}
