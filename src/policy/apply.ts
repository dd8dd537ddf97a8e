/**
 * Applying a policy to a run: for every graded enterprise, which rule of each instrument applies (by its
 * adjusted class and how many consecutive years it has had it) and the amount, with its basis; totals per
 * county and for the city in the units the bureau reports (万元, 亩, 吨标准煤, 吨). Pure and columnar:
 * 200,000 enterprises are a few typed arrays per instrument; one enterprise's ledger row, with the basis
 * of each amount in words, is materialised on demand.
 */
import type { NumericField } from '../domain/fields.js';
import { CLASS_IDS, type ClassId } from '../engine/classes.js';
import type { EvaluationRun } from '../engine/result.js';
import type { Instrument, InstrumentKind, Policy } from './schema.js';

/** Square metres per 亩 (1 亩 = 10000/15 m²). */
export const M2_PER_MU = 10000 / 15;

/** What the policy is applied to: the enterprises of a run, their adjusted class and their inputs. */
export interface ApplyInput {
  readonly length: number;
  readonly uscc: readonly string[];
  readonly name: readonly (string | null)[];
  readonly division: readonly (string | null)[];
  /** The adjusted class per record: 0 none (not graded), 1 A … 4 D. */
  readonly classCode: Uint8Array;
  /** The records' inputs in canonical units (NaN = missing). */
  readonly columns: Readonly<Record<NumericField, Float64Array>>;
}

/** The input of an in-memory evaluation run (adjusted classes, the run's records). */
export function applyInputFromRun(run: EvaluationRun): ApplyInput {
  return {
    length: run.length,
    uscc: run.uscc,
    name: run.batch.name,
    division: run.batch.division,
    classCode: run.adjustedClass,
    columns: run.batch.columns,
  };
}

/**
 * The enterprises' classes in the years before the run's, most recent first: `classes[0]` is the year
 * before. A year without a run ends every streak (consecutive means consecutive data years).
 */
export interface ClassHistory {
  readonly years: readonly number[];
  readonly classes: readonly ReadonlyMap<string, ClassId>[];
}

export const NO_HISTORY: ClassHistory = { years: [], classes: [] };

/** The unit of an instrument's amounts. */
export function instrumentUnit(kind: InstrumentKind): string {
  switch (kind) {
    case 'land_quota':
      return '亩';
    case 'energy_quota':
      return '吨标准煤';
    case 'emission_quota':
      return '吨';
    default:
      return '万元';
  }
}

export interface InstrumentResult {
  readonly instrument: Instrument;
  /** The rule of the instrument that applies to each record, −1 when none does. */
  readonly rule: Int16Array;
  /**
   * The amount in the instrument's unit: a relief, reward or surcharge in 万元, a quota change in 亩,
   * 吨标准煤 or 吨 (negative = cut). 0 where no rule applies; NaN where a rule applies but an input
   * it needs is missing.
   */
  readonly amount: Float64Array;
}

export interface PolicyApplication {
  readonly policy: Policy;
  readonly input: ApplyInput;
  /** Consecutive data years in the current class, this year included (0 = not graded). */
  readonly streak: Uint8Array;
  readonly results: readonly InstrumentResult[];
}

/** Consecutive years in the current class per record, from the history (capped at 255). */
export function classStreaks(input: ApplyInput, history: ClassHistory, maxYears = 255): Uint8Array {
  const n = input.length;
  const streak = new Uint8Array(n);
  const depth = Math.min(history.classes.length, maxYears - 1);
  for (let i = 0; i < n; i++) {
    const c = input.classCode[i]!;
    if (c === 0) continue;
    let s = 1;
    if (depth > 0) {
      const cls = CLASS_IDS[c - 1]!;
      const u = input.uscc[i]!;
      for (let k = 0; k < depth; k++) {
        if (history.classes[k]!.get(u) !== cls) break;
        s++;
      }
    }
    streak[i] = s;
  }
  return streak;
}

/** The record fields a policy's instruments read. */
export function policyFields(p: Policy): NumericField[] {
  const s = new Set<NumericField>();
  for (const ins of p.instruments)
    switch (ins.kind) {
      case 'land_use_tax_relief':
        s.add('land_mu');
        break;
      case 'electricity_surcharge':
        s.add('electricity');
        break;
      case 'water_surcharge':
        s.add(ins.waterUse.field);
        break;
      case 'emission_fee_surcharge':
        s.add('emissions_t');
        break;
      case 'reward':
        for (const r of ins.rules) if (r.formula) s.add(r.formula.field);
        break;
      case 'land_quota':
      case 'energy_quota':
      case 'emission_quota':
        s.add(quotaField(ins.kind));
        break;
    }
  return [...s].sort();
}

