/**
 * The audit trail's values in words, pure: a field's name, a coded value's words (a field's own first:
 * reason=password), an entry's object, and how a value is shown (a time, a fingerprint, a plain number).
 */
import { say } from '../../catalogue';
import type { Lang } from '../../i18n';
import { fields, messages, nouns, words } from './messages';

const has = <C extends object>(c: C, k: string): k is Extract<keyof C, string> => Object.hasOwn(c, k);

/** A field's words; an unknown field keeps its key. */
export const fieldLabel = (k: string, lang: Lang): string => (has(fields, k) ? say(fields, lang, k) : k);

/** The words of a coded value of field `k`, if it has some. */
export function valueWords(k: string, v: string, lang: Lang): string | undefined {
  const own = `${k}=${v}`;
  if (has(words, own)) return say(words, lang, own);
  if (has(words, v)) return say(words, lang, v);
  return undefined;
}

/** `run:12/enterprise:9133…` in words: 评价批次 #12 · 企业 9133… */
export function subjectText(s: string | null, lang: Lang): string {
  if (!s) return '—';
  return s
    .split('/')
    .map((part) => {
      const i = part.indexOf(':');
      const noun = part.slice(0, i);
      return i > 0 && has(nouns, noun) ? say(nouns, lang, noun) + part.slice(i + 1) : part;
    })
    .join(' · ');
}

/** Fields whose numbers are counted or named (years, run #12, version 3): no thousands separators. */
const PLAIN = new Set(['year', 'version', 'run', 'dataset', 'tokenId', 'objection', 'adjustment', 'attempt']);
const HASH = /^[0-9a-f]{32,}$/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export const plainNumber = (k: string, v: number): string =>
  PLAIN.has(k) ? String(v) : v.toLocaleString('zh-CN');
export const isTime = (v: string): boolean => TIME.test(v);
export const isHash = (k: string, v: string): boolean => HASH.test(v) || /hash$|sha256$/i.test(k);

/** A list's summary: `3 项：a、b、c` / `3: a, b, c`, five names at most. */
export function listText(v: unknown[], lang: Lang): string {
  const text = (x: unknown): string =>
    typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : '…';
  const names = v.map((x: unknown) => {
    if (x === null || typeof x !== 'object') return text(x);
    const o = x as Record<string, unknown>;
    return text(o.name ?? o.fileName ?? o.file);
  });
  return (
    say(messages, lang, 'items', { n: v.length }) +
    names.slice(0, 5).join(say(messages, lang, 'listSep')) +
    (v.length > 5 ? '…' : '')
  );
}
