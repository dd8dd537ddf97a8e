/**
 * The pure side of the enterprise table: the columns one may show or hide and the default set, the
 * filters read from the address, the order and page, the export address, and the words of a status
 * reason. Tested in `enterprises.test.ts`.
 */
import { say } from '../../catalogue';
import type { Lang } from '../../i18n';
import { reasonLabels } from './messages';
import { resultFlag } from '@mujun/contract';

/**
 * The table's columns a user may show or hide (the name always shows, fixed at the left). The default
 * set fits 1366 px: rank, classes and status are seen without scrolling.
 */
export const OPTIONAL_COLUMNS = [
  'uscc',
  'division',
  'industry',
  'group',
  'tax_per_mu',
  'value_added_per_mu',
  'land_mu',
  'total',
  'rank',
  'initialClass',
  'adjustedClass',
  'status',
] as const;
export const DEFAULT_HIDDEN = new Set<string>(['uscc', 'industry', 'value_added_per_mu']);
export const COLUMNS_KEY = 'mujun.enterprises.columns';

/** The columns shown: a saved choice (JSON list of keys), else the default set. */
export function shownColumns(saved: string | null): Set<string> {
  try {
    const v = JSON.parse(saved ?? 'null') as unknown;
    if (Array.isArray(v)) return new Set(v.filter((k): k is string => typeof k === 'string'));
  } catch {
    // a broken saved choice: the default
  }
  return new Set(OPTIONAL_COLUMNS.filter((k) => !DEFAULT_HIDDEN.has(k)));
}

export const FILTERS = ['division', 'industry', 'group', 'class', 'status', 'flags', 'q'] as const;
export const PAGE_SIZES = [20, 50, 100];
/** The flags a result can carry, as the contract names them. */
export const FLAGS = resultFlag.options;

/** A key that stays the same while the filters do (a page turn), so the filter bar is not re-rendered. */
export const filterKey = (q: URLSearchParams): string => JSON.stringify(FILTERS.map((k) => q.get(k) ?? ''));

/** The filters of a `filterKey`: only those set. */
export function filtersOf(key: string): Record<string, string> {
  const values = JSON.parse(key) as string[];
  const f: Record<string, string> = {};
  FILTERS.forEach((k, i) => {
    if (values[i]) f[k] = values[i];
  });
  return f;
}

/** Page, size and order from the address. */
export function tableState(q: URLSearchParams): {
  page: number;
  size: number;
  order: string;
  dir: 'asc' | 'desc';
} {
  return {
    page: Math.max(1, Number(q.get('page') ?? 1) || 1),
    size: PAGE_SIZES.includes(Number(q.get('size'))) ? Number(q.get('size')) : 20,
    order: q.get('order') ?? 'seq',
    dir: q.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** What the address becomes after the table's own change (page, size, sort); defaults left out. */
export function tableQuery(
  current: number | undefined,
  pageSize: number | undefined,
  sort: { columnKey?: unknown; order?: 'ascend' | 'descend' | null } | undefined,
): Record<string, string | number | undefined> {
  const key = sort?.order ? String(sort.columnKey) : 'seq';
  return {
    page: current === 1 ? undefined : current,
    size: pageSize === 20 ? undefined : pageSize,
    order: key === 'seq' ? undefined : key,
    dir: sort?.order === 'descend' ? 'desc' : undefined,
  };
}

/** A not-graded rule's title without its trailing "只计算不定档" (the status says it already). */
export function notGradedText(title: { zh: string; en: string }, lang: Lang): string {
  return lang === 'zh'
    ? title.zh.replace(/只计算不定档$/, '')
    : title.en.replace(/\s+(are|is) computed but not graded$/, '');
}

export function reasonLabel(code: string, lang: Lang): string {
  return Object.hasOwn(reasonLabels, code)
    ? say(reasonLabels, lang, code as keyof typeof reasonLabels)
    : code;
}
