/**
 * The deterministic demo city: a synthetic prefecture modelled on Jiaxing (嘉兴市) and its seven
 * county-level divisions, with enterprises in the industries of the source articles. The same seed,
 * size and data year always give the same records, byte for byte.
 *
 * Values are in canonical units and rounded to 2 decimals in their unit (emissions: whole kilograms,
 * so 3 decimals in tonnes); the departmental detail (parcels in m², meters in kWh, tax in 元, …) is
 * derived from those rounded values exactly, so merging the departmental files reproduces the batch.
 * Every number is a demo assumption, not an official statistic.
 *
 * Longer than 600 lines on purpose: it is one generator whose figures are derived from one another per
 * enterprise (revenue from value added, the departments' parcels, meters and tax detail from the rounded
 * record), and each derivation sits next to the rule that keeps the departmental files consistent with the
 * batch; the county and segment profiles it draws from are already apart (profiles.ts, random.ts).
 */
import { allocateBatch, type RecordBatch } from '../domain/record-batch.js';
import type { NumericField } from '../domain/fields.js';
import type { Division } from '../domain/reference.js';
import { withCheckChar } from '../domain/uscc.js';
import { loadDivisions } from '../reference/reference-data.js';
import { CITY_CODE, COUNTY_PROFILES, DEMO_INDUSTRIES, type DemoIndustry } from './profiles.js';
import { Random, WeightedTable, weightedPick } from './random.js';

export interface DemoOptions {
  /** Number of enterprises (default 8000). */
  enterprises?: number;
  /** Seed of the generator (default 2024). */
  seed?: number;
  /** Data year of the records (default 2023). */
  dataYear?: number;
}

export const DEFAULT_ENTERPRISES = 8000;
export const DEFAULT_SEED = 2024;
export const DEFAULT_DATA_YEAR = 2023;

/** 权利类型 of a parcel, by the code stored in `DemoParcels.tenure`. */
export const TENURES = ['出让', '租赁'] as const;
export const TENURE_GRANTED = 0;
export const TENURE_LEASED = 1;
/** 用途 of every parcel. */
export const PARCEL_USE = '工业用地';

/** Square metres per 亩. */
export const M2_PER_MU = 10000 / 15;

/** Land parcels (自然资源): enterprise i owns parcels start[i] … start[i+1]-1. */
export interface DemoParcels {
  readonly count: number;
  readonly start: Int32Array;
  readonly owner: Int32Array;
  /** 不动产权证号, unique. */
  readonly certificate: string[];
  /** 宗地面积 in m², 2 decimals; the parcels of an enterprise sum to land_mu × 10000/15 within 0.005 m². */
  readonly areaM2: Float64Array;
  /** Index into TENURES (0 出让, 1 租赁). */
  readonly tenure: Uint8Array;
  /** Year the enterprise acquired (or leased) the parcel. */
  readonly acquired: Int16Array;
}

/** Electricity meters (电力): enterprise i has meters start[i] … start[i+1]-1. */
export interface DemoMeters {
  readonly count: number;
  readonly start: Int32Array;
  readonly owner: Int32Array;
  /** 户号, unique. */
  readonly account: string[];
  /** Whole kWh; an enterprise's meters sum exactly to electricity × 10000. */
  readonly kwh: Float64Array;
}

/** Main pollutants (生态环境) in whole kilograms; NaN where the enterprise has no emission record. */
export interface DemoEmissions {
  readonly codKg: Float64Array;
  readonly ammoniaKg: Float64Array;
  readonly so2Kg: Float64Array;
  readonly noxKg: Float64Array;
}

/** Tax detail (税务) in whole 元: contribution = paid − refund = tax × 10000 exactly. */
export interface DemoTaxDetail {
  /** 实缴税金. */
  readonly paidYuan: Float64Array;
  /** 税收实际贡献 (the canonical `tax`, in 元). */
  readonly contributionYuan: Float64Array;
  /** 留抵退税. */
  readonly refundYuan: Float64Array;
}

