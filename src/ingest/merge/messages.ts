/**
 * The rules a departmental row can break, each with its message in Chinese and English. The rule code is
 * stable (reports, tests and the clerk's XLSX of rejected rows group by it); the text says what to fix.
 */
import type { Division } from '../../domain/reference.js';
import type { Unit } from '../normalise/units.js';

export interface RuleMessage {
  readonly rule: string;
  readonly zh: string;
  readonly en: string;
}

/** Every rule code a rejection can carry. */
export const RULES = [
  'uscc_missing',
  'uscc_format',
  'uscc_check',
  'unknown_enterprise',
  'not_a_number',
  'negative',
  'unit_mismatch',
  'implausible_for_unit',
  'bad_date',
  'bad_boolean',
  'unknown_division',
  'ambiguous_division',
  'bad_industry',
  'unknown_industry',
  'unknown_category',
  'wrong_year',
  'duplicate',
] as const;
export type Rule = (typeof RULES)[number];

/** Where another row is, for messages that point at it: `tax.csv 第 12 行` / `tax.csv row 12`. */
export interface RowRef {
  readonly file: string;
  readonly sheet: string | null;
  readonly row: number;
}

const where = (r: RowRef): { zh: string; en: string } => ({
  zh: `${r.file}${r.sheet ? `［${r.sheet}］` : ''} 第 ${r.row} 行`,
  en: `${r.file}${r.sheet ? ` [${r.sheet}]` : ''} row ${r.row}`,
});

const m = (rule: Rule, zh: string, en: string): RuleMessage => ({ rule, zh, en });

