/**
 * Recognising a file's layout: which profile its header fits, which column is which canonical input,
 * in which unit; and where the header is (after a title row or two, possibly over two rows when a
 * spreadsheet merged the upper header cells).
 *
 * @example
 * const r = recogniseProfile(['户号', '户名', '统一社会信用代码', '用电量(千瓦时)'], profiles);
 * r?.profile.id // 'power'; r.mapping[3] → { column: 'electricity', unit: 千瓦时, unitFrom: 'header' }
 */
import type { RawRow } from '../types.js';
import { cellText, normaliseLabel } from '../normalise/text.js';
import type { Unit } from '../normalise/units.js';
import { compileProfile, matchHeader, type CompiledColumn } from './header.js';
import type { ColumnType, Profile, TargetField } from './schema.js';

/** A file-level remark about the header (a warning) or a reason the file cannot be imported (an error). */
export interface HeaderNotice {
  readonly rule: string;
  /** The header as written, when the notice is about one column. */
  readonly column: string | null;
  readonly zh: string;
  readonly en: string;
}

/** One header cell mapped to a profile column. */
export interface MappedColumn {
  /** 0-based index of the cell in each row. */
  readonly index: number;
  /** The header as written (both rows, joined, for a two-row header). */
  readonly header: string;
  /** The profile's column id. */
  readonly column: string;
  readonly type: ColumnType;
  /** The unit of a number column: from the header, or the profile's default; null otherwise. */
  readonly unit: Unit | null;
  readonly unitFrom: 'header' | 'default' | null;
  /** Whether the import reads it (a column recognised but not used, e.g. 实缴税金 next to 税收实际贡献). */
  readonly used: boolean;
}

export interface Recognition {
  readonly profile: Profile;
  readonly mapping: readonly MappedColumn[];
  readonly unmapped: readonly { readonly index: number; readonly header: string }[];
  /** Share of the non-empty header cells this profile explains (0–1). */
  readonly score: number;
  /** For each field the profile fills, the columns read, after choosing `first_present` alternatives. */
  readonly fields: ReadonlyMap<
    TargetField,
    { readonly kind: 'one' | 'sum'; readonly columns: readonly string[] }
  >;
  readonly warnings: readonly HeaderNotice[];
  /** Non-empty: the file cannot be imported with this profile (a required column is missing, a unit unknown…). */
  readonly errors: readonly HeaderNotice[];
}

/** Required columns of a profile that a set of mapped column ids lacks, as their first header names. */
function missingRequired(profile: Profile, present: ReadonlySet<string>): string[] {
  const missing: string[] = [];
  for (const r of profile.recognise.required) {
    const alternatives = typeof r === 'string' ? [r] : r;
    if (!alternatives.some((a) => present.has(a)))
      missing.push(alternatives.map((a) => profile.columns[a]?.headers[0] ?? a).join(' / '));
  }
  return missing;
}

/**
 * Maps the header cells onto one profile. Returns the mapping even when the profile does not fit (its
 * `errors` then say why), so that a forced `--profile` can explain what is missing.
 */
