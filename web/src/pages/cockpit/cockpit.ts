/**
 * The cockpit's pure side: the charts as ECharts options from the answer and the words to show, the
 * year-on-year change, and the fields most often missing. Tested in `cockpit.test.ts`.
 */
import { say } from '../../catalogue';
import type { CockpitCounty, Cockpit as CockpitData, PerMuFigure } from '../../contract';
import { pct, type Lang } from '../../i18n';
import { messages } from './messages';

export const CLASSES = ['A', 'B', 'C', 'D'] as const;

/** The relative change from `last` to `now`; none without both or from zero. */
export function delta(now: number | null, last: number | null | undefined): number | null {
  if (now === null || last === null || last === undefined || last === 0) return null;
  return (now - last) / last;
}

/** The fields most often missing, each with the share of records that LACK it: 主要污染物排放量 缺失 69.1%. */
export function worstFields(d: Pick<CockpitData, 'coverage'>, lang: Lang): string {
  return (
    d.coverage.mostMissing
      .map((f) => say(messages, lang, 'coverage.field', { label: f.label[lang], share: pct(f.missingShare) }))
      .join(say(messages, lang, 'coverage.sep')) || '—'
  );
}

/** Classes per county, stacked (a bar's click opens the county's enterprises of that class). */
export function classChart(
  counties: readonly CockpitCounty[],
  colors: Record<string, string>,
  firms: string,
): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 30 },
    xAxis: { type: 'category', data: counties.map((c) => c.name ?? c.division) },
    yAxis: { type: 'value', name: firms },
    series: CLASSES.map((k) => ({
      name: k,
      type: 'bar',
      stack: 'class',
      itemStyle: { color: colors[k] },
      emphasis: { focus: 'series' },
      data: counties.map((c) => c.classes[k]),
    })),
  };
}

/** Tax and value added per mu by county, this year and (when there is one) last year's run. */
export function perMuChart(
  perMu: readonly PerMuFigure[],
  year: number,
  lastYear: number | null,
  w: { tax: (y: number) => string; va: (y: number) => string; unit: string },
): Record<string, unknown> {
  const ly = lastYear ?? year - 1;
  const series = [
    { name: w.tax(year), key: 'tax', last: false, color: '#1d4ed8' },
    { name: w.tax(ly), key: 'tax', last: true, color: '#93c5fd' },
    { name: w.va(year), key: 'va', last: false, color: '#0f766e' },
    { name: w.va(ly), key: 'va', last: true, color: '#99f6e4' },
  ].filter((s) => !s.last || lastYear !== null);
  const val = (c: PerMuFigure, key: string, last: boolean) => {
    const f = last ? c.lastYear : c;
    if (!f) return null;
    const v = key === 'tax' ? f.taxPerMu : f.valueAddedPerMu;
    return v === null ? null : Number(v.toFixed(2));
  };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: perMu.map((c) => c.name ?? c.division) },
    yAxis: { type: 'value', name: w.unit },
    series: series.map((s) => ({
      name: s.name,
      type: 'bar',
      itemStyle: { color: s.color },
      data: perMu.map((c) => val(c, s.key, s.last)),
    })),
  };
}

/** The share of records each department's data cover, in percent. */
export function coverageChart(
  departments: CockpitData['coverage']['departments'],
  lang: Lang,
  name: string,
): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    grid: { left: 110, right: 40, top: 8, bottom: 24 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: departments.map((x) => x.label[lang]) },
    series: [
      {
        type: 'bar',
        name,
        label: { show: true, position: 'right', formatter: '{c}%' },
        itemStyle: { color: '#6366f1' },
        data: departments.map((x) => (x.records ? Number(((x.present / x.records) * 100).toFixed(1)) : 0)),
      },
    ],
  };
}
