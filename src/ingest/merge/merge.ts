/**
 * The merge: departmental files in, one canonical record per enterprise out (docs/methodology.md), with the
 * provenance of every field, every rejected row and a reconciliation report.
 *
 * - The registry (市场监管) defines the enterprises: name, county, industry and founding year come from
 *   it, and an enterprise absent from it is rejected as `unknown_enterprise` in every other file.
 * - Each field comes from the first source that has a value, registry first, then the files in the
 *   order given; a different value in a later source is a conflict in the report, not a rejection.
 * - Additive sources (meters, parcels) are summed per enterprise; in the others a second row of the same
 *   enterprise is rejected as a duplicate, also across files of the same department.
 * - Records are ordered by USCC, so the same files give the same batch whatever their order.
 *
 * Pure apart from the shipped tables it defaults to (profiles, GB/T 2260, GB/T 4754), loaded once.
 * Rows are consumed one at a time (`DepartmentMerge`), so a file is never held in memory.
 *
 * @example
 * const result = mergeDepartments([{ file: 'tax.csv', rows }, { file: 'registry.csv', rows: rows2 }], 2023);
 * result.batch              // RecordBatch, ordered by USCC
 * result.reconciliation     // per file: rows read = accepted + rejected + skipped; coverage; conflicts
 *
 * Longer than 600 lines on purpose: it is one pass over the files whose steps share the per-enterprise
 * state (the registry's enterprises, the first source of each field, the sums of additive sources, the
 * duplicates seen); the cell rules, the table reader, the growth of the arrays and the messages are already
 * apart (cells.ts, table.ts, grow.ts, messages.ts).
 */
import { allocateBatch, type RecordBatch } from '../../domain/record-batch.js';
import { isNumericField } from '../../domain/fields.js';
import type { DivisionTable, IndustryTable } from '../../domain/reference.js';
import { loadDivisions, loadIndustries } from '../../reference/reference-data.js';
import { SKIP_REASONS, type SkipReason } from '../normalise/rows.js';
import { nameKey } from '../normalise/text.js';
import { CANONICAL_UNIT, toCanonical, type Unit } from '../normalise/units.js';
import {
  explainNoHeader,
  HEADER_SCAN_ROWS,
  locateHeader,
  type HeaderNotice,
  type MappedColumn,
} from '../profiles/recognise.js';
import type { Profile, TargetField } from '../profiles/schema.js';
import { shippedProfiles } from '../profiles/shipped.js';
import type { FileProblem, RawRow, Rejection } from '../types.js';
import { EnterpriseIds, IntArray } from './grow.js';
import { messages, type RowRef } from './messages.js';
import { Table, type DepartmentState, type TableContext } from './table.js';

// --- public shapes -------------------------------------------------------------------------------------

export interface DepartmentInput {
  readonly file: string;
  readonly rows: Iterable<RawRow>;
  /** Force a layout (a profile or a shipped profile's id) instead of recognising it from the header. */
  readonly profile?: Profile | string;
}

export interface AsyncDepartmentInput {
  readonly file: string;
  readonly rows: AsyncIterable<RawRow> | Iterable<RawRow>;
  readonly profile?: Profile | string;
}

/** An enterprise known before this import (e.g. the stored registry), used when no registry file is given. */
export interface RegistryEntry {
  readonly uscc: string;
  readonly name?: string | null;
  readonly division?: string | null;
  readonly industry?: string | null;
  readonly founded?: number | null;
}

export interface MergeOptions {
  /** The layouts to recognise (default: the shipped profiles). */
  readonly profiles?: readonly Profile[];
  /** GB/T 2260 divisions (default: the shipped table). */
  readonly divisions?: DivisionTable;
  /** GB/T 4754-2017 (default: the shipped table); null accepts any well-formed code. */
  readonly industries?: IndustryTable | null;
  /** The city the data come from, to resolve county names that exist in several cities. */
  readonly cityCode?: string | null;
  /** Known enterprises, used as the registry when the import has no registry file. */
  readonly registry?: readonly RegistryEntry[];
  /**
   * Rejections kept at most (the first ones by file and row); the others are only counted
   * (`rejectionCount`, `reconciliation.rejections`). Default: all.
   */
  readonly maxRejections?: number;
}

/** A table (file, or sheet of a workbook) that could not be imported; nothing of it was used. */
export interface ImportProblem extends FileProblem {
  readonly sheet: string | null;
}

