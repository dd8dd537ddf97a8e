/**
 * The per-enterprise ledger of a policy application (一企一账): for one enterprise, each instrument that
 * applies, its amount and the basis of the amount in words; and the ledger as a table (CSV / XLSX) with
 * Chinese or English headers and units. Pure.
 */
import { FIELD_INFO } from '../domain/fields.js';
import { CLASS_IDS, type ClassId } from '../engine/classes.js';
import type { Lang } from '../i18n/messages.js';
import {
  enterpriseSums,
  instrumentUnit,
  M2_PER_MU,
  quotaField,
  type EnterpriseSums,
  type PolicyApplication,
} from './apply.js';
import type { Instrument, InstrumentKind } from './schema.js';

export interface LedgerItem {
  instrument: string;
  kind: InstrumentKind;
  title: string;
  /** Index of the rule in the instrument. */
  rule: number;
  ruleClass: ClassId;
  consecutiveYears: number;
  /** In `unit`; negative = a cut; null when an input is missing. */
  amount: number | null;
  unit: string;
  /** How the amount came about, in words, with the numbers. */
  basis: string;
}

/**
 * The sums of a ledger row: null where an amount of that kind applies but could not be computed for want
 * of an input (the items say which input, in `basis`): a sum without it would understate the figure.
 */
export type LedgerSums = { [K in Exclude<keyof EnterpriseSums, 'missing'>]: number | null } & {
  missing: number;
};

export interface LedgerRow extends LedgerSums {
  /** Position of the record in the run (0-based). */
  seq: number;
  uscc: string;
  name: string | null;
  division: string | null;
  class: ClassId | null;
  /** Consecutive years in this class, this one included. */
  streak: number;
  items: LedgerItem[];
}

/** A number as written in a basis: at most 4 decimals, no trailing zeros. */
export function num(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toFixed(4))) : '—';
}
const money = (v: number): string => v.toFixed(2);
const pct = (s: number): string => `${num(s * 100)}%`;

const L = (lang: Lang, zh: string, en: string): string => (lang === 'zh' ? zh : en);

function missingText(lang: Lang, field: string): string {
  const f = FIELD_INFO[field as keyof typeof FIELD_INFO];
  const name = f ? (lang === 'zh' ? f.zh : f.en) : field;
  return L(lang, `缺少${name}，无法计算`, `${name} missing: cannot compute`);
}

