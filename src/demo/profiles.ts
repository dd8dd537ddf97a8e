/**
 * The demo city's economic profile: industry segments with their GB/T 4754-2017 classes and the
 * ratios that drive the synthetic values, and the county mix of Jiaxing (嘉兴市). Every number here
 * is a demo assumption chosen to look plausible; none is an official statistic.
 *
 * Industry codes are checked against the shipped reference table when this module loads, so a typo
 * fails fast instead of producing records the engine would reject for the wrong reason.
 */
import { IndustryTable, type Industry } from '../domain/reference.js';
import { loadDivisions, loadIndustries } from '../reference/reference-data.js';

export type SegmentKey =
  | 'pv'
  | 'power_semi'
  | 'sensor'
  | 'cnc'
  | 'fastener'
  | 'auto_parts'
  | 'new_materials'
  | 'textile'
  | 'warp_knitting'
  | 'chemical_fibre'
  | 'leather'
  | 'furniture'
  | 'plastics'
  | 'utility'
  | 'non_industrial';

/** Per-class overrides of the segment ratios (dyeing and tanning are dirtier than weaving, say). */
export interface ClassProfile {
  readonly code: string;
  readonly weight: number;
  /** Words for company names; the segment's words when absent. */
  readonly words?: readonly string[];
  readonly energyPerVa?: number;
  readonly elecShare?: number;
  readonly codPerVa?: number;
}

export interface SegmentProfile {
  readonly key: SegmentKey;
  readonly zh: string;
  /** Weight in an average county before the county multipliers. */
  readonly weight: number;
  readonly classes: readonly ClassProfile[];
  /** Technology-intensive: more high-tech firms, R&D 1–5 % of revenue, more patents. */
  readonly tech: boolean;
  /** Polluting: more environmental violations. */
  readonly polluting: boolean;
  /** Share of firms that are above scale (before the revenue check). */
  readonly aboveShare: number;
  /** Median main-business revenue per 亩 relative to the city's typical firm. */
  readonly revenuePerMuFactor: number;
  /** Industrial value added ÷ main-business revenue. */
  readonly vaRatio: number;
  /** Tax paid ÷ main-business revenue (median). */
  readonly taxRate: number;
  /** Comprehensive energy use, tce per 万元 of value added (median). */
  readonly energyPerVa: number;
  /** Share of energy use that is electricity (equivalent value). */
  readonly elecShare: number;
  /** COD discharged, kg per 万元 of value added (median). */
  readonly codPerVa: number;
  /** SO₂ and NOx, kg per tce of non-electric energy (median). */
  readonly so2PerTce: number;
  readonly noxPerTce: number;
  /** Value added per employee, 万元 (median). */
  readonly productivity: number;
  /** Words for company names, e.g. 新能源科技. */
  readonly words: readonly string[];
}

const c = (
  code: string,
  weight: number,
  extra: Omit<ClassProfile, 'code' | 'weight'> = {},
): ClassProfile => ({
  code,
  weight,
  ...extra,
});