export interface FileReconciliation {
  readonly file: string;
  readonly sheet: string | null;
  readonly profile: string;
  readonly department: string;
  /** 1-based row number of the (last) header row. */
  readonly headerRow: number;
  /** Data rows below the header: rowsRead = accepted + rejected + Σ skipped. */
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Enterprises with at least one accepted row. */
  readonly enterprises: number;
  readonly columns: readonly MappedColumn[];
  readonly unmapped: readonly string[];
  readonly warnings: readonly HeaderNotice[];
}

/** A value as one source has it. */
export interface SourceValue {
  readonly source: string;
  readonly file: string | null;
  readonly sheet: string | null;
  readonly row: number | null;
  readonly value: string | number;
}

/** Two sources disagreeing on a field of one enterprise: `kept` is the value in the record. */
export interface Conflict {
  readonly uscc: string;
  readonly field: TargetField;
  readonly kept: SourceValue;
  readonly other: SourceValue;
}

export interface Reconciliation {
  readonly year: number;
  readonly files: readonly FileReconciliation[];
  /** Tables that could not be imported at all. */
  readonly problems: readonly ImportProblem[];
  /** Remarks about the import as a whole (no registry, a skipped sheet…). */
  readonly notices: readonly (HeaderNotice & { readonly file: string | null })[];
  /** Departments of the import, registry first; `sourcesOf` names them per record. */
  readonly departments: readonly string[];
  /** Per department, how many records it covers. */
  readonly coverage: Readonly<Record<string, number>>;
  /** Per department other than the registry, the records it does not cover (ordered by USCC). */
  readonly missing: Readonly<Record<string, readonly string[]>>;
  readonly conflicts: readonly Conflict[];
  /** Rejections found and kept (kept < total when over MergeOptions.maxRejections). */
  readonly rejections: { readonly total: number; readonly kept: number };
  readonly totals: {
    readonly rowsRead: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly skipped: number;
    readonly records: number;
  };
}

/** Where one field's value came from. Assignable to the stored provenance ({source, file, row}). */
export interface FieldProvenance {
  readonly source: string;
  readonly file: string | null;
  readonly sheet: string | null;
  /** First row read (1-based). */
  readonly row: number | null;
  /** The header(s) read, `a + b` for a sum. */
  readonly column: string | null;
  /** Every row summed, when more than one (meters, parcels). */
  readonly rows?: readonly number[];
  /** Further files of the same department summed in. */
  readonly more?: readonly {
    readonly file: string;
    readonly sheet: string | null;
    readonly rows: readonly number[];
  }[];
}

export type RecordProvenance = Readonly<Partial<Record<TargetField, FieldProvenance>>>;

/** One parcel of a land file (holdings in the profile). */
export interface LandHolding {
  readonly uscc: string;
  readonly certificate: string | null;
  /** Area in 亩; null when the row had none. */
  readonly areaMu: number | null;
  readonly tenure: 'owned' | 'rented' | null;
  readonly use: string | null;
  readonly source: string;
  readonly file: string;
  readonly sheet: string | null;
  readonly row: number;
}

export interface MergeResult {
  readonly year: number;
  /** One record per registry enterprise, ordered by USCC. */
  readonly batch: RecordBatch;
  /** Every rejected row and rule, by file (input order) and row (the first maxRejections of them). */
  readonly rejections: readonly Rejection[];
  /** How many rejections were found, kept or not. */
  readonly rejectionCount: number;
  readonly reconciliation: Reconciliation;
  readonly landHoldings: readonly LandHolding[];
  /** Provenance of record i's fields. */
  provenanceAt(i: number): RecordProvenance;
  /** Provenance of every record, in batch order. */
  provenance(): RecordProvenance[];
  /** The departments that cover record i. */
  sourcesOf(i: number): string[];
}

// --- feeding files -------------------------------------------------------------------------------------

/** Rows of one file, pushed in order; a change of sheet starts a new table. */
export interface FileFeed {
  push(row: RawRow): void;
  end(): void;
}

interface FileState {
  readonly file: string;
  readonly order: number;
  tables: number;
  readonly failures: { sheet: string | null; notices: HeaderNotice[]; rows: number }[];
  /** Ends the file's open table; `finish()` calls it for a feed that was not ended. */
  end: () => void;
}

/** Buffers the top of a table until its header is found, then hands rows to the Table. */
class TableFeed {
  private buffer: RawRow[] = [];
  table: Table | null = null;
  failed = false;
  private ignored = 0;