/** The basis of one amount, in words. */
export function basisText(
  ins: Instrument,
  ruleIndex: number,
  app: PolicyApplication,
  i: number,
  lang: Lang,
): string {
  const col = app.input.columns;
  const a = app.results[app.policy.instruments.indexOf(ins)]?.amount[i] ?? NaN;
  const r = ins.rules[ruleIndex]!;
  const streak =
    r.consecutiveYears > 1
      ? L(
          lang,
          `（连续 ${app.streak[i]} 年 ${r.class} 类）`,
          ` (${app.streak[i]} straight years in class ${r.class})`,
        )
      : '';
  switch (ins.kind) {
    case 'land_use_tax_relief': {
      const land = col.land_mu[i]!;
      if (land !== land) return missingText(lang, 'land_mu');
      const div = app.input.division[i];
      const rate =
        div && Object.hasOwn(ins.taxRate.byDivision, div)
          ? ins.taxRate.byDivision[div]!
          : ins.taxRate.default;
      const share = ins.rules[ruleIndex]!.share;
      return (
        L(
          lang,
          `用地 ${num(land)} 亩 × ${num(M2_PER_MU)} 平方米/亩 × 税额 ${num(rate)} 元/平方米 × 减免 ${pct(share)} = ${money(a)} 万元`,
          `land ${num(land)} mu × ${num(M2_PER_MU)} m²/mu × tax ${num(rate)} 元/m² × ${pct(share)} relieved = ${money(a)} 万元`,
        ) + streak
      );
    }
    case 'electricity_surcharge': {
      const e = col.electricity[i]!;
      if (e !== e) return missingText(lang, 'electricity');
      const rate = ins.rules[ruleIndex]!.rate;
      return (
        L(
          lang,
          `用电 ${num(e)} 万千瓦时 × 加价 ${num(rate)} 元/千瓦时 = ${money(a)} 万元`,
          `electricity ${num(e)} 万kWh × surcharge ${num(rate)} 元/kWh = ${money(a)} 万元`,
        ) + streak
      );
    }
    case 'water_surcharge': {
      const f = ins.waterUse.field;
      const v = col[f][i]!;
      if (v !== v) return missingText(lang, f);
      const info = FIELD_INFO[f];
      const rate = ins.rules[ruleIndex]!.rate;
      const water = v * ins.waterUse.factor;
      return (
        L(
          lang,
          `估算用水 = ${info.zh} ${num(v)} ${info.unit} × ${num(ins.waterUse.factor)} 吨 = ${num(water)} 吨；× 加价 ${num(rate)} 元/吨 = ${money(a)} 万元`,
          `estimated water = ${info.en} ${num(v)} ${info.unit} × ${num(ins.waterUse.factor)} t = ${num(water)} t; × surcharge ${num(rate)} 元/t = ${money(a)} 万元`,
        ) + streak
      );
    }
    case 'emission_fee_surcharge': {
      const e = col.emissions_t[i]!;
      if (e !== e) return missingText(lang, 'emissions_t');
      const rate = ins.rules[ruleIndex]!.rate;
      return (
        L(
          lang,
          `主要污染物排放 ${num(e)} 吨 × 加价 ${num(rate)} 元/吨 = ${money(a)} 万元`,
          `main pollutant emissions ${num(e)} t × surcharge ${num(rate)} 元/t = ${money(a)} 万元`,
        ) + streak
      );
    }
    case 'reward': {
      const ru = ins.rules[ruleIndex]!;
      if (!ru.formula)
        return (
          L(
            lang,
            `${ru.class} 类固定奖励 ${money(a)} 万元`,
            `fixed reward for class ${ru.class}: ${money(a)} 万元`,
          ) + streak
        );
      const f = ru.formula;
      const v = col[f.field][i]!;
      if (v !== v) return missingText(lang, f.field);
      const info = FIELD_INFO[f.field];
      const raw = v > 0 ? v * f.factor : 0;
      const bounds: string[] = [];
      if (f.min !== undefined) bounds.push(L(lang, `下限 ${num(f.min)}`, `at least ${num(f.min)}`));
      if (f.max !== undefined) bounds.push(L(lang, `上限 ${num(f.max)}`, `at most ${num(f.max)}`));
      const b = bounds.length ? L(lang, `（${bounds.join('，')} 万元）`, ` (${bounds.join(', ')} 万元)`) : '';
      return (
        L(
          lang,
          `${info.zh} ${num(v)} ${info.unit} × ${num(f.factor)} = ${money(raw)} 万元${b} → ${money(a)} 万元`,
          `${info.en} ${num(v)} ${info.unit} × ${num(f.factor)} = ${money(raw)} 万元${b} → ${money(a)} 万元`,
        ) + streak
      );
    }
    case 'land_quota':
    case 'energy_quota':
    case 'emission_quota': {
      const ru = ins.rules[ruleIndex]!;
      const unit = instrumentUnit(ins.kind);
      const verb = ru.action === 'grant' ? L(lang, '增加', 'grant') : L(lang, '核减', 'cut');
      if (ru.share === undefined)
        return (
          L(lang, `${verb}固定 ${num(Math.abs(a))} ${unit}`, `${verb} a fixed ${num(Math.abs(a))} ${unit}`) +
          streak
        );
      const field = quotaField(ins.kind);
      const v = col[field][i]!;
      if (v !== v) return missingText(lang, field);
      const info = FIELD_INFO[field];
      return (
        L(
          lang,
          `${verb}：${info.zh} ${num(v)} ${info.unit} × ${pct(ru.share)} = ${num(Math.abs(a))} ${unit}`,
          `${verb}: ${info.en} ${num(v)} ${info.unit} × ${pct(ru.share)} = ${num(Math.abs(a))} ${unit}`,
        ) + streak
      );
    }
  }
}

/** The sum of a ledger row each instrument kind adds to. */
function sumOf(kind: InstrumentKind): Exclude<keyof LedgerSums, 'missing' | 'netBenefitWan'> {
  switch (kind) {
    case 'land_use_tax_relief':
      return 'reliefWan';
    case 'reward':
      return 'rewardWan';
    case 'electricity_surcharge':
    case 'water_surcharge':
    case 'emission_fee_surcharge':
      return 'surchargeWan';
    case 'land_quota':
      return 'landMu';
    case 'energy_quota':
      return 'energyTce';
    case 'emission_quota':
      return 'emissionT';
  }
}

/** One enterprise's ledger row: each instrument that applies, with its amount and basis. */
export function ledgerRow(app: PolicyApplication, i: number, lang: Lang): LedgerRow {
  const items: LedgerItem[] = [];
  app.results.forEach((res) => {
    const r = res.rule[i]!;
    if (r < 0) return;
    const ins = res.instrument;
    const a = res.amount[i]!;
    const rule = ins.rules[r]!;
    items.push({
      instrument: ins.id,
      kind: ins.kind,
      title: ins.title[lang],
      rule: r,
      ruleClass: rule.class,
      consecutiveYears: rule.consecutiveYears,
      amount: a === a ? a : null,
      unit: instrumentUnit(ins.kind),
      basis: basisText(ins, r, app, i, lang),
    });
  });
  const c = app.input.classCode[i]!;
  const sums: LedgerSums = enterpriseSums(app, i);
  for (const it of items)
    if (it.amount === null) {
      const k = sumOf(it.kind);
      sums[k] = null;
      if (k === 'reliefWan' || k === 'rewardWan' || k === 'surchargeWan') sums.netBenefitWan = null;
    }
  return {
    seq: i,
    uscc: app.input.uscc[i]!,
    name: app.input.name[i] ?? null,
    division: app.input.division[i] ?? null,
    class: c > 0 ? CLASS_IDS[c - 1]! : null,
    streak: app.streak[i]!,
    items,
    ...sums,
  };
}

