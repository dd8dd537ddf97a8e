import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMethodology } from '../engine/methodology/index.js';
import { methodologyJsonSchemaText } from './json-schema.js';
import { loadMethodology, METHODOLOGY_DIR, methodologyHash, shippedMethodologyIds } from './shipped.js';

const huangyanText = readFileSync(path.join(METHODOLOGY_DIR, 'huangyan-2023.yaml'), 'utf8');
const problems = (text: string) =>
  parseMethodology(text, 'x.yaml').issues.filter((i) => i.severity === 'error');

describe('shipped methodologies', () => {
  it('ships huangyan-2023 and the demo city default, both valid and without warnings', () => {
    expect(shippedMethodologyIds()).toEqual(expect.arrayContaining(['huangyan-2023', 'jiaxing-demo-2024']));
    for (const id of shippedMethodologyIds()) {
      const r = parseMethodology(readFileSync(path.join(METHODOLOGY_DIR, `${id}.yaml`), 'utf8'), id);
      expect(r.issues).toEqual([]);
      expect(r.methodology?.id).toBe(id);
    }
  });

  it('huangyan-2023 is exactly docs/methodology.md’s specification', async () => {
    const { methodology: m } = await loadMethodology('huangyan-2023');
    expect(m.dataYear).toBe(2022);
    const [a, b] = m.groups;
    expect(a!.indicators.map((i) => [i.numerator, i.denominator, i.weight])).toEqual([
      ['tax', 'land_mu', 30],
      ['value_added', 'land_mu', 20],
      ['value_added', 'energy_tce', 20],
      ['value_added', 'emissions_t', 10],
      ['value_added', 'employees', 10],
      ['rd_spend', 'revenue', 10],
    ]);
    expect(
      a!.indicators.map((i) =>
        i.scoring.method === 'ratio_to_benchmark' && 'constant' in i.scoring.benchmark
          ? i.scoring.benchmark.constant
          : null,
      ),
    ).toEqual([24.097, 136.16, 2.694, 4929.81, 18.14, 0.0302]);
    expect(b!.minLandMu).toBe(3);
    expect(b!.indicators.map((i) => [i.numerator, i.denominator, i.weight])).toEqual([
      ['tax', 'land_mu', 50],
      ['tax', 'electricity', 50],
    ]);
    expect(m.classing).toEqual({
      rankingUnit: 'county',
      method: 'quota',
      quotas: { A: 0.2, B: 0.65, C: 0.95, D: 1 },
    });
    expect(m.adjustments).toEqual([]);
    // demo assumptions are labelled as such
    expect(m.assumptions.map((x) => x.path)).toEqual(
      expect.arrayContaining(['groups.below.minLandMu', 'classing.quotas', 'vetoes', 'protections']),
    );
  });

  it('gives the same content hash for a re-indented file and a different one for a changed rule', async () => {
    const a = (await loadMethodology('huangyan-2023')).hash;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    const r1 = parseMethodology(huangyanText.replace(/^# .*$/gm, '# changed comment'), 'x');
    const r2 = parseMethodology(huangyanText.replace('weight: 30', 'weight: 31'), 'x');
    expect(methodologyHash(r1.methodology!)).toBe(a);
    expect(methodologyHash(r2.methodology!)).not.toBe(a);
  });

  it('keeps the committed JSON Schema in step with the code', () => {
    expect(readFileSync(path.join(METHODOLOGY_DIR, 'methodology.schema.json'), 'utf8')).toBe(
      methodologyJsonSchemaText(),
    );
  });
});

describe('invalid methodology files name the place and the rule', () => {
  it('unknown field', () => {
    const [p] = problems(huangyanText.replace('  method: quota', '  method: quota\n  colour: red'));
    expect(p).toMatchObject({ rule: 'unknown_field', path: 'classing.colour' });
    expect(p!.line).toBeGreaterThan(100);
    expect(p!.zh).toContain('未知字段');
    expect(p!.en).toContain('unknown field');
  });
  it('non-numeric weight', () => {
    const [p] = problems(huangyanText.replace('weight: 30', 'weight: thirty'));
    expect(p).toMatchObject({ rule: 'not_a_number', path: 'groups[0].indicators[0].weight' });
    expect(p!.line).toBe(huangyanText.split('\n').findIndex((l) => l.includes('weight: 30')) + 1);
  });
  it('unknown input field', () => {
    const [p] = problems(huangyanText.replace('numerator: rd_spend', 'numerator: rd_spending'));
    expect(p).toMatchObject({ rule: 'unknown_input_field', path: 'groups[0].indicators[5].numerator' });
    expect(p!.en).toContain('rd_spending');
  });
  it('quotas not ending at 1.0', () => {
    const [p] = problems(huangyanText.replace('D: 1.00', 'D: 0.98'));
    expect(p).toMatchObject({ rule: 'quotas_end', path: 'classing.quotas.D' });
  });
  it('quotas that decrease', () => {
    expect(problems(huangyanText.replace('B: 0.65', 'B: 0.10'))[0]).toMatchObject({ rule: 'quotas_order' });
  });
  it('an unknown scoring method', () => {
    expect(
      problems(
        huangyanText.replace(
          'method: ratio_to_benchmark, benchmark: { constant: 24.097 }',
          'method: ratio_to_best',
        ),
      )[0],
    ).toMatchObject({
      path: 'groups[0].indicators[0].scoring.method',
    });
  });
  it('a duplicate indicator id', () => {
    expect(problems(huangyanText.replace('id: va_per_mu', 'id: tax_per_mu'))[0]).toMatchObject({
      rule: 'duplicate_id',
    });
  });
  it('a syntax error', () => {
    expect(problems('id: [unclosed')[0]).toMatchObject({ rule: 'syntax', line: 1 });
  });
  it('a negative weight', () => {
    expect(problems(huangyanText.replace('weight: 30', 'weight: -30'))[0]).toMatchObject({
      path: 'groups[0].indicators[0].weight',
    });
  });
});