/** Industry segments of the source articles (Jiaxing's "新星" clusters and its traditional industries). */
export const SEGMENTS: readonly SegmentProfile[] = [
  {
    key: 'pv',
    zh: '光伏新能源',
    weight: 5,
    classes: [c('3825', 8), c('3824', 2, { words: ['电力电子', '电气科技', '能源科技'] })],
    tech: true,
    polluting: false,
    aboveShare: 0.4,
    revenuePerMuFactor: 1.4,
    vaRatio: 0.17,
    taxRate: 0.035,
    energyPerVa: 0.3,
    elecShare: 0.85,
    codPerVa: 0.05,
    so2PerTce: 0.2,
    noxPerTce: 0.8,
    productivity: 25,
    words: ['新能源科技', '光伏科技', '光电科技', '太阳能科技', '光能科技', '新能源'],
  },
  {
    key: 'power_semi',
    zh: '功率半导体',
    weight: 3,
    classes: [
      c('3972', 8),
      c('3973', 1, { words: ['集成电路', '芯片科技'] }),
      c('3562', 1, { words: ['半导体设备'] }),
    ],
    tech: true,
    polluting: false,
    aboveShare: 0.4,
    revenuePerMuFactor: 1.3,
    vaRatio: 0.3,
    taxRate: 0.05,
    energyPerVa: 0.22,
    elecShare: 0.92,
    codPerVa: 0.08,
    so2PerTce: 0.1,
    noxPerTce: 0.5,
    productivity: 30,
    words: ['半导体', '微电子', '电子科技', '功率器件', '芯源科技'],
  },
  {
    key: 'sensor',
    zh: '智能传感',
    weight: 4,
    classes: [
      c('3983', 7),
      c('4028', 1.5, { words: ['测控技术', '仪器科技'] }),
      c('4011', 1.5, { words: ['自动化', '智能控制'] }),
    ],
    tech: true,
    polluting: false,
    aboveShare: 0.3,
    revenuePerMuFactor: 1.1,
    vaRatio: 0.3,
    taxRate: 0.055,
    energyPerVa: 0.08,
    elecShare: 0.92,
    codPerVa: 0.02,
    so2PerTce: 0.1,
    noxPerTce: 0.5,
    productivity: 22,
    words: ['传感科技', '智能传感', '传感技术', '电子科技', '智能科技'],
  },
  {
    key: 'cnc',
    zh: '数控机床',
    weight: 5,
    classes: [c('3421', 6), c('3484', 4, { words: ['精密机械', '机械制造', '机械'] })],
    tech: true,
    polluting: false,
    aboveShare: 0.3,
    revenuePerMuFactor: 0.9,
    vaRatio: 0.26,
    taxRate: 0.05,
    energyPerVa: 0.1,
    elecShare: 0.85,
    codPerVa: 0.03,
    so2PerTce: 0.2,
    noxPerTce: 0.8,
    productivity: 20,
    words: ['数控机床', '数控科技', '机床', '智能装备', '精密机械'],
  },
  {
    key: 'fastener',
    zh: '紧固件',
    weight: 3,
    classes: [c('3482', 8), c('3483', 2, { words: ['弹簧'] })],
    tech: false,
    polluting: false,
    aboveShare: 0.28,
    revenuePerMuFactor: 0.85,
    vaRatio: 0.22,
    taxRate: 0.04,
    energyPerVa: 0.35,
    elecShare: 0.75,
    codPerVa: 0.15,
    so2PerTce: 0.3,
    noxPerTce: 1,
    productivity: 16,
    words: ['紧固件', '标准件', '五金', '螺丝'],
  },
  {
    key: 'auto_parts',
    zh: '汽车零部件',
    weight: 7,
    classes: [c('3670', 1)],
    tech: false,
    polluting: false,
    aboveShare: 0.33,
    revenuePerMuFactor: 1,
    vaRatio: 0.22,
    taxRate: 0.045,
    energyPerVa: 0.15,
    elecShare: 0.8,
    codPerVa: 0.05,
    so2PerTce: 0.3,
    noxPerTce: 1,
    productivity: 18,
    words: ['汽车零部件', '汽配', '汽车部件', '机电', '车业'],
  },
  {
    key: 'new_materials',
    zh: '新材料',
    weight: 6,
    classes: [
      c('2651', 3, { words: ['新材料', '高分子材料', '树脂'] }),
      c('2653', 2, { words: ['新材料', '化工'] }),
      c('2669', 2, { words: ['化工', '新材料科技'] }),
      c('3985', 3, { words: ['电子材料', '新材料科技'], energyPerVa: 0.4 }),
    ],
    tech: true,
    polluting: true,
    aboveShare: 0.32,
    revenuePerMuFactor: 1.1,
    vaRatio: 0.2,
    taxRate: 0.045,
    energyPerVa: 0.8,
    elecShare: 0.45,
    codPerVa: 0.3,
    so2PerTce: 0.5,
    noxPerTce: 1.5,
    productivity: 28,
    words: ['新材料'],
  },
  {
    key: 'textile',
    zh: '纺织印染',
    weight: 12,
    classes: [
      c('1713', 2, { words: ['印染', '染整'], energyPerVa: 1.2, codPerVa: 1.5, elecShare: 0.35 }),
      c('1751', 4, { words: ['纺织', '织造', '丝绸'] }),
      c('1752', 2, { words: ['印染', '染整', '纺织科技'], energyPerVa: 1.2, codPerVa: 1.5, elecShare: 0.35 }),
      c('1762', 1, { words: ['印染', '针织印染'], energyPerVa: 1.1, codPerVa: 1.3, elecShare: 0.35 }),
      c('1781', 1, { words: ['无纺布', '非织造布', '纺织材料'] }),
    ],
    tech: false,
    polluting: true,
    aboveShare: 0.27,
    revenuePerMuFactor: 0.75,
    vaRatio: 0.19,
    taxRate: 0.03,
    energyPerVa: 0.45,
    elecShare: 0.7,
    codPerVa: 0.1,
    so2PerTce: 0.4,
    noxPerTce: 1.2,
    productivity: 14,
    words: ['纺织'],
  },
  {
    key: 'warp_knitting',
    zh: '经编',
    weight: 4,
    classes: [c('1761', 1)],
    tech: false,
    polluting: false,
    aboveShare: 0.27,
    revenuePerMuFactor: 0.8,
    vaRatio: 0.2,
    taxRate: 0.03,
    energyPerVa: 0.5,
    elecShare: 0.75,
    codPerVa: 0.1,
    so2PerTce: 0.3,
    noxPerTce: 1.2,
    productivity: 14,
    words: ['经编', '经编实业', '针织', '纺织'],
  },
  {
    key: 'chemical_fibre',
    zh: '化纤',
    weight: 3,
    classes: [c('2822', 6), c('2821', 2), c('2826', 2)],
    tech: false,
    polluting: true,
    aboveShare: 0.45,
    revenuePerMuFactor: 1.6,
    vaRatio: 0.12,
    taxRate: 0.025,
    energyPerVa: 1.4,
    elecShare: 0.55,
    codPerVa: 0.4,
    so2PerTce: 0.8,
    noxPerTce: 2.5,
    productivity: 35,
    words: ['化纤', '化学纤维', '合纤', '新纤维', '纤维'],
  },
  {
    key: 'leather',
    zh: '皮革皮草',
    weight: 5,
    classes: [
      c('1910', 1.5, { words: ['制革', '皮革'], codPerVa: 2.5, energyPerVa: 0.7, elecShare: 0.4 }),
      c('1921', 3, { words: ['皮革服饰', '皮衣', '服饰'] }),
      c('1922', 2, { words: ['箱包', '皮具'] }),
      c('1931', 1, { words: ['毛皮', '裘革'], codPerVa: 2.2, energyPerVa: 0.7, elecShare: 0.4 }),
      c('1932', 2, { words: ['皮草', '裘皮服饰'] }),
    ],
    tech: false,
    polluting: true,
    aboveShare: 0.25,
    revenuePerMuFactor: 0.8,
    vaRatio: 0.2,
    taxRate: 0.035,
    energyPerVa: 0.3,
    elecShare: 0.7,
    codPerVa: 0.3,
    so2PerTce: 0.3,
    noxPerTce: 1.2,
    productivity: 10,
    words: ['皮革'],
  },
  {
    key: 'furniture',
    zh: '家具',
    weight: 4,
    classes: [c('2110', 1)],
    tech: false,
    polluting: false,
    aboveShare: 0.25,
    revenuePerMuFactor: 0.7,
    vaRatio: 0.22,
    taxRate: 0.035,
    energyPerVa: 0.12,
    elecShare: 0.85,
    codPerVa: 0.05,
    so2PerTce: 0.2,
    noxPerTce: 0.6,
    productivity: 12,
    words: ['家具', '木业', '家居'],
  },
  {
    key: 'plastics',
    zh: '塑料制品',
    weight: 8,
    classes: [c('2929', 7), c('2927', 3, { words: ['日用品', '塑料制品'] })],
    tech: false,
    polluting: false,
    aboveShare: 0.25,
    revenuePerMuFactor: 0.85,
    vaRatio: 0.21,
    taxRate: 0.035,
    energyPerVa: 0.3,
    elecShare: 0.85,
    codPerVa: 0.05,
    so2PerTce: 0.2,
    noxPerTce: 0.6,
    productivity: 15,
    words: ['塑业', '塑料制品', '橡塑', '塑胶'],
  },
  {
    key: 'utility',
    zh: '电力燃气水',
    weight: 1.2,
    classes: [
      c('4411', 1, { words: ['发电', '电力'], energyPerVa: 3.5, elecShare: 0.08 }),
      c('4412', 2, { words: ['热电', '热能'], energyPerVa: 3, elecShare: 0.1 }),
      c('4511', 1, { words: ['燃气', '天然气'], energyPerVa: 0.1, elecShare: 0.7 }),
      c('4610', 1, { words: ['水务', '自来水'], energyPerVa: 0.6, elecShare: 0.95 }),
      c('4620', 1.5, {
        words: ['污水处理', '水处理', '环保'],
        energyPerVa: 0.9,
        elecShare: 0.9,
        codPerVa: 4,
      }),
    ],
    tech: false,
    polluting: true,
    aboveShare: 0.6,
    revenuePerMuFactor: 0.9,
    vaRatio: 0.35,
    taxRate: 0.05,
    energyPerVa: 1,
    elecShare: 0.5,
    codPerVa: 0.1,
    so2PerTce: 0.5,
    noxPerTce: 2,
    productivity: 40,
    words: ['能源'],
  },
  {
    key: 'non_industrial',
    zh: '批发（非工业）',
    weight: 1,
    classes: [
      c('5191', 1, { words: ['再生资源', '物资回收'] }),
      c('5179', 1, { words: ['机电设备', '贸易', '进出口'] }),
    ],
    tech: false,
    polluting: false,
    aboveShare: 0.2,
    revenuePerMuFactor: 2.5,
    vaRatio: 0.08,
    taxRate: 0.02,
    energyPerVa: 0.02,
    elecShare: 0.95,
    codPerVa: 0.01,
    so2PerTce: 0.05,
    noxPerTce: 0.2,
    productivity: 40,
    words: ['贸易'],
  },
];