export function mapHeader(headerCells: readonly string[], profile: Profile): Recognition {
  const cp = compileProfile(profile);
  const found = new Map<
    string,
    { index: number; header: string; column: CompiledColumn; unit: Unit | null }
  >();
  const unmapped: { index: number; header: string }[] = [];
  const warnings: HeaderNotice[] = [];
  const errors: HeaderNotice[] = [];
  const badUnits: { column: string; header: string; unitText: string; accepted: string }[] = [];
  let nonEmpty = 0;
  let mapped = 0;
  headerCells.forEach((header, index) => {
    if (header.trim().length === 0) return;
    nonEmpty++;
    const m = matchHeader(header, cp);
    if (!m) {
      unmapped.push({ index, header });
      return;
    }
    mapped++;
    if (m.kind === 'bad_unit') {
      badUnits.push({
        column: m.column.id,
        header,
        unitText: m.unitText,
        accepted: m.column.units.map((u) => u.id).join('、'),
      });
      return;
    }
    const prev = found.get(m.column.id);
    if (prev) {
      errors.push({
        rule: 'duplicate_column',
        column: header,
        zh: `“${prev.header}”和“${header}”是同一列（${m.column.id}），无法确定用哪一列`,
        en: `"${prev.header}" and "${header}" are the same column (${m.column.id}); cannot tell which to use`,
      });
      return;
    }
    found.set(m.column.id, { index, header, column: m.column, unit: m.unit });
  });

  const present = new Set(found.keys());
  for (const b of badUnits) present.add(b.column);
  const missing = missingRequired(profile, present);
  if (missing.length > 0)
    errors.push({
      rule: 'missing_columns',
      column: null,
      zh: `不符合“${profile.label.zh}”（${profile.id}）格式：缺少列 ${missing.join('，')}`,
      en: `not the ${profile.label.en} layout (${profile.id}): missing column(s) ${missing.join(', ')}`,
    });

  // Which columns are read: each field's source, first_present decided by what the file has.
  const fields = new Map<TargetField, { kind: 'one' | 'sum'; columns: string[] }>();
  const used = new Set<string>([profile.key]);
  if (profile.row_key) used.add(profile.row_key);
  if (profile.holdings) for (const c of Object.values(profile.holdings)) if (c) used.add(c);
  for (const [id, spec] of Object.entries(profile.columns)) if (spec.type === 'data_year') used.add(id);
  for (const [field, source] of Object.entries(profile.fields) as [
    TargetField,
    NonNullable<Profile['fields'][TargetField]>,
  ][]) {
    if (typeof source === 'string') {
      fields.set(field, { kind: 'one', columns: [source] });
      used.add(source);
    } else if ('sum' in source) {
      fields.set(field, { kind: 'sum', columns: source.sum });
      for (const c of source.sum) used.add(c);
    } else {
      const pick = source.first_present.find((c) => present.has(c));
      if (pick === undefined) continue;
      fields.set(field, { kind: 'one', columns: [pick] });
      used.add(pick);
      if (pick !== source.first_present[0] && found.has(pick)) {
        const preferred = source.first_present
          .slice(0, source.first_present.indexOf(pick))
          .map((c) => profile.columns[c]?.headers[0] ?? c);
        const header = found.get(pick)!.header;
        warnings.push({
          rule: 'fallback_column',
          column: header,
          zh: `文件中没有“${preferred.join('、')}”，${field} 取自“${header}”`,
          en: `the file has no "${preferred.join('", "')}"; ${field} is taken from "${header}"`,
        });
      }
    }
  }

  for (const b of badUnits) {
    const notice: HeaderNotice = {
      rule: 'unknown_unit',
      column: b.header,
      zh: `表头“${b.header}”的单位“${b.unitText}”不是该列可接受的单位（${b.accepted}），不做猜测`,
      en: `the unit "${b.unitText}" in header "${b.header}" is not one this column accepts (${b.accepted}); no guessing`,
    };
    (used.has(b.column) ? errors : warnings).push(notice);
  }

  const mapping: MappedColumn[] = [];
  for (const f of found.values()) {
    const isUsed = used.has(f.column.id);
    let unit: Unit | null = null;
    let unitFrom: MappedColumn['unitFrom'] = null;
    if (f.column.quantity !== null) {
      unit = f.unit ?? f.column.defaultUnit;
      unitFrom = f.unit ? 'header' : 'default';
      if (!f.unit && isUsed && f.column.units.length > 1 && unit)
        warnings.push({
          rule: 'default_unit',
          column: f.header,
          zh: `表头“${f.header}”未注明单位，按“${profile.label.zh}”的默认单位“${unit.id}”读取`,
          en: `header "${f.header}" names no unit; read in ${unit.id} (${unit.en}), the ${profile.label.en} default`,
        });
    }
    mapping.push({
      index: f.index,
      header: f.header,
      column: f.column.id,
      type: f.column.spec.type,
      unit,
      unitFrom,
      used: isUsed,
    });
  }
  mapping.sort((a, b) => a.index - b.index);

  const key = found.get(profile.key);
  const keySpec = profile.columns[profile.key];
  // 纳税人识别号 and the like: the same code for firms registered since 2015, but worth saying.
  if (key && keySpec?.type === 'uscc' && !normaliseLabel(key.header).includes('信用代码')) {
    warnings.push({
      rule: 'key_synonym',
      column: key.header,
      zh: `“${key.header}”按统一社会信用代码读取（2015 年后登记的企业两者相同；旧的 15/20 位识别号会被拒绝）`,
      en: `"${key.header}" is read as the unified social credit code (identical for firms registered since 2015; old 15/20-digit ids are rejected)`,
    });
  }

  return {
    profile,
    mapping,
    unmapped,
    score: nonEmpty === 0 ? 0 : mapped / nonEmpty,
    fields,
    warnings,
    errors,
  };
}

/**
 * The profile that best fits a header: among those whose required columns are all present and whose
 * header has no error, the one explaining the largest share of the header cells (then the most
 * columns, then the id). Null when none fits.
 */
export function recogniseProfile(
  headerCells: readonly string[],
  profiles: readonly Profile[],
): Recognition | null {
  let best: Recognition | null = null;
  for (const p of profiles) {
    const r = mapHeader(headerCells, p);
    if (r.errors.length > 0) continue;
    if (best === null || better(r, best)) best = r;
  }
  return best;
}

function better(a: Recognition, b: Recognition): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.mapping.length !== b.mapping.length) return a.mapping.length > b.mapping.length;
  return a.profile.id < b.profile.id;
}

// --- locating the header ------------------------------------------------------------------------------

