/**
 * One table of a departmental file (a CSV, or one sheet of a workbook) after its header: every data row
 * is validated and either rejected (with every rule it breaks), skipped (blank, 合计, footnote, repeated
 * header) or accepted into a per-enterprise entry. Values are kept in each column's own unit and summed
 * there for additive sources (Σ kWh, Σ m²), then converted once, so sums are as exact as the input.
 */
import type { DivisionTable, IndustryTable } from '../../domain/reference.js';
import { usccProblem } from '../../domain/uscc.js';
import { parseUsccCell, type ParsedUscc } from '../normalise/codes.js';
import { isBlankRow, isNoteRow, isSummaryRow, type SkipReason } from '../normalise/rows.js';
import { normaliseLabel, rawValue } from '../normalise/text.js';
import { toCanonical, type Unit } from '../normalise/units.js';
import type { MappedColumn, Recognition } from '../profiles/recognise.js';
import type { ColumnSpec, Profile, TargetField } from '../profiles/schema.js';
import type { RawCell, RawRow, Rejection } from '../types.js';
import { cellReader, isNumericColumn, isProblem, type CellReader } from './cells.js';
import { FloatList, IntArray, type EnterpriseIds } from './grow.js';
import { messages, type RowRef, type RuleMessage } from './messages.js';

/** State shared by the tables of one department: duplicates are found across its files too. */
export interface DepartmentState {
  readonly id: string;
  readonly registry: boolean;
  readonly tables: Table[];
  /** By enterprise id: the table (its order) and row where the enterprise first appears in this department. */
  readonly firstTable: IntArray;
  readonly firstRow: IntArray;
  /** Row keys seen (户号, 不动产权证号) → index into rowKeyTable / rowKeyRow, where each first appeared. */
  readonly rowKeys: Map<string, number>;
  readonly rowKeyTable: IntArray;
  readonly rowKeyRow: IntArray;
}

export interface TableContext {
  readonly year: number;
  readonly divisions: DivisionTable;
  readonly industries: IndustryTable | null;
  readonly cityCode: string | null;
  readonly ids: EnterpriseIds;
  /** The table with this order (for messages pointing at another file's row). */
  readonly tableAt: (order: number) => Table;
  /** Every rejection of the import, in order of discovery. */
  readonly reject: (r: Rejection, table: Table, uscc: string | null) => void;
}

export interface TableColumn {
  readonly map: MappedColumn;
  readonly spec: ColumnSpec;
  readonly read: CellReader;
  readonly numeric: boolean;
  /** Index into the entry's numbers or strings; -1 for a check-only column (data year). */
  readonly slot: number;
  readonly aggregate: 'sum' | 'max' | 'min' | 'first';
}

/** One parcel row of a land file, kept as a land holding. */
export interface HoldingRow {
  readonly entry: number;
  readonly row: number;
  /** Area in the column's unit. */
  readonly area: number;
  readonly certificate: string | null;
  readonly tenure: string | null;
  readonly use: string | null;
}

const CLEAN_USCC = /^[0-9A-Z]{18}$/;

export type SkipCounts = Record<SkipReason, number>;

/** How one field is read from a table's entry. */
export interface FieldRead {
  readonly field: TargetField;
  readonly kind: 'one' | 'sum';
  readonly columns: readonly TableColumn[];
  /** The headers read, `a + b` for a sum. */
  readonly headers: string;
}

export class Table {
  readonly profile: Profile;
  readonly department: DepartmentState;
  /** Sum this department's rows of one enterprise (meters, parcels), or reject the second. */
  readonly additive: boolean;
  readonly columns: ReadonlyMap<string, TableColumn>;
  readonly keyIndex: number;
  readonly keyHeader: string;
  private readonly readCols: readonly TableColumn[];
  private readonly rowKey: TableColumn | null;
  private readonly nNum: number;
  private readonly nStr: number;
  private readonly scratchNum: number[];
  private readonly scratchStr: (string | null)[];
  private readonly headerKey: string;
  private readonly holdingCols: {
    area: TableColumn;
    certificate?: TableColumn;
    tenure?: TableColumn;
    use?: TableColumn;
  } | null;