  constructor(
    private readonly merge: DepartmentMerge,
    private readonly state: FileState,
    readonly sheet: string | null,
    private readonly forced: Profile | undefined,
  ) {}

  push(row: RawRow): void {
    if (this.table) this.table.push(row);
    else if (this.failed) this.ignored++;
    else {
      this.buffer.push(row);
      if (this.buffer.length >= HEADER_SCAN_ROWS) this.resolve();
    }
  }

  private resolve(): void {
    const rows = this.buffer;
    this.buffer = [];
    const loc = locateHeader(rows, this.merge.profiles, this.forced ? { profile: this.forced } : {});
    if (!loc) {
      this.failed = true;
      this.ignored = rows.length;
      this.state.failures.push({
        sheet: this.sheet,
        notices: explainNoHeader(rows, this.merge.profiles, this.forced),
        rows: 0,
      });
      return;
    }
    this.table = this.merge.openTable(this.state, this.sheet, loc.recognition, rows[loc.lastHeaderRow]!.row);
    for (let i = loc.lastHeaderRow + 1; i < rows.length; i++) this.table.push(rows[i]!);
  }

  end(): void {
    if (!this.table && !this.failed && this.buffer.length > 0) this.resolve();
    if (this.failed) this.state.failures[this.state.failures.length - 1]!.rows = this.ignored;
  }
}

// --- the merge -----------------------------------------------------------------------------------------

type TableRejection = { readonly r: Rejection; readonly order: number; readonly k: number };

const byFileAndRow = (a: TableRejection, b: TableRejection): number =>
  a.order - b.order || a.r.row - b.r.row || a.k - b.k;

/**
 * An import in progress: open a feed per file, push its rows, then `finish()`.
 *
 * @example
 * const m = new DepartmentMerge(2023);
 * for (const f of files) { const feed = m.file(f.name); for await (const row of read(f)) feed.push(row); feed.end(); }
 * const result = m.finish();
 */
export class DepartmentMerge {
  readonly profiles: readonly Profile[];
  private readonly ctx: TableContext;
  private readonly tables: Table[] = [];
  private readonly files: FileState[] = [];
  private readonly departments = new Map<string, DepartmentState>();
  private rejections: TableRejection[] = [];
  private rejectionCount = 0;
  private readonly maxRejections: number;
  private readonly ids = new EnterpriseIds();
  /** Registry rows rejected with a valid USCC: why the enterprise is unknown elsewhere. */
  private readonly registryRejected = new Map<string, { ref: RowRef; rule: string }>();
  private finished = false;

  constructor(
    readonly year: number,
    private readonly options: MergeOptions = {},
  ) {
    this.profiles = options.profiles ?? shippedProfiles();
    this.maxRejections = options.maxRejections ?? Infinity;
    this.ctx = {
      year,
      divisions: options.divisions ?? loadDivisions(),
      industries: options.industries === undefined ? loadIndustries() : options.industries,
      cityCode: options.cityCode ?? null,
      ids: this.ids,
      tableAt: (order) => this.tables[order]!,
      reject: (r, table, uscc) => {
        this.rejections.push({ r, order: table.order, k: this.rejectionCount++ });
        // over twice the bound: keep the first ones (by file and row), so memory stays bounded
        if (this.rejections.length >= 2 * this.maxRejections) this.keepFirstRejections();
        if (uscc !== null && table.department.registry && !this.registryRejected.has(uscc))
          this.registryRejected.set(uscc, {
            ref: { file: r.file, sheet: r.sheet, row: r.row },
            rule: r.rule,
          });
      },
    };
  }

  private keepFirstRejections(): void {
    this.rejections.sort(byFileAndRow);
    if (this.rejections.length > this.maxRejections) this.rejections.length = this.maxRejections;
  }

  /** Starts a file; its rows go to the returned feed. */
  file(file: string, options: { readonly profile?: Profile | string } = {}): FileFeed {
    if (this.finished) throw new Error('the merge is finished');
    const forced = this.resolveProfile(options.profile);
    let current: TableFeed | null = null;
    const end = (): void => {
      current?.end();
      current = null;
    };
    const state: FileState = { file, order: this.files.length, tables: 0, failures: [], end };
    this.files.push(state);
    return {
      push: (row) => {
        if (this.finished) throw new Error('the merge is finished');
        if (current === null || row.sheet !== current.sheet) {
          current?.end();
          current = new TableFeed(this, state, row.sheet, forced);
        }
        current.push(row);
      },
      end,
    };
  }