/**
 * A predicate "this header cell names a column of one of these layouts" (with a unit it accepts), for a
 * header search that only needs to count recognised cells (the readers' `findHeader`).
 */
export function headerPredicate(profiles: readonly Profile[]): (text: string) => boolean {
  const compiled = profiles.map(compileProfile);
  return (text) => compiled.some((cp) => matchHeader(text, cp)?.kind === 'column');
}

/** How many rows at the top of a table are searched for the header. */
export const HEADER_SCAN_ROWS = 20;

export interface HeaderLocation {
  /** Index (in the rows given) of the last header row; data start after it. */
  readonly lastHeaderRow: number;
  /** 1 for a plain header, 2 when two rows were combined. */
  readonly headerRows: 1 | 2;
  readonly headerCells: readonly string[];
  readonly recognition: Recognition;
}

function rowTexts(row: RawRow): string[] {
  return row.cells.map((c) => cellText(c) ?? '');
}

/**
 * Two header rows as one: the upper row's merged cells (text only in their first cell) fill to the right
 * over the cells below them, and each column reads `upper + lower` when the lower one is a unit
 * (`用电量` over `(千瓦时)`), else the lower one when present, else the upper one.
 */
export function combineHeaderRows(upper: readonly string[], lower: readonly string[]): string[] {
  const n = Math.max(upper.length, lower.length);
  const out: string[] = [];
  let carry = '';
  for (let i = 0; i < n; i++) {
    const u = (upper[i] ?? '').trim();
    const l = (lower[i] ?? '').trim();
    if (u) carry = u;
    else if (!l) carry = '';
    const over = u || carry;
    if (!l) out.push(u);
    else if (/^[(（[【]/u.test(l) || /^(?:单位|计量单位)[:：]/u.test(l)) out.push(over + l);
    else out.push(l);
  }
  return out;
}

/**
 * Finds the header among the first rows of a table (title rows above it are skipped) and recognises
 * its layout; with `profile` set, only that layout is tried. Null when no row fits any layout.
 */
export function locateHeader(
  rows: readonly RawRow[],
  profiles: readonly Profile[],
  options: { readonly profile?: Profile; readonly scanRows?: number } = {},
): HeaderLocation | null {
  const scan = Math.min(rows.length, options.scanRows ?? HEADER_SCAN_ROWS);
  const candidates = options.profile ? [options.profile] : profiles;
  let best: HeaderLocation | null = null;
  const texts = rows.slice(0, scan).map(rowTexts);
  const headerUnits = (r: Recognition): number => r.mapping.filter((m) => m.unitFrom === 'header').length;
  const consider = (cells: string[], last: number, headerRows: 1 | 2): void => {
    const r = recogniseProfile(cells, candidates);
    if (!r) return;
    // More columns, then more units read from the header (a second row of units belongs to the header),
    // then a better share; on a tie the earlier candidate (a single row) stays.
    if (best !== null) {
      const b = best.recognition;
      const d = r.mapping.length - b.mapping.length || headerUnits(r) - headerUnits(b) || r.score - b.score;
      if (!(d > 1e-12)) return;
    }
    best = { lastHeaderRow: last, headerRows, headerCells: cells, recognition: r };
  };
  for (let i = 0; i < scan; i++) {
    consider(texts[i]!, i, 1);
    if (i > 0) consider(combineHeaderRows(texts[i - 1]!, texts[i]!), i, 2);
  }
  return best;
}

/**
 * Why no header was found, as notices: the errors of the best candidate that has every required column
 * (an unknown unit, a column twice), or for a forced profile the columns it misses, or a generic notice.
 */
export function explainNoHeader(
  rows: readonly RawRow[],
  profiles: readonly Profile[],
  forced?: Profile,
): HeaderNotice[] {
  const scan = Math.min(rows.length, HEADER_SCAN_ROWS);
  let closest: Recognition | null = null;
  for (let i = 0; i < scan; i++) {
    const texts = rowTexts(rows[i]!);
    for (const p of forced ? [forced] : profiles) {
      const r = mapHeader(texts, p);
      const fits = !r.errors.some((e) => e.rule === 'missing_columns');
      if (!forced && !fits) continue;
      if (closest === null || r.mapping.length > closest.mapping.length) closest = r;
    }
  }
  if (closest && closest.errors.length > 0) return [...closest.errors];
  const names = profiles.map((p) => `${p.label.zh}（${p.id}）`).join('、');
  const namesEn = profiles.map((p) => `${p.label.en} (${p.id})`).join(', ');
  return [
    {
      rule: 'no_header',
      column: null,
      zh: `前 ${HEADER_SCAN_ROWS} 行中没有可识别的表头；已知格式：${names}`,
      en: `no recognisable header in the first ${HEADER_SCAN_ROWS} rows; known layouts: ${namesEn}`,
    },
  ];
}
