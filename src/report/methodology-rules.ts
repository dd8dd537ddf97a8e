/**
 * A methodology as structured readable rules for the web (the same words as `describeMethodology`, one
 * field per rule): scope, groups with each indicator's formula, weight, scoring and benchmark, bonus
 * and penalty points, classing, vetoes, protections and the demo assumptions. Pure.
 */
import type { Condition, Methodology } from '../engine/index.js';
import type { Lang } from '../i18n/messages.js';
import { conditionText, describeMethodology, fieldName, formulaText, pathText } from './methodology-text.js';
import { methodOf } from '../engine/methods/index.js';

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

type Group = Methodology['groups'][number];
type Indicator = Group['indicators'][number];
type Classing = Methodology['classing'] | NonNullable<Group['classing']>;

export interface MethodologyRules {
  id: string;
  version: number;
  title: string;
  description: string | null;
  source: string | null;
  dataYear: number;
  hash: string;
  scope: { industrial: string; notGraded: { id: string; title: string; when: string }[] };
  groups: {
    id: string;
    title: string;
    when: string;
    minLandMu: number | null;
    indicators: {
      id: string;
      title: string;
      unit: string;
      formula: string;
      weight: number;
      direction: 'higher_is_better' | 'lower_is_better';
      scoring: string;
      benchmark: string | null;
      onMissing: string;
      onZeroDenominator: string;
    }[];
    classing: string | null;
  }[];
  adjustments: { id: string; title: string; when: string | null; points: string }[];
  classing: { rankingUnit: string; method: 'quota' | 'threshold'; text: string; ties: string };
  vetoes: { id: string; title: string; when: string; atBest: 'A' | 'B' | 'C' | 'D' }[];
  protections: { id: string; title: string; when: string; atWorst: 'A' | 'B' | 'C' | 'D' }[];
  /** `path` as written in the file; `where` the same in words. */
  assumptions: { path: string; where: string; note: string }[];
  text: string;
}

function missingText(rule: string, lang: Lang): string {
  return (
    {
      zero: L(lang, '得 0 分', 'scores 0'),
      full: L(lang, '得满分（权重）', 'scores the full weight'),
      group_mean: L(
        lang,
        '取同组同排名单元有数据企业该项得分的均值',
        'scores the mean of this indicator over the firms of the group and unit that have the data',
      ),
      full_if_numerator_positive: L(
        lang,
        '分子为正时得满分，否则 0 分',
        'scores the full weight when the numerator is positive, else 0',
      ),
    }[rule] ?? rule
  );
}

function indicatorRules(
  ind: Indicator,
  lang: Lang,
): MethodologyRules['groups'][number]['indicators'][number] {
  // each method says its own rule and benchmark in words (engine/methods)
  const s = ind.scoring;
  const method = methodOf(s);
  const scoring = method.describe(s, ind.direction, lang);
  const benchmark = method.describeBenchmark(s, ind.unit, lang);
  const om = ind.onMissing;
  const onMissing =
    typeof om === 'string'
      ? L(lang, `数据缺失时${missingText(om, lang)}`, `when data are missing: ${missingText(om, lang)}`)
      : L(
          lang,
          `分子缺失时${missingText(om.numerator, lang)}；分母缺失时${missingText(om.denominator, lang)}`,
          `missing numerator: ${missingText(om.numerator, lang)}; missing denominator: ${missingText(om.denominator, lang)}`,
        );
  return {
    id: ind.id,
    title: ind.title[lang],
    unit: ind.unit,
    formula: formulaText(ind.numerator, ind.denominator, lang),
    weight: ind.weight,
    direction: ind.direction,
    scoring,
    benchmark,
    onMissing,
    onZeroDenominator: L(
      lang,
      `分母为零时${missingText(ind.onZeroDenominator, lang)}`,
      `zero denominator: ${missingText(ind.onZeroDenominator, lang)}`,
    ),
  };
}