  private resolveProfile(p: Profile | string | undefined): Profile | undefined {
    if (p === undefined || typeof p !== 'string') return p;
    const found = this.profiles.find((x) => x.id === p);
    if (!found)
      throw new Error(
        `找不到导入配置“${p}” / profile "${p}" not found (${this.profiles.map((x) => x.id).join(', ')})`,
      );
    return found;
  }

  /** @internal Called by a table feed once its header is found. */
  openTable(
    state: FileState,
    sheet: string | null,
    recognition: Table['recognition'],
    headerRow: number,
  ): Table {
    const profile = recognition.profile;
    let dept = this.departments.get(profile.department);
    if (!dept) {
      dept = {
        id: profile.department,
        registry: profile.registry === true,
        tables: [],
        firstTable: new IntArray(-1),
        firstRow: new IntArray(0),
        rowKeys: new Map(),
        rowKeyTable: new IntArray(-1),
        rowKeyRow: new IntArray(0),
      };
      this.departments.set(profile.department, dept);
    }
    const table = new Table(state.file, sheet, this.tables.length, recognition, headerRow, dept, this.ctx);
    dept.tables.push(table);
    this.tables.push(table);
    state.tables++;
    return table;
  }

  /** Validates across files, merges and reports. The merge cannot take more rows afterwards. */
  finish(): MergeResult {
    if (this.finished) throw new Error('the merge is finished');
    for (const f of this.files) f.end();
    this.finished = true;
    const notices: (HeaderNotice & { file: string | null })[] = [];
    const problems: ImportProblem[] = [];
    for (const f of this.files) {
      for (const fail of f.failures) {
        // A sheet without a header next to one that has it (a notes sheet) is a remark, not a failure.
        if (f.tables > 0 && fail.notices.every((n) => n.rule === 'no_header')) {
          notices.push({
            rule: 'sheet_skipped',
            column: null,
            file: f.file,
            zh: `工作表“${fail.sheet ?? ''}”没有可识别的表头，已跳过（${fail.rows} 行）`,
            en: `sheet "${fail.sheet ?? ''}" has no recognisable header and was skipped (${fail.rows} rows)`,
          });
          continue;
        }
        for (const n of fail.notices)
          problems.push({
            file: f.file,
            sheet: fail.sheet,
            rule: n.rule,
            zh: `${n.zh}；该表未导入（${fail.rows} 行）`,
            en: `${n.en}; the table was not imported (${fail.rows} rows)`,
          });
      }
      if (f.tables === 0 && f.failures.length === 0)
        problems.push({
          file: f.file,
          sheet: null,
          rule: 'empty',
          zh: '文件没有任何行',
          en: 'the file has no rows',
        });
    }

    // Departments: registry first, then in order of appearance.
    const depts = [...this.departments.values()].sort((a, b) =>
      a.registry === b.registry ? a.tables[0]!.order - b.tables[0]!.order : a.registry ? -1 : 1,
    );
    const ids = this.ids;
    const registryTables = this.tables.filter((t) => t.department.registry);
    const external = this.options.registry ?? null;
    // registered[id] = 1: the enterprise is in the registry (a registry file, or the known enterprises).
    let registered: Uint8Array | null = null;
    if (registryTables.length > 0) {
      registered = new Uint8Array(ids.size);
      for (const t of registryTables)
        for (let e = 0; e < t.ids.length; e++) if (!t.isDropped(e)) registered[t.ids[e]!] = 1;
    } else if (external) {
      for (const r of external) ids.idOf(r.uscc);
      registered = new Uint8Array(ids.size);
      for (const r of external) registered[ids.idOf(r.uscc)] = 1;
    } else {
      notices.push({
        rule: 'no_registry',
        column: null,
        file: null,
        zh: '本次导入没有市场监管登记信息，无法检查企业是否存在；企业名称、区县、行业取自其他来源或缺失',
        en: 'no market-regulation registry in this import: unknown enterprises cannot be detected; name, county and industry come from other sources or are missing',
      });
    }

    // Unknown enterprises: every row of theirs in the other files is rejected.
    if (registered) {
      for (const t of this.tables) {
        if (t.department.registry) continue;
        for (let e = 0; e < t.ids.length; e++) {
          if (registered[t.ids[e]!] === 1) continue;
          const code = t.codeOf(e);
          t.dropEntry(
            e,
            t.keyHeader,
            code,
            messages.unknownEnterprise(
              code,
              this.registryRejected.get(code) ?? null,
              registryTables.length > 0,
            ),
          );
        }
      }
    }

    this.checkTotals(depts);

    // Records: the registry's enterprises (or, without one, every enterprise accepted somewhere), by USCC.
    const live = new Uint8Array(ids.size);
    if (registered) live.set(registered.subarray(0, ids.size));
    else
      for (const t of this.tables)
        for (let e = 0; e < t.ids.length; e++) if (!t.isDropped(e)) live[t.ids[e]!] = 1;
    const codes: string[] = [];
    for (let id = 0; id < ids.size; id++) if (live[id] === 1) codes.push(ids.codes[id]!);
    codes.sort();
    const n = codes.length;

    const batch = allocateBatch(n);
    // Record index of each enterprise id (−1: not a record).
    const recordOf = new Int32Array(ids.size).fill(-1);
    for (let i = 0; i < n; i++) {
      batch.uscc[i] = codes[i]!;
      recordOf[ids.idOf(codes[i]!)] = i;
    }
    const fieldSet = new Set<TargetField>();
    for (const t of this.tables) for (const fr of t.fieldReads) fieldSet.add(fr.field);
    const fromExternal = registryTables.length === 0 && external !== null;
    if (fromExternal) for (const f of ['name', 'division', 'industry', 'founded'] as const) fieldSet.add(f);
    const fields = [...fieldSet];
    const fieldIndex = new Map(fields.map((f, k) => [f, k]));
    // Per field and record: which table (−1: none, −2: the known enterprises) and entry gave the value.
    const srcTable = fields.map(() => new Int32Array(n).fill(-1));
    const srcEntry = fields.map(() => new Int32Array(n).fill(-1));
    const coverage = new Uint32Array(n);
    const conflicts: Conflict[] = [];
    const deptIds = depts.map((d) => d.id);
    if (deptIds.length > 31) throw new Error('more than 31 departments in one import');
    const numeric = fields.map((f) => (isNumericField(f) ? batch.columns[f] : null));
    const text = fields.map((f): (string | null)[] | null =>
      f === 'name'
        ? batch.name
        : f === 'division'
          ? batch.division
          : f === 'industry'
            ? batch.industry
            : f === 'tenant_of'
              ? batch.tenantOf
              : null,
    );
    const current = (k: number, i: number): number | string | null => {
      const col = numeric[k];
      if (col) {
        const v = col[i]!;
        return Number.isNaN(v) ? null : v;
      }
      return text[k]![i] ?? null;
    };
    const store = (k: number, i: number, v: number | string): void => {
      const col = numeric[k];
      if (col) col[i] = v as number;
      else text[k]![i] = v as string;
    };

    if (fromExternal) {
      for (const r of external) {
        const i = recordOf[ids.idOf(r.uscc)]!;
        const put = (f: TargetField, v: string | number | null | undefined): void => {
          if (v === null || v === undefined) return;
          const k = fieldIndex.get(f)!;
          store(k, i, v);
          srcTable[k]![i] = -2;
        };
        put('name', r.name);
        put('division', r.division);
        put('industry', r.industry);
        put('founded', r.founded);
      }
    }

    // Each table in precedence order (registry first, then the files as given), its entries in file
    // order: the first source with a value sets a field, the same department's other tables add to it
    // when additive, and a later department with a different value is a conflict.
    depts.forEach((dept, di) => {
      const bit = 1 << di;
      for (const t of dept.tables) {
        const reads = t.fieldReads.map((fr) => ({
          k: fieldIndex.get(fr.field)!,
          fr,
          additive: t.additive && isAdditiveField(fr.field),
        }));
        for (let e = 0; e < t.ids.length; e++) {
          if (t.isDropped(e)) continue;
          const i = recordOf[t.ids[e]!]!;
          if (i < 0) continue;
          coverage[i]! |= bit;
          for (const { k, fr, additive } of reads) {
            const v = t.read(e, fr);
            if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
            const src = srcTable[k]!;
            const from = src[i]!;
            if (from === -1) {
              store(k, i, v);
              src[i] = t.order;
              srcEntry[k]![i] = e;
            } else if (from >= 0 && this.tables[from]!.department === dept) {
              if (additive && typeof v === 'number') store(k, i, (current(k, i) as number) + v);
            } else {
              const prev = current(k, i)!;
              if (!sameValue(fields[k]!, prev, v))
                conflicts.push({
                  uscc: codes[i]!,
                  field: fields[k]!,
                  kept: this.sourceValue(from, srcEntry[k]![i]!, prev),
                  other: this.sourceValue(t.order, e, v),
                });
            }
          }
        }
      }
    });
    conflicts.sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));

    // Coverage and missing sources.
    const coverageCount: Record<string, number> = {};
    const missing: Record<string, string[]> = {};
    depts.forEach((d, di) => {
      let c = 0;
      const miss: string[] = [];
      for (let i = 0; i < n; i++) {
        if (coverage[i]! & (1 << di)) c++;
        else miss.push(codes[i]!);
      }
      coverageCount[d.id] = c;
      if (!d.registry) missing[d.id] = miss;
    });

    const landHoldings = this.landHoldings();
    const files = this.tables.map((t) => fileReconciliation(t));
    this.keepFirstRejections();
    const rejections = this.rejections.map((x) => x.r);
    this.rejections = [];
    const sum = (g: (f: FileReconciliation) => number): number => files.reduce((a, f) => a + g(f), 0);
    const reconciliation: Reconciliation = {
      year: this.year,
      files,
      problems,
      notices,
      departments: deptIds,
      coverage: coverageCount,
      missing,
      conflicts,
      rejections: { total: this.rejectionCount, kept: rejections.length },
      totals: {
        rowsRead: sum((f) => f.rowsRead),
        accepted: sum((f) => f.accepted),
        rejected: sum((f) => f.rejected),
        skipped: sum((f) => SKIP_REASONS.reduce((a, r) => a + f.skipped[r], 0)),
        records: n,
      },
    };

    const tables = this.tables;
    const provenanceAt = (i: number): RecordProvenance => {
      const out: Partial<Record<TargetField, FieldProvenance>> = {};
      fields.forEach((f, k) => {
        const ti = srcTable[k]![i]!;
        if (ti === -1) return;
        if (ti === -2) {
          out[f] = { source: 'registry', file: null, sheet: null, row: null, column: null };
          return;
        }
        const t = tables[ti]!;
        const rows = t.rowsOf(srcEntry[k]![i]!);
        const more: { file: string; sheet: string | null; rows: number[] }[] = [];
        if (t.additive && isAdditiveField(f))
          for (const o of t.department.tables) {
            if (o === t || !o.fieldReads.some((fr) => fr.field === f)) continue;
            const e = o.liveEntry(ids.idOf(codes[i]!));
            if (e >= 0) more.push({ file: o.file, sheet: o.sheet, rows: o.rowsOf(e) });
          }
        out[f] = {
          source: t.department.id,
          file: t.file,
          sheet: t.sheet,
          row: rows[0]!,
          column: t.fieldReads.find((fr) => fr.field === f)?.headers ?? null,
          ...(rows.length > 1 ? { rows } : {}),
          ...(more.length > 0 ? { more } : {}),
        };
      });
      return out;
    };
    return {
      year: this.year,
      batch,
      rejections,
      rejectionCount: this.rejectionCount,
      reconciliation,
      landHoldings,
      provenanceAt,
      provenance: () => Array.from({ length: n }, (_, i) => provenanceAt(i)),
      sourcesOf: (i) => deptIds.filter((_, di) => (coverage[i]! & (1 << di)) !== 0),
    };
  }

  private sourceValue(tableOrder: number, entry: number, value: string | number): SourceValue {
    if (tableOrder < 0) return { source: 'registry', file: null, sheet: null, row: null, value };
    const t = this.tables[tableOrder]!;
    return { source: t.department.id, file: t.file, sheet: t.sheet, row: t.firstRow[entry] ?? null, value };
  }

  /**
   * Plausibility of an enterprise's total (min_positive_total, e.g. land under 0.02 亩 when the header
   * says 平方米): all its rows in that department are rejected as implausible_for_unit.
   */
  private checkTotals(depts: readonly DepartmentState[]): void {
    for (const dept of depts) {
      const checks = new Map<TargetField, number>();
      for (const t of dept.tables)
        for (const fr of t.fieldReads) {
          const min = fr.kind === 'one' ? fr.columns[0]!.spec.min_positive_total : undefined;
          if (min !== undefined) checks.set(fr.field, Math.max(min, checks.get(fr.field) ?? 0));
        }
      for (const [field, min] of checks) {
        const totals = new Float64Array(this.ids.size).fill(NaN);
        for (const t of dept.tables) {
          const fr = t.fieldReads.find((x) => x.field === field);
          if (!fr) continue;
          for (let e = 0; e < t.ids.length; e++) {
            if (t.isDropped(e)) continue;
            const v = t.read(e, fr);
            if (typeof v !== 'number' || Number.isNaN(v)) continue;
            const id = t.ids[e]!;
            totals[id] = Number.isNaN(totals[id]!) ? v : totals[id]! + v;
          }
        }
        for (let id = 0; id < totals.length; id++) {
          const total = totals[id]!;
          if (!(total > 0 && total < min)) continue;
          for (const t of dept.tables) {
            const e = t.liveEntry(id);
            if (e < 0) continue;
            const col = t.fieldReads.find((x) => x.field === field)?.columns[0];
            const unit: Unit | null = col?.map.unit ?? null;
            const canonical = unit ? CANONICAL_UNIT[unit.quantity] : CANONICAL_UNIT.land;
            const header = col?.map.header ?? field;
            t.dropEntry(
              e,
              header,
              String(total),
              messages.totalTooSmall(header, total, canonical, min, unit ?? canonical),
            );
          }
        }
      }
    }
  }

  private landHoldings(): LandHolding[] {
    const out: LandHolding[] = [];
    for (const t of this.tables) {
      if (t.holdings.length === 0) continue;
      const unit = t.holdingAreaUnit();
      const tenureOf = (v: string | null): 'owned' | 'rented' | null =>
        v === 'owned' || v === 'rented' ? v : null;
      for (const h of t.holdings) {
        if (t.isDropped(h.entry)) continue;
        out.push({
          uscc: t.codeOf(h.entry),
          certificate: h.certificate,
          areaMu: Number.isNaN(h.area) || !unit ? null : toCanonical(h.area, unit),
          tenure: tenureOf(h.tenure),
          use: h.use,
          source: t.department.id,
          file: t.file,
          sheet: t.sheet,
          row: h.row,
        });
      }
    }
    return out;
  }
}

