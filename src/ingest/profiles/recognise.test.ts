import { describe, expect, it } from 'vitest';
import { DEMO_HEADERS } from '../../demo/index.js';
import type { RawRow } from '../types.js';
import {
  combineHeaderRows,
  explainNoHeader,
  headerPredicate,
  locateHeader,
  mapHeader,
  recogniseProfile,
} from './recognise.js';
import { shippedProfiles } from './shipped.js';

const profiles = shippedProfiles();
const byId = (id: string) => profiles.find((p) => p.id === id)!;
const rows = (...lines: string[][]): RawRow[] =>
  lines.map((cells, k) => ({ sheet: null, row: k + 1, cells }));

describe('recogniseProfile', () => {
  it("recognises each of the demo's departmental files, every column mapped", () => {
    const want = {
      marketRegulation: 'market-regulation',
      tax: 'tax',
      statistics: 'statistics',
      power: 'power',
      environment: 'environment',
      naturalResources: 'natural-resources',
    } as const;
    for (const [k, id] of Object.entries(want)) {
      const r = recogniseProfile(DEMO_HEADERS[k as keyof typeof want], profiles);
      expect(r?.profile.id).toBe(id);
      expect(r?.score).toBe(1);
      expect(r?.unmapped).toEqual([]);
      expect(r?.errors).toEqual([]);
    }
  });

  it.each([
    ['用电量（千瓦时）', '千瓦时'],
    ['用电量(kWh)', '千瓦时'],
    ['用电量 千瓦时', '千瓦时'],
    ['用电量/万千瓦时', '万千瓦时'],
    ['用电量（万kWh）', '万千瓦时'],
    ['用电量(单位:万千瓦时)', '万千瓦时'],
    ['  用 电 量 \n(度)', '千瓦时'],
    ['年用电量【MWh】', '兆瓦时'],
  ])('reads the unit of %j from the header', (header, unit) => {
    const r = recogniseProfile(['户号', '统一社会信用代码', header], profiles);
    expect(r?.profile.id).toBe('power');
    const m = r!.mapping.find((x) => x.column === 'electricity')!;
    expect(m).toMatchObject({ unitFrom: 'header', header });
    expect(m.unit?.id).toBe(unit);
    expect(r!.warnings).toEqual([]);
  });

  it("uses the department's default unit for a header without one, and says so", () => {
    const r = recogniseProfile(['户号', '统一社会信用代码', '用电量'], profiles)!;
    expect(r.mapping[2]).toMatchObject({ unitFrom: 'default', column: 'electricity' });
    expect(r.mapping[2]!.unit?.id).toBe('千瓦时');
    expect(r.warnings).toEqual([expect.objectContaining({ rule: 'default_unit', column: '用电量' })]);
    expect(r.warnings[0]!.zh).toContain('千瓦时');
  });

  it('never guesses a unit it does not accept', () => {
    expect(recogniseProfile(['户号', '统一社会信用代码', '用电量(兆焦)'], profiles)).toBeNull();
    const r = mapHeader(['户号', '统一社会信用代码', '用电量(吨)'], byId('power'));
    expect(r.errors).toEqual([expect.objectContaining({ rule: 'unknown_unit', column: '用电量(吨)' })]);
  });

  it('takes 税收实际贡献 when present, else 实缴税金, and says so', () => {
    const both = recogniseProfile(['纳税人识别号', '实缴税金(万元)', '税收实际贡献(万元)'], profiles)!;
    expect(both.fields.get('tax')).toEqual({ kind: 'one', columns: ['tax_contribution'] });
    expect(both.mapping.find((m) => m.column === 'tax_paid')?.used).toBe(false);
    const paid = recogniseProfile(['统一社会信用代码', '纳税人名称', '实缴税金（元）'], profiles)!;
    expect(paid.fields.get('tax')).toEqual({ kind: 'one', columns: ['tax_paid'] });
    expect(paid.warnings.map((w) => w.rule)).toEqual(['fallback_column']);
  });

  it('says when the key is a taxpayer id rather than a USCC', () => {
    const r = recogniseProfile(['纳税人识别号', '税收实际贡献'], profiles)!;
    expect(r.warnings.map((w) => w.rule)).toContain('key_synonym');
  });

  it('reports a column given twice', () => {
    const r = mapHeader(['户号', '统一社会信用代码', '用电量(千瓦时)', '用电量(万千瓦时)'], byId('power'));
    expect(r.errors.map((e) => e.rule)).toEqual(['duplicate_column']);
  });

  it('says which required columns a forced layout misses', () => {
    const r = mapHeader(['统一社会信用代码', '企业名称'], byId('tax'));
    expect(r.errors).toEqual([expect.objectContaining({ rule: 'missing_columns' })]);
    expect(r.errors[0]!.zh).toContain('税收实际贡献 / 实缴税金');
  });
});