/** A number in plain notation with at most 6 significant decimals, for messages. */
export function shown(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

export const messages = {
  usccMissing: (header: string): RuleMessage =>
    m(
      'uscc_missing',
      `“${header}”为空，无法确定是哪家企业`,
      `"${header}" is empty: the row names no enterprise`,
    ),

  usccFormat: (code: string, problem: 'length' | 'charset' | 'number'): RuleMessage => {
    if (problem === 'number')
      return m(
        'uscc_format',
        `统一社会信用代码 ${code} 以数字格式保存，表格软件已丢失部分位数；请将该列设为文本格式后重新导出`,
        `the USCC ${code} is stored as a number, so the spreadsheet has lost digits; format the column as text and export again`,
      );
    if (problem === 'length')
      return m(
        'uscc_format',
        `统一社会信用代码“${code}”应为 18 位，实为 ${[...code].length} 位（旧的 15 或 20 位纳税人识别号不是统一社会信用代码）`,
        `the USCC "${code}" must have 18 characters, not ${[...code].length} (an old 15- or 20-digit taxpayer id is not a USCC)`,
      );
    return m(
      'uscc_format',
      `统一社会信用代码“${code}”含有不允许的字符（只能是数字和除 I、O、S、V、Z 外的大写字母）`,
      `the USCC "${code}" has characters outside its alphabet (digits and capitals other than I, O, S, V, Z)`,
    );
  },

  usccCheck: (code: string): RuleMessage =>
    m(
      'uscc_check',
      `统一社会信用代码“${code}”校验位错误（GB 32100-2015），可能抄录有误`,
      `the USCC "${code}" fails its check character (GB 32100-2015): probably mistyped`,
    ),

  unknownEnterprise: (
    code: string,
    registry: { ref: RowRef; rule: string } | null,
    hasRegistry: boolean,
  ): RuleMessage => {
    if (registry) {
      const w = where(registry.ref);
      return m(
        'unknown_enterprise',
        `企业 ${code} 在市场监管登记信息中的记录（${w.zh}）被拒绝（${registry.rule}），先更正该记录`,
        `the registry row of ${code} (${w.en}) was rejected (${registry.rule}); fix that row first`,
      );
    }
    return hasRegistry
      ? m(
          'unknown_enterprise',
          `企业 ${code} 不在市场监管登记信息中`,
          `the enterprise ${code} is not in the market-regulation registry`,
        )
      : m(
          'unknown_enterprise',
          `企业 ${code} 不在已有企业名录中（本次未导入市场监管登记信息）`,
          `the enterprise ${code} is not in the known registry (no market-regulation file in this import)`,
        );
  },

  notANumber: (header: string, value: string): RuleMessage =>
    m('not_a_number', `“${header}”应为数字，实为“${value}”`, `"${header}" must be a number, got "${value}"`),

  negative: (header: string, value: number): RuleMessage =>
    m(
      'negative',
      `“${header}”不能为负数（${shown(value)}）`,
      `"${header}" cannot be negative (${shown(value)})`,
    ),

  unitMismatch: (header: string, written: string, unit: Unit): RuleMessage =>
    m(
      'unit_mismatch',
      `单元格注明的单位“${written}”与表头“${header}”的单位“${unit.id}”不一致，不做换算`,
      `the cell says "${written}" but the header "${header}" says ${unit.id} (${unit.en}); not converted`,
    ),

  tooSmall: (header: string, value: number, unit: Unit, min: number): RuleMessage =>
    m(
      'implausible_for_unit',
      `“${header}”为 ${shown(value)} ${unit.id}，低于按该单位可信的下限 ${shown(min)} ${unit.id}；数值可能是以更大的单位填写的，请核对表头单位`,
      `"${header}" is ${shown(value)} ${unit.en}, below the plausible minimum of ${shown(min)} ${unit.en}; the figures may be in a larger unit than the header says`,
    ),

  tooLarge: (header: string, value: number, unit: Unit, max: number): RuleMessage =>
    m(
      'implausible_for_unit',
      `“${header}”为 ${shown(value)} ${unit.id}，超过按该单位可信的上限 ${shown(max)} ${unit.id}；数值可能是以更小的单位填写的，请核对表头单位`,
      `"${header}" is ${shown(value)} ${unit.en}, above the plausible maximum of ${shown(max)} ${unit.en}; the figures may be in a smaller unit than the header says`,
    ),

  totalTooSmall: (header: string, total: number, canonical: Unit, min: number, unit: Unit): RuleMessage =>
    m(
      'implausible_for_unit',
      `该企业“${header}”合计仅 ${shown(total)} ${canonical.id}（低于 ${shown(min)} ${canonical.id}），按表头单位“${unit.id}”不可信；数值可能是以更大的单位填写的`,
      `the enterprise's "${header}" totals only ${shown(total)} ${canonical.en} (below ${shown(min)}), implausible for ${unit.en}; the figures may be in a larger unit than the header says`,
    ),

  badDate: (header: string, value: string): RuleMessage =>
    m(
      'bad_date',
      `“${header}”不是可识别的日期：“${value}”（可用 2019-05-01、2019/5/1、2019年5月1日、20190501）`,
      `"${header}" is not a date: "${value}" (use 2019-05-01, 2019/5/1, 2019年5月1日 or 20190501)`,
    ),

  badBoolean: (header: string, value: string): RuleMessage =>
    m(
      'bad_boolean',
      `“${header}”应为 是/否（或 1/0、Y/N），实为“${value}”`,
      `"${header}" must be yes/no (是/否, 1/0, Y/N), got "${value}"`,
    ),

  unknownDivision: (header: string, value: string): RuleMessage =>
    m(
      'unknown_division',
      `“${header}”的“${value}”不是 GB/T 2260 中的行政区划（名称或 6 位代码）`,
      `"${header}" value "${value}" is not a GB/T 2260 division (name or 6-digit code)`,
    ),

  ambiguousDivision: (header: string, value: string, candidates: readonly Division[]): RuleMessage =>
    m(
      'ambiguous_division',
      `“${header}”的“${value}”对应多个行政区划（${candidates.map((d) => d.code).join('、')}），请填写 6 位代码`,
      `"${header}" value "${value}" names several divisions (${candidates.map((d) => d.code).join(', ')}); write the 6-digit code`,
    ),

  badIndustry: (header: string, value: string): RuleMessage =>
    m(
      'bad_industry',
      `“${header}”应为 2–4 位国民经济行业代码，实为“${value}”`,
      `"${header}" must be a 2–4 digit industry code, got "${value}"`,
    ),

  unknownIndustry: (header: string, code: string): RuleMessage =>
    m(
      'unknown_industry',
      `“${header}”的代码 ${code} 不在 GB/T 4754-2017 国民经济行业分类中`,
      `"${header}" code ${code} is not in GB/T 4754-2017`,
    ),

  unknownCategory: (header: string, value: string, allowed: readonly string[]): RuleMessage =>
    m(
      'unknown_category',
      `“${header}”的“${value}”不是可识别的取值（${allowed.join('、')}）`,
      `"${header}" value "${value}" is not one of ${allowed.join(', ')}`,
    ),

  wrongYear: (header: string, value: string, year: number): RuleMessage =>
    m(
      'wrong_year',
      `“${header}”为“${value}”，与导入的数据年度 ${year} 不符`,
      `"${header}" is "${value}", not the data year ${year} being imported`,
    ),

  duplicate: (code: string, first: RowRef): RuleMessage => {
    const w = where(first);
    return m(
      'duplicate',
      `企业 ${code} 重复出现（首次在 ${w.zh}），该来源每家企业只应有一行，只计首行`,
      `the enterprise ${code} appears again (first at ${w.en}); this source has one row per enterprise, only the first counts`,
    );
  },

  duplicateRowKey: (header: string, key: string, first: RowRef): RuleMessage => {
    const w = where(first);
    return m(
      'duplicate',
      `“${header}” ${key} 重复出现（首次在 ${w.zh}），不重复计算`,
      `"${header}" ${key} appears again (first at ${w.en}); not counted twice`,
    );
  },
};
