/**
 * A methodology as readable rules: scope, groups and indicators with weights and benchmarks, classing,
 * vetoes, protections and the demo assumptions, in Chinese or English.
 */
import type { Condition, Methodology } from '../engine/index.js';
import type { Lang } from '../i18n/messages.js';
import { fieldLabel } from './fields.js';

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

/** A record field as users call it (用地面积, not land_mu). */
export function fieldName(field: string, lang: Lang): string {
  const l = fieldLabel(field);
  return lang === 'zh' ? l.zh : l.en;
}

/** An indicator's formula in words: 税收实际贡献 ÷ 用地面积. */
export function formulaText(numerator: string, denominator: string | undefined, lang: Lang): string {
  return denominator
    ? `${fieldName(numerator, lang)} ÷ ${fieldName(denominator, lang)}`
    : fieldName(numerator, lang);
}

const SECTION: Record<string, [string, string]> = {
  scope: ['评价范围', 'scope'],
  notGraded: ['只计算不定档', 'computed, not graded'],
  groups: ['分组', 'group'],
  indicators: ['指标', 'indicators'],
  minLandMu: ['用地纳入门槛（亩）', 'minimum land (mu)'],
  onMissing: ['缺失数据的计分', 'scoring of missing data'],
  onZeroDenominator: ['分母为零的计分', 'scoring of a zero denominator'],
  scoring: ['计分方法', 'scoring'],
  benchmark: ['基准值', 'benchmark'],
  weight: ['权重', 'weight'],
  classing: ['定档', 'classing'],
  quotas: ['各档比例', 'quotas'],
  thresholds: ['分数线', 'thresholds'],
  adjustments: ['加减分', 'adjustment points'],
  vetoes: ['一票否决', 'vetoes'],
  protections: ['保护条款', 'protections'],
};

/**
 * Where in a methodology a demo assumption sits, in words (`groups.below.minLandMu` → 分组“规下工业企业”
 * · 用地纳入门槛（亩）): sections by name, groups, indicators and rules by their titles.
 */
export function pathText(m: Methodology, path: string, lang: Lang): string {
  const segs = path.split('.');
  const out: string[] = [];
  let group: Methodology['groups'][number] | undefined;
  for (let k = 0; k < segs.length; k++) {
    const s = segs[k]!;
    const prev = segs[k - 1];
    const title = (t: { zh: string; en: string } | undefined) => (t ? (lang === 'zh' ? t.zh : t.en) : s);
    if (prev === 'groups') {
      group = m.groups.find((g) => g.id === s);
      out[out.length - 1] = `${L(lang, '分组', 'group')}“${title(group?.title)}”`;
    } else if (prev === 'indicators' && group) {
      const ind = group.indicators.find((i) => i.id === s);
      out[out.length - 1] = `${L(lang, '指标', 'indicator')}“${title(ind?.title)}”`;
    } else if (prev === 'notGraded') out.push(`“${title(m.scope.notGraded.find((r) => r.id === s)?.title)}”`);
    else if (prev === 'vetoes') out.push(`“${title(m.vetoes.find((r) => r.id === s)?.title)}”`);
    else if (prev === 'protections') out.push(`“${title(m.protections.find((r) => r.id === s)?.title)}”`);
    else if (prev === 'adjustments') out.push(`“${title(m.adjustments.find((r) => r.id === s)?.title)}”`);
    else if (s === 'scope' && segs[k + 1] === 'notGraded') continue;
    else {
      const w = SECTION[s];
      out.push(w ? L(lang, w[0], w[1]) : s);
    }
  }
  return out.join(' · ');
}

export function conditionText(c: Condition, lang: Lang): string {
  if ('all' in c) return c.all.map((x) => conditionText(x, lang)).join(L(lang, ' 且 ', ' and '));
  if ('any' in c) return c.any.map((x) => conditionText(x, lang)).join(L(lang, ' 或 ', ' or '));
  if ('not' in c) return `${L(lang, '非', 'not ')}(${conditionText(c.not, lang)})`;
  if ('industry' in c)
    return `${L(lang, '行业大类', 'industry 大类')} ${c.industry.map((r) => `${r.from}–${r.to}`).join(', ')}`;
  if ('industryCodes' in c) return `${L(lang, '行业代码', 'industry code')} ${c.industryCodes.join(', ')}`;
  if ('uscc' in c) return `${L(lang, '名单内企业', 'listed enterprises')} (${c.uscc.length})`;
  switch (c.op) {
    case 'missing':
      return `${fieldName(c.field, lang)} ${L(lang, '缺失', 'missing')}`;
    case 'present':
      return `${fieldName(c.field, lang)} ${L(lang, '有值', 'present')}`;
    case 'within_years':
      return `${fieldName(c.field, lang)} ${L(lang, `在近 ${c.value} 年内`, `within the last ${c.value} years`)}`;
    default: {
      const op = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' }[c.op];
      return `${fieldName(c.field, lang)} ${op} ${c.value}`;
    }
  }
}

