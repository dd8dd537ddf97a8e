/**
 * The pure words of the statement: flag labels, where a department's figures came from, a parcel's
 * source in the page's language, a source figure as the clerk wrote it. Tested in `labels.test.ts`.
 */
import { say, type Catalogue } from '../../catalogue';
import type { Lang } from '../../i18n';
import { num } from '../../i18n';
import { departmentNames, flagLabels, inputLabels, messages } from './messages';

const lookup = (cat: Catalogue, key: string, lang: Lang): string =>
  Object.hasOwn(cat, key) ? say(cat, lang, key) : key;

export const flagLabel = (f: string, lang: Lang): string => lookup(flagLabels, f, lang);
export const inputLabel = (f: string, lang: Lang): string => lookup(inputLabels, f, lang);

/** Where a department's figures came from, for people: a file name, or what the dataset was. */
export function sourceName(file: string, lang: Lang): string {
  if (file.startsWith('demo:')) return say(messages, lang, 'src.demo');
  if (file.startsWith('file:')) return file.slice('file:'.length);
  if (file.startsWith('import:'))
    return file
      .slice('import:'.length)
      .split(',')
      .join(say(messages, lang, 'src.rowSep'));
  return file;
}

/** A parcel's source (`<department> <file>[sheet]#row`, or the demo's), the department in the page's language. */
export function landSource(v: string | null, lang: Lang): string {
  if (!v) return '—';
  const demo = / ?natural resources \(demo\)$/.exec(v);
  const text = demo ? v.slice(0, demo.index) : v;
  const [head = '', ...rest] = text.split(' ');
  const dept = lookup(departmentNames, head, lang);
  return [dept, ...rest].join(' ') + (demo ? say(messages, lang, 'src.demoLand') : '');
}

/** A source figure as the clerk wrote it: years without separators, yes/no for 0/1 flags. */
export function fieldValue(v: number | string | null, unit: string, lang: Lang): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (unit === '年' || unit === 'year') return String(v);
  if (unit === '' && (v === 0 || v === 1)) return say(messages, lang, v === 1 ? 'yes' : 'no');
  return num(v, 2);
}

/** `+12.5`, `-3`: a change with its sign. */
export const signed = (v: number | null, digits: number): string =>
  v === null ? '—' : `${v > 0 ? '+' : ''}${num(v, digits)}`;
