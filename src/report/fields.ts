/**
 * Labels, units and departments of the canonical fields as users see them (tables, XLSX headers, data
 * coverage, the sources of one enterprise). Pure.
 */
import { FIELD_INFO, isNumericField } from '../domain/fields.js';

/** The departments that send data (profile ids), and `other` for flags no department file carries. */
export const DEPARTMENTS = [
  'market-regulation',
  'tax',
  'statistics',
  'power',
  'environment',
  'natural-resources',
  'other',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const DEPARTMENT_LABELS: Readonly<Record<Department, { zh: string; en: string }>> = {
  'market-regulation': { zh: '市场监管', en: 'market regulation' },
  tax: { zh: '税务', en: 'tax' },
  statistics: { zh: '统计', en: 'statistics' },
  power: { zh: '电力', en: 'power' },
  environment: { zh: '生态环境', en: 'environment' },
  'natural-resources': { zh: '自然资源', en: 'natural resources' },
  other: { zh: '其他来源', en: 'other sources' },
};

/** Which department's file gives each field (profiles/*.yaml); the rest come from other sources. */
export const FIELD_DEPARTMENT: Readonly<Record<string, Department>> = {
  name: 'market-regulation',
  division: 'market-regulation',
  industry: 'market-regulation',
  founded: 'market-regulation',
  tax: 'tax',
  above_scale: 'statistics',
  value_added: 'statistics',
  revenue: 'statistics',
  energy_tce: 'statistics',
  employees: 'statistics',
  rd_spend: 'statistics',
  electricity: 'power',
  emissions_t: 'environment',
  land_mu: 'natural-resources',
  land_acquired: 'natural-resources',
  invention_patents: 'other',
  high_tech: 'other',
  specialised_sme: 'other',
  little_giant: 'other',
  listed: 'other',
  safety_accident: 'other',
  environmental_violation: 'other',
  major_project_build: 'other',
  sublet_tenants: 'other',
  tenant_of: 'other',
};

const TEXT_LABELS: Readonly<Record<string, { zh: string; en: string; unit: string }>> = {
  uscc: { zh: '统一社会信用代码', en: 'USCC', unit: '' },
  name: { zh: '企业名称', en: 'name', unit: '' },
  division: { zh: '所属区县', en: 'county', unit: '' },
  industry: { zh: '行业代码', en: 'industry code', unit: '' },
  tenant_of: { zh: '出租方（厂房业主）', en: 'landlord (tenant of)', unit: '' },
};

/** A field's label in both languages and its canonical unit ('' when none). */
export function fieldLabel(field: string): { zh: string; en: string; unit: string } {
  if (isNumericField(field)) {
    const f = FIELD_INFO[field];
    return { zh: f.zh, en: f.en, unit: f.unit };
  }
  return TEXT_LABELS[field] ?? { zh: field, en: field, unit: '' };
}

/** The fields whose coverage the cockpit shows, in department order. */
export const COVERAGE_FIELDS = [
  'name',
  'division',
  'industry',
  'founded',
  'tax',
  'above_scale',
  'value_added',
  'revenue',
  'energy_tce',
  'employees',
  'rd_spend',
  'electricity',
  'emissions_t',
  'land_mu',
] as const;