/** The most consecutive years any rule of the policy asks for. */
export function maxConsecutiveYears(p: Policy): number {
  let m = 1;
  for (const ins of p.instruments) for (const r of ins.rules) m = Math.max(m, r.consecutiveYears);
  return m;
}

/**
 * rule index per (class code 1…4, streak 1…maxYears): of the rules of the class, the one with the most
 * consecutive years not above the streak.
 */
function ruleTable(ins: Instrument, maxYears: number): Int16Array[] {
  const table = [new Int16Array(0)];
  for (const cls of CLASS_IDS) {
    const row = new Int16Array(maxYears + 1).fill(-1);
    for (let s = 1; s <= maxYears; s++) {
      let best = -1;
      let bestYears = 0;
      ins.rules.forEach((r, j) => {
        if (r.class === cls && r.consecutiveYears <= s && r.consecutiveYears > bestYears) {
          best = j;
          bestYears = r.consecutiveYears;
        }
      });
      row[s] = best;
    }
    table.push(row);
  }
  return table;
}

/** Applies the policy to every record. Pure and deterministic. */
export function applyPolicy(
  policy: Policy,
  input: ApplyInput,
  history: ClassHistory = NO_HISTORY,
): PolicyApplication {
  const maxYears = maxConsecutiveYears(policy);
  const streak = classStreaks(input, history, Math.max(maxYears, 1));
  const n = input.length;
  const results = policy.instruments.map((ins): InstrumentResult => {
    const table = ruleTable(ins, maxYears);
    const rule = new Int16Array(n).fill(-1);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = input.classCode[i]!;
      if (c === 0) continue;
      const r = table[c]![Math.min(streak[i]!, maxYears)]!;
      if (r < 0) continue;
      rule[i] = r;
    }
    computeAmounts(ins, input, rule, amount);
    return { instrument: ins, rule, amount };
  });
  return { policy, input, streak, results };
}

/** The amounts of one instrument for the records a rule applies to. */
function computeAmounts(ins: Instrument, input: ApplyInput, rule: Int16Array, amount: Float64Array): void {
  const col = input.columns;
  const n = input.length;
  switch (ins.kind) {
    case 'land_use_tax_relief': {
      const land = col.land_mu;
      const byDiv = ins.taxRate.byDivision;
      for (let i = 0; i < n; i++) {
        const r = rule[i]!;
        if (r < 0) continue;
        const div = input.division[i];
        const rate = div && Object.hasOwn(byDiv, div) ? byDiv[div]! : ins.taxRate.default;
        // 亩 × m²/亩 × 元/m² × share → 元; ÷ 10000 → 万元
        amount[i] = (land[i]! * M2_PER_MU * rate * ins.rules[r]!.share) / 10000;
      }
      return;
    }
    case 'electricity_surcharge': {
      // 万千瓦时 × 元/千瓦时 = 万元
      const e = col.electricity;
      for (let i = 0; i < n; i++) if (rule[i]! >= 0) amount[i] = e[i]! * ins.rules[rule[i]!]!.rate;
      return;
    }
    case 'water_surcharge': {
      const base = col[ins.waterUse.field];
      const factor = ins.waterUse.factor;
      for (let i = 0; i < n; i++)
        if (rule[i]! >= 0) amount[i] = (base[i]! * factor * ins.rules[rule[i]!]!.rate) / 10000;
      return;
    }
    case 'emission_fee_surcharge': {
      const e = col.emissions_t;
      for (let i = 0; i < n; i++) if (rule[i]! >= 0) amount[i] = (e[i]! * ins.rules[rule[i]!]!.rate) / 10000;
      return;
    }
    case 'reward': {
      for (let i = 0; i < n; i++) {
        const r = rule[i]!;
        if (r < 0) continue;
        const ru = ins.rules[r]!;
        if (ru.formula) {
          const f = ru.formula;
          const v = col[f.field][i]!;
          let a = v > 0 ? v * f.factor : v === v ? 0 : NaN;
          if (a === a) {
            if (f.min !== undefined && a < f.min) a = f.min;
            if (f.max !== undefined && a > f.max) a = f.max;
          }
          amount[i] = a;
        } else amount[i] = ru.amount ?? 0;
      }
      return;
    }
    case 'land_quota':
    case 'energy_quota':
    case 'emission_quota': {
      const base = col[quotaField(ins.kind)];
      for (let i = 0; i < n; i++) {
        const r = rule[i]!;
        if (r < 0) continue;
        const ru = ins.rules[r]!;
        const q = ru.share !== undefined ? base[i]! * ru.share : (ru.amount ?? 0);
        amount[i] = ru.action === 'cut' ? -q : q;
      }
      return;
    }
  }
}

