/**
 * Terminal renderings of policies (资源要素差别化配置): a policy as readable rules, the totals of an
 * application by county (the shape of the Jiaxing figures), a what-if comparison, a sensitivity run and
 * how an enterprise moves up — in Chinese or English. Pure.
 */
import { FIELD_INFO } from '../domain/fields.js';
import { CLASS_IDS } from '../engine/classes.js';
import type { Lang } from '../i18n/messages.js';
import {
  instrumentUnit,
  TRANSITION_LABELS,
  type MoveUpOption,
  type MoveUpResult,
  type Policy,
  type PolicyTotals,
  type SensitivityResult,
  type WhatIfResult,
} from '../policy/index.js';
import { table } from './explanation.js';

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const f2 = (v: number) =>
  (Math.round(v * 100) / 100).toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const pct = (s: number) => `${Math.round(s * 10000) / 100}%`;

/** What a rule gives, in words. */
function ruleText(p: Policy['instruments'][number], j: number, lang: Lang): string {
  const r = p.rules[j]!;
  const tier =
    r.consecutiveYears > 1
      ? L(lang, `（连续 ${r.consecutiveYears} 年及以上）`, ` (${r.consecutiveYears}+ straight years)`)
      : '';
  const head = `${r.class} ${L(lang, '类', '')}${tier}`.replace(/ $/, '');
  switch (p.kind) {
    case 'land_use_tax_relief':
      return `${head}: ${L(lang, '减免', 'relief of')} ${pct(p.rules[j]!.share)}`;
    case 'electricity_surcharge':
      return `${head}: +${p.rules[j]!.rate} ${L(lang, '元/千瓦时', '元/kWh')}`;
    case 'water_surcharge':
    case 'emission_fee_surcharge':
      return `${head}: +${p.rules[j]!.rate} ${L(lang, '元/吨', '元/t')}`;
    case 'reward': {
      const ru = p.rules[j]!;
      if (ru.formula) {
        const f = ru.formula;
        const b = [f.min !== undefined ? `≥ ${f.min}` : '', f.max !== undefined ? `≤ ${f.max}` : '']
          .filter(Boolean)
          .join(', ');
        return `${head}: ${FIELD_INFO[f.field][lang]} × ${f.factor}${b ? ` (${b} 万元)` : ''}`;
      }
      return `${head}: ${ru.amount} 万元`;
    }
    case 'land_quota':
    case 'energy_quota':
    case 'emission_quota': {
      const ru = p.rules[j]!;
      const verb = ru.action === 'grant' ? L(lang, '增加', 'grant') : L(lang, '核减', 'cut');
      return `${head}: ${verb} ${ru.share !== undefined ? `${pct(ru.share)} ${L(lang, '（按现有用量）', '(of current use)')}` : `${ru.amount} ${instrumentUnit(p.kind)}`}`;
    }
  }
}

export function describePolicy(p: Policy, lang: Lang): string {
  const out: string[] = [];
  out.push(`${p.title[lang]}  (${p.id} v${p.version})`);
  if (p.description) out.push(p.description[lang]);
  if (p.source) out.push(`${L(lang, '来源', 'Source')}: ${p.source}`);
  for (const ins of p.instruments) {
    out.push('', `【${ins.title[lang]}】 ${ins.kind}  (${instrumentUnit(ins.kind)})`);
    if (ins.kind === 'land_use_tax_relief') {
      const by = Object.entries(ins.taxRate.byDivision)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      out.push(
        `  ${L(lang, '税额', 'tax rate')}: ${ins.taxRate.default} ${L(lang, '元/平方米·年', '元/m² a year')}${by ? L(lang, `；分区县 ${by}`, `; by county ${by}`) : ''}`,
      );
    }
    if (ins.kind === 'water_surcharge')
      out.push(
        `  ${L(lang, '用水量估算', 'water use estimated as')}: ${FIELD_INFO[ins.waterUse.field][lang]} × ${ins.waterUse.factor} ${L(lang, '吨', 't')}`,
      );
    ins.rules.forEach((_, j) => out.push(`  ${ruleText(ins, j, lang)}`));
  }
  if (p.assumptions.length > 0) {
    out.push('', L(lang, '【演示假设（非公开规定）】', '[Demo assumptions (not published rules)]'));
    for (const a of p.assumptions) out.push(`  ${a.path}: ${a.note[lang]}`);
  }
  return out.join('\n');
}

