/**
 * Writes records as a canonical record file (docs/methodology.md): UTF-8 CSV, header row, one row per
 * enterprise, empty cell = missing, booleans 1/0, canonical units.
 */
import { CANONICAL_COLUMNS, isNumericField, OPTIONAL_COLUMNS } from '../domain/fields.js';
import type { RecordBatch } from '../domain/record-batch.js';

/** Quotes a CSV cell when it needs it (comma, quote, CR/LF). */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function numberCell(v: number): string {
  return Number.isNaN(v) ? '' : String(v);
}

export interface FormatOptions {
  /** Also write the optional columns (little_giant, listed, land_acquired, tenant_of). Default false. */
  optionalColumns?: boolean;
}

/** The canonical CSV text of a batch. */
export function formatCanonicalCsv(batch: RecordBatch, options: FormatOptions = {}): string {
  const cols: string[] = [...CANONICAL_COLUMNS, ...(options.optionalColumns ? OPTIONAL_COLUMNS : [])];
  const getters = cols.map((c): ((i: number) => string) => {
    switch (c) {
      case 'uscc':
        return (i) => csvCell(batch.uscc[i]!);
      case 'name':
        return (i) => csvCell(batch.name[i] ?? '');
      case 'division':
        return (i) => csvCell(batch.division[i] ?? '');
      case 'industry':
        return (i) => csvCell(batch.industry[i] ?? '');
      case 'tenant_of':
        return (i) => csvCell(batch.tenantOf[i] ?? '');
      default: {
        if (!isNumericField(c)) throw new Error(`not a column: ${c}`);
        const col = batch.columns[c];
        return (i) => numberCell(col[i]!);
      }
    }
  });
  const lines: string[] = [cols.join(',')];
  for (let i = 0; i < batch.length; i++) lines.push(getters.map((g) => g(i)).join(','));
  return lines.join('\n') + '\n';
}