/** The record field a quota's share is taken of. */
export function quotaField(kind: 'land_quota' | 'energy_quota' | 'emission_quota'): NumericField {
  return kind === 'land_quota' ? 'land_mu' : kind === 'energy_quota' ? 'energy_tce' : 'emissions_t';
}

// ---- totals -----------------------------------------------------------------------------------------

/** Per county or for the city: what the policy costs, brings in and moves, in the bureau's units. */
export interface PolicyTotals {
  /** County code, or null for the whole city. */
  division: string | null;
  /** Graded enterprises. */
  enterprises: number;
  classes: Record<ClassId, number>;
  /** Graded enterprises with at least one amount. */
  affected: number;
  /** 城镇土地使用税减免, 万元 (a cost). */
  reliefWan: number;
  /** 奖励资金, 万元 (a cost). */
  rewardWan: number;
  electricitySurchargeWan: number;
  waterSurchargeWan: number;
  emissionFeeSurchargeWan: number;
  /** All surcharges, 万元 (an income). */
  surchargeWan: number;
  /** surcharges − relief − rewards, 万元. */
  netFiscalWan: number;
  landGrantMu: number;
  landCutMu: number;
  energyGrantTce: number;
  energyCutTce: number;
  emissionGrantT: number;
  emissionCutT: number;
  /** Rules that applied but could not be computed for want of an input. */
  missing: number;
  byInstrument: {
    id: string;
    kind: InstrumentKind;
    unit: string;
    enterprises: number;
    amount: number;
    missing: number;
  }[];
}

const emptyTotals = (division: string | null, p: Policy): PolicyTotals => ({
  division,
  enterprises: 0,
  classes: { A: 0, B: 0, C: 0, D: 0 },
  affected: 0,
  reliefWan: 0,
  rewardWan: 0,
  electricitySurchargeWan: 0,
  waterSurchargeWan: 0,
  emissionFeeSurchargeWan: 0,
  surchargeWan: 0,
  netFiscalWan: 0,
  landGrantMu: 0,
  landCutMu: 0,
  energyGrantTce: 0,
  energyCutTce: 0,
  emissionGrantT: 0,
  emissionCutT: 0,
  missing: 0,
  byInstrument: p.instruments.map((ins) => ({
    id: ins.id,
    kind: ins.kind,
    unit: instrumentUnit(ins.kind),
    enterprises: 0,
    amount: 0,
    missing: 0,
  })),
});

function addAmount(t: PolicyTotals, kind: InstrumentKind, a: number): void {
  switch (kind) {
    case 'land_use_tax_relief':
      t.reliefWan += a;
      return;
    case 'reward':
      t.rewardWan += a;
      return;
    case 'electricity_surcharge':
      t.electricitySurchargeWan += a;
      return;
    case 'water_surcharge':
      t.waterSurchargeWan += a;
      return;
    case 'emission_fee_surcharge':
      t.emissionFeeSurchargeWan += a;
      return;
    case 'land_quota':
      if (a >= 0) t.landGrantMu += a;
      else t.landCutMu -= a;
      return;
    case 'energy_quota':
      if (a >= 0) t.energyGrantTce += a;
      else t.energyCutTce -= a;
      return;
    case 'emission_quota':
      if (a >= 0) t.emissionGrantT += a;
      else t.emissionCutT -= a;
      return;
  }
}

function finish(t: PolicyTotals): PolicyTotals {
  t.surchargeWan = t.electricitySurchargeWan + t.waterSurchargeWan + t.emissionFeeSurchargeWan;
  t.netFiscalWan = t.surchargeWan - t.reliefWan - t.rewardWan;
  return t;
}

