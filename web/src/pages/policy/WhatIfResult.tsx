/**
 * A what-if's answer: what is compared (run, dataset, side A and B), the class transition matrix, the
 * fiscal effect per county, the hardest hit and the enterprises that change class (paged on the server).
 */
import { useMemo, type ReactNode } from 'react';
import { Card, Col, Descriptions, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import type * as P from '../../contract';
import { useMessages } from '../../catalogue';
import { ClassTag } from '../../components/common';
import { EChart } from '../../components/EChart';
import { num } from '../../i18n';
import { messages } from './messages';
import { DraftTag } from './parts';

export const WHATIF_PAGE = 20;

export function WhatIfResult({
  r,
  title,
  policyTitle,
  busy,
  onPage,
  exportButton,
}: {
  r: P.WhatIfView;
  title: (methodologyId: string) => string;
  policyTitle: (policyId: string) => string;
  busy: boolean;
  onPage: (page: number) => void;
  exportButton: ReactNode;
}) {
  const { m } = useMessages(messages);
  const draft = r.run !== null && r.run.publishedAt === null;
  const county = (d: string | null) => (d ? (r.countyNames[d] ?? d) : '—');
  const heat = useMemo(() => {
    const label = (x: string) => (x === 'none' ? m('whatif.none') : x);
    return {
      tooltip: {},
      grid: { left: 70, right: 20, top: 30, bottom: 50 },
      xAxis: { type: 'category', data: r.transition.labels.map(label), name: m('whatif.axisB') },
      yAxis: {
        type: 'category',
        data: r.transition.labels.map(label),
        name: m('whatif.axisA'),
        inverse: true,
      },
      visualMap: {
        min: 0,
        max: Math.max(...r.transition.counts.flat()),
        show: false,
        inRange: { color: ['#f0f5ff', '#1d4ed8'] },
      },
      series: [
        {
          type: 'heatmap',
          label: { show: true },
          data: r.transition.counts.flatMap((row, i) => row.map((v, j) => [j, i, v])),
        },
      ],
    };
  }, [r, m]);
  const fiscalColumns: ColumnsType<P.FiscalRowView> = [
    { title: m('county'), render: (_: unknown, x) => (x.division ? county(x.division) : m('whatif.city')) },
    { title: m('whatif.reliefA'), align: 'right', render: (_: unknown, x) => num(x.a.reliefWan) },
    { title: m('whatif.reliefB'), align: 'right', render: (_: unknown, x) => num(x.b.reliefWan) },
    { title: m('whatif.rewardsA'), align: 'right', render: (_: unknown, x) => num(x.a.rewardWan) },
    { title: m('whatif.rewardsB'), align: 'right', render: (_: unknown, x) => num(x.b.rewardWan) },
    { title: m('whatif.surchargesA'), align: 'right', render: (_: unknown, x) => num(x.a.surchargeWan) },
    { title: m('whatif.surchargesB'), align: 'right', render: (_: unknown, x) => num(x.b.surchargeWan) },
    {
      title: m('whatif.netFiscalDelta'),
      align: 'right',
      render: (_: unknown, x) => num(x.delta.netFiscalWan),
    },
    { title: m('whatif.upDown'), align: 'right', render: (_: unknown, x) => `${x.movedUp} / ${x.movedDown}` },
  ];
  const classMove = {
    title: m('whatif.classMove'),
    render: (_: unknown, x: P.ClassChangeView) => (
      <>
        <ClassTag cls={x.from} /> → <ClassTag cls={x.to} />
      </>
    ),
  };
  const nameColumn = {
    title: m('enterprise'),
    dataIndex: 'name',
    render: (v: string | null, x: P.ClassChangeView) => v ?? x.uscc,
  };
  const countyColumn = { title: m('county'), dataIndex: 'division', render: (v: string | null) => county(v) };
  const delta = {
    title: m('whatif.deltaNet'),
    dataIndex: 'deltaWan',
    align: 'right' as const,
    render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{num(v)}</Typography.Text>,
  };
  // the hardest hit: the money (net benefit under A and B); the changes: the move itself
  const hardestColumns: ColumnsType<P.ClassChangeView> = [
    nameColumn,
    countyColumn,
    classMove,
    { title: m('whatif.netA'), dataIndex: 'netBenefitA', align: 'right', render: (v: number) => num(v) },
    { title: m('whatif.netB'), dataIndex: 'netBenefitB', align: 'right', render: (v: number) => num(v) },
    delta,
  ];
  const changeColumns: ColumnsType<P.ClassChangeView> = [
    { title: m('uscc'), dataIndex: 'uscc' },
    nameColumn,
    countyColumn,
    classMove,
    delta,
  ];
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="whatif-result">
      <Card
        size="small"
        title={
          <>
            {m('whatif.compared')}
            <DraftTag draft={draft} />
          </>
        }
        data-testid="whatif-basis"
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={m('run')}>
            <span data-testid="whatif-run-label">
              {r.run
                ? m('whatif.runLabel', {
                    id: r.run.id,
                    year: r.run.year,
                    title: title(r.run.methodologyId),
                    state: r.run.publishedAt ? m('whatif.runPublished') : m('whatif.runDraft'),
                  })
                : '—'}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={m('whatif.dataset')}>
            <span data-testid="whatif-dataset-label">
              {m('whatif.datasetLabel', {
                year: r.dataset.year,
                version: r.dataset.version,
                n: num(r.dataset.records, 0),
              })}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={m('whatif.sideA')}>
            {`${title(r.a.methodology)} + ${policyTitle(r.a.policy)}`}
          </Descriptions.Item>
          <Descriptions.Item label={m('whatif.sideB')}>
            {`${title(r.b.methodology)} + ${policyTitle(r.b.policy)}`}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary">{m('whatif.afresh')}</Typography.Text>
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={10}>
          <Card size="small" title={m('whatif.matrix')}>
            <EChart option={heat} height={300} testId="transition-matrix" />
            <Typography.Text>
              {m('whatif.changes', {
                n: r.changedCount,
                up: r.movedUp,
                down: r.movedDown,
                records: r.records,
              })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={m('whatif.fiscal')}>
            <Table<P.FiscalRowView>
              size="small"
              pagination={false}
              rowKey={(x) => x.division ?? 'city'}
              columns={fiscalColumns}
              dataSource={[...r.fiscal.counties, r.fiscal.city]}
              data-testid="fiscal-table"
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={m('whatif.hardest')}>
        <Table<P.ClassChangeView>
          size="small"
          pagination={false}
          rowKey="seq"
          columns={hardestColumns}
          dataSource={r.hardestHit}
          data-testid="whatif-hardest"
        />
      </Card>
      <Card
        size="small"
        title={m('whatif.changed', { n: r.changedCount })}
        extra={exportButton}
        data-testid="whatif-changed-card"
        data-count={r.changedCount}
      >
        <Table<P.ClassChangeView>
          size="small"
          rowKey="seq"
          loading={busy}
          columns={changeColumns}
          dataSource={r.changed}
          data-testid="whatif-changed"
          pagination={{
            current: Math.floor(r.changedOffset / WHATIF_PAGE) + 1,
            pageSize: WHATIF_PAGE,
            total: r.changedCount,
            showSizeChanger: false,
            onChange: onPage,
          }}
        />
      </Card>
    </Space>
  );
}