export interface CountyProfile {
  /** Share of the city's enterprises (normalised over the counties). */
  readonly weight: number;
  /** Multipliers of segment weights: the county's characteristic clusters. */
  readonly multipliers: Partial<Record<SegmentKey, number>>;
}

export const CITY_CODE = '330400';

/**
 * County mix keyed by GB/T 2260 code; codes are checked against the reference table (names come from it).
 * 南湖 power semiconductors, 秀洲 PV, 嘉善 sensors and furniture, 海盐 fasteners, 海宁 textiles/warp
 * knitting/leather/PV, 平湖 CNC and auto parts, 桐乡 chemical fibre, textiles and fur (article clusters
 * and well-known local industries).
 */
export const COUNTY_PROFILES: Readonly<Record<string, CountyProfile>> = {
  '330402': { weight: 0.1, multipliers: { power_semi: 6, sensor: 1.5, new_materials: 1.3 } },
  '330411': { weight: 0.13, multipliers: { pv: 6, textile: 1.4, new_materials: 1.2 } },
  '330421': { weight: 0.15, multipliers: { sensor: 6, furniture: 3, pv: 0.8 } },
  '330424': { weight: 0.1, multipliers: { fastener: 6, cnc: 1.2 } },
  '330481': { weight: 0.19, multipliers: { textile: 1.5, warp_knitting: 4, leather: 3.5, pv: 2 } },
  '330482': { weight: 0.15, multipliers: { cnc: 6, auto_parts: 2 } },
  '330483': {
    weight: 0.18,
    multipliers: { chemical_fibre: 6, textile: 2, leather: 1.5, new_materials: 1.3 },
  },
};