/** The data faults injected on purpose, by enterprise index (ascending). */
export interface DemoFaults {
  readonly invalidUscc: number[];
  readonly landMissing: number[];
  readonly landZero: number[];
  readonly missingFields: { index: number; field: NumericField }[];
  /** Enterprises on rented land whose `tenant_of` names another enterprise of the city. */
  readonly tenants: number[];
}

export interface DemoCity {
  readonly seed: number;
  readonly dataYear: number;
  /** 嘉兴市, from the reference table. */
  readonly city: Division;
  /** Its county-level divisions in code order, from the reference table. */
  readonly counties: readonly Division[];
  /** The canonical records (grouped by county, in county-code order). */
  readonly batch: RecordBatch;
  /** Registration date (成立日期) as yyyymmdd; its year is `founded`. */
  readonly registeredOn: Int32Array;
  /** Operating revenue (营业收入) in 万元, 2 decimals, ≥ the main-business revenue. */
  readonly operatingRevenue: Float64Array;
  readonly tax: DemoTaxDetail;
  readonly emissions: DemoEmissions;
  readonly parcels: DemoParcels;
  readonly meters: DemoMeters;
  readonly faults: DemoFaults;
  /** Demo industry profile per enterprise (index into DEMO_INDUSTRIES). */
  readonly industryIndex: Uint16Array;
}

// --- helpers ---------------------------------------------------------------------------------------

const round2 = (x: number): number => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
const ABOVE_SCALE_REVENUE = 2000; // 万元
/** tce per 万kWh (equivalent value, 当量值). */
const TCE_PER_10K_KWH = 1.229;

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/** Weighted choices used in the hot loops, built once. */
const SUBLET_COUNTS = new WeightedTable([1, 2, 3, 4, 5], [50, 25, 13, 7, 5]);
const PARCEL_COUNTS = new WeightedTable([1, 2, 3], [70, 22, 8]);
const METER_COUNTS = new WeightedTable([1, 2, 3], [65, 25, 10]);
const FIRST_LAND_DELAY = new WeightedTable([0, 1, 2], [60, 30, 10]);

/** Largest-remainder apportionment of n over weights; every part ≥ 1 when n ≥ parts. */
function apportion(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const minEach = n >= weights.length ? 1 : 0;
  const rest = n - minEach * weights.length;
  const exact = weights.map((w) => (rest * w) / total);
  const counts = exact.map((x) => Math.floor(x) + minEach);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]! += 1;
  return counts;
}

/**
 * Splits a non-negative integer total into k integer parts (written to out[0..k-1]) that sum exactly to it;
 * each part's share is drawn from [minShare, 1) before normalising.
 */
function splitInteger(rng: Random, total: number, k: number, minShare: number, out: Float64Array): void {
  let sum = 0;
  for (let j = 0; j < k; j++) {
    out[j] = rng.range(minShare, 1);
    sum += out[j]!;
  }
  let used = 0;
  for (let j = 0; j < k - 1; j++) {
    const p = Math.floor((total * out[j]!) / sum);
    out[j] = p;
    used += p;
  }
  out[k - 1] = total - used;
}

/** Name pieces: brand syllables of Chinese company names (all in GBK). */
const BRAND_CHARS = [
  ...'华宏鑫恒瑞达盛泰丰源天宇金新亚中博科创力信德嘉和美佳凯龙光阳明辉晨星汇通利隆兴旺昌荣海洋江润正诚永安康宝富远航飞腾锦顺景东万联众合立志卓越精工益友邦泽晶峰捷赛思睿智禾杰豪雅俊伟奥特斯普迪菲灵翔鸿浩振启铭铂骏旭昊晟祥维广麒鼎',
];

// --- the generator ---------------------------------------------------------------------------------