describe('locateHeader', () => {
  it('finds the header below title rows', () => {
    const table = rows(
      ['2023年嘉兴市工业企业主要经济指标', '', ''],
      ['单位：千元', '', ''],
      [...DEMO_HEADERS.statistics],
      ['913304000000000018', '某公司', '是'],
    );
    const loc = locateHeader(table, profiles)!;
    expect(loc.lastHeaderRow).toBe(2);
    expect(loc.headerRows).toBe(1);
    expect(loc.recognition.profile.id).toBe('statistics');
  });

  it('combines a two-row header with merged upper cells', () => {
    const table = rows(
      ['统一社会信用代码', '单位名称', '主要污染物排放量', '', '', ''],
      ['', '', '化学需氧量(吨)', '氨氮(吨)', '二氧化硫(吨)', '氮氧化物(千克)'],
      ['913304000000000018', '某公司', '1', '2', '3', '4'],
    );
    const loc = locateHeader(table, profiles)!;
    expect(loc.lastHeaderRow).toBe(1);
    expect(loc.headerRows).toBe(2);
    expect(loc.recognition.profile.id).toBe('environment');
    expect(loc.recognition.mapping.map((m) => m.column)).toEqual([
      'uscc',
      'name',
      'cod',
      'ammonia_nitrogen',
      'so2',
      'nox',
    ]);
  });

  it('takes a row of units under the names as part of the header', () => {
    const table = rows(
      ['户号', '统一社会信用代码', '用电量'],
      ['', '', '(万千瓦时)'],
      ['3301000001', '913304000000000018', '12'],
    );
    const loc = locateHeader(table, profiles)!;
    expect(loc.lastHeaderRow).toBe(1);
    expect(loc.recognition.mapping[2]!.unit?.id).toBe('万千瓦时');
    expect(combineHeaderRows(['用电量', ''], ['(万千瓦时)', '(千瓦时)'])).toEqual([
      '用电量(万千瓦时)',
      '用电量(千瓦时)',
    ]);
  });

  it('offers a header-cell predicate for other header searches', () => {
    const known = headerPredicate(profiles);
    expect(['用电量（万千瓦时）', '宗地面积', '纳税人识别号', '不动产权证号'].every(known)).toBe(true);
    expect(['2023年工业企业主要指标', '用电量(兆焦)', '', '备注'].some(known)).toBe(false);
  });

  it('explains why nothing was found', () => {
    const table = rows(['姓名', '年龄'], ['张三', '30']);
    expect(locateHeader(table, profiles)).toBeNull();
    expect(explainNoHeader(table, profiles).map((n) => n.rule)).toEqual(['no_header']);
    const badUnit = rows(['户号', '统一社会信用代码', '用电量(兆焦)']);
    expect(explainNoHeader(badUnit, profiles).map((n) => n.rule)).toEqual(['unknown_unit']);
    expect(explainNoHeader(table, profiles, byId('power')).map((n) => n.rule)).toEqual(['missing_columns']);
  });
});