function classingText(c: Classing, lang: Lang): string {
  if (c.method === 'quota') {
    const q = c.quotas;
    return L(
      lang,
      `按比例：A ${pct(q.A)} · B ${pct(q.B - q.A)} · C ${pct(q.C - q.B)} · D ${pct(q.D - q.C)}（累计 ${q.A}/${q.B}/${q.C}/${q.D}，名次 ≤ 四舍五入(N × 累计比例)）`,
      `By quota: A ${pct(q.A)} · B ${pct(q.B - q.A)} · C ${pct(q.C - q.B)} · D ${pct(q.D - q.C)} (cumulative ${q.A}/${q.B}/${q.C}/${q.D}; rank ≤ round half up(N × share))`,
    );
  }
  const t = c.thresholds;
  return L(
    lang,
    `按分数线：A ≥ ${t.A} · B ≥ ${t.B} · C ≥ ${t.C} · D < ${t.C}`,
    `By thresholds: A ≥ ${t.A} · B ≥ ${t.B} · C ≥ ${t.C} · D < ${t.C}`,
  );
}

function pointsText(a: Methodology['adjustments'][number], lang: Lang): string {
  let s = `${a.points > 0 ? '+' : ''}${a.points}`;
  if (a.perUnit)
    s += L(
      lang,
      ` × (${fieldName(a.perUnit.field, lang)} − ${a.perUnit.beyond})（为正时）`,
      ` × (${fieldName(a.perUnit.field, lang)} − ${a.perUnit.beyond}) when positive`,
    );
  if (a.min !== undefined) s += L(lang, `，最少 ${a.min}`, `, at least ${a.min}`);
  if (a.max !== undefined) s += L(lang, `，最多 ${a.max}`, `, at most ${a.max}`);
  return s;
}

const when = (c: Condition | undefined, lang: Lang): string | null => (c ? conditionText(c, lang) : null);

export function methodologyRules(m: Methodology, hash: string, lang: Lang): MethodologyRules {
  const unit = {
    county: L(lang, '区县', 'county'),
    city: L(lang, '全市', 'city'),
    county_industry: L(lang, '区县 × 行业大类', 'county × industry'),
    industry: L(lang, '行业大类', 'industry'),
  }[m.classing.rankingUnit];
  return {
    id: m.id,
    version: m.version,
    title: m.title[lang],
    description: m.description ? m.description[lang] : null,
    source: m.source ?? null,
    dataYear: m.dataYear,
    hash,
    scope: {
      industrial: L(
        lang,
        `工业 = 行业大类 ${m.scope.industrial.from}–${m.scope.industrial.to}`,
        `industrial = industry 大类 ${m.scope.industrial.from}–${m.scope.industrial.to}`,
      ),
      notGraded: m.scope.notGraded.map((r) => ({
        id: r.id,
        title: r.title[lang],
        when: conditionText(r.when, lang),
      })),
    },
    groups: m.groups.map((g) => ({
      id: g.id,
      title: g.title[lang],
      when: conditionText(g.when, lang),
      minLandMu: g.minLandMu ?? null,
      indicators: g.indicators.map((i) => indicatorRules(i, lang)),
      classing: g.classing ? classingText(g.classing, lang) : null,
    })),
    adjustments: m.adjustments.map((a) => ({
      id: a.id,
      title: a.title[lang],
      when: when(a.when, lang),
      points: pointsText(a, lang),
    })),
    classing: {
      rankingUnit: unit,
      method: m.classing.method,
      text: `${L(lang, '排名单元', 'Ranking unit')}: ${unit}. ${classingText(m.classing, lang)}`,
      ties: L(lang, '同分按亩均税收、再按统一社会信用代码排序', 'ties by tax per mu, then USCC'),
    },
    vetoes: m.vetoes.map((v) => ({
      id: v.id,
      title: v.title[lang],
      when: conditionText(v.when, lang),
      atBest: v.atBest,
    })),
    protections: m.protections.map((p) => ({
      id: p.id,
      title: p.title[lang],
      when: conditionText(p.when, lang),
      atWorst: p.atWorst,
    })),
    assumptions: m.assumptions.map((a) => ({
      path: a.path,
      where: pathText(m, a.path, lang),
      note: a.note[lang],
    })),
    text: describeMethodology(m, lang),
  };
}