/** The totals by county and for the city: relief, rewards, surcharges, land, energy and emission quotas. */
export function totalsText(
  t: { counties: (PolicyTotals & { name: string | null })[]; city: PolicyTotals },
  lang: Lang,
): string {
  const head = [
    L(lang, '区县', 'county'),
    L(lang, '定档', 'graded'),
    'A/B/C/D',
    L(lang, '减免(万元)', 'relief (万元)'),
    L(lang, '奖励(万元)', 'rewards (万元)'),
    L(lang, '加价(万元)', 'surcharges (万元)'),
    L(lang, '净财政(万元)', 'net (万元)'),
    L(lang, '新增用地(亩)', 'land (亩)'),
    L(lang, '用能±(吨标煤)', 'energy ± (tce)'),
    L(lang, '排污±(吨)', 'emissions ± (t)'),
  ];
  const row = (label: string, c: PolicyTotals) => [
    label,
    String(c.enterprises),
    CLASS_IDS.map((k) => c.classes[k]).join('/'),
    f2(c.reliefWan),
    f2(c.rewardWan),
    f2(c.surchargeWan),
    f2(c.netFiscalWan),
    f2(c.landGrantMu - c.landCutMu),
    `+${f2(c.energyGrantTce)} / −${f2(c.energyCutTce)}`,
    `+${f2(c.emissionGrantT)} / −${f2(c.emissionCutT)}`,
  ];
  const rows = t.counties.map((c) => row(`${c.name ?? ''} ${c.division ?? ''}`.trim(), c));
  rows.push(row(L(lang, '全市合计', 'whole city'), t.city));
  const lines = table([head, ...rows]);
  const c = t.city;
  lines.push(
    '',
    L(
      lang,
      `全市：减免城镇土地使用税 ${f2(c.reliefWan / 10000)} 亿元，兑现奖励 ${f2(c.rewardWan / 10000)} 亿元，供应新增用地 ${f2(c.landGrantMu)} 亩，用能指标 ${f2(c.energyGrantTce / 10000)} 万吨标准煤，排污指标 ${f2(c.emissionGrantT)} 吨；差别化价格收入 ${f2(c.surchargeWan / 10000)} 亿元。`,
      `City: land-use tax relieved ${f2(c.reliefWan / 10000)} 亿元, rewards ${f2(c.rewardWan / 10000)} 亿元, new land ${f2(c.landGrantMu)} 亩, energy quota ${f2(c.energyGrantTce / 10000)} 万 tce, emission quota ${f2(c.emissionGrantT)} t; surcharge income ${f2(c.surchargeWan / 10000)} 亿元.`,
    ),
  );
  if (c.missing > 0)
    lines.push(
      L(
        lang,
        `另有 ${c.missing} 项因缺少数据无法计算（见台账）。`,
        `${c.missing} amounts could not be computed for want of data (see the ledger).`,
      ),
    );
  return lines.join('\n');
}

