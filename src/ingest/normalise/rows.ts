/**
 * Rows below a header that carry no enterprise: blank rows, summary rows (合计 / 总计 / 小计, usually at
 * the bottom), footnotes (注：…, 填表人：…) and a repeated header. These are skipped and counted, never
 * rejected: a clerk has nothing to fix in them.
 */
import type { RawCell } from '../types.js';
import { isMissingCell, normaliseLabel } from './text.js';

export type SkipReason = 'blank' | 'summary' | 'note' | 'header_repeat';
export const SKIP_REASONS: readonly SkipReason[] = ['blank', 'summary', 'note', 'header_repeat'];

const SUMMARY =
  /^(?:本页|本表|全部|全市|全县|全区|全省|全镇|总)?(?:合计|总计|小计|共计|累计|汇总)数?(?:[:(].*)?$|^(?:grand)?(?:sub)?total(?:[:(].*)?$|^sum$/u;
const NOTE =
  /^(?:注\d*|备注|说明|填表人|填报人|制表人|审核人|负责人|单位负责人|填报单位|制表单位|数据来源|来源|制表日期|填报日期|填表日期|联系电话|联系人)[:.、]/u;

/** Whether every cell is empty (or a spelling of missing). */
export function isBlankRow(cells: readonly RawCell[]): boolean {
  for (const c of cells) if (!isMissingCell(c)) return false;
  return true;
}

/** The first `limit` non-empty text cells, normalised. */
function leadingTexts(cells: readonly RawCell[], limit: number): string[] {
  const out: string[] = [];
  for (const c of cells) {
    if (isMissingCell(c)) continue;
    if (typeof c === 'string') out.push(normaliseLabel(c));
    else out.push('');
    if (out.length >= limit) break;
  }
  return out;
}

/** Whether one of the first three non-empty cells is a summary label (合计, 总计：, 小计(12户), Total…). */
export function isSummaryRow(cells: readonly RawCell[]): boolean {
  return leadingTexts(cells, 3).some((t) => SUMMARY.test(t));
}

/** Whether the row is a footnote or signature line below the table (注：…, 填表人：…). */
export function isNoteRow(cells: readonly RawCell[]): boolean {
  const first = leadingTexts(cells, 1)[0];
  return first !== undefined && NOTE.test(first);
}
