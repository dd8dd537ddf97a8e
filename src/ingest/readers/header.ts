/**
 * Finds the header of a departmental table among its first rows: the row with the most cells a
 * profile recognises as header names, below any title rows, or a header spread over two rows (a
 * group header such as 能耗 merged across the sub-headers under it). Pure: rows in, a decision out.
 */
import type { MergedRange, RawCell, RawRow } from '../types.js';

/** One column of a found header. */
export interface HeaderColumn {
  /** 0-based, as in `RawRow.cells`. */
  readonly index: number;
  /** The column's own header text, trimmed: the sub-header, or the single header; '' when none. */
  readonly name: string;
  /** The group header above it in a two-row header (across its whole span), or null. */
  readonly group: string | null;
  /** The name with its group: `能耗/综合能源消费量（吨标准煤）`; the name alone when there is no group. */
  readonly label: string;
}

export interface HeaderMatch {
  /** The header's row numbers (`RawRow.row`): one, or two for a two-row header. */
  readonly rows: readonly number[];
  /** The index, in the rows given, of the first row after the header. */
  readonly dataIndex: number;
  readonly columns: readonly HeaderColumn[];
  /** The columns' names by index (`columns[k].name`). */
  readonly names: readonly string[];
  /** How many columns were recognised. */
  readonly matches: number;
}

export interface FindHeaderOptions {
  /** The merged ranges of the sheet (`TableInfo.merges`): a merged group header fills its span. */
  readonly merges?: readonly MergedRange[];
  /** How many of the first rows to consider (default 20). */
  readonly scanRows?: number;
}

/** A cell as header text: trimmed; numbers as written; dates as YYYY-MM-DD. */
export function headerText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
}

/**
 * The header among the first rows: the candidate with the most columns for which `isHeaderCell`
 * holds, if at least `minMatches`. Candidates are each single row and each pair of consecutive rows
 * read as a group row above a sub-header row; a pair is taken only when it recognises more columns
 * than either of its rows alone (so a title row merged across the table above a one-row header
 * stays a title). On a tie the earlier candidate wins.
 *
 * In a pair, a column's group is the text above it: a merged range fills it across its span, and
 * without merge information (CSV) an empty cell continues the group to its left as long as the
 * sub-header row goes on under it. A text in the upper row with nothing below it (a header merged
 * down over both rows) is that column's name.
 *
 * @example
 * // row 1: 2023年工业企业主要指标 (title)
 * // row 2: 统一社会信用代码 | 单位详细名称 | 能耗                      |
 * // row 3:                  |              | 综合能源消费量（吨标准煤） | 用电量（万千瓦时）
 * findHeader(rows, isKnownHeader, 3)
 * // → rows [2, 3], names ['统一社会信用代码', '单位详细名称', '综合能源消费量（吨标准煤）', '用电量（万千瓦时）'],
 * //   columns[3].group '能耗'
 */
export function findHeader(
  rows: readonly RawRow[],
  isHeaderCell: (text: string) => boolean,
  minMatches: number,
  options: FindHeaderOptions = {},
): HeaderMatch | null {
  const scan = Math.min(rows.length, options.scanRows ?? 20);
  const merges = options.merges ?? [];
  const recognised = (c: HeaderColumn): boolean =>
    c.name !== '' && (isHeaderCell(c.name) || (c.group !== null && isHeaderCell(c.label)));

  const singles: { columns: HeaderColumn[]; score: number }[] = [];
  for (let i = 0; i < scan; i++) {
    const columns = rows[i]!.cells.map((cell, index) => column(index, headerText(cell), null));
    singles.push({ columns, score: columns.filter(recognised).length });
  }

  let best: { at: number; height: 1 | 2; columns: HeaderColumn[]; score: number } | null = null;
  for (let i = 0; i < scan; i++) {
    const single = singles[i]!;
    if (best === null || single.score > best.score) best = { at: i, height: 1, ...single };
    const next = singles[i + 1];
    const top = rows[i]!;
    const sub = rows[i + 1];
    if (next === undefined || sub === undefined || sub.row !== top.row + 1) continue;
    const columns = pairColumns(rows, top, sub, merges);
    const score = columns.filter(recognised).length;
    if (score > single.score && score > next.score && score > best.score)
      best = { at: i, height: 2, columns, score };
  }
  if (best === null || best.score < minMatches || best.score === 0) return null;
  const headerRows = rows.slice(best.at, best.at + best.height).map((r) => r.row);
  return {
    rows: headerRows,
    dataIndex: best.at + best.height,
    columns: best.columns,
    names: best.columns.map((c) => c.name),
    matches: best.score,
  };
}

function column(index: number, name: string, group: string | null): HeaderColumn {
  return { index, name, group, label: group === null ? name : `${group}/${name}` };
}

/** The columns of a two-row header: upper row `top`, lower row `sub`. */
function pairColumns(
  rows: readonly RawRow[],
  top: RawRow,
  sub: RawRow,
  merges: readonly MergedRange[],
): HeaderColumn[] {
  const width = Math.max(top.cells.length, sub.cells.length);
  const upper = Array.from({ length: width }, (_, k) => headerText(top.cells[k]));
  const lower = Array.from({ length: width }, (_, k) => headerText(sub.cells[k]));
  // A merged range shows its first cell's text over its whole span.
  for (const m of merges) {
    if (m.lastRow < top.row || m.firstRow > sub.row) continue;
    const source = rows.find((r) => r.row === m.firstRow);
    const text = source === undefined ? '' : headerText(source.cells[m.firstCol]);
    if (text === '') continue;
    for (let k = m.firstCol; k <= m.lastCol && k < width; k++) {
      if (m.firstRow <= top.row && m.lastRow >= top.row && upper[k] === '') upper[k] = text;
      if (m.firstRow <= sub.row && m.lastRow >= sub.row && lower[k] === '') lower[k] = text;
    }
  }
  const columns: HeaderColumn[] = [];
  for (let k = 0; k < width; k++) {
    const t = upper[k]!;
    const s = lower[k]!;
    if (s === '' || s === t) {
      columns.push(column(k, t, null));
      continue;
    }
    if (t !== '') {
      columns.push(column(k, s, t));
      continue;
    }
    // An empty upper cell continues a group header to its left over an unbroken run of sub-headers.
    let group: string | null = null;
    for (let j = k - 1; j >= 0; j--) {
      const tj = upper[j]!;
      const sj = lower[j]!;
      if (sj === '' || sj === tj) break;
      if (tj !== '') {
        group = tj;
        break;
      }
    }
    columns.push(column(k, s, group));
  }
  return columns;
}
