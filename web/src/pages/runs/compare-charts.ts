/**
 * The comparison's charts as ECharts options, built from the answer and the words to show (pure: the
 * words come in as arguments). The heat map's cells keep [column, row, log value, count] so that a click
 * finds its cell; colours follow a log scale so that one big diagonal does not wash out the moves.
 */
import type { ClassKey, RunComparison } from '../../contract';
import { cell, KEYS, MOVE_COLORS, MOVE_KINDS, type MoveKind } from './runs';

export interface HeatCell {
  value: [number, number, number, number];
  itemStyle?: object;
}

export interface HeatWords {
  /** A class key as shown (A…D, ungraded, absent). */
  key: (k: ClassKey) => string;
  /** The tooltip: the class in run A, in run B, the count. */
  tooltip: (fromKey: string, toKey: string, count: string) => string;
  labelA: string;
  labelB: string;
}

export function heatChart(
  matrix: RunComparison['matrix'],
  selected: { from: ClassKey | undefined; to: ClassKey | undefined },
  w: HeatWords,
  fmt: (n: number) => string,
): { cells: HeatCell[]; option: Record<string, unknown> } {
  const cells: HeatCell[] = [];
  let max = 0;
  KEYS.forEach((fk, y) =>
    KEYS.forEach((tk, x) => {
      const v = cell(matrix, fk, tk);
      max = Math.max(max, Math.log1p(v));
      const sel = fk === selected.from && tk === selected.to;
      cells.push({
        value: [x, y, Math.log1p(v), v],
        ...(sel ? { itemStyle: { borderColor: '#111', borderWidth: 3 } } : {}),
      });
    }),
  );
  const axis = { interval: 0, fontSize: 11 };
  return {
    cells,
    option: {
      tooltip: {
        formatter: (p: { value: [number, number, number, number] }) =>
          w.tooltip(w.key(KEYS[p.value[1]]!), w.key(KEYS[p.value[0]]!), fmt(p.value[3])),
      },
      grid: { left: 84, right: 12, top: 44, bottom: 8 },
      xAxis: {
        type: 'category',
        position: 'top',
        data: KEYS.map(w.key),
        axisLabel: axis,
        name: w.labelB,
        nameLocation: 'middle',
        nameGap: 26,
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: KEYS.map(w.key),
        axisLabel: axis,
        name: w.labelA,
        nameLocation: 'middle',
        nameGap: 66,
        splitArea: { show: true },
      },
      visualMap: {
        show: false,
        min: 0,
        max: Math.max(1, max),
        dimension: 2,
        inRange: { color: ['#f5f8ff', '#93b4f5', '#1d4ed8'] },
      },
      series: [
        {
          type: 'heatmap',
          data: cells,
          label: {
            show: true,
            formatter: (p: { value: [number, number, number, number] }) =>
              p.value[3] ? fmt(p.value[3]) : '',
          },
          emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
        },
      ],
    },
  };
}

/** The moves per county as stacked bars; the counties other than the one chosen are faded. */
export function countyBars(
  divisions: RunComparison['byDivision'],
  chosen: string | undefined,
  names: Record<MoveKind, string>,
  firms: string,
): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: divisions.map((d) => d.name ?? d.division) },
    yAxis: { type: 'value', name: firms },
    series: MOVE_KINDS.map((k) => ({
      name: names[k],
      type: 'bar',
      stack: 'move',
      itemStyle: { color: MOVE_COLORS[k] },
      data: divisions.map((d) => ({
        value: d[k],
        itemStyle: chosen && d.division !== chosen ? { opacity: 0.35 } : undefined,
      })),
    })),
  };
}
