/** The cockpit's figures and cards for one run's answer; the charts' options come from `cockpit.ts`. */
import { useMemo, type ReactNode } from 'react';
import { Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMessages } from '../../catalogue';
import { ClassTag, SourcedCard } from '../../components/common';
import { CLASS_COLORS, EChart } from '../../components/EChart';
import type { CardSource, Cockpit as CockpitData, CockpitCounty, CockpitEnterprise } from '../../contract';
import { num, pct, useI18n } from '../../i18n';
import { Link, useNavigation } from '../../router';
import { classChart, coverageChart, delta, perMuChart, worstFields } from './cockpit';
import { messages } from './messages';

export function CockpitCards({ d }: { d: CockpitData }) {
  const { t } = useI18n();
  const { m, lang } = useMessages(messages);
  const { navigate } = useNavigation();
  const title = d.methodologyTitle[lang];
  const src = (s: CardSource) =>
    s.runId
      ? m('source.run', {
          year: s.year,
          id: s.runId,
          title,
          draft: s.published ? '' : m('source.draft'),
          dataset: s.datasetVersion ?? '',
        })
      : m('source.dataset', { year: s.year, dataset: s.datasetVersion ?? '' });
  const run = d.run;
  const area = d.area.name[lang];
  const draftMark = run.published ? '' : m('draftMark');
  const counties = d.classes.counties.filter((c) => c.division);
  const city = d.classes.city;
  const perMu = d.perMu.counties.filter((c) => c.division);
  const def = (b: { zh: string; en: string }) => b[lang];

  const classOption = useMemo(() => classChart(counties, CLASS_COLORS, m('firms')), [counties, m]);
  const perMuOption = useMemo(
    () =>
      perMuChart(perMu, run.year, d.lastYearRun?.year ?? null, {
        tax: (year) => m('series.tax', { year }),
        va: (year) => m('series.va', { year }),
        unit: m('perMuUnit'),
      }),
    [perMu, d.lastYearRun, run.year, m],
  );
  const coverageOption = useMemo(
    () => coverageChart(d.coverage.departments, lang, m('coverage')),
    [d.coverage, lang, m],
  );
  const cityTaxDelta = delta(d.perMu.city.taxPerMu, d.perMu.city.lastYear?.taxPerMu);

  const entColumns: ColumnsType<CockpitEnterprise> = [
    {
      title: t('common.name'),
      dataIndex: 'name',
      ellipsis: true,
      render: (v: string | null, r) => <Link to={`/enterprise/${r.uscc}?run=${run.id}`}>{v ?? r.uscc}</Link>,
    },
    { title: t('common.county'), dataIndex: 'divisionName', width: 72 },
    {
      title: m('col.taxPerMu'),
      dataIndex: 'taxPerMu',
      align: 'right',
      width: 80,
      render: (v: number | null) => num(v, 2),
    },
    {
      title: t('common.total'),
      dataIndex: 'total',
      align: 'right',
      width: 80,
      render: (v: number) => num(v, 2),
    },
    {
      title: t('common.class'),
      dataIndex: 'adjustedClass',
      width: 60,
      render: (v: string | null) => <ClassTag cls={v} />,
    },
  ];
  /** A figure that opens the enterprises behind it: a link, so that it is reached by keyboard too. */
  const linkCard = (to: string, children: ReactNode) => (
    <Link to={to}>
      <Card size="small" hoverable>
        {children}
      </Card>
    </Link>
  );

  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="kpi-graded">
            <Statistic
              title={`${t('cockpit.kpi.graded')}${draftMark}`}
              value={city.graded}
              suffix={t('common.enterprises')}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="kpi-tax-per-mu">
            <Statistic
              title={m('kpi.taxPerMu', {
                area: lang === 'en' && d.area.kind === 'city' ? m('city') : area,
                draft: draftMark,
              })}
              value={num(d.perMu.city.taxPerMu, 2)}
              suffix={
                cityTaxDelta === null ? undefined : (
                  <span style={{ fontSize: 14, color: cityTaxDelta >= 0 ? '#389e0d' : '#cf1322' }}>
                    {cityTaxDelta >= 0 ? '▲' : '▼'} {pct(Math.abs(cityTaxDelta))} {m('yoy')}
                  </span>
                )
              }
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          {linkCard(
            `/enterprises?run=${run.id}&class=D`,
            <Statistic
              title={m('kpi.d', {
                label: t('cockpit.kpi.d'),
                share: pct(city.graded ? city.classes.D / city.graded : null),
                draft: draftMark,
              })}
              value={city.classes.D}
              suffix={t('common.enterprises')}
            />,
          )}
        </Col>
        <Col xs={12} lg={6}>
          {linkCard(
            `/enterprises?run=${run.id}&status=not_evaluated`,
            <Statistic
              title={`${t('cockpit.kpi.notEvaluated')}${draftMark}`}
              value={city.notEvaluated}
              suffix={t('common.enterprises')}
            />,
          )}
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <SourcedCard
            testId="card-classes"
            title={t('cockpit.classByCounty')}
            source={src(d.classes.source)}
            definition={def(d.classes.source.definition)}
          >
            <EChart
              testId="chart-classes"
              option={classOption}
              height={300}
              onClick={(p) => {
                const c = counties[p.dataIndex];
                if (c?.division)
                  navigate(
                    `/enterprises?run=${run.id}&division=${c.division}${p.seriesName ? `&class=${p.seriesName}` : ''}`,
                  );
              }}
            />
            <CountyLinks counties={counties} runId={run.id} />
          </SourcedCard>
        </Col>
        <Col xs={24} xl={12}>
          <SourcedCard
            testId="card-permu"
            title={t('cockpit.perMu')}
            source={
              src(d.perMu.source) +
              (d.perMu.lastYearSource
                ? m('source.lastYear', { source: src(d.perMu.lastYearSource) })
                : m('source.noLastYear'))
            }
            definition={def(d.perMu.source.definition)}
          >
            <EChart
              testId="chart-permu"
              option={perMuOption}
              height={300}
              onClick={(p) => {
                const c = perMu[p.dataIndex];
                if (c?.division)
                  navigate(`/enterprises?run=${run.id}&division=${c.division}&order=tax_per_mu&dir=desc`);
              }}
            />
          </SourcedCard>
        </Col>
        <Col xs={24} lg={12} xl={9}>
          <SourcedCard
            testId="card-top"
            title={t('cockpit.top')}
            source={src(d.top.source)}
            definition={def(d.top.source.definition)}
            extra={
              <Link to={`/enterprises?run=${run.id}&status=graded&order=total&dir=desc`}>{m('all')}</Link>
            }
          >
            <Table
              size="small"
              pagination={false}
              rowKey="uscc"
              dataSource={d.top.items}
              columns={entColumns}
            />
          </SourcedCard>
        </Col>
        <Col xs={24} lg={12} xl={9}>
          <SourcedCard
            testId="card-bottom"
            title={t('cockpit.bottom')}
            source={src(d.bottom.source)}
            definition={def(d.bottom.source.definition)}
            extra={
              <Link to={`/enterprises?run=${run.id}&status=graded&order=total&dir=asc`}>{m('all')}</Link>
            }
          >
            <Table
              size="small"
              pagination={false}
              rowKey="uscc"
              dataSource={d.bottom.items}
              columns={entColumns}
            />
          </SourcedCard>
        </Col>
        <Col xs={24} xl={6}>
          <SourcedCard
            testId="card-coverage"
            title={t('cockpit.coverage')}
            source={src(d.coverage.source)}
            definition={def(d.coverage.source.definition)}
          >
            <EChart option={coverageOption} height={220} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="coverage-missing">
              {m('coverage.missing', { records: num(d.coverage.records, 0), fields: worstFields(d, lang) })}
            </Typography.Text>
          </SourcedCard>
        </Col>
      </Row>
    </>
  );
}

function CountyLinks({ counties, runId }: { counties: CockpitCounty[]; runId: number }) {
  const { m } = useMessages(messages);
  return (
    <Space wrap size={[12, 4]} style={{ marginTop: 4 }}>
      <Typography.Text type="secondary">{m('openCounty')}</Typography.Text>
      {counties.map((c) => (
        <Link key={c.division} to={`/enterprises?run=${runId}&division=${c.division}`}>
          <span data-testid={`county-${c.division}`}>
            {m('county.share', {
              name: c.name ?? c.division ?? '',
              share: pct(c.graded ? c.classes.A / c.graded : null, 0),
            })}
          </span>
        </Link>
      ))}
    </Space>
  );
}
