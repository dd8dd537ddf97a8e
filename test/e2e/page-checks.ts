/**
 * Checks the browser tests run inside a page, as plain scripts (this project's TypeScript has no DOM
 * types): what has the focus while Tab moves through a page, which shown inputs have no accessible name,
 * and which headers and labels still carry Chinese in English mode.
 */
import type { Page } from 'playwright-core';

/** CJK ideographs, CJK punctuation and full-width forms. */
export const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/** What has the focus. */
export interface Focused {
  /** In the shell's header (menu, user, language), not the page. */
  inHeader: boolean;
  tag: string;
  role: string | null;
  /** Its own test id or its nearest holder's. */
  testId: string | null;
  href: string | null;
  id: string | null;
  text: string;
}

const FOCUSED = `(() => {
  const el = document.activeElement;
  const holder = el && el.closest('[data-testid]');
  return {
    inHeader: !!(el && el.closest('.ant-layout-header')),
    tag: el ? el.tagName.toLowerCase() : '',
    role: el ? el.getAttribute('role') : null,
    testId: (el && el.getAttribute('data-testid')) || (holder && holder.getAttribute('data-testid')) || null,
    href: el ? el.getAttribute('href') : null,
    id: el ? el.id || null : null,
    text: ((el && el.textContent) || '').trim().slice(0, 60),
  };
})()`;

/** Presses Tab up to `max` times from the top of the page; everything that took the focus. */
export async function tabThrough(p: Page, max: number): Promise<Focused[]> {
  await p.evaluate('document.activeElement && document.activeElement.blur()');
  const seen: Focused[] = [];
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    seen.push(await p.evaluate<Focused>(FOCUSED));
  }
  return seen;
}

/** The inputs (text, number, combobox, radio, checkbox, textarea) that are shown and have no accessible name. */
const UNNAMED = `(() => {
  const named = (el) => {
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some((id) => ((document.getElementById(id) || {}).textContent || '').trim())) return true;
    if (el.id) {
      const l = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
      if (l && l.textContent.trim()) return true;
    }
    const wrap = el.closest('label');
    return !!(wrap && wrap.textContent.trim());
  };
  const out = [];
  for (const el of document.querySelectorAll('input, textarea, select')) {
    const type = el.getAttribute('type') || '';
    if (type === 'hidden' || type === 'file') continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0 && el.getAttribute('role') !== 'combobox') continue;
    if (!named(el)) out.push(el.outerHTML.slice(0, 160));
  }
  return out;
})()`;
export const unnamedInputs = (p: Page) => p.evaluate<string[]>(UNNAMED);

const LABEL_SELECTORS = [
  'h1, h2, h3, h4, h5',
  'th',
  'label',
  'button',
  '.ant-card-head-title',
  '.ant-statistic-title',
  '.ant-tabs-tab',
  '.ant-steps-item-title',
  '.ant-descriptions-item-label',
  '.ant-alert-message',
  '.ant-alert-title',
  '.ant-menu-title-content',
  '.ant-select-selection-placeholder',
  '.ant-segmented-item-label',
];

/**
 * The words of headers and labels (not data cells) that carry Chinese or full-width punctuation. `skip`
 * (a selector list) marks data a page shows in a label's place (an enterprise's name, a file's own
 * header): such elements and their insides are not read. Words in quotation marks are quoted data (a
 * file's header, a sheet's name), not the page's words. The language switch names the other language.
 */
export function chineseLabels(p: Page, skip: readonly string[] = []): Promise<string[]> {
  const skipSel = ['[data-testid="lang-switch"]', ...skip].join(', ');
  return p.evaluate<string[]>(`(() => {
    const cjk = new RegExp(${JSON.stringify(CJK.source)}, 'u');
    const skipSel = ${JSON.stringify(skipSel)};
    const out = [];
    const unquoted = (s) => s.replace(/"[^"]*"|“[^”]*”/g, '""');
    const take = (what, s) => {
      if (s && cjk.test(unquoted(s))) out.push(what + ': ' + s.trim().slice(0, 80));
    };
    for (const el of document.querySelectorAll(${JSON.stringify(LABEL_SELECTORS.join(','))})) {
      if (el.closest(skipSel)) continue;
      let words = el.innerText ?? el.textContent;
      if (el.querySelector(skipSel)) {
        const copy = el.cloneNode(true);
        for (const x of copy.querySelectorAll(skipSel)) x.remove();
        words = copy.textContent;
      }
      take(el.tagName + '.' + (el.className || ''), words);
    }
    for (const el of document.querySelectorAll('[aria-label]')) take('aria-label', el.getAttribute('aria-label'));
    for (const el of document.querySelectorAll('[placeholder]')) take('placeholder', el.getAttribute('placeholder'));
    return out;
  })()`);
}