  rowsRead = 0;
  accepted = 0;
  rejected = 0;
  readonly skipped: SkipCounts = { blank: 0, summary: 0, note: 0, header_repeat: 0 };

  /** Enterprise id → entry (−1: none). */
  readonly entryOfId = new IntArray(-1);
  /** Per entry: the enterprise id and its first row. */
  readonly ids: number[] = [];
  readonly firstRow: number[] = [];
  readonly extraRows = new Map<number, number[]>();
  /** Entry × numeric slot, in each column's unit; NaN = no value. */
  readonly nums = new FloatList();
  /** Entry × string slot. */
  readonly strs: (string | null)[] = [];
  readonly holdings: HoldingRow[] = [];
  /** Per entry: 1 when rejected after the fact (unknown enterprise, implausible total). */
  private readonly droppedFlags: number[] = [];
  /** The fields this table fills, with their columns, in a form read once per record. */
  readonly fieldReads: readonly FieldRead[];

  constructor(
    readonly file: string,
    readonly sheet: string | null,
    readonly order: number,
    readonly recognition: Recognition,
    /** 1-based row number of the (last) header row. */
    readonly headerRow: number,
    department: DepartmentState,
    private readonly ctx: TableContext,
  ) {
    const profile = recognition.profile;
    this.profile = profile;
    this.department = department;
    const columns = new Map<string, TableColumn>();
    let nNum = 0;
    let nStr = 0;
    for (const map of recognition.mapping) {
      if (!map.used || map.column === profile.key) continue;
      const spec = profile.columns[map.column]!;
      const numeric = isNumericColumn(spec);
      const slot = spec.type === 'data_year' ? -1 : numeric ? nNum++ : nStr++;
      columns.set(map.column, {
        map,
        spec,
        read: cellReader(map, spec, ctx),
        numeric,
        slot,
        aggregate:
          spec.aggregate ??
          (spec.type === 'number'
            ? 'sum'
            : spec.type === 'boolean' || spec.type === 'date'
              ? 'max'
              : 'first'),
      });
    }
    this.columns = columns;
    this.readCols = [...columns.values()];
    this.nNum = nNum;
    this.nStr = nStr;
    this.scratchNum = new Array<number>(nNum).fill(NaN);
    this.scratchStr = new Array<string | null>(nStr).fill(null);
    const key = recognition.mapping.find((m) => m.column === profile.key)!;
    this.keyIndex = key.index;
    this.keyHeader = key.header;
    this.headerKey = normaliseLabel(key.header);
    this.rowKey = profile.row_key ? (columns.get(profile.row_key) ?? null) : null;
    this.additive =
      profile.duplicates === 'sum' || (profile.duplicates === 'sum_with_row_key' && this.rowKey !== null);
    const reads: FieldRead[] = [];
    for (const [field, src] of recognition.fields) {
      const cols = src.columns
        .map((id) => columns.get(id))
        .filter((c): c is TableColumn => c !== undefined && c.slot >= 0);
      if (cols.length === 0) continue;
      reads.push({
        field,
        kind: src.kind,
        columns: cols,
        headers: cols.map((c) => c.map.header).join(' + '),
      });
    }
    this.fieldReads = reads;
    const h = profile.holdings;
    const area = h ? columns.get(h.area) : undefined;
    this.holdingCols =
      h && area
        ? {
            area,
            ...(h.certificate && columns.get(h.certificate)
              ? { certificate: columns.get(h.certificate)! }
              : {}),
            ...(h.tenure && columns.get(h.tenure) ? { tenure: columns.get(h.tenure)! } : {}),
            ...(h.use && columns.get(h.use) ? { use: columns.get(h.use)! } : {}),
          }
        : null;
  }

  private rejectCell(
    row: RawRow,
    uscc: string | null,
    column: string | null,
    value: string | null,
    msg: RuleMessage,
  ): void {
    this.ctx.reject(
      {
        file: this.file,
        sheet: row.sheet,
        row: row.row,
        column,
        value,
        rule: msg.rule,
        zh: msg.zh,
        en: msg.en,
      },
      this,
      uscc,
    );
  }

