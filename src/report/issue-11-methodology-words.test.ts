/**
 * Issue 11 item 26: the methodology page and `mujun methodology show` speak in words — record fields by
 * their labels (用地面积, not land_mu), a demo assumption's place by section and title (not
 * groups.below.minLandMu).
 */
import { describe, expect, it } from 'vitest';
import { FIELD_INFO } from '../domain/fields.js';
import { loadMethodology, shippedMethodologyIds } from '../methodologies/shipped.js';
import { describeMethodology } from './methodology-text.js';
import { methodologyRules } from './methodology-rules.js';

/** Every canonical field id that would show as code (words with an underscore or known ids). */
const FIELD_IDS = [...Object.keys(FIELD_INFO), 'uscc', 'division', 'industry', 'land_mu', 'tax'];
const codeIn = (text: string): string[] =>
  FIELD_IDS.filter((f) => new RegExp(`(^|[^A-Za-z_])${f}($|[^A-Za-z_])`).test(text));

describe('methodology rules in words (issue 11 item 26)', () => {
  it('writes formulas and conditions with the fields’ labels, in Chinese and English', async () => {
    for (const id of shippedMethodologyIds()) {
      const { methodology: m, hash } = await loadMethodology(id);
      for (const lang of ['zh', 'en'] as const) {
        const r = methodologyRules(m, hash, lang);
        const shown = [
          ...r.groups.flatMap((g) => [g.when, ...g.indicators.map((i) => i.formula)]),
          ...r.scope.notGraded.map((x) => x.when),
          ...r.adjustments.flatMap((a) => [a.when ?? '', a.points]),
          ...r.vetoes.map((v) => v.when),
          ...r.protections.map((p) => p.when),
        ].join('\n');
        // English labels may be plain words ("tax", "revenue"): there, ids with an underscore only
        const found = codeIn(shown).filter((f) => lang === 'zh' || f.includes('_'));
        expect(found, `${id} ${lang}`).toEqual([]);
      }
    }
    const { methodology: h, hash } = await loadMethodology('huangyan-2023');
    const zh = methodologyRules(h, hash, 'zh');
    expect(zh.groups[0]!.indicators[0]!.formula).toBe('税收实际贡献 ÷ 用地面积');
    expect(methodologyRules(h, hash, 'en').groups[0]!.indicators[0]!.formula).not.toContain('land_mu');
  });

  it('says where a demo assumption sits by section and title, not by its path in the file', async () => {
    const { methodology: h, hash } = await loadMethodology('huangyan-2023');
    const zh = methodologyRules(h, hash, 'zh');
    const below = zh.assumptions.find((a) => a.path === 'groups.below.minLandMu')!;
    const belowTitle = h.groups.find((g) => g.id === 'below')!.title.zh;
    expect(below.where).toBe(`分组“${belowTitle}” · 用地纳入门槛（亩）`);
    for (const a of zh.assumptions) expect(a.where).not.toMatch(/[a-z]\.[a-z]/i);
    // the CLI's text says the same
    const text = describeMethodology(h, 'zh');
    expect(text).not.toContain('groups.below.minLandMu');
    expect(text).toContain(`分组“${belowTitle}” · 用地纳入门槛（亩）`);
    expect(codeIn(text.split('【演示假设')[0]!)).toEqual([]);
  });
});