interface CountyInfo {
  readonly division: Division;
  /** Name prefix for the "full" template: 嘉兴市秀洲区 for a district, 海宁市 for a county-level city. */
  readonly fullPrefix: string;
  readonly short: string;
  /** Place on the land certificate: the city for districts, the county otherwise. */
  readonly certPlace: string;
  readonly industries: WeightedTable<number>;
}

function countyInfos(city: Division, counties: readonly Division[]): CountyInfo[] {
  return counties.map((division) => {
    const profile = COUNTY_PROFILES[division.code];
    if (!profile) throw new Error(`no demo profile for county ${division.code}`);
    const isDistrict = division.name.endsWith('区');
    const weights = DEMO_INDUSTRIES.map((ind) => {
      const seg = ind.segment;
      const classTotal = seg.classes.reduce((a, k) => a + k.weight, 0);
      return (seg.weight * (profile.multipliers[seg.key] ?? 1) * ind.profile.weight) / classTotal;
    });
    return {
      division,
      fullPrefix: isDistrict ? city.name + division.name : division.name,
      short: division.name.slice(0, -1),
      certPlace: isDistrict ? city.name : division.name,
      industries: new WeightedTable(
        DEMO_INDUSTRIES.map((_, i) => i),
        weights,
      ),
    };
  });
}