/** Totals per county (in code order) and for the whole city. */
export function policyTotals(app: PolicyApplication): { counties: PolicyTotals[]; city: PolicyTotals } {
  const { input, policy } = app;
  const n = input.length;
  const countyIndex = new Map<string, number>();
  const county = new Int32Array(n).fill(-1);
  const counties: PolicyTotals[] = [];
  const city = emptyTotals(null, policy);
  const affected = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = input.classCode[i]!;
    if (c === 0) continue;
    const d = input.division[i] ?? '';
    let k = countyIndex.get(d);
    if (k === undefined) {
      k = counties.length;
      countyIndex.set(d, k);
      counties.push(emptyTotals(d || null, policy));
    }
    county[i] = k;
    const t = counties[k]!;
    const cls = CLASS_IDS[c - 1]!;
    t.enterprises++;
    t.classes[cls]++;
    city.enterprises++;
    city.classes[cls]++;
  }
  app.results.forEach((res, j) => {
    const kind = res.instrument.kind;
    for (let i = 0; i < n; i++) {
      if (res.rule[i]! < 0) continue;
      const t = counties[county[i]!]!;
      const a = res.amount[i]!;
      const bt = t.byInstrument[j]!;
      const bc = city.byInstrument[j]!;
      bt.enterprises++;
      bc.enterprises++;
      if (a !== a) {
        t.missing++;
        city.missing++;
        bt.missing++;
        bc.missing++;
        continue;
      }
      if (a !== 0) affected[i] = 1;
      bt.amount += a;
      bc.amount += a;
      addAmount(t, kind, a);
      addAmount(city, kind, a);
    }
  });
  for (let i = 0; i < n; i++)
    if (affected[i] === 1) {
      counties[county[i]!]!.affected++;
      city.affected++;
    }
  counties.sort((a, b) => ((a.division ?? '') < (b.division ?? '') ? -1 : 1));
  return { counties: counties.map(finish), city: finish(city) };
}

// ---- one enterprise's ledger ------------------------------------------------------------------------

/** Per enterprise, what the policy means in money (万元) and quotas. */
export interface EnterpriseSums {
  reliefWan: number;
  rewardWan: number;
  surchargeWan: number;
  /** relief + rewards − surcharges: positive = the enterprise gains. */
  netBenefitWan: number;
  landMu: number;
  energyTce: number;
  emissionT: number;
  /** Rules that applied but lacked an input. */
  missing: number;
}

export function enterpriseSums(app: PolicyApplication, i: number): EnterpriseSums {
  const s: EnterpriseSums = {
    reliefWan: 0,
    rewardWan: 0,
    surchargeWan: 0,
    netBenefitWan: 0,
    landMu: 0,
    energyTce: 0,
    emissionT: 0,
    missing: 0,
  };
  for (const res of app.results) {
    if (res.rule[i]! < 0) continue;
    const a = res.amount[i]!;
    if (a !== a) {
      s.missing++;
      continue;
    }
    switch (res.instrument.kind) {
      case 'land_use_tax_relief':
        s.reliefWan += a;
        break;
      case 'reward':
        s.rewardWan += a;
        break;
      case 'electricity_surcharge':
      case 'water_surcharge':
      case 'emission_fee_surcharge':
        s.surchargeWan += a;
        break;
      case 'land_quota':
        s.landMu += a;
        break;
      case 'energy_quota':
        s.energyTce += a;
        break;
      case 'emission_quota':
        s.emissionT += a;
        break;
    }
  }
  s.netBenefitWan = s.reliefWan + s.rewardWan - s.surchargeWan;
  return s;
}

/** The net benefit (万元) of every record at once: relief + rewards − surcharges (0 when not graded). */
export function netBenefits(app: PolicyApplication): Float64Array {
  const out = new Float64Array(app.input.length);
  for (const res of app.results) {
    const kind = res.instrument.kind;
    const sign =
      kind === 'land_use_tax_relief' || kind === 'reward' ? 1 : kind.endsWith('_surcharge') ? -1 : 0;
    if (sign === 0) continue;
    for (let i = 0; i < out.length; i++) {
      const a = res.amount[i]!;
      if (res.rule[i]! >= 0 && a === a) out[i] = out[i]! + sign * a;
    }
  }
  return out;
}
