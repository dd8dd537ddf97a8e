import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfileText, parseProfile, ProfileError } from './parse.js';
import { recogniseProfile } from './recognise.js';
import { PROFILES_DIR, shippedProfiles } from './shipped.js';

const base = readFileSync(path.join(PROFILES_DIR, 'power.yaml'), 'utf8');

/** The power profile with one line replaced. */
const edited = (from: string, to: string): string => {
  expect(base).toContain(from);
  return base.replace(from, to);
};

describe('shipped profiles', () => {
  it('are the six departmental layouts, each valid', () => {
    expect(shippedProfiles().map((p) => p.id)).toEqual([
      'environment',
      'market-regulation',
      'natural-resources',
      'power',
      'statistics',
      'tax',
    ]);
    expect(
      shippedProfiles()
        .filter((p) => p.registry)
        .map((p) => p.id),
    ).toEqual(['market-regulation']);
  });
});

describe('parseProfile', () => {
  it('locates every problem in the file, in Chinese and English', () => {
    const r = parseProfile(edited('    units: [千瓦时, 万千瓦时, 兆瓦时]', '    units: [千瓦时, 吨]'));
    expect(r.profile).toBeNull();
    expect(r.issues).toHaveLength(1);
    const issue = r.issues[0]!;
    expect(issue).toMatchObject({ path: 'columns.electricity.units[1]', rule: 'unit_quantity' });
    expect(issue.line).toBe(base.split('\n').findIndex((l) => l.startsWith('    units:')) + 1);
    expect(issue.zh).toContain('不是 electricity 的单位');
    expect(issue.en).toContain('is not a unit of electricity');
  });

  it.each([
    [
      '  electricity: electricity\n',
      '  electricity: meter_reading\n',
      'unknown_column',
      'fields.electricity',
    ],
    ['  electricity: electricity\n', '  land_mu: electricity\n', 'field_quantity', 'fields.land_mu'],
    ['  name: name\n', '  name: account\n  founded: name\n', 'field_type', 'fields.founded'],
    ['    default_unit: 千瓦时\n', '', 'required', 'columns.electricity.default_unit'],
    ['duplicates: sum\n', 'duplicates: add\n', 'not_allowed', 'duplicates'],
    ['key: uscc\n', 'key: account\n', 'key_type', 'key'],
    ['    type: id\n', '    type: id\n    units: [千瓦时]\n', 'not_for_type', 'columns.account.units'],
    [
      '  electricity: electricity\n',
      '  electricity: electricity\n  colour: name\n',
      'unknown_field',
      'fields.colour',
    ],
    ['version: 1\n', 'version: 1\nowner: me\n', 'unknown_key', 'owner'],
    [
      '    headers: [户名, 用户名称, 用电户名, 客户名称]',
      '    headers: [户名, 户号]',
      'duplicate_header',
      'columns.name.headers[1]',
    ],
  ])('rejects %j → %j as %s', (from, to, rule, at) => {
    const r = parseProfile(edited(from, to));
    expect(r.profile).toBeNull();
    expect(r.issues.map((i) => [i.rule, i.path])).toContainEqual([rule, at]);
  });

  it('rejects syntax errors and non-mappings', () => {
    expect(parseProfile('id: [unclosed').issues[0]?.rule).toBe('syntax');
    expect(parseProfile('- a\n- b\n').issues[0]?.rule).toBe('not_an_object');
  });

  it('throws a ProfileError naming the file', () => {
    expect(() => loadProfileText('schema: nope', 'county.yaml')).toThrow(ProfileError);
    expect(() => loadProfileText('schema: nope', 'county.yaml')).toThrow(/county\.yaml/);
  });
});

describe('a new layout without code', () => {
  it('is a profile file: a county tax export with other headers is recognised and mapped', () => {
    const county = loadProfileText(`
schema: mujun.profile/v1
id: tax-haiyan
department: tax
label: { zh: 税务（海盐县格式）, en: tax (Haiyan layout) }
recognise:
  required: [uscc, paid]
key: uscc
duplicates: reject
columns:
  uscc: { headers: [社会信用代码/纳税人识别号], type: uscc }
  name: { headers: [企业名称], type: text }
  paid: { headers: [全年入库税收], type: number, quantity: money, units: [万元], negative: true }
fields:
  name: name
  tax: paid
`);
    const header = ['社会信用代码/纳税人识别号', '企业名称', '全年入库税收（万元）', '备注'];
    const r = recogniseProfile(header, [...shippedProfiles(), county]);
    expect(r?.profile.id).toBe('tax-haiyan');
    expect(r?.mapping.map((m) => [m.column, m.unit?.id ?? null])).toEqual([
      ['uscc', null],
      ['name', null],
      ['paid', '万元'],
    ]);
    expect(r?.unmapped).toEqual([{ index: 3, header: '备注' }]);
  });
});
