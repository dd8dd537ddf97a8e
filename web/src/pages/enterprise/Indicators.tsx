/** Each indicator's value, benchmark, weight and score: a bar chart (score against weight) and a table. */
import { useMemo } from 'react';
import { Table } from 'antd';
import { useMessages } from '../../catalogue';
import { EChart } from '../../components/EChart';
import { withUnit } from '../../components/format';
import type { ExplainedIndicator } from '../../contract';
import { num } from '../../i18n';
import { messages } from './messages';

export function IndicatorChart({ items }: { items: ExplainedIndicator[] }) {
  const { m } = useMessages(messages);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 110, right: 24, top: 28, bottom: 24 },
      yAxis: { type: 'category', inverse: true, data: items.map((x) => x.title) },
      xAxis: { type: 'value', name: m('chart.pts') },
      series: [
        {
          name: m('chart.weight'),
          type: 'bar',
          data: items.map((x) => x.weight),
          itemStyle: { color: '#d9d9d9' },
          barGap: '-100%',
        },
        {
          name: m('col.score'),
          type: 'bar',
          data: items.map((x) => Number(x.score.toFixed(2))),
          itemStyle: { color: '#1d4ed8' },
        },
      ],
    }),
    [items, m],
  );
  return <EChart option={option} height={Math.max(200, items.length * 40 + 60)} testId="chart-indicators" />;
}

export function IndicatorTable({ items }: { items: ExplainedIndicator[] }) {
  const { m, lang } = useMessages(messages);
  return (
    <Table<ExplainedIndicator>
      size="small"
      pagination={false}
      rowKey="id"
      dataSource={items}
      data-testid="indicator-table"
      columns={[
        {
          title: m('col.indicator'),
          dataIndex: 'title',
          render: (v: string, x) => withUnit(v, x.unit, lang),
        },
        {
          title: m('col.value'),
          dataIndex: 'value',
          align: 'right',
          render: (v: number | null) => num(v, 3),
        },
        {
          title: m('col.benchmark'),
          dataIndex: 'benchmark',
          align: 'right',
          render: (v: number | null) => num(v, 3),
        },
        {
          title: m('col.weight'),
          dataIndex: 'weight',
          align: 'right',
          render: (v: number) => num(v, 2),
        },
        {
          title: m('col.score'),
          dataIndex: 'score',
          align: 'right',
          render: (v: number) => <b>{num(v, 2)}</b>,
        },
        { title: m('col.basis'), dataIndex: 'basis' },
      ]}
    />
  );
}