export interface LedgerFilter {
  division?: string;
  class?: ClassId;
  /** Only enterprises with at least one rule applying. */
  onlyAffected?: boolean;
}

/** The records of the ledger (graded enterprises) matching the filter, in run order. */
export function ledgerIndices(app: PolicyApplication, f: LedgerFilter = {}): Int32Array {
  const n = app.input.length;
  const want = f.class ? CLASS_IDS.indexOf(f.class) + 1 : 0;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = app.input.classCode[i]!;
    if (c === 0 || (want && c !== want)) continue;
    if (f.division && app.input.division[i] !== f.division) continue;
    if (f.onlyAffected && !app.results.some((r) => r.rule[i]! >= 0)) continue;
    out[k++] = i;
  }
  return out.slice(0, k);
}

export type LedgerCell = string | number | null;

/**
 * The ledger as a table: headers (each unique, with its unit) and one row per record index. A cell is
 * empty (null) where no rule applies or where an amount could not be computed (the basis says why).
 * `countyNames` (code → name) fills the county column.
 */
export function ledgerTable(
  app: PolicyApplication,
  indices: ArrayLike<number>,
  lang: Lang,
  countyNames: Readonly<Record<string, string>> = {},
): { columns: { header: string; width: number }[]; rows: LedgerCell[][] } {
  const H = (zh: string, en: string, width = 14) => ({ header: L(lang, zh, en), width });
  const instrumentColumns = app.policy.instruments.map((ins) => {
    const unit = instrumentUnit(ins.kind);
    const title = ins.title[lang];
    // two instruments of one title (rewards may stack) are told apart by their ids
    const same = app.policy.instruments.filter((x) => x.title[lang] === title).length > 1;
    const name = same ? `${title} [${ins.id}]` : title;
    return { header: L(lang, `${name}（${unit}）`, `${name} (${unit})`), width: 16 };
  });
  const columns = [
    H('统一社会信用代码', 'USCC', 22),
    H('企业名称', 'name', 28),
    H('区县代码', 'county code', 10),
    H('区县', 'county', 10),
    H('调档后等级', 'class (adjusted)', 8),
    H('连续年数（年）', 'years in class (years)', 8),
    ...instrumentColumns,
    H('减免合计（万元）', 'total relief (万元)'),
    H('奖励合计（万元）', 'total rewards (万元)'),
    H('加价合计（万元）', 'total surcharges (万元)'),
    H('净受益合计（万元）', 'total net benefit (万元)'),
    H('用地指标合计（亩）', 'total land quota (亩)'),
    H('用能指标合计（吨标准煤）', 'total energy quota (吨标准煤)'),
    H('排污指标合计（吨）', 'total emission quota (吨)'),
    H('无法计算（项）', 'not computable (amounts)', 10),
    H('计算依据', 'basis', 80),
  ];
  // a policy whose titles collide with the sums' names still gets unique headers
  const seen = new Map<string, number>();
  for (const c of columns) {
    const k = seen.get(c.header) ?? 0;
    seen.set(c.header, k + 1);
    if (k > 0) c.header = `${c.header} #${k + 1}`;
  }
  const rows: LedgerCell[][] = [];
  const r6 = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const row = ledgerRow(app, i, lang);
    const byId = new Map(row.items.map((it) => [it.instrument, it]));
    rows.push([
      row.uscc,
      row.name,
      row.division,
      row.division ? (countyNames[row.division] ?? null) : null,
      row.class,
      row.streak,
      ...app.policy.instruments.map((ins) => {
        const it = byId.get(ins.id);
        return it ? r6(it.amount) : null;
      }),
      r6(row.reliefWan),
      r6(row.rewardWan),
      r6(row.surchargeWan),
      r6(row.netBenefitWan),
      r6(row.landMu),
      r6(row.energyTce),
      r6(row.emissionT),
      row.missing,
      row.items.map((it) => `${it.title}${L(lang, '：', ': ')}${it.basis}`).join(L(lang, '；', '; ')),
    ]);
  }
  return { columns, rows };
}

/** RFC 4180 CSV of a ledger table. */
export function ledgerCsv(t: { columns: { header: string }[]; rows: LedgerCell[][] }): string {
  const q = (v: LedgerCell): string => {
    if (v === null) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [t.columns.map((c) => q(c.header)).join(',')];
  for (const r of t.rows) lines.push(r.map(q).join(','));
  return lines.join('\n') + '\n';
}