/** Generates the demo city. Deterministic in (enterprises, seed, dataYear). */
export function generateDemoCity(options: DemoOptions = {}): DemoCity {
  const n = options.enterprises ?? DEFAULT_ENTERPRISES;
  const seed = options.seed ?? DEFAULT_SEED;
  const dataYear = options.dataYear ?? DEFAULT_DATA_YEAR;
  if (!Number.isInteger(n) || n < 0) throw new Error(`enterprises must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(dataYear) || dataYear < 2000 || dataYear > 2100)
    throw new Error(`bad data year ${dataYear}`);

  const divisions = loadDivisions();
  const city = divisions.get(CITY_CODE);
  if (!city) throw new Error(`division ${CITY_CODE} missing from the reference table`);
  const province = city.parentCode ? divisions.get(city.parentCode) : undefined;
  const provinceShort = province ? province.name.replace(/省$/u, '') : '';
  const cityShort = city.name.replace(/市$/u, '');
  const counties = divisions.countiesOf(CITY_CODE);
  const infos = countyInfos(city, counties);

  const batch = allocateBatch(n);
  const col = batch.columns;
  const countyOf = new Uint8Array(n);
  const industryIndex = new Uint16Array(n);
  const registeredOn = new Int32Array(n);
  const operatingRevenue = new Float64Array(n).fill(NaN);
  const paidYuan = new Float64Array(n);
  const contributionYuan = new Float64Array(n);
  const refundYuan = new Float64Array(n);
  const codKg = new Float64Array(n).fill(NaN);
  const ammoniaKg = new Float64Array(n).fill(NaN);
  const so2Kg = new Float64Array(n).fill(NaN);
  const noxKg = new Float64Array(n).fill(NaN);
  const isTenant = new Uint8Array(n);
  const ownerOf = new Int32Array(n).fill(-1);

  // 1. Structure: county (grouped, skewed sizes), industry, scale, founding, subletting.
  const rngS = new Random(seed, 'structure');
  const countyCounts = apportion(
    n,
    infos.map((c) => COUNTY_PROFILES[c.division.code]!.weight),
  );
  {
    let i = 0;
    countyCounts.forEach((count, ci) => {
      for (let k = 0; k < count; k++) countyOf[i++] = ci;
    });
  }
  const recentFrom = dataYear - 2;
  for (let i = 0; i < n; i++) {
    const info = infos[countyOf[i]!]!;
    const ii = info.industries.pick(rngS);
    const ind = DEMO_INDUSTRIES[ii]!;
    industryIndex[i] = ii;
    batch.division[i] = info.division.code;
    batch.industry[i] = ind.code;
    col.above_scale[i] = rngS.bernoulli(ind.segment.aboveShare) ? 1 : 0;
    // ~6 % founded in the last 3 years; the rest skewed towards the 2000s and 2010s.
    const year = rngS.bernoulli(0.06)
      ? rngS.int(recentFrom, dataYear)
      : 1990 + Math.floor((recentFrom - 1990) * Math.pow(rngS.uniform(), 0.8));
    const month = rngS.int(1, 12);
    const day = rngS.int(1, daysInMonth(year, month));
    registeredOn[i] = year * 10000 + month * 100 + day;
    col.founded[i] = year;
    col.sublet_tenants[i] = rngS.bernoulli(col.above_scale[i] ? 0.06 : 0.035) ? SUBLET_COUNTS.pick(rngS) : 0;
  }

  // 2. Tenants: below-scale industrial firms of the same county renting from a firm that sublets.
  const rngT = new Random(seed, 'tenants');
  const tenants: number[] = [];
  {
    const pools: number[][] = infos.map(() => []);
    for (let i = 0; i < n; i++) {
      const ind = DEMO_INDUSTRIES[industryIndex[i]!]!;
      if (
        col.above_scale[i] === 0 &&
        col.sublet_tenants[i] === 0 &&
        ind.segment.key !== 'utility' &&
        ind.segment.key !== 'non_industrial'
      ) {
        pools[countyOf[i]!]!.push(i);
      }
    }
    for (let i = 0; i < n; i++) {
      const k = col.sublet_tenants[i]!;
      const pool = pools[countyOf[i]!]!;
      for (let s = 0; s < k; s++) {
        if (pool.length === 0 || !rngT.bernoulli(0.4)) continue;
        const j = rngT.int(0, pool.length - 1);
        const t = pool[j]!;
        pool[j] = pool[pool.length - 1]!;
        pool.pop();
        isTenant[t] = 1;
        ownerOf[t] = i;
        tenants.push(t);
      }
    }
    tenants.sort((a, b) => a - b);
  }

  // 3. Economics and flags.
  const rngE = new Random(seed, 'economy');
  const rngF = new Random(seed, 'flags');
  for (let i = 0; i < n; i++) {
    const ind: DemoIndustry = DEMO_INDUSTRIES[industryIndex[i]!]!;
    const seg = ind.segment;
    const above = col.above_scale[i] === 1;
    const energyPerVa = ind.profile.energyPerVa ?? seg.energyPerVa;
    const elecShare = ind.profile.elecShare ?? seg.elecShare;
    const codPerVa = ind.profile.codPerVa ?? seg.codPerVa;

    // Land (亩) and main-business revenue (万元); revenue per 亩 is what separates the firms.
    let land: number;
    if (isTenant[i]) land = clamp(rngE.lognormal(2.6, 0.6), 0.3, 30);
    else if (above) land = clamp(rngE.lognormal(40, 0.9), 0.5, 3000);
    else land = clamp(rngE.lognormal(8, 0.8), 0.3, 400);
    land = round2(land);
    const perMu = above
      ? clamp(rngE.lognormal(450 * seg.revenuePerMuFactor, 0.7), 20, 8000)
      : clamp(rngE.lognormal(280 * seg.revenuePerMuFactor, 0.75), 5, 3000);
    let revenue = land * perMu;
    if (above) {
      if (revenue < ABOVE_SCALE_REVENUE) revenue = ABOVE_SCALE_REVENUE * (1 + rngE.lognormal(0.25, 1));
      revenue = Math.max(ABOVE_SCALE_REVENUE, round2(Math.min(revenue, 5_000_000)));
    } else {
      if (revenue >= ABOVE_SCALE_REVENUE) revenue = ABOVE_SCALE_REVENUE * rngE.range(0.35, 0.995);
      revenue = Math.min(1999.99, Math.max(1, round2(revenue)));
    }
    col.land_mu[i] = land;
    col.revenue[i] = revenue;
    operatingRevenue[i] = round2(revenue * (1 + Math.abs(rngE.normal(0, 0.04))));
    const va = round2(revenue * seg.vaRatio * rngE.lognormal(1, 0.25));
    col.value_added[i] = va;

    // Tax: paid, minus VAT credit refunds (留抵退税); a few firms are net negative.
    const gross = revenue * seg.taxRate * rngE.lognormal(1, 0.45);
    const r = rngE.uniform();
    const refund = round2(
      r < 0.012 ? gross * rngE.range(1.05, 1.8) : r < 0.1 ? gross * rngE.range(0.05, 0.5) : 0,
    );
    const tax = round2(gross - refund);
    col.tax[i] = tax;
    contributionYuan[i] = Math.round(tax * 10000);
    refundYuan[i] = Math.round(refund * 10000);
    paidYuan[i] = contributionYuan[i]! + refundYuan[i]!;

    // Flags.
    const recent = col.founded[i]! >= recentFrom;
    const highTech = rngF.bernoulli(seg.tech ? (above ? 0.4 : 0.13) : above ? 0.15 : 0.03);
    const specialised = rngF.bernoulli((above ? 0.12 : 0.035) * (seg.tech ? 1.6 : 0.75));
    const littleGiant = specialised && above && rngF.bernoulli(0.28);
    const listedP = !above
      ? 0
      : revenue >= 100_000
        ? 0.35
        : revenue >= 30_000
          ? 0.08
          : revenue >= 10_000
            ? 0.015
            : 0.002;
    col.high_tech[i] = highTech ? 1 : 0;
    col.specialised_sme[i] = specialised ? 1 : 0;
    col.little_giant[i] = littleGiant ? 1 : 0;
    col.listed[i] = rngF.bernoulli(listedP) ? 1 : 0;
    col.safety_accident[i] = rngF.bernoulli(0.01) ? 1 : 0;
    col.environmental_violation[i] = rngF.bernoulli(seg.polluting ? 0.025 : 0.008) ? 1 : 0;
    col.major_project_build[i] = rngF.bernoulli(recent ? 0.12 : 0.009) ? 1 : 0;

    // Energy, electricity, emissions, headcount, R&D: above-scale statistics; below-scale firms only
    // have electricity (from the grid company).
    if (above) {
      const energy = Math.max(0.5, round2(va * energyPerVa * rngE.lognormal(1, 0.5)));
      const share = clamp(elecShare * rngE.lognormal(1, 0.2), 0.03, 0.97);
      const elec = Math.max(0.01, round2((energy * share) / TCE_PER_10K_KWH));
      col.energy_tce[i] = energy;
      col.electricity[i] = elec;
      if (rngE.bernoulli(0.04)) {
        codKg[i] = ammoniaKg[i] = so2Kg[i] = noxKg[i] = 0;
      } else {
        const fuel = Math.max(0, energy - elec * TCE_PER_10K_KWH);
        so2Kg[i] = Math.round(fuel * seg.so2PerTce * rngE.lognormal(1, 0.5));
        noxKg[i] = Math.round(fuel * seg.noxPerTce * rngE.lognormal(1, 0.5));
        codKg[i] = Math.round(Math.max(0, va) * codPerVa * rngE.lognormal(1, 0.6));
        ammoniaKg[i] = Math.round(codKg[i]! * 0.08 * rngE.lognormal(1, 0.3));
      }
      col.emissions_t[i] = (codKg[i]! + ammoniaKg[i]! + so2Kg[i]! + noxKg[i]!) / 1000;
      col.employees[i] = Math.max(
        10,
        Math.round(Math.max(0, va) / (seg.productivity * rngE.lognormal(1, 0.35))),
      );
      const rdShare = highTech
        ? rngE.range(0.03, 0.05)
        : seg.tech
          ? rngE.range(0.01, 0.04)
          : rngE.bernoulli(0.12)
            ? 0
            : clamp(rngE.lognormal(0.012, 0.5), 0.001, 0.05);
      col.rd_spend[i] = round2(revenue * rdShare);
      const mu = (seg.tech ? 3 : 0.8) * (highTech ? 2 : 1);
      col.invention_patents[i] = Math.max(0, Math.round(rngE.lognormal(mu, 1) - 0.7));
    } else {
      col.electricity[i] = Math.max(
        0.1,
        round2(
          ((Math.max(0, va) * energyPerVa * Math.min(0.97, elecShare * 1.1)) / TCE_PER_10K_KWH) *
            1.8 *
            rngE.lognormal(1, 0.6),
        ),
      );
      col.invention_patents[i] = rngE.bernoulli(highTech ? 0.5 : 0.05) ? rngE.int(1, 3) : 0;
    }
  }

  // 4. Faults, in exact numbers so that even a small city has each kind.
  const rngX = new Random(seed, 'faults');
  const atLeastOne = (rate: number, pool: number): number =>
    pool === 0 ? 0 : Math.max(n >= 100 ? 1 : 0, Math.round(rate * pool));
  const plain: number[] = []; // neither owner of tenants nor tenant
  const aboveIdx: number[] = [];
  for (let i = 0; i < n; i++) {
    if (col.sublet_tenants[i] === 0 && !isTenant[i]) plain.push(i);
    if (col.above_scale[i] === 1) aboveIdx.push(i);
  }
  const landPick = rngX.sample(plain.length, atLeastOne(0.003, n)).map((k) => plain[k]!);
  const landMissing: number[] = [];
  const landZero: number[] = [];
  landPick.forEach((i, k) => {
    if (k % 2 === 0) {
      col.land_mu[i] = NaN;
      landMissing.push(i);
    } else {
      col.land_mu[i] = 0;
      landZero.push(i);
    }
  });
  const invalidUscc = rngX.sample(plain.length, atLeastOne(0.002, n)).map((k) => plain[k]!);
  const missingFields: { index: number; field: NumericField }[] = [];
  for (const k of rngX.sample(aboveIdx.length, atLeastOne(0.02, aboveIdx.length))) {
    const i = aboveIdx[k]!;
    const field = weightedPick<NumericField>(rngX, [
      ['emissions_t', 40],
      ['employees', 25],
      ['energy_tce', 15],
      ['rd_spend', 10],
      ['electricity', 10],
    ]);
    col[field][i] = NaN;
    if (field === 'emissions_t') codKg[i] = ammoniaKg[i] = so2Kg[i] = noxKg[i] = NaN;
    missingFields.push({ index: i, field });
  }

  // 5. Identities: unique USCCs (valid except the injected faults) and unique company names.
  const rngN = new Random(seed, 'names');
  // USCC bodies are unique by construction: within each (registration division, body style) group the
  // k-th code gets body (a·k + b) mod M with a coprime to M, a bijection that looks random.
  const nameSeen = new Set<string>();
  const MA_SPACE = 31 ** 7; // 'MA' + 7 characters (codes issued since 2016)
  const ORG_SPACE = 1e8 * 11; // 8 digits + check digit or X (older organisation codes)
  const groupCount = (infos.length + 1) * 2;
  const groupA = new Float64Array(groupCount);
  const groupB = new Float64Array(groupCount);
  const groupK = new Float64Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    const space = g % 2 === 1 ? MA_SPACE : ORG_SPACE;
    let a: number;
    // a·k stays below 2^53 for every k < n, so the arithmetic is exact.
    const hi = Math.min(Math.floor(space / 2), Math.floor(2 ** 53 / Math.max(1, n)));
    do a = rngN.int(Math.floor(hi / 3), hi);
    while (gcd(a, space) !== 1);
    groupA[g] = a;
    groupB[g] = rngN.int(0, space - 1);
  }
  for (let i = 0; i < n; i++) {
    const info = infos[countyOf[i]!]!;
    const founded = col.founded[i]!;
    const atCity = rngN.bernoulli(0.1);
    const newStyle = founded >= 2016;
    const g = (atCity ? 0 : countyOf[i]! + 1) * 2 + (newStyle ? 1 : 0);
    const space = newStyle ? MA_SPACE : ORG_SPACE;
    const k = groupK[g]!;
    if (k >= space) throw new Error('demo city too large for its USCC space');
    groupK[g] = k + 1;
    const body = (groupA[g]! * k + groupB[g]!) % space;
    let tail = '';
    if (newStyle) {
      for (let d = 0, x = body; d < 7; d++, x = Math.floor(x / 31)) tail = USCC_ALPHABET[x % 31]! + tail;
      tail = 'MA' + tail;
    } else {
      const last = body % 11;
      tail = String(Math.floor(body / 11)).padStart(8, '0') + (last === 10 ? 'X' : String(last));
    }
    const code = withCheckChar('91' + (atCity ? CITY_CODE : info.division.code) + tail);
    batch.uscc[i] = code;

    const ind = DEMO_INDUSTRIES[industryIndex[i]!]!;
    const words = ind.profile.words ?? ind.segment.words;
    const form = col.listed[i] === 1 || rngN.bernoulli(0.04) ? '股份有限公司' : '有限公司';
    let name = '';
    for (let attempt = 0; ; attempt++) {
      const brandLength = attempt < 20 ? (rngN.bernoulli(0.85) ? 2 : 3) : 3 + Math.floor(attempt / 40);
      const word = rngN.pick(words);
      // Distinct syllables, and none equal to the word's first (no 智智能, 新新材料).
      let brand = '';
      while (brand.length < brandLength) {
        const ch = rngN.pick(BRAND_CHARS);
        if (!brand.includes(ch) && ch !== word[0]) brand += ch;
      }
      const t = rngN.uniform();
      if (t < 0.25) name = `${info.fullPrefix}${brand}${word}${form}`;
      else if (t < 0.5) name = `${info.short}${brand}${word}${form}`;
      else if (t < 0.7) name = `${provinceShort}${brand}${word}${form}`;
      else if (t < 0.9) name = `${cityShort}${brand}${word}${form}`;
      else name = `${brand}${word}（${rngN.bernoulli(0.5) ? cityShort : info.short}）${form}`;
      if (!nameSeen.has(name)) break;
    }
    nameSeen.add(name);
    batch.name[i] = name;
  }
  for (const i of invalidUscc) {
    const good = batch.uscc[i]!;
    let bad = good;
    // Bodies are unique, so any other check character gives a code no other enterprise has.
    while (bad === good) bad = good.slice(0, 17) + USCC_ALPHABET[rngX.int(0, USCC_ALPHABET.length - 1)]!;
    batch.uscc[i] = bad;
  }
  for (const t of tenants) batch.tenantOf[t] = batch.uscc[ownerOf[t]!]!;

  // 6. Land parcels (自然资源) and electricity meters (电力), derived exactly from the rounded values.
  //    At most 3 of each per enterprise, so typed arrays of 3n hold them.
  const rngL = new Random(seed, 'land');
  const split = new Float64Array(3);
  const parcelStart = new Int32Array(n + 1);
  const pOwner = new Int32Array(3 * n);
  const pArea = new Float64Array(3 * n);
  const pTenure = new Uint8Array(3 * n);
  const pYear = new Int16Array(3 * n);
  const pCert: string[] = [];
  // Serials count per registry (the city registers its districts, county-level units their own) and year.
  const places = [...new Set(infos.map((c) => c.certPlace))];
  const certPlaceIndex = infos.map((c) => places.indexOf(c.certPlace));
  const certCounters = new Map<number, number>();
  let np = 0;
  const addParcel = (
    i: number,
    ci: number,
    areaCenti: number,
    tenure: number,
    year: number,
    certYear: number,
  ): void => {
    const key = certPlaceIndex[ci]! * 10000 + certYear;
    const next = (certCounters.get(key) ?? rngL.int(100, 20_000)) + rngL.int(1, 40);
    certCounters.set(key, next);
    pCert.push(`浙(${certYear})${infos[ci]!.certPlace}不动产权第${String(next).padStart(7, '0')}号`);
    pOwner[np] = i;
    pArea[np] = areaCenti / 100;
    pTenure[np] = tenure;
    pYear[np] = year;
    np++;
  };
  for (let i = 0; i < n; i++) {
    parcelStart[i] = np;
    const land = col.land_mu[i]!;
    if (Number.isNaN(land)) continue;
    const ci = countyOf[i]!;
    const founded = col.founded[i]!;
    const total = Math.round(land * M2_PER_MU * 100); // centi-m²
    if (isTenant[i]) {
      const year = rngL.int(Math.max(founded, dataYear - 6), dataYear);
      addParcel(i, ci, total, TENURE_LEASED, year, Math.max(year, 2016));
      continue;
    }
    const k = land < 15 ? 1 : PARCEL_COUNTS.pick(rngL);
    splitInteger(rngL, total, k, 0.3, split);
    const first = Math.min(dataYear, founded + FIRST_LAND_DELAY.pick(rngL));
    let latest = first;
    for (let j = 0; j < k; j++) {
      const year =
        j === 0
          ? first
          : rngL.bernoulli(0.15)
            ? rngL.int(first, dataYear)
            : rngL.int(first, Math.max(first, dataYear - 3));
      if (year > latest) latest = year;
      // Land registered before the unified real-estate register (2016) got its certificate later.
      addParcel(
        i,
        ci,
        split[j]!,
        TENURE_GRANTED,
        year,
        year >= 2016 ? year : rngL.int(2016, Math.max(2016, dataYear)),
      );
    }
    col.land_acquired[i] = latest;
  }
  parcelStart[n] = np;

  const rngP = new Random(seed, 'power');
  const meterStart = new Int32Array(n + 1);
  const mOwner = new Int32Array(3 * n);
  const mKwh = new Float64Array(3 * n);
  const mAccount: string[] = [];
  const meterCounters = infos.map(() => rngP.int(0, 200_000));
  let nm = 0;
  for (let i = 0; i < n; i++) {
    meterStart[i] = nm;
    const elec = col.electricity[i]!;
    if (Number.isNaN(elec)) continue;
    const ci = countyOf[i]!;
    const k = elec < 50 ? 1 : METER_COUNTS.pick(rngP);
    splitInteger(rngP, Math.round(elec * 10000), k, 0.2, split);
    for (let j = 0; j < k; j++) {
      meterCounters[ci] = meterCounters[ci]! + rngP.int(1, 9);
      mAccount.push(`330${ci + 1}${String(meterCounters[ci]).padStart(6, '0')}`);
      mOwner[nm] = i;
      mKwh[nm] = split[j]!;
      nm++;
    }
  }
  meterStart[n] = nm;

  return {
    seed,
    dataYear,
    city,
    counties,
    batch,
    registeredOn,
    operatingRevenue,
    tax: { paidYuan, contributionYuan, refundYuan },
    emissions: { codKg, ammoniaKg, so2Kg, noxKg },
    parcels: {
      count: np,
      start: parcelStart,
      owner: pOwner.slice(0, np),
      certificate: pCert,
      areaM2: pArea.slice(0, np),
      tenure: pTenure.slice(0, np),
      acquired: pYear.slice(0, np),
    },
    meters: {
      count: nm,
      start: meterStart,
      owner: mOwner.slice(0, nm),
      account: mAccount,
      kwh: mKwh.slice(0, nm),
    },
    faults: {
      invalidUscc: [...invalidUscc],
      landMissing,
      landZero,
      missingFields: missingFields.sort((a, b) => a.index - b.index),
      tenants,
    },
    industryIndex,
  };
}
