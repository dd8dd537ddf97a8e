import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPolicyIssue, parsePolicy, type PolicyIssue } from './parse.js';

const FILE = path.resolve(import.meta.dirname, '../../policies/jiaxing-demo-2024.yaml');
const demo = readFileSync(FILE, 'utf8');
const lines = demo.split('\n');
/** 1-based line of the first line containing `s`. */
const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
/** 1-based column of `s` in its line. */
const colOf = (s: string) => lines[lineOf(s) - 1]!.indexOf(s) + 1;
const errors = (text: string, opts = {}) =>
  parsePolicy(text, opts).issues.filter((i) => i.severity === 'error');

/** Every problem is located and said in both languages, on one line. */
function expectLocated(p: PolicyIssue | undefined, line: number, column?: number) {
  expect(p).toBeDefined();
  expect(p!.line).toBe(line);
  if (column !== undefined) expect(p!.column).toBe(column);
  expect(p!.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(p!.en).toMatch(/[a-z]/);
  const text = formatPolicyIssue('p.yaml', p!);
  expect(text).toContain(`p.yaml:${line}:`);
  expect(text).toContain(p!.path);
  expect(text).toContain(p!.zh);
  expect(text).toContain(p!.en);
}

describe('the shipped demo policy', () => {
  it('is valid, without warnings', () => {
    const r = parsePolicy(demo);
    expect(r.issues).toEqual([]);
    expect(r.policy?.id).toBe('jiaxing-demo-2024');
  });
  it('has the Haining figures (Haining draft 2025): D +0.3 元/kWh, +0.4 after three straight years', () => {
    const p = parsePolicy(demo).policy!;
    const e = p.instruments.find((i) => i.kind === 'electricity_surcharge')!;
    expect(e.rules.filter((r) => r.class === 'D').map((r) => [r.consecutiveYears, r.rate])).toEqual([
      [1, 0.3],
      [3, 0.4],
    ]);
  });
  it('labels every other value as a demo assumption', () => {
    const p = parsePolicy(demo).policy!;
    const paths = p.assumptions.map((a) => a.path);
    for (const ins of p.instruments)
      if (ins.kind !== 'electricity_surcharge')
        expect(paths.some((x) => x.startsWith(`instruments.${ins.id}.`))).toBe(true);
    // the C-class electricity surcharge is not from a source either
    expect(paths).toContain('instruments.electricity_surcharge.rules.0');
  });
  it('has every instrument kind the issue names', () => {
    const kinds = parsePolicy(demo).policy!.instruments.map((i) => i.kind);
    expect(new Set(kinds)).toEqual(
      new Set([
        'land_use_tax_relief',
        'electricity_surcharge',
        'water_surcharge',
        'emission_fee_surcharge',
        'reward',
        'land_quota',
        'energy_quota',
        'emission_quota',
      ]),
    );
  });
});

describe('a bad policy file names the place and the rule, in Chinese and English', () => {
  it('a class that does not exist', () => {
    const bad = demo.replace('{ class: C, rate: 0.1 }', '{ class: E, rate: 0.1 }');
    const [p] = errors(bad);
    expect(p).toMatchObject({ rule: 'unknown_class', path: 'instruments[1].rules[0].class' });
    expectLocated(
      p,
      lineOf('{ class: C, rate: 0.1 }'),
      colOf('{ class: C, rate: 0.1 }') + '{ class: '.length,
    );
    expect(p!.zh).toContain('未知的等级 "E"');
    expect(p!.en).toContain('unknown class "E"');
  });

  it('a record field that does not exist', () => {
    const bad = demo.replace('waterUse: { field: value_added', 'waterUse: { field: water_t');
    const [p] = errors(bad);
    expect(p).toMatchObject({ rule: 'unknown_input_field', path: 'instruments[2].waterUse.field' });
    expectLocated(p, lineOf('waterUse: { field'), colOf('value_added, factor: 10'));
    expect(p!.zh).toContain('未知的输入字段 "water_t"');
    expect(p!.en).toContain('unknown input field "water_t"');
  });

  it('an unknown key', () => {
    const bad = demo.replace('    waterUse: {', '    colour: red\n    waterUse: {');
    const [p] = errors(bad);
    expect(p).toMatchObject({ rule: 'unknown_field', path: 'instruments[2].colour' });
    expectLocated(p, lineOf('    waterUse: {'), 5);
  });

  it('a negative rate', () => {
    const bad = demo.replace('{ class: D, rate: 0.3 }', '{ class: D, rate: -0.3 }');
    const [p] = errors(bad);
    expect(p).toMatchObject({ rule: 'negative_rate', path: 'instruments[1].rules[1].rate' });
    expectLocated(p, lineOf('{ class: D, rate: 0.3 }'), colOf('0.3 }'));
    expect(p!.zh).toContain('不能为负数');
    expect(p!.en).toContain('must not be negative, got -0.3');
  });

  it('a negative share, amount or tax rate too', () => {
    expect(errors(demo.replace('default: 4', 'default: -4'))[0]).toMatchObject({
      rule: 'negative_rate',
      path: 'instruments[0].taxRate.default',
      line: lineOf('default: 4'),
    });
    expect(errors(demo.replace('{ class: A, amount: 10 }', '{ class: A, amount: -10 }'))[0]).toMatchObject({
      rule: 'negative_rate',
      path: 'instruments[4].rules[0].amount',
    });
  });

  it('overlapping rules in one instrument: the same class and tier twice', () => {
    const bad = demo.replace('consecutiveYears: 3', 'consecutiveYears: 1');
    const [p] = errors(bad);
    expect(p).toMatchObject({ rule: 'overlapping_rules', path: 'instruments[1].rules[2]' });
    // the rule is a block mapping starting at its first key, `class: D`
    expectLocated(p, lineOf('      - class: D'), 9);
    expect(p!.zh).toContain('instruments[1].rules[1]');
    expect(p!.en).toContain('instruments[1].rules[1]');
  });

  it('overlapping rules across instruments of one kind: a class charged twice', () => {
    const extra = [
      '  - id: second_electricity',
      '    kind: electricity_surcharge',
      '    title: { zh: 又一项电价, en: Another electricity surcharge }',
      '    rules:',
      '      - { class: D, rate: 0.2 }',
      '',
    ].join('\n');
    const bad = demo + extra;
    const [p] = errors(bad);
    const at = bad.split('\n').findIndex((l) => l.includes('{ class: D, rate: 0.2 }')) + 1;
    expect(p).toMatchObject({ rule: 'overlapping_rules', path: 'instruments[9].rules[0]', line: at });
    expect(p!.en).toContain('instruments[1].rules[1]');
    expectLocated(p, at);
  });

  it('rewards stack: two reward funds for class A are not an overlap', () => {
    // leader_reward and tax_reward both give A something in the shipped file
    expect(errors(demo)).toEqual([]);
  });

  it('a reward rule with both or neither form of amount', () => {
    const both = demo.replace(
      '{ class: A, amount: 10 }',
      '{ class: A, amount: 10, formula: { field: tax, factor: 0.1 } }',
    );
    expect(errors(both)[0]).toMatchObject({ rule: 'one_of', path: 'instruments[4].rules[0]' });
    const neither = demo.replace('{ class: A, amount: 10 }', '{ class: A }');
    expect(errors(neither)[0]).toMatchObject({ rule: 'one_of', path: 'instruments[4].rules[0]' });
  });

  it('an unknown instrument kind', () => {
    const [p] = errors(demo.replace('kind: water_surcharge', 'kind: gas_surcharge'));
    expect(p).toMatchObject({
      rule: 'unknown_kind',
      path: 'instruments[2].kind',
      line: lineOf('kind: water_surcharge'),
    });
    expect(p!.en).toContain('gas_surcharge');
  });

  it('a county code that does not exist, when the counties are known', () => {
    const [p] = errors(demo.replace("'330411': 8", "'339999': 8"), {
      knownDivisions: new Set(['330402', '330411']),
    });
    expect(p).toMatchObject({ rule: 'unknown_division', path: 'instruments[0].taxRate.byDivision.339999' });
    expect(p!.line).toBe(lineOf("'330411': 8"));
  });

  it('an assumption about a path that is not in the file', () => {
    const [p] = errors(
      demo.replace('path: instruments.water_surcharge.rules', 'path: instruments.gas.rules'),
    );
    expect(p).toMatchObject({ rule: 'unknown_path' });
  });

  it('a duplicate instrument id', () => {
    const [p] = errors(
      demo
        .replace('id: tax_reward', 'id: leader_reward')
        .replace('instruments.tax_reward.rules', 'instruments.leader_reward.rules'),
    );
    expect(p).toMatchObject({ rule: 'duplicate_id', path: 'instruments[5].id' });
  });

  it('a syntax error', () => {
    expect(errors('instruments: [unclosed')[0]).toMatchObject({ rule: 'syntax', line: 1 });
  });

  it('a surcharge on class A is allowed but warned about', () => {
    const r = parsePolicy(demo.replace('{ class: C, rate: 600 }', '{ class: A, rate: 600 }'));
    expect(r.policy).not.toBeNull();
    expect(r.issues[0]).toMatchObject({ severity: 'warning', rule: 'unusual_class' });
  });
});