  /** Whether a row repeats the header (a second page of an export pasted below the first). */
  private isHeaderRepeat(cells: readonly RawCell[]): boolean {
    const c = cells[this.keyIndex];
    return typeof c === 'string' && normaliseLabel(c) === this.headerKey;
  }

  /** Validates one data row and accepts, rejects or skips it. */
  push(row: RawRow): void {
    this.rowsRead++;
    const cells = row.cells;
    if (isBlankRow(cells)) {
      this.skipped.blank++;
      return;
    }
    const keyCell = cells[this.keyIndex];
    // The usual key, a clean valid code, is taken as is; anything else goes through the full parse.
    let code: string | null = null;
    let key: ParsedUscc | null = null;
    if (
      typeof keyCell === 'string' &&
      keyCell.length === 18 &&
      CLEAN_USCC.test(keyCell) &&
      usccProblem(keyCell) === null
    )
      code = keyCell;
    else {
      key = parseUsccCell(keyCell);
      if (key.kind === 'uscc') code = key.code;
    }
    if (code === null) {
      if (isSummaryRow(cells)) {
        this.skipped.summary++;
        return;
      }
      if (key?.kind === 'missing' && isNoteRow(cells)) {
        this.skipped.note++;
        return;
      }
      if (this.isHeaderRepeat(cells)) {
        this.skipped.header_repeat++;
        return;
      }
    }
    let problems = 0;
    if (key?.kind === 'missing') {
      this.rejectCell(row, null, this.keyHeader, rawValue(keyCell), messages.usccMissing(this.keyHeader));
      problems++;
    } else if (key?.kind === 'invalid') {
      const msg =
        key.problem === 'check_char'
          ? messages.usccCheck(key.code)
          : messages.usccFormat(key.code, key.problem);
      this.rejectCell(row, null, this.keyHeader, rawValue(keyCell), msg);
      problems++;
    }
    const nums = this.scratchNum;
    const strs = this.scratchStr;
    for (const col of this.readCols) {
      const cell = cells[col.map.index];
      const v = col.read(cell);
      if (isProblem(v)) {
        this.rejectCell(row, code, col.map.header, rawValue(cell), v);
        problems++;
      } else if (col.slot >= 0) {
        if (col.numeric) nums[col.slot] = v as number;
        else strs[col.slot] = v as string | null;
      }
    }
    const dept = this.department;
    if (this.rowKey) {
      const rk = strs[this.rowKey.slot];
      if (rk !== null && rk !== undefined) {
        const seen = dept.rowKeys.get(rk);
        if (seen !== undefined) {
          const t = this.ctx.tableAt(dept.rowKeyTable.get(seen));
          const first: RowRef = { file: t.file, sheet: t.sheet, row: dept.rowKeyRow.get(seen) };
          this.rejectCell(
            row,
            code,
            this.rowKey.map.header,
            rk,
            messages.duplicateRowKey(this.rowKey.map.header, rk, first),
          );
          problems++;
        } else {
          const k = dept.rowKeys.size;
          dept.rowKeys.set(rk, k);
          dept.rowKeyTable.set(k, this.order);
          dept.rowKeyRow.set(k, row.row);
        }
      }
    }
    let id = -1;
    if (code !== null) {
      id = this.ctx.ids.idOf(code);
      const firstTable = dept.firstTable.get(id);
      if (firstTable < 0) {
        dept.firstTable.set(id, this.order);
        dept.firstRow.set(id, row.row);
      } else if (!this.additive) {
        const t = this.ctx.tableAt(firstTable);
        const first: RowRef = { file: t.file, sheet: t.sheet, row: dept.firstRow.get(id) };
        this.rejectCell(row, code, this.keyHeader, code, messages.duplicate(code, first));
        problems++;
      }
    }
    if (problems > 0) {
      this.rejected++;
      return;
    }
    this.accepted++;
    this.accept(id, row.row, nums, strs);
  }

