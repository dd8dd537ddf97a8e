/** The enterprise over the years: total score and tax per mu of each year's run, chart and table. */
import { useMemo } from 'react';
import { Card, Col, Empty, Row, Table } from 'antd';
import { useMessages } from '../../catalogue';
import { ClassTag } from '../../components/common';
import { EChart } from '../../components/EChart';
import type { HistoryItem } from '../../contract';
import { num, useI18n } from '../../i18n';
import { messages } from './messages';

export function HistoryCard({ history }: { history: HistoryItem[] }) {
  const { t } = useI18n();
  const { m } = useMessages(messages);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: history.map((h) => String(h.year)) },
      yAxis: [
        { type: 'value', name: m('history.score') },
        { type: 'value', name: m('history.perMu') },
      ],
      series: [
        { name: t('common.total'), type: 'line', data: history.map((h) => h.total) },
        {
          name: m('history.tax'),
          type: 'bar',
          yAxisIndex: 1,
          data: history.map((h) => h.taxPerMu),
        },
      ],
    }),
    [history, t, m],
  );
  return (
    <Card size="small" title={m('history.title')} data-testid="card-history">
      {history.length === 0 ? (
        <Empty />
      ) : (
        <Row gutter={12}>
          <Col xs={24} lg={12} className="print-hide">
            <EChart option={option} height={200} />
          </Col>
          <Col xs={24} lg={12} className="print-full">
            <Table<HistoryItem>
              size="small"
              pagination={false}
              rowKey="runId"
              dataSource={history}
              columns={[
                { title: t('common.year'), dataIndex: 'year' },
                {
                  title: t('common.total'),
                  dataIndex: 'total',
                  align: 'right',
                  render: (v: number | null) => num(v, 2),
                },
                {
                  title: t('common.rank'),
                  dataIndex: 'rank',
                  align: 'right',
                  render: (v: number | null, h) => (v ? `${v} / ${h.unitSize ?? '—'}` : '—'),
                },
                {
                  title: t('common.initialClass'),
                  dataIndex: 'initialClass',
                  render: (v: string | null) => <ClassTag cls={v} />,
                },
                {
                  title: t('common.adjustedClass'),
                  dataIndex: 'adjustedClass',
                  render: (v: string | null) => <ClassTag cls={v} />,
                },
                {
                  title: m('history.taxCol'),
                  dataIndex: 'taxPerMu',
                  align: 'right',
                  render: (v: number | null) => num(v, 2),
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