export function whatIfText(
  r: WhatIfResult & { countyNames?: Record<string, string> },
  lang: Lang,
  labels: { a: string; b: string },
): string {
  const out: string[] = [];
  out.push(`${L(lang, '方案 A', 'A')}: ${labels.a}`, `${L(lang, '方案 B', 'B')}: ${labels.b}`, '');
  out.push(L(lang, '等级变化矩阵（行 = A，列 = B）', 'Class transitions (rows = A, columns = B)'));
  const lab = (x: string) => (x === 'none' ? L(lang, '未定档', 'none') : x);
  out.push(
    ...table([
      ['', ...TRANSITION_LABELS.map(lab)],
      ...r.transition.counts.map((row, k) => [lab(TRANSITION_LABELS[k]!), ...row.map(String)]),
    ]),
  );
  out.push(
    '',
    L(
      lang,
      `等级变化 ${r.changedCount} 家：上调 ${r.movedUp}，下调 ${r.movedDown}`,
      `${r.changedCount} enterprises change class: ${r.movedUp} up, ${r.movedDown} down`,
    ),
    '',
    L(lang, '财政影响（万元，B − A）', 'Fiscal effect (万元, B − A)'),
  );
  const fr = (label: string, x: WhatIfResult['fiscal']['city']) => [
    label,
    f2(x.a.reliefWan),
    f2(x.b.reliefWan),
    f2(x.a.rewardWan),
    f2(x.b.rewardWan),
    f2(x.a.surchargeWan),
    f2(x.b.surchargeWan),
    f2(x.delta.netFiscalWan),
    `${x.movedUp}/${x.movedDown}`,
  ];
  out.push(
    ...table([
      [
        L(lang, '区县', 'county'),
        L(lang, '减免A', 'relief A'),
        L(lang, '减免B', 'relief B'),
        L(lang, '奖励A', 'rewards A'),
        L(lang, '奖励B', 'rewards B'),
        L(lang, '加价A', 'surch. A'),
        L(lang, '加价B', 'surch. B'),
        L(lang, '净财政Δ', 'net Δ'),
        L(lang, '上调/下调', 'up/down'),
      ],
      ...r.fiscal.counties.map((c) =>
        fr(`${r.countyNames?.[c.division ?? ''] ?? ''} ${c.division ?? ''}`.trim(), c),
      ),
      fr(L(lang, '全市', 'city'), r.fiscal.city),
    ]),
  );
  if (r.hardestHit.length > 0) {
    out.push('', L(lang, '受影响最大的企业（净受益减少，万元）', 'Hardest hit (loss of net benefit, 万元)'));
    out.push(
      ...table([
        ['uscc', L(lang, '企业名称', 'name'), L(lang, '区县', 'county'), 'A→B', 'Δ'],
        ...r.hardestHit.map((h) => [
          h.uscc,
          h.name ?? '',
          h.division ?? '',
          `${h.from ?? '—'}→${h.to ?? '—'}`,
          f2(h.deltaWan),
        ]),
      ]),
    );
  }
  return out.join('\n');
}

export function sensitivityText(
  s: SensitivityResult & { runId?: number; records?: number; ms?: number; workers?: number },
  lang: Lang,
): string {
  const out: string[] = [];
  out.push(
    L(
      lang,
      `敏感性分析：${s.draws} 次抽样（种子 ${s.seed}），权重 ±${pct(s.weights)}，数据 ±${pct(s.data)}（${s.dataFields.join(', ')}）`,
      `Sensitivity: ${s.draws} draws (seed ${s.seed}), weights ±${pct(s.weights)}, data ±${pct(s.data)} (${s.dataFields.join(', ')})`,
    ),
    L(
      lang,
      `定档 ${s.graded} 家，等级不稳定（与基准等级一致的抽样少于 ${pct(s.minStability)}）${s.fragileCount} 家`,
      `${s.graded} graded, ${s.fragileCount} fragile (base class in fewer than ${pct(s.minStability)} of the draws)`,
    ),
  );
  out.push(
    ...table([
      ['', ...CLASS_IDS],
      [L(lang, '定档', 'graded'), ...CLASS_IDS.map((c) => String(s.byClass[c].graded))],
      [L(lang, '不稳定', 'fragile'), ...CLASS_IDS.map((c) => String(s.byClass[c].fragile))],
    ]),
  );
  if (s.fragile.length > 0) {
    out.push(
      '',
      L(
        lang,
        '等级不稳定的企业（处罚前请复核，* = 涉及 C/D 类）',
        'Fragile enterprises (review before any penalty; * = C/D at stake)',
      ),
    );
    out.push(
      ...table([
        [
          'uscc',
          L(lang, '企业名称', 'name'),
          L(lang, '区县', 'county'),
          L(lang, '基准', 'base'),
          L(lang, '稳定度', 'stability'),
          'A/B/C/D/—',
          '',
        ],
        ...s.fragile.map((x) => [
          x.uscc,
          x.name ?? '',
          x.division ?? '',
          x.baseClass,
          pct(x.stability),
          `${x.counts.A}/${x.counts.B}/${x.counts.C}/${x.counts.D}/${x.counts.none}`,
          x.atStake ? '*' : '',
        ]),
      ]),
    );
  }
  return out.join('\n');
}