/** One industry class of the demo city with its row in the reference table. */
export interface DemoIndustry {
  readonly code: string;
  readonly name: string;
  readonly segment: SegmentProfile;
  readonly profile: ClassProfile;
}

function checkIndustries(): DemoIndustry[] {
  const table = loadIndustries();
  const out: DemoIndustry[] = [];
  for (const segment of SEGMENTS) {
    for (const profile of segment.classes) {
      const row: Industry | undefined = table.get(profile.code);
      if (!row || row.level !== 4) {
        throw new Error(
          `demo industry ${profile.code} is not a GB/T 4754-2017 class (小类) in the reference table`,
        );
      }
      const major = IndustryTable.majorOf(profile.code);
      const industrial = major >= 6 && major <= 46;
      if (industrial !== (segment.key !== 'non_industrial')) {
        throw new Error(`demo industry ${profile.code} is in the wrong segment ${segment.key}`);
      }
      out.push({ code: profile.code, name: row.name, segment, profile });
    }
  }
  return out;
}

function checkCounties(): void {
  const counties = loadDivisions().countiesOf(CITY_CODE);
  const codes = new Set(counties.map((d) => d.code));
  for (const code of Object.keys(COUNTY_PROFILES)) {
    if (!codes.has(code)) throw new Error(`demo county ${code} is not a county of ${CITY_CODE}`);
  }
  for (const code of codes) {
    if (!COUNTY_PROFILES[code]) throw new Error(`county ${code} of ${CITY_CODE} has no demo profile`);
  }
}

/** Every industry class the demo city uses, verified against the reference table at module load. */
export const DEMO_INDUSTRIES: readonly DemoIndustry[] = checkIndustries();
checkCounties();