  private accept(id: number, row: number, nums: readonly number[], strs: readonly (string | null)[]): void {
    let entry = this.entryOfId.get(id);
    const fresh = entry < 0;
    if (fresh) {
      entry = this.ids.length;
      this.entryOfId.set(id, entry);
      this.ids.push(id);
      this.firstRow.push(row);
      this.droppedFlags.push(0);
      this.nums.extend(this.nNum);
      for (let k = 0; k < this.nStr; k++) this.strs.push(null);
    } else {
      const more = this.extraRows.get(entry);
      if (more) more.push(row);
      else this.extraRows.set(entry, [row]);
    }
    const nb = entry * this.nNum;
    const sb = entry * this.nStr;
    for (const col of this.readCols) {
      if (col.slot < 0) continue;
      if (col.numeric) {
        const v = nums[col.slot]!;
        if (Number.isNaN(v)) continue;
        const i = nb + col.slot;
        const old = this.nums.get(i);
        if (fresh || Number.isNaN(old)) this.nums.set(i, v);
        else if (col.aggregate === 'sum') this.nums.set(i, old + v);
        else if (col.aggregate === 'max') this.nums.set(i, Math.max(old, v));
        else if (col.aggregate === 'min') this.nums.set(i, Math.min(old, v));
      } else {
        const v = strs[col.slot];
        if (v === null || v === undefined) continue;
        const i = sb + col.slot;
        if (this.strs[i] === null) this.strs[i] = v;
      }
    }
    const h = this.holdingCols;
    if (h) {
      this.holdings.push({
        entry,
        row,
        area: nums[h.area.slot]!,
        certificate: h.certificate ? (strs[h.certificate.slot] ?? null) : null,
        tenure: h.tenure ? (strs[h.tenure.slot] ?? null) : null,
        use: h.use ? (strs[h.use.slot] ?? null) : null,
      });
    }
  }

  /** Every row of an entry, in file order. */
  rowsOf(entry: number): number[] {
    const more = this.extraRows.get(entry);
    return more ? [this.firstRow[entry]!, ...more] : [this.firstRow[entry]!];
  }

  /** The USCC of an entry (kept once per import, not once per file). */
  codeOf(entry: number): string {
    return this.ctx.ids.codes[this.ids[entry]!]!;
  }

  /** Whether an entry was rejected after the fact. */
  isDropped(entry: number): boolean {
    return this.droppedFlags[entry] === 1;
  }

  /** Rejects every row of an accepted entry after the fact (unknown enterprise, implausible total). */
  dropEntry(entry: number, column: string | null, value: string | null, msg: RuleMessage): void {
    if (this.droppedFlags[entry] === 1) return;
    this.droppedFlags[entry] = 1;
    for (const row of this.rowsOf(entry)) {
      this.ctx.reject(
        { file: this.file, sheet: this.sheet, row, column, value, rule: msg.rule, zh: msg.zh, en: msg.en },
        this,
        this.codeOf(entry),
      );
      this.accepted--;
      this.rejected++;
    }
  }

  /** The live entry of an enterprise id, or −1 (absent or dropped). */
  liveEntry(id: number): number {
    const e = this.entryOfId.get(id);
    return e < 0 || this.droppedFlags[e] === 1 ? -1 : e;
  }

  /**
   * A field's value for an entry in canonical units: one column, or the sum over the sum's columns that
   * have a value (NaN when none has). A string for text fields (null when empty).
   */
  read(entry: number, fr: FieldRead): number | string | null {
    if (fr.kind === 'one') {
      const col = fr.columns[0]!;
      if (!col.numeric) return this.strs[entry * this.nStr + col.slot] ?? null;
      const v = this.nums.get(entry * this.nNum + col.slot);
      return col.map.unit && !Number.isNaN(v) ? toCanonical(v, col.map.unit) : v;
    }
    let sum = NaN;
    for (const col of fr.columns) {
      const v = this.nums.get(entry * this.nNum + col.slot);
      if (Number.isNaN(v)) continue;
      const c = col.map.unit ? toCanonical(v, col.map.unit) : v;
      sum = Number.isNaN(sum) ? c : sum + c;
    }
    return sum;
  }

  /** The unit of a holding's area column. */
  holdingAreaUnit(): Unit | null {
    return this.holdingCols?.area.map.unit ?? null;
  }
}
