/**
 * Pure helpers of the import wizard: the reconciliation as the merge reports it (typed `unknown` in the
 * contract, read defensively), the department and field words, the per-file row check, the next
 * dataset version, and bilingual client-side errors in the server's `中文 / English` form.
 */
import type { ImportPreview } from '../../contract';
import { say, type Vars } from '../../catalogue';
import type { Lang } from '../../i18n';
import { departments, messages, skipLabels } from './messages';

export const ACCEPT = ['.csv', '.xlsx', '.xls', '.txt', '.tsv'];
export const MAX_BYTES = 512 * 1024 * 1024;

export interface SourceValue {
  source: string;
  file: string | null;
  sheet: string | null;
  row: number | null;
  value: string | number;
}

/** The reconciliation as the merge reports it. */
export interface Reconciliation {
  year?: number;
  files?: {
    file: string;
    sheet: string | null;
    profile: string;
    department: string;
    headerRow: number;
    rowsRead: number;
    accepted: number;
    rejected: number;
    skipped: Record<string, number> | number;
    enterprises?: number;
    unmapped?: string[];
    warnings?: { rule: string; column: string | null; zh: string; en: string }[];
  }[];
  problems?: { file: string; sheet?: string | null; rule: string; zh: string; en: string }[];
  notices?: { rule: string; column: string | null; zh: string; en: string; file: string | null }[];
  departments?: string[];
  coverage?: Record<string, number>;
  missing?: Record<string, string[] | number>;
  conflicts?: { uscc: string; field: string; kept: SourceValue; other: SourceValue }[];
  totals?: { rowsRead: number; accepted: number; rejected: number; skipped: number; records: number };
  /** The preview cuts `missing` and `conflicts` to 1,000 entries and gives the full counts here. */
  missingCounts?: Record<string, number>;
  conflictCount?: number;
}

export interface DatasetItem {
  id: number;
  year: number;
  version: number;
  recordCount: number;
  createdAt: string;
}

export interface FileRow {
  file: string;
  sheet: string | null;
  department: string;
  rowsRead: number;
  accepted: number;
  rejected: number;
  skipped: Record<string, number> | number;
  skippedN: number;
}

export const reconciliationOf = (preview: ImportPreview): Reconciliation => preview.reconciliation ?? {};

export const skippedOf = (s: Record<string, number> | number | undefined): number =>
  typeof s === 'number' ? s : Object.values(s ?? {}).reduce((a, b) => a + b, 0);

export const missingOf = (m: string[] | number | undefined): number =>
  typeof m === 'number' ? m : (m?.length ?? 0);

/** A department's words; 未识别 / not recognised without one, the id for one not known. */
export function deptLabel(id: string | null | undefined, lang: Lang): string {
  if (!id) return say(messages, lang, 'notRecognised');
  return id in departments ? say(departments, lang, id as keyof typeof departments) : id;
}

/** A field's words (the code only when the preview has none for it). */
export function fieldWords(preview: ImportPreview, field: string, lang: Lang): string {
  const l = preview.fieldLabels?.[field];
  return l ? l[lang] : field;
}

/** The rows of the per-file check: the reconciliation's files, or the preview's without one. */
export function fileRows(preview: ImportPreview): FileRow[] {
  const files = reconciliationOf(preview).files ?? [];
  if (files.length)
    return files.map((f) => ({
      file: f.file,
      sheet: f.sheet,
      department: f.department,
      rowsRead: f.rowsRead,
      accepted: f.accepted,
      rejected: f.rejected,
      skipped: f.skipped,
      skippedN: skippedOf(f.skipped),
    }));
  return preview.files.map((f) => ({
    file: f.file,
    sheet: f.sheet,
    department: f.department ?? '',
    rowsRead: f.rowsRead,
    accepted: f.accepted,
    rejected: f.rejected,
    skipped: f.skipped,
    skippedN: f.skipped,
  }));
}

/** read = accepted + rejected + skipped. */
export const rowsAddUp = (f: FileRow): boolean => f.rowsRead === f.accepted + f.rejected + f.skippedN;

/** The totals of the reconciliation, summed over the files when the merge gave none. */
export function totalsOf(preview: ImportPreview): NonNullable<Reconciliation['totals']> {
  const rec = reconciliationOf(preview);
  const records = rec.totals?.records ?? preview.records.total;
  return (
    rec.totals ?? {
      rowsRead: preview.files.reduce((a, f) => a + f.rowsRead, 0),
      accepted: preview.files.reduce((a, f) => a + f.accepted, 0),
      rejected: preview.files.reduce((a, f) => a + f.rejected, 0),
      skipped: preview.files.reduce((a, f) => a + f.skipped, 0),
      records,
    }
  );
}

/** The version a new dataset of the year gets (datasets newest first). */
export const nextVersion = (yearDatasets: readonly DatasetItem[]): number =>
  (yearDatasets[0]?.version ?? 0) + 1;

/** The datasets of one year, newest version first. */
export const datasetsOfYear = (items: readonly DatasetItem[], year: number | null): DatasetItem[] =>
  items.filter((d) => d.year === year).sort((a, b) => b.version - a.version);

/** A message of the catalogue in the server's form, `中文 / English` (what ApiError splits). */
export const bilingual = (key: keyof typeof messages, vars?: Vars): string =>
  `${say(messages, 'zh', key, vars)} / ${say(messages, 'en', key, vars)}`;

/** The skipped rows by kind, in words: 空行 2，合计行 1 / blank 2, totals 1. */
export function skippedText(skipped: Record<string, number>, lang: Lang): string {
  return Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k in skipLabels ? say(skipLabels, lang, k as keyof typeof skipLabels) : k} ${n}`)
    .join(say(messages, lang, 'sep'));
}

/** The year asked for in the address, or last year. */
export function initialYear(q: string | null, now: Date): number {
  const y = Number(q);
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : now.getFullYear() - 1;
}
