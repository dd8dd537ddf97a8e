/// <reference types="vite/client" />
/**
 * Every message catalogue of the web (each page folder's `messages.ts`, a component's
 * `*.messages.ts`): a key has both languages, the same `{placeholders}` in each, and the English reads
 * as English — no CJK characters, no full-width punctuation (，：（）、。 and the like).
 */
import { describe, expect, it } from 'vitest';
import type { Catalogue } from './catalogue';
import { say } from './catalogue';

const modules = {
  ...import.meta.glob<Record<string, unknown>>('./**/messages.ts', { eager: true }),
  ...import.meta.glob<Record<string, unknown>>('./**/*.messages.ts', { eager: true }),
};

/** CJK ideographs, CJK symbols and punctuation (、。「」), full-width forms (，：（）！？；). */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();

function catalogues(): [string, Catalogue][] {
  const out: [string, Catalogue][] = [];
  for (const [file, mod] of Object.entries(modules))
    for (const [name, value] of Object.entries(mod))
      if (value && typeof value === 'object' && !Array.isArray(value))
        out.push([`${file}#${name}`, value as Catalogue]);
  return out;
}

describe('message catalogues', () => {
  it('finds the catalogues of the pages', () => {
    const files = Object.keys(modules);
    expect(files).toContain('./pages/runs/messages.ts');
    expect(files).toContain('./pages/enterprises/messages.ts');
    for (const page of ['import', 'policy', 'objections', 'audit', 'login', 'tokens'])
      expect(files).toContain(`./pages/${page}/messages.ts`);
    expect(files).toContain('./components/objections/messages.ts');
    expect(files).toContain('./components/jobs.messages.ts');
    expect(catalogues().length).toBeGreaterThanOrEqual(files.length);
  });

  for (const [where, cat] of catalogues())
    it(`${where}: both languages, the same placeholders, English without CJK`, () => {
      const problems: string[] = [];
      for (const [key, pair] of Object.entries(cat)) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          problems.push(`${key}: not a [zh, en] pair`);
          continue;
        }
        const [zh, en] = pair as [unknown, unknown];
        if (typeof zh !== 'string' || zh.trim() === '') problems.push(`${key}: Chinese missing`);
        if (typeof en !== 'string' || en.trim() === '') problems.push(`${key}: English missing`);
        if (typeof zh !== 'string' || typeof en !== 'string') continue;
        if (CJK.test(en)) problems.push(`${key}: Chinese or full-width punctuation in English “${en}”`);
        if (placeholders(zh).join() !== placeholders(en).join())
          problems.push(
            `${key}: placeholders differ (${placeholders(zh).join()} / ${placeholders(en).join()})`,
          );
      }
      expect(problems).toEqual([]);
    });

  it('say fills placeholders in the language asked', () => {
    const cat = { 'run.n': ['第 {id} 批', 'run {id}'] } as const;
    expect(say(cat, 'zh', 'run.n', { id: 3 })).toBe('第 3 批');
    expect(say(cat, 'en', 'run.n', { id: 3 })).toBe('run 3');
  });

  it('the check catches Chinese and full-width punctuation in English', () => {
    expect(CJK.test('Tax per 万kWh')).toBe(true);
    expect(CJK.test('Tax（10k yuan）')).toBe(true);
    expect(CJK.test('a，b')).toBe(true);
    expect(CJK.test('Tax per mu (10k yuan/mu) – “draft”…')).toBe(false);
  });
});
