/** The pure side of the methodology page: a list item's title, a validation's issues by line. Tested beside. */
import type { Lang } from '../../i18n';

export interface MethodologyListItem {
  id: string;
  version: number;
  dataYear: number;
  title: { zh: string; en: string } | string;
  hash: string;
}

export interface Issue {
  path: string;
  line: number | null;
  column: number | null;
  rule: string;
  zh: string;
  en: string;
}

export const titleOf = (m: MethodologyListItem, lang: Lang): string =>
  typeof m.title === 'string' ? m.title : m.title[lang];

/** The issues located on a line, by line number (1-based). */
export function issuesByLine(issues: readonly Issue[]): Map<number, Issue[]> {
  const byLine = new Map<number, Issue[]>();
  for (const i of issues) if (i.line !== null) byLine.set(i.line, [...(byLine.get(i.line) ?? []), i]);
  return byLine;
}

/** A 422 answer of the validation: the issues it carries, else nothing. */
export function issuesOf(detail: unknown): { valid: boolean; issues: Issue[] } | undefined {
  return detail && typeof detail === 'object' && 'issues' in detail
    ? (detail as { valid: boolean; issues: Issue[] })
    : undefined;
}

/** A test's name written "中文 / English": the reader's half (the whole name when it has no " / "). */
export function testName(name: string, lang: 'zh' | 'en'): string {
  const at = name.indexOf(' / ');
  if (at < 0) return name;
  return lang === 'zh' ? name.slice(0, at) : name.slice(at + 3);
}

/** An expected or computed value of a test, numbers to at most 6 decimals, a missing one as —. */
export function shownValue(v: string | number | boolean | null): string {
  if (v === null) return '—';
  return typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : String(v);
}
