import { describe, expect, it } from 'vitest';
import type { Cockpit as CockpitData, CockpitCounty, PerMuFigure } from '../../contract';
import { classChart, coverageChart, delta, perMuChart, worstFields } from './cockpit';

describe('cockpit figures', () => {
  it('gives the relative change, none from zero or without last year', () => {
    expect(delta(12, 10)).toBeCloseTo(0.2);
    expect(delta(12, 0)).toBeNull();
    expect(delta(null, 10)).toBeNull();
    expect(delta(5, undefined)).toBeNull();
  });

  it('names the fields most often missing with the share LACKING them, in either language', () => {
    const d = {
      coverage: {
        mostMissing: [
          { label: { zh: '主要污染物排放量', en: 'emissions' }, missingShare: 0.691 },
          { label: { zh: '用电量', en: 'electricity' }, missingShare: 0.1 },
        ],
      },
    } as unknown as Pick<CockpitData, 'coverage'>;
    expect(worstFields(d, 'zh')).toBe('主要污染物排放量 缺失 69.1%、用电量 缺失 10%');
    expect(worstFields(d, 'en')).toBe('emissions missing in 69.1%, electricity missing in 10%');
    expect(worstFields({ coverage: { mostMissing: [] } } as unknown as CockpitData, 'en')).toBe('—');
  });

  it('stacks the classes per county and names the unit', () => {
    const counties = [
      { division: '330402', name: '南湖区', classes: { A: 1, B: 2, C: 3, D: 4 } },
    ] as unknown as CockpitCounty[];
    const o = classChart(counties, { A: 'a', B: 'b', C: 'c', D: 'd' }, 'firms') as {
      series: { name: string; data: number[] }[];
      yAxis: { name: string };
    };
    expect(o.series.map((s) => [s.name, s.data[0]])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 3],
      ['D', 4],
    ]);
    expect(o.yAxis.name).toBe('firms');
  });

  it('shows last year’s bars only with a run of last year', () => {
    const perMu = [
      {
        division: '1',
        name: 'x',
        taxPerMu: 10.123,
        valueAddedPerMu: 20,
        lastYear: { taxPerMu: 9, valueAddedPerMu: null },
      },
    ] as unknown as PerMuFigure[];
    const w = { tax: (y: number) => `tax ${y}`, va: (y: number) => `va ${y}`, unit: 'u' };
    const both = perMuChart(perMu, 2024, 2023, w) as { series: { name: string; data: (number | null)[] }[] };
    expect(both.series.map((s) => s.name)).toEqual(['tax 2024', 'tax 2023', 'va 2024', 'va 2023']);
    expect(both.series.map((s) => s.data[0])).toEqual([10.12, 9, 20, null]);
    const one = perMuChart(perMu, 2024, null, w) as { series: unknown[] };
    expect(one.series).toHaveLength(2);
  });

  it('turns coverage into percent of records', () => {
    const o = coverageChart(
      [
        { label: { zh: '税务', en: 'tax' }, present: 3, records: 4 },
        { label: { zh: '电力', en: 'power' }, present: 0, records: 0 },
      ] as unknown as CockpitData['coverage']['departments'],
      'en',
      'coverage',
    ) as { series: { data: number[] }[]; yAxis: { data: string[] } };
    expect(o.series[0]!.data).toEqual([75, 0]);
    expect(o.yAxis.data).toEqual(['tax', 'power']);
  });
});