/** Fields summed over an additive source's rows and files; others (text, years, flags) are not. */
function isAdditiveField(f: TargetField): boolean {
  return isNumericField(f) && f !== 'founded' && f !== 'land_acquired' && f !== 'above_scale';
}

function sameValue(field: TargetField, a: string | number, b: string | number): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  if (a === b) return true;
  return field === 'name' && nameKey(String(a)) === nameKey(String(b));
}

function fileReconciliation(t: Table): FileReconciliation {
  let enterprises = 0;
  for (let e = 0; e < t.ids.length; e++) if (!t.isDropped(e)) enterprises++;
  return {
    file: t.file,
    sheet: t.sheet,
    profile: t.profile.id,
    department: t.department.id,
    headerRow: t.headerRow,
    rowsRead: t.rowsRead,
    accepted: t.accepted,
    rejected: t.rejected,
    skipped: { ...t.skipped },
    enterprises,
    columns: t.recognition.mapping,
    unmapped: t.recognition.unmapped.map((u) => u.header),
    warnings: t.recognition.warnings,
  };
}

// --- one-call forms ------------------------------------------------------------------------------------

/** Merges departmental files given as row arrays or iterables (see DepartmentMerge). */
export function mergeDepartments(
  inputs: readonly DepartmentInput[],
  year: number,
  options: MergeOptions = {},
): MergeResult {
  const m = new DepartmentMerge(year, options);
  for (const input of inputs) {
    const feed = m.file(input.file, input.profile === undefined ? {} : { profile: input.profile });
    for (const row of input.rows) feed.push(row);
    feed.end();
  }
  return m.finish();
}

/** Merges departmental files whose rows arrive asynchronously (the readers' AsyncIterable<RawRow>). */
export async function mergeDepartmentsAsync(
  inputs: readonly AsyncDepartmentInput[],
  year: number,
  options: MergeOptions = {},
): Promise<MergeResult> {
  const m = new DepartmentMerge(year, options);
  for (const input of inputs) {
    const feed = m.file(input.file, input.profile === undefined ? {} : { profile: input.profile });
    for await (const row of input.rows) feed.push(row);
    feed.end();
  }
  return m.finish();
}
