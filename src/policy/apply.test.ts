/**
 * Applying a policy, on six hand-made enterprises (testing.ts) with the arithmetic written out. The test
 * policy has the shipped demo's shape; its numbers are chosen to make the sums easy to check by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ClassId } from '../engine/index.js';
import { applyPolicy, classStreaks, policyTotals, type ClassHistory } from './apply.js';
import { ledgerCsv, ledgerIndices, ledgerRow, ledgerTable } from './ledger.js';
import { TEST_ROWS, testInput, testPolicy, type TestRow } from './testing.js';

const policy = testPolicy();
const ROWS = TEST_ROWS;
const input = (rows: TestRow[]) => testInput(rows);

// E3 was D in 2022 and 2021 (three straight years with 2023); E4 was D in 2022 but C in 2021 (two).
const history: ClassHistory = {
  years: [2022, 2021],
  classes: [
    new Map<string, ClassId>([
      ['E3', 'D'],
      ['E4', 'D'],
      ['E1', 'B'],
    ]),
    new Map<string, ClassId>([
      ['E3', 'D'],
      ['E4', 'C'],
    ]),
  ],
};

const app = applyPolicy(policy, input(ROWS), history);
const amount = (id: string, i: number) => {
  const r = app.results.find((x) => x.instrument.id === id)!;
  return r.rule[i]! < 0 ? null : r.amount[i]!;
};

describe('applyPolicy', () => {
  it('counts consecutive years in the class from the history', () => {
    expect([...classStreaks(input(ROWS), history)]).toEqual([1, 1, 3, 2, 1, 0]);
  });

  it('relieves land-use tax by class and county rate', () => {
    // E1: 30 亩 × 10000/15 m²/亩 = 20,000 m² × 8 元/m² (南湖区) × 100 % = 160,000 元 = 16 万元
    expect(amount('relief', 0)).toBeCloseTo(16, 10);
    // E2: 15 亩 = 10,000 m² × 4 元/m² (default) × 50 % = 20,000 元 = 2 万元
    expect(amount('relief', 1)).toBeCloseTo(2, 10);
    expect(amount('relief', 2)).toBeNull();
  });

  it('charges the electricity surcharge of the highest tier reached', () => {
    // E3, three straight years in D: 50 万kWh × 0.4 元/kWh = 200,000 元 = 20 万元
    expect(amount('power', 2)).toBeCloseTo(20, 10);
    // E4, two years in D: 10 万kWh × 0.3 元/kWh = 3 万元
    expect(amount('power', 3)).toBeCloseTo(3, 10);
    // E5, C: 20 万kWh × 0.1 = 2 万元
    expect(amount('power', 4)).toBeCloseTo(2, 10);
    expect(amount('power', 0)).toBeNull();
  });

  it('charges water on the estimated use and the emission fee on emissions', () => {
    // E3: 300 万元 × 10 t = 3,000 t × 1.0 元/t = 3,000 元 = 0.3 万元; 4 t × 1,000 元/t = 0.4 万元
    expect(amount('water', 2)).toBeCloseTo(0.3, 10);
    expect(amount('emission_fee', 2)).toBeCloseTo(0.4, 10);
    // E5 (C): 100 × 10 × 0.5 = 500 元 = 0.05 万元; 1 t × 500 元 = 0.05 万元
    expect(amount('water', 4)).toBeCloseTo(0.05, 10);
    expect(amount('emission_fee', 4)).toBeCloseTo(0.05, 10);
    // E4 has no emissions figure: the rule applies but cannot be computed
    expect(amount('emission_fee', 3)).toBeNaN();
  });

  it('pays fixed rewards and formula rewards within their bounds', () => {
    expect(amount('leader', 0)).toBe(10);
    // E1: 500 万元 × 0.03 = 15 万元
    expect(amount('tax_reward', 0)).toBeCloseTo(15, 10);
    // E2: 12,000 × 0.01 = 120, capped at 100 万元
    expect(amount('tax_reward', 1)).toBe(100);
  });

  it('grants and cuts quotas as shares of current use (a cut is negative)', () => {
    expect(amount('land', 0)).toBeCloseTo(3, 10); // 30 亩 × 10 %
    expect(amount('land', 1)).toBeCloseTo(0.75, 10); // 15 亩 × 5 %
    expect(amount('energy', 2)).toBeCloseTo(-80, 10); // 800 tce × 10 %
    expect(amount('emission', 4)).toBeCloseTo(-0.05, 10); // 1 t × 5 %
  });

  it('gives nothing to an enterprise without a class', () => {
    for (const r of app.results) expect(r.rule[5]).toBe(-1);
  });

  it('totals per county and for the city in 万元, 亩, 吨标准煤 and 吨', () => {
    const { counties, city } = policyTotals(app);
    expect(counties.map((c) => c.division)).toEqual(['330402', '330421', '330481']);
    expect(city.enterprises).toBe(5);
    expect(city.classes).toEqual({ A: 1, B: 1, C: 1, D: 2 });
    expect(city.reliefWan).toBeCloseTo(16 + 2, 9);
    expect(city.rewardWan).toBeCloseTo(10 + 15 + 100, 9);
    expect(city.electricitySurchargeWan).toBeCloseTo(20 + 3 + 2, 9);
    // water: E3 0.3, E4 50 × 10 × 1.0 = 500 元 = 0.05, E5 0.05
    expect(city.waterSurchargeWan).toBeCloseTo(0.3 + 0.05 + 0.05, 9);
    expect(city.emissionFeeSurchargeWan).toBeCloseTo(0.4 + 0.05, 9);
    expect(city.surchargeWan).toBeCloseTo(25 + 0.4 + 0.45, 9);
    expect(city.netFiscalWan).toBeCloseTo(25.85 - 18 - 125, 9);
    expect(city.landGrantMu).toBeCloseTo(3 + 0.75, 9);
    // energy: grants 1000 × 10 % + 400 × 5 % = 120; cuts 800 × 10 % + 100 × 10 % + 200 × 5 % = 100
    expect(city.energyGrantTce).toBeCloseTo(120, 9);
    expect(city.energyCutTce).toBeCloseTo(100, 9);
    // emissions: grants 2 × 10 % + 1 × 5 % = 0.25; cuts 4 × 10 % + 1 × 5 % = 0.45 (E4 missing)
    expect(city.emissionGrantT).toBeCloseTo(0.25, 9);
    expect(city.emissionCutT).toBeCloseTo(0.45, 9);
    expect(city.missing).toBe(2);
    const c421 = counties.find((c) => c.division === '330421')!;
    expect(c421.electricitySurchargeWan).toBeCloseTo(23, 9);
    expect(c421.classes.D).toBe(2);
    // the counties add up to the city
    expect(counties.reduce((s, c) => s + c.rewardWan, 0)).toBeCloseTo(city.rewardWan, 9);
    expect(city.byInstrument.find((b) => b.id === 'emission_fee')).toMatchObject({
      enterprises: 3,
      missing: 1,
    });
  });

  it('explains each amount in words, in Chinese and in English', () => {
    const zh = ledgerRow(app, 0, 'zh');
    expect(zh.class).toBe('A');
    expect(zh.items.find((x) => x.instrument === 'relief')!.basis).toBe(
      '用地 30 亩 × 666.6667 平方米/亩 × 税额 8 元/平方米 × 减免 100% = 16.00 万元',
    );
    expect(zh.reliefWan).toBeCloseTo(16, 9);
    expect(zh.rewardWan).toBeCloseTo(25, 9);
    expect(zh.netBenefitWan).toBeCloseTo(41, 9);
    const en = ledgerRow(app, 2, 'en');
    expect(en.items.find((x) => x.instrument === 'power')!.basis).toBe(
      'electricity 50 万kWh × surcharge 0.4 元/kWh = 20.00 万元 (3 straight years in class D)',
    );
    expect(en.netBenefitWan).toBeCloseTo(-(20 + 0.3 + 0.4), 9);
    const e4 = ledgerRow(app, 3, 'zh');
    expect(e4.items.find((x) => x.instrument === 'emission_fee')).toMatchObject({
      amount: null,
      basis: '缺少主要污染物排放量，无法计算',
    });
    expect(e4.missing).toBe(2);
  });

  it('lists the ledger by county and class and writes it as a table', () => {
    expect([...ledgerIndices(app)]).toEqual([0, 1, 2, 3, 4]);
    expect([...ledgerIndices(app, { division: '330421' })]).toEqual([2, 3]);
    expect([...ledgerIndices(app, { class: 'B' })]).toEqual([1]);
    const t = ledgerTable(app, [0], 'zh');
    expect(t.columns.map((c) => c.header).slice(0, 7)).toEqual([
      '统一社会信用代码',
      '企业名称',
      '区县代码',
      '区县',
      '调档后等级',
      '连续年数（年）',
      '城镇土地使用税减免（万元）',
    ]);
    expect(t.rows[0]!.slice(0, 7)).toEqual(['E1', '企业1', '330402', null, 'A', 1, 16]);
    const named = ledgerTable(app, [0], 'zh', { '330402': '南湖区' });
    expect(named.rows[0]![3]).toBe('南湖区');
    const csv = ledgerCsv(t);
    expect(csv.split('\n')[0]).toContain('用地指标合计（亩）');
  });

  it('issue 11 #18: every ledger column name is unique and states its unit', () => {
    for (const lang of ['zh', 'en'] as const) {
      const headers = ledgerCsv(ledgerTable(app, [0, 1], lang))
        .split('\n')[0]!
        .split(',');
      expect(new Set(headers).size).toBe(headers.length);
      // the per-instrument columns and the sums: each names its unit
      const amounts = headers.slice(6, -1);
      expect(amounts.length).toBe(policy.instruments.length + 8);
      for (const h of amounts) expect(h).toMatch(/[（(](万元|亩|吨标准煤|吨|项|amounts)[）)]$/);
    }
    const zh = ledgerTable(app, [0], 'zh').columns.map((c) => c.header);
    // the energy and emission quotas stand once per instrument and once, named apart, in the sums
    expect(zh).toContain('用能指标（吨标准煤）');
    expect(zh).toContain('用能指标合计（吨标准煤）');
    expect(zh).toContain('排污指标（吨）');
    expect(zh).toContain('排污指标合计（吨）');
  });

  it('issue 11 #23: a sum that cannot be computed is empty, not 0, in the row and the table; totals leave it out', () => {
    // E4 (D) lacks its emissions: the emission fee (a surcharge) and the emission quota cut cannot be computed
    const e4 = ledgerRow(app, 3, 'zh');
    expect(e4.emissionT).toBeNull();
    expect(e4.surchargeWan).toBeNull();
    expect(e4.netBenefitWan).toBeNull();
    expect(e4.items.find((x) => x.kind === 'emission_quota')!.basis).toBe('缺少主要污染物排放量，无法计算');
    // what can be computed stays a number (nothing is granted or cut of land: 0)
    expect(e4.landMu).toBe(0);
    const t = ledgerTable(app, [3], 'zh');
    const col = (h: string) => t.columns.findIndex((c) => c.header === h);
    expect(t.rows[0]![col('排污指标合计（吨）')]).toBeNull();
    expect(t.rows[0]![col('加价合计（万元）')]).toBeNull();
    expect(t.rows[0]![col('无法计算（项）')]).toBe(2);
    const csvRow = ledgerCsv(t).split('\n')[1]!.split(',');
    expect(csvRow[col('排污指标合计（吨）')]).toBe('');
    // the totals add what is computed only: the emission quota cut without E4
    const { city } = policyTotals(app);
    const cut = [0, 1, 2, 4].reduce((s, i) => s + Math.min(0, ledgerRow(app, i, 'zh').emissionT ?? 0), 0);
    expect(city.emissionCutT).toBeCloseTo(-cut, 9);
  });
});
