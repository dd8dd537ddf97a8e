/**
 * The application's totals: the city's (or a county account's own county's) figures in the shape of
 * the Jiaxing figures (domain.md), and the counties' totals as a chart and a table whose county names
 * filter the ledger (real links: focusable, opened with Enter).
 */
import { useMemo } from 'react';
import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import type * as P from '../../contract';
import { useMessages } from '../../catalogue';
import { EChart } from '../../components/EChart';
import { queryHref } from '../../components/query-href';
import { money, num } from '../../i18n';
import { Link, useRouter } from '../../router';
import { messages } from './messages';
import { DraftTag } from './parts';
import { CLASSES, plusMinus, totalLabel } from './policy';

export function CityFigures({ city, draft }: { city: P.PolicyTotalsView; draft: boolean }) {
  const { m, lang } = useMessages(messages);
  return (
    <Card
      size="small"
      title={
        <>
          <span data-testid="city-figures-title">{totalLabel(city, lang)}</span>
          <DraftTag draft={draft} />
        </>
      }
      data-testid="city-figures"
    >
      <Row gutter={16}>
        <Col xs={12} md={4}>
          <Statistic title={m('city.relief')} value={money(city.reliefWan, lang)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={m('city.rewards')} value={money(city.rewardWan, lang)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={m('city.surcharges')} value={money(city.surchargeWan, lang)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={m('city.land')} value={num(city.landGrantMu, 1)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={m('city.energy')}
            value={plusMinus(city.energyGrantTce / 10_000, city.energyCutTce / 10_000)}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={m('city.emissions')}
            value={plusMinus(city.emissionGrantT, city.emissionCutT, 1)}
          />
        </Col>
      </Row>
      {city.missing > 0 ? (
        <Typography.Text type="secondary">{m('city.missing', { n: city.missing })}</Typography.Text>
      ) : null}
    </Card>
  );
}

export function CountyTotals({ a }: { a: P.PolicyApplicationView }) {
  const { m, lang } = useMessages(messages);
  const { location } = useRouter();
  const rows = a.totals.counties;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 20, bottom: 30, top: 50 },
      xAxis: { type: 'category', data: rows.map((c) => c.name ?? c.division ?? '') },
      yAxis: { type: 'value', name: m('unit.wan') },
      series: [
        { name: m('series.relief'), type: 'bar', data: rows.map((c) => Math.round(c.reliefWan)) },
        { name: m('series.rewards'), type: 'bar', data: rows.map((c) => Math.round(c.rewardWan)) },
        { name: m('series.surcharges'), type: 'bar', data: rows.map((c) => Math.round(c.surchargeWan)) },
      ],
    }),
    [rows, m],
  );
  const columns: ColumnsType<P.PolicyTotalsView> = [
    {
      title: m('county'),
      dataIndex: 'name',
      render: (v: string | null, r) => (
        <Link to={queryHref(location.path, location.query, { division: r.division, page: undefined })}>
          {v ?? r.division}
        </Link>
      ),
    },
    { title: m('col.graded'), dataIndex: 'enterprises', align: 'right' },
    { title: 'A/B/C/D', render: (_: unknown, r) => CLASSES.map((c) => r.classes[c]).join(' / ') },
    { title: m('col.relief'), dataIndex: 'reliefWan', align: 'right', render: (v: number) => num(v) },
    { title: m('col.rewards'), dataIndex: 'rewardWan', align: 'right', render: (v: number) => num(v) },
    { title: m('col.surcharges'), dataIndex: 'surchargeWan', align: 'right', render: (v: number) => num(v) },
    { title: m('col.netFiscal'), dataIndex: 'netFiscalWan', align: 'right', render: (v: number) => num(v) },
    { title: m('col.landGrant'), dataIndex: 'landGrantMu', align: 'right', render: (v: number) => num(v) },
    {
      title: m('col.energyPm'),
      align: 'right',
      render: (_: unknown, r) => plusMinus(r.energyGrantTce, r.energyCutTce, 0),
    },
    {
      title: m('col.emissionsPm'),
      align: 'right',
      render: (_: unknown, r) => plusMinus(r.emissionGrantT, r.emissionCutT),
    },
  ];
  const c = a.totals.city;
  return (
    <Card
      size="small"
      title={
        <>
          {m('county.title')}
          <DraftTag draft={a.draft} />
        </>
      }
    >
      <EChart option={option} height={260} testId="county-chart" />
      <Table<P.PolicyTotalsView>
        size="small"
        rowKey={(r) => r.division ?? 'city'}
        pagination={false}
        columns={columns}
        dataSource={rows}
        data-testid="county-totals"
        summary={() =>
          c.division !== null ? null : (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{totalLabel(c, lang)}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {c.enterprises}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2}>
                {CLASSES.map((k) => c.classes[k]).join(' / ')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {num(c.reliefWan)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {num(c.rewardWan)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                {num(c.surchargeWan)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                {num(c.netFiscalWan)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">
                {num(c.landGrantMu)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={8} />
              <Table.Summary.Cell index={9} />
            </Table.Summary.Row>
          )
        }
      />
    </Card>
  );
}