export function describeMethodology(m: Methodology, lang: Lang): string {
  const out: string[] = [];
  out.push(`${m.title[lang]}  (${m.id} v${m.version}, ${L(lang, '数据年份', 'data year')} ${m.dataYear})`);
  if (m.description) out.push(m.description[lang]);
  if (m.source) out.push(`${L(lang, '来源', 'Source')}: ${m.source}`);
  out.push('', L(lang, '【评价范围】', '[Scope]'));
  out.push(
    `  ${L(lang, '工业行业大类', 'Industrial 大类')} ${m.scope.industrial.from}–${m.scope.industrial.to}`,
  );
  for (const r of m.scope.notGraded)
    out.push(
      `  ${L(lang, '只计算不定档', 'Computed, not graded')}: ${r.title[lang]} [${conditionText(r.when, lang)}]`,
    );
  for (const g of m.groups) {
    out.push(
      '',
      `【${g.title[lang]}】 ${conditionText(g.when, lang)}${g.minLandMu !== undefined ? L(lang, `，用地 ≥ ${g.minLandMu} 亩`, `, land ≥ ${g.minLandMu} mu`) : ''}`,
    );
    for (const ind of g.indicators) {
      const s = ind.scoring;
      let how: string;
      if (s.method === 'ratio_to_benchmark') {
        const b = s.benchmark;
        const bt =
          'constant' in b
            ? `${b.constant}`
            : `${L(lang, { aggregate: '合计值之比', mean: '平均值', median: '中位数' }[b.statistic], b.statistic)}${b.multiplier !== 1 ? ` × ${b.multiplier}` : ''}`;
        how = `${L(lang, '实际值 ÷ 基准值 × 权重，基准', 'value ÷ benchmark × weight, benchmark')} ${bt}${s.cap !== undefined ? L(lang, `，封顶 ${s.cap} 倍`, `, cap ${s.cap} ×`) : ''}`;
      } else if (s.method === 'ratio_to_max')
        how = L(lang, '实际值 ÷ 组内最大值 × 权重', 'value ÷ group max × weight');
      else how = L(lang, `最小–最大法，保底 ${s.floor}`, `min–max with floor ${s.floor}`);
      const frac = formulaText(ind.numerator, ind.denominator, lang);
      out.push(
        `  ${ind.title[lang]} (${ind.unit || '—'}) = ${frac}  ${L(lang, '权重', 'weight')} ${ind.weight}  ${how}`,
      );
    }
  }
  if (m.adjustments.length > 0) {
    out.push('', L(lang, '【加减分】', '[Adjustment points]'));
    for (const a of m.adjustments) out.push(`  ${a.title[lang]}`);
  }
  out.push('', L(lang, '【定档】', '[Classes]'));
  const unit = {
    county: L(lang, '区县', 'county'),
    city: L(lang, '全市', 'city'),
    county_industry: L(lang, '区县 × 行业大类', 'county × industry'),
    industry: L(lang, '行业大类', 'industry'),
  }[m.classing.rankingUnit];
  if (m.classing.method === 'quota') {
    const q = m.classing.quotas;
    out.push(
      `  ${L(lang, '按比例，排名单元', 'By quota within')} ${unit}: A ${pct(q.A)} · B ${pct(q.B - q.A)} · C ${pct(q.C - q.B)} · D ${pct(q.D - q.C)}`,
    );
  } else {
    const th = m.classing.thresholds;
    out.push(
      `  ${L(lang, '按分数线', 'By thresholds')}: A ≥ ${th.A} · B ≥ ${th.B} · C ≥ ${th.C} · D < ${th.C}`,
    );
  }
  out.push(`  ${L(lang, '同分按亩均税收、再按统一社会信用代码排序', 'ties by tax per mu, then USCC')}`);
  for (const v of m.vetoes)
    out.push(`  ${L(lang, '否决', 'Veto')}: ${v.title[lang]} → ${L(lang, '最高', 'at best')} ${v.atBest}`);
  for (const p of m.protections)
    out.push(
      `  ${L(lang, '保护', 'Protection')}: ${p.title[lang]} → ${L(lang, '最低', 'at worst')} ${p.atWorst}`,
    );
  if (m.assumptions.length > 0) {
    out.push('', L(lang, '【演示假设（非公开规定）】', '[Demo assumptions (not published rules)]'));
    for (const a of m.assumptions) out.push(`  ${pathText(m, a.path, lang)}: ${a.note[lang]}`);
  }
  return out.join('\n');
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
