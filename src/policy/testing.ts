/**
 * Test fixtures of the policy module: a small policy with the shipped demo's shape and numbers easy to
 * check by hand, and six hand-made enterprises (see apply.test.ts for the arithmetic).
 */
import { allocateBatch } from '../domain/record-batch.js';
import type { NumericField } from '../domain/fields.js';
import type { ClassId } from '../engine/index.js';
import type { ApplyInput } from './apply.js';
import { loadPolicyText } from './parse.js';

export const TEST_POLICY_TEXT = `
schema: mujun.policy/v1
id: test
version: 1
title: { zh: 测试政策, en: Test policy }
instruments:
  - id: relief
    kind: land_use_tax_relief
    title: { zh: 城镇土地使用税减免, en: Land-use tax relief }
    taxRate: { default: 4, byDivision: { '330402': 8 } }
    rules:
      - { class: A, share: 1.0 }
      - { class: B, share: 0.5 }
  - id: power
    kind: electricity_surcharge
    title: { zh: 差别化电价, en: Electricity surcharge }
    rules:
      - { class: C, rate: 0.1 }
      - { class: D, rate: 0.3 }
      - { class: D, consecutiveYears: 3, rate: 0.4 }
  - id: water
    kind: water_surcharge
    title: { zh: 差别化水价, en: Water surcharge }
    waterUse: { field: value_added, factor: 10 }
    rules:
      - { class: C, rate: 0.5 }
      - { class: D, rate: 1.0 }
  - id: emission_fee
    kind: emission_fee_surcharge
    title: { zh: 差别化排污费, en: Emission fee surcharge }
    rules:
      - { class: C, rate: 500 }
      - { class: D, rate: 1000 }
  - id: leader
    kind: reward
    title: { zh: 领跑者奖励, en: Leader reward }
    rules:
      - { class: A, amount: 10 }
  - id: tax_reward
    kind: reward
    title: { zh: 税收奖励, en: Tax reward }
    rules:
      - { class: A, formula: { field: tax, factor: 0.03, max: 300 } }
      - { class: B, formula: { field: tax, factor: 0.01, max: 100 } }
  - id: land
    kind: land_quota
    title: { zh: 用地指标, en: Land quota }
    rules:
      - { class: A, action: grant, share: 0.1 }
      - { class: B, action: grant, share: 0.05 }
  - id: energy
    kind: energy_quota
    title: { zh: 用能指标, en: Energy quota }
    rules:
      - { class: A, action: grant, share: 0.1 }
      - { class: B, action: grant, share: 0.05 }
      - { class: C, action: cut, share: 0.05 }
      - { class: D, action: cut, share: 0.1 }
  - id: emission
    kind: emission_quota
    title: { zh: 排污指标, en: Emission quota }
    rules:
      - { class: A, action: grant, share: 0.1 }
      - { class: B, action: grant, share: 0.05 }
      - { class: C, action: cut, share: 0.05 }
      - { class: D, action: cut, share: 0.1 }
`;

export const testPolicy = () => loadPolicyText(TEST_POLICY_TEXT, 'test.yaml');

export type TestRow = {
  uscc: string;
  division: string;
  cls: ClassId | null;
  v: Partial<Record<NumericField, number>>;
};
export const TEST_ROWS: TestRow[] = [
  {
    uscc: 'E1',
    division: '330402',
    cls: 'A',
    v: { land_mu: 30, tax: 500, electricity: 100, value_added: 2000, energy_tce: 1000, emissions_t: 2 },
  },
  {
    uscc: 'E2',
    division: '330481',
    cls: 'B',
    v: { land_mu: 15, tax: 12000, electricity: 80, value_added: 9000, energy_tce: 400, emissions_t: 1 },
  },
  {
    uscc: 'E3',
    division: '330421',
    cls: 'D',
    v: { land_mu: 20, tax: 5, electricity: 50, value_added: 300, energy_tce: 800, emissions_t: 4 },
  },
  // emissions missing: the emission fee and the emission quota cannot be computed
  {
    uscc: 'E4',
    division: '330421',
    cls: 'D',
    v: { land_mu: 8, tax: 2, electricity: 10, value_added: 50, energy_tce: 100 },
  },
  {
    uscc: 'E5',
    division: '330481',
    cls: 'C',
    v: { land_mu: 10, tax: 40, electricity: 20, value_added: 100, energy_tce: 200, emissions_t: 1 },
  },
  { uscc: 'E6', division: '330481', cls: null, v: { land_mu: 5, tax: 100, electricity: 5 } },
];

export function testInput(rows: TestRow[], classes?: (ClassId | null)[]): ApplyInput {
  const b = allocateBatch(rows.length);
  const classCode = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    b.uscc[i] = r.uscc;
    b.division[i] = r.division;
    b.name[i] = `企业${i + 1}`;
    const cls = classes ? classes[i] : r.cls;
    classCode[i] = cls ? 'ABCD'.indexOf(cls) + 1 : 0;
    for (const [k, v] of Object.entries(r.v)) b.columns[k as NumericField][i] = v;
  });
  return {
    length: rows.length,
    uscc: b.uscc,
    name: b.name,
    division: b.division,
    classCode,
    columns: b.columns,
  };
}
