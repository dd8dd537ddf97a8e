/**
 * The canonical record: the fields of one enterprise in one data year, in canonical units
 * (docs/methodology.md: money 万元, land 亩, energy tce, emissions t, electricity 万kWh, headcount persons).
 *
 * Field names are the column names of the canonical record file; methodology files refer to inputs
 * by these names too (ADR 0003), so an analyst reads the same word in the sheet and in the rules.
 */

/** Kind of a numeric field: a measured quantity, a yes/no flag or a count/year. */
export type FieldKind = 'quantity' | 'flag' | 'count' | 'year';

export interface FieldInfo {
  readonly name: NumericField;
  readonly kind: FieldKind;
  /** Canonical unit, as shown to users. */
  readonly unit: string;
  readonly zh: string;
  readonly en: string;
  /** Whether a negative value is meaningful (tax is net of refunds, so it may be negative). */
  readonly negativeAllowed: boolean;
}

/** Every non-text field of the canonical record, in canonical-file column order. */
export const NUMERIC_FIELDS = [
  'above_scale',
  'land_mu',
  'tax',
  'value_added',
  'revenue',
  'energy_tce',
  'emissions_t',
  'employees',
  'rd_spend',
  'electricity',
  'invention_patents',
  'founded',
  'high_tech',
  'specialised_sme',
  'safety_accident',
  'environmental_violation',
  'major_project_build',
  'sublet_tenants',
  // Optional fields beyond the canonical file's required columns (docs/methodology.md "flags").
  'little_giant',
  'listed',
  'land_acquired',
] as const;

export type NumericField = (typeof NUMERIC_FIELDS)[number];

/** Text fields of the canonical record. */
export const TEXT_FIELDS = ['uscc', 'name', 'division', 'industry', 'tenant_of'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** The columns of the canonical record file, in order, exactly as docs/methodology.md lists them. */
export const CANONICAL_COLUMNS = [
  'uscc',
  'name',
  'division',
  'industry',
  'above_scale',
  'land_mu',
  'tax',
  'value_added',
  'revenue',
  'energy_tce',
  'emissions_t',
  'employees',
  'rd_spend',
  'electricity',
  'invention_patents',
  'founded',
  'high_tech',
  'specialised_sme',
  'safety_accident',
  'environmental_violation',
  'major_project_build',
  'sublet_tenants',
] as const;

/** Optional columns the canonical reader also accepts when present. */
export const OPTIONAL_COLUMNS = ['little_giant', 'listed', 'land_acquired', 'tenant_of'] as const;

const f = (
  name: NumericField,
  kind: FieldKind,
  unit: string,
  zh: string,
  en: string,
  negativeAllowed = false,
): FieldInfo => ({ name, kind, unit, zh, en, negativeAllowed });

/** Metadata of every numeric field. */
export const FIELD_INFO: Readonly<Record<NumericField, FieldInfo>> = {
  above_scale: f('above_scale', 'flag', '', '是否规上', 'above scale'),
  land_mu: f('land_mu', 'quantity', '亩', '用地面积', 'land'),
  tax: f('tax', 'quantity', '万元', '税收实际贡献', 'tax paid', true),
  value_added: f('value_added', 'quantity', '万元', '工业增加值', 'value added', true),
  revenue: f('revenue', 'quantity', '万元', '主营业务收入', 'main-business revenue'),
  energy_tce: f('energy_tce', 'quantity', '吨标准煤', '综合能源消费量', 'energy use'),
  emissions_t: f('emissions_t', 'quantity', '吨', '主要污染物排放量', 'main pollutant emissions'),
  employees: f('employees', 'count', '人', '从业人员平均人数', 'average headcount'),
  rd_spend: f('rd_spend', 'quantity', '万元', 'R&D经费支出', 'R&D spending'),
  electricity: f('electricity', 'quantity', '万千瓦时', '用电量', 'electricity used'),
  invention_patents: f('invention_patents', 'count', '件', '发明专利', 'invention patents'),
  founded: f('founded', 'year', '年', '成立年份', 'year founded'),
  high_tech: f('high_tech', 'flag', '', '高新技术企业', 'high-tech enterprise'),
  specialised_sme: f('specialised_sme', 'flag', '', '专精特新企业', 'specialised SME'),
  safety_accident: f('safety_accident', 'flag', '', '安全生产事故', 'safety accident'),
  environmental_violation: f('environmental_violation', 'flag', '', '环境违法', 'environmental violation'),
  major_project_build: f('major_project_build', 'flag', '', '重大项目建设期', 'major project in build phase'),
  sublet_tenants: f('sublet_tenants', 'count', '家', '出租厂房承租企业数', 'sublet tenants'),
  little_giant: f('little_giant', 'flag', '', '专精特新“小巨人”', 'little giant'),
  listed: f('listed', 'flag', '', '上市企业', 'listed company'),
  land_acquired: f('land_acquired', 'year', '年', '新增用地年份', 'year land acquired'),
};

export function isNumericField(name: string): name is NumericField {
  return (NUMERIC_FIELDS as readonly string[]).includes(name);
}