function optionText(o: MoveUpOption, lang: Lang): string {
  const name = FIELD_INFO[o.field][lang];
  switch (o.reason) {
    case 'missing':
      return L(lang, `${name}：数据缺失，无法测算`, `${name}: missing, cannot tell`);
    case 'not_used':
      return L(lang, `${name}：本组指标不使用`, `${name}: not used by this group's indicators`);
    case 'not_reachable':
      return L(
        lang,
        `${name}：单独调整无法达到（受封顶或公式所限）`,
        `${name}: cannot reach it alone (caps or the formula)`,
      );
    case 'ok': {
      if (o.change === 0) return L(lang, `${name}：按规则已达到`, `${name}: already enough by the rules`);
      const verb = o.direction === 'increase' ? L(lang, '增加', 'increase') : L(lang, '减少', 'decrease');
      const rel = o.relative !== null ? `${o.relative > 0 ? '+' : ''}${pct(o.relative)}` : '';
      return L(
        lang,
        `${name}：由 ${f2(o.current!)} ${o.unit} ${verb}到 ${f2(o.required!)} ${o.unit}（${verb} ${f2(Math.abs(o.change!))}${rel ? `，${rel}` : ''}）`,
        `${name}: ${verb} from ${f2(o.current!)} ${o.unit} to ${f2(o.required!)} ${o.unit} (by ${f2(Math.abs(o.change!))}${rel ? `, ${rel}` : ''})`,
      );
    }
  }
}

/** The "how to move up" section of a statement. */
export function moveUpText(r: MoveUpResult | null, lang: Lang): string {
  const out: string[] = [
    L(
      lang,
      '如何提档（在本次评价基准下，单项调整）:',
      'How to move up (one input at a time, under this run’s benchmarks):',
    ),
  ];
  if (!r) {
    out.push(L(lang, '  未定档，无法测算', '  not graded: nothing to compute'));
    return out.join('\n');
  }
  switch (r.status) {
    case 'top':
      out.push(L(lang, '  已是 A 类', '  already class A'));
      return out.join('\n');
    case 'no_slot':
      out.push(
        L(lang, '  本排名单元中没有更高等级的名额', '  no better class has a place in this ranking unit'),
      );
      return out.join('\n');
    case 'blocked_by_veto':
      out.push(
        L(
          lang,
          `  受否决事项（${r.vetoes.join('、')}）限制，任何单项调整都不能升至 ${r.target?.class} 类`,
          `  a veto (${r.vetoes.join(', ')}) keeps it below class ${r.target?.class}, whatever its figures`,
        ),
      );
      return out.join('\n');
    case 'ok':
      break;
  }
  const t = r.target!;
  out.push(
    t.strict
      ? L(
          lang,
          `  升至 ${t.class} 类须超过本单元 ${t.class} 类最后一名（第 ${t.rank} 名）的得分 ${f2(t.total)}，现为 ${f2(r.total)}`,
          `  class ${t.class} takes more than the total of its last place in the unit (rank ${t.rank}), ${f2(t.total)}; now ${f2(r.total)}`,
        )
      : L(
          lang,
          `  升至 ${t.class} 类须得分不低于 ${f2(t.total)}，现为 ${f2(r.total)}`,
          `  class ${t.class} takes a total of at least ${f2(t.total)}; now ${f2(r.total)}`,
        ),
  );
  for (const o of r.options) out.push(`  · ${optionText(o, lang)}`);
  if (r.noSingleInput) out.push(L(lang, '  任何单项调整都不足以提档', '  no single input can do it'));
  if (r.manual)
    out.push(
      L(
        lang,
        '  （本企业等级经人工调整，以上为按规则测算）',
        '  (the class was adjusted by hand; the figures are what the rules need)',
      ),
    );
  return out.join('\n');
}
