/**
 * The message catalogues of the pages: each page folder has a `messages.ts` exporting
 * `defineMessages({ key: ['中文', 'English'] })`, read with `useMessages(catalogue)` (the words of the
 * current language, `{name}` placeholders filled in). `messages.test.ts` checks every catalogue: both
 * languages present, the same placeholders, and English without CJK characters or full-width punctuation.
 * The words every page shares stay in `i18n.tsx` (`t`).
 */
import { useCallback } from 'react';
import { useI18n, type Lang } from './i18n';

export type Catalogue = Readonly<Record<string, readonly [zh: string, en: string]>>;
export type Vars = Record<string, string | number>;
/** Reads a key of one catalogue in the current language. */
export type Say<C extends Catalogue> = (key: keyof C & string, vars?: Vars) => string;

/** A catalogue, typed by its keys (a misspelt key does not compile). */
export function defineMessages<const C extends Catalogue>(c: C): C {
  return c;
}

/** The words of `key` in `lang`, each `{name}` replaced by `vars.name`. */
export function say<C extends Catalogue>(cat: C, lang: Lang, key: keyof C & string, vars?: Vars): string {
  const pair = cat[key];
  let s: string = pair ? pair[lang === 'zh' ? 0 : 1] : key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** `m(key, vars)` for one catalogue in the current language; stable while the language stays. */
export function useMessages<C extends Catalogue>(cat: C): { m: Say<C>; lang: Lang } {
  const { lang } = useI18n();
  const m = useCallback<Say<C>>((key, vars) => say(cat, lang, key, vars), [cat, lang]);
  return { m, lang };
}
