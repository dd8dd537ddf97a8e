import { describe, expect, it } from 'vitest';
import type { ClassKey, RunComparison, RunView } from '../../contract';
import { countyBars, heatChart } from './compare-charts';
import {
  byNewest,
  cell,
  columnSum,
  datasetLabel,
  KEYS,
  latestPerYear,
  moveKind,
  moveTotals,
  paging,
  previousOf,
  proposedMethodology,
  rowSum,
  runStatusKind,
  startHint,
  type DatasetItem,
  type MethodologyItem,
} from './runs';

const run = (id: number, year: number, more: Partial<RunView> = {}): RunView =>
  ({
    id,
    year,
    methodologyId: 'm',
    datasetVersion: 1,
    datasetLabel: `${year}/v1`,
    status: 'draft',
    published: false,
    publishedAt: null,
    publishedBy: null,
    noticeUntil: null,
    ...more,
  }) as unknown as RunView;

describe('runs: order, status, datasets', () => {
  it('sorts newest year first, then newest run; the previous run is the next one down', () => {
    const items = [run(1, 2023), run(3, 2024), run(2, 2024)].sort(byNewest);
    expect(items.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(previousOf(items, items[0]!)?.id).toBe(2);
    expect(previousOf(items, items[2]!)).toBeUndefined();
  });

  it('labels a dataset by its label, else year/version', () => {
    expect(datasetLabel(run(1, 2024))).toBe('2024/v1');
    expect(datasetLabel(run(1, 2024, { datasetLabel: undefined, datasetVersion: 3 }))).toBe('2024/v3');
  });

  it('tells a running notice, an ended one, a published run without date, a draft', () => {
    const now = Date.parse('2024-05-10T00:00:00Z');
    const published = { publishedAt: '2024-05-01T00:00:00Z', published: true };
    expect(runStatusKind(run(1, 2024, { ...published, noticeUntil: '2024-05-20T00:00:00Z' }), now)).toBe(
      'notice',
    );
    expect(runStatusKind(run(1, 2024, { ...published, noticeUntil: '2024-05-08T00:00:00Z' }), now)).toBe(
      'notice-ended',
    );
    expect(runStatusKind(run(1, 2024, published), now)).toBe('published');
    expect(runStatusKind(run(1, 2024), now)).toBe('draft');
    expect(runStatusKind(run(1, 2024, { status: 'failed' }), now)).toBe('other');
  });

  it('keeps the newest version of each year, newest year first', () => {
    const d = (id: number, year: number, version: number) => ({ id, year, version }) as DatasetItem;
    expect(
      latestPerYear([d(1, 2023, 1), d(2, 2024, 1), d(3, 2024, 2), d(4, 2023, 0)]).map((x) => x.id),
    ).toEqual([3, 1]);
  });

  it('proposes the methodology meant for the year, else the newest', () => {
    const ms = [
      { id: 'a', dataYear: 2023 },
      { id: 'b', dataYear: 2024 },
    ] as MethodologyItem[];
    expect(proposedMethodology(ms, 2023)).toBe('a');
    expect(proposedMethodology(ms, 2030)).toBe('b');
    expect(proposedMethodology(undefined, 2023)).toBeUndefined();
  });

  it('gives a refused start the hint of its cause', () => {
    expect(startHint({ status: 404 }, true)).toBe('start.hint.missing');
    expect(startHint({ status: 404 }, false)).toBe('start.hint.noDataset');
    expect(startHint({ status: 409 }, false)).toBe('start.hint.busy');
    expect(startHint({ status: 400 }, false)).toBe('start.hint.bad');
    expect(startHint({ status: 500 }, false)).toBe('start.hint.other');
  });

  it('reads page and size from the address, falling back to 1 and 20', () => {
    expect(paging(new URLSearchParams('page=3&size=50'))).toEqual({ page: 3, size: 50 });
    expect(paging(new URLSearchParams('page=-2&size=33'))).toEqual({ page: 1, size: 20 });
    expect(paging(new URLSearchParams('page=x'))).toEqual({ page: 1, size: 20 });
  });
});

describe('runs: comparison', () => {
  const zeros = () => Object.fromEntries(KEYS.map((k) => [k, 0])) as Record<ClassKey, number>;
  const matrix = Object.fromEntries(KEYS.map((k) => [k, zeros()])) as RunComparison['matrix'];
  matrix.A.A = 5;
  matrix.B.A = 2;
  matrix.A.D = 1;
  matrix.none.C = 4;

  it('calls a move up, down, same, or other (to or from ungraded or absent)', () => {
    expect(moveKind('B', 'A')).toBe('up');
    expect(moveKind('A', 'D')).toBe('down');
    expect(moveKind('C', 'C')).toBe('same');
    expect(moveKind('none', 'C')).toBe('other');
    expect(moveKind('A', 'absent')).toBe('other');
  });

  it('adds up cells by row and column, and the moves of every county', () => {
    expect(cell(matrix, 'B', 'A')).toBe(2);
    expect(rowSum(matrix, 'A')).toBe(6);
    expect(columnSum(matrix, 'A')).toBe(7);
    const byDivision = [
      { division: '1', name: 'x', same: 1, up: 2, down: 3, other: 4 },
      { division: '2', name: 'y', same: 10, up: 20, down: 30, other: 40 },
    ];
    expect(moveTotals(byDivision)).toEqual({ same: 11, up: 22, down: 33, other: 44 });
    expect(moveTotals(undefined)).toEqual({ same: 0, up: 0, down: 0, other: 0 });
  });

  it('builds the heat map with one cell per pair, the selected one outlined, words from outside', () => {
    const { cells, option } = heatChart(
      matrix,
      { from: 'B', to: 'A' },
      {
        key: (k) => `<${k}>`,
        tooltip: (f, t, n) => `${f}|${t}|${n}`,
        labelA: 'run 1',
        labelB: 'run 2',
      },
      String,
    );
    expect(cells).toHaveLength(KEYS.length * KEYS.length);
    // row B (1), column A (0)
    const sel = cells.find((c) => c.value[0] === 0 && c.value[1] === 1)!;
    expect(sel.value[3]).toBe(2);
    expect(sel.itemStyle).toBeDefined();
    expect(cells.filter((c) => c.itemStyle)).toHaveLength(1);
    const tip = (option.tooltip as { formatter: (p: unknown) => string }).formatter({ value: sel.value });
    expect(tip).toBe('<B>|<A>|2');
    expect((option.xAxis as { name: string }).name).toBe('run 2');
  });

  it('fades the counties other than the one chosen', () => {
    const o = countyBars(
      [
        { division: '1', name: 'x', same: 1, up: 0, down: 0, other: 0 },
        { division: '2', name: 'y', same: 1, up: 0, down: 0, other: 0 },
      ],
      '2',
      { same: 'same', up: 'up', down: 'down', other: 'other' },
      'firms',
    ) as { series: { name: string; data: { itemStyle?: unknown }[] }[] };
    expect(o.series.map((s) => s.name)).toEqual(['same', 'up', 'down', 'other']);
    expect(o.series[0]!.data[0]!.itemStyle).toEqual({ opacity: 0.35 });
    expect(o.series[0]!.data[1]!.itemStyle).toBeUndefined();
  });
});
