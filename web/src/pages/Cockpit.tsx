/**
 * 驾驶舱: a year's evaluation at a glance — class distribution per county (click a bar to drill down to
 * its enterprises), per-mu tax and value added per county against last year, the top and bottom
 * enterprises, and how complete each department's data is. Every card names its source and definition.
 */
import { useMemo } from 'react';
import { Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { api } from '../api';
import { ClassTag, Load, SourcedCard, useApi } from '../components/common';
import { CLASS_COLORS, EChart } from '../components/EChart';
import { RunBanner, RunPicker, useRuns } from '../components/runs';
import { num, pct, useI18n } from '../i18n';
import { Link, useNavigation, useRouter } from '../router';
import type {
  CardSource,
  Cockpit as CockpitData,
  CockpitCounty,
  CockpitEnterprise,
  PerMuFigure,
} from '../contract';

const CLASSES = ['A', 'B', 'C', 'D'] as const;

export default function Cockpit() {
  const { t, lang, pick } = useI18n();
  const { location } = useRouter();
  // the cockpit's own request names the run (`latest` by default): it does not wait for the list of runs
  const runParam = location.query.get('run') ?? 'latest';
  const runs = useRuns();
  const data = useApi(() => api.get<CockpitData>(`/api/runs/${runParam}/cockpit`), [runParam]);
  const run = data.data?.run;
  const noRun = data.error?.status === 404 && runParam === 'latest';
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {t('cockpit.title')}
          {run ? (
            <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
              {lang === 'zh' ? `${run.year} 年度数据` : `data of ${run.year}`}
            </Typography.Text>
          ) : null}
        </Typography.Title>
        {runs.data && run ? (
          <RunPicker runs={runs.data.items} run={runs.data.items.find((r) => r.id === run.id)} />
        ) : null}
      </Space>
      {run && data.data ? <RunBanner run={run} title={data.data.methodologyTitle} /> : null}
      {noRun ? (
        <Typography.Text>{t('error.noRun')}</Typography.Text>
      ) : (
        <Load state={data}>{(d) => <CockpitCards d={d} />}</Load>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {pick(
          '口径依据所选评价办法；亩均指标以用地面积（亩）为分母。',
          'Definitions follow the run’s methodology; per-mu figures divide by land in mu.',
        )}
      </Typography.Text>
    </Space>
  );
}

function useSourceText(title: string): (s: CardSource) => string {
  const { pick } = useI18n();
  return (s) =>
    s.runId
      ? pick(
          `${s.year} 年度，第 ${s.runId} 批评价（${title}${s.published ? '' : '，草稿未公示'}），数据集 ${s.datasetVersion ?? ''}`,
          `${s.year}, run ${s.runId} (${title}${s.published ? '' : ', draft, not published'}), dataset ${s.datasetVersion ?? ''}`,
        )
      : pick(
          `${s.year} 年度数据集 ${s.datasetVersion ?? ''}`,
          `${s.year}, dataset ${s.datasetVersion ?? ''}`,
        );
}

function CockpitCards({ d }: { d: CockpitData }) {
  const { t, lang, pick } = useI18n();
  const { navigate } = useNavigation();
  const src = useSourceText(pick(d.methodologyTitle.zh, d.methodologyTitle.en));
  const run = d.run;
  const area = pick(d.area.name.zh, d.area.name.en);
  const draftMark = run.published ? '' : pick('（草稿）', ' (draft)');
  const counties = d.classes.counties.filter((c) => c.division);
  const city = d.classes.city;
  const perMu = d.perMu.counties.filter((c) => c.division);
  const def = (b: { zh: string; en: string }) => pick(b.zh, b.en);

  const classOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 30 },
      xAxis: { type: 'category', data: counties.map((c) => c.name ?? c.division) },
      yAxis: { type: 'value', name: pick('家', 'firms') },
      series: CLASSES.map((k) => ({
        name: k,
        type: 'bar',
        stack: 'class',
        itemStyle: { color: CLASS_COLORS[k] },
        emphasis: { focus: 'series' },
        data: counties.map((c) => c.classes[k]),
      })),
    }),
    [counties, pick],
  );

  const perMuOption = useMemo(() => {
    const y = run.year;
    const ly = d.lastYearRun?.year ?? y - 1;
    const series = [
      { name: pick(`亩均税收 ${y}`, `Tax/mu ${y}`), key: 'tax', last: false, color: '#1d4ed8' },
      { name: pick(`亩均税收 ${ly}`, `Tax/mu ${ly}`), key: 'tax', last: true, color: '#93c5fd' },
      { name: pick(`亩均增加值 ${y}`, `VA/mu ${y}`), key: 'va', last: false, color: '#0f766e' },
      { name: pick(`亩均增加值 ${ly}`, `VA/mu ${ly}`), key: 'va', last: true, color: '#99f6e4' },
    ].filter((s) => !s.last || d.lastYearRun);
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
      yAxis: { type: 'value', name: pick('万元/亩', '10k yuan/mu') },
      series: series.map((s) => ({
        name: s.name,
        type: 'bar',
        itemStyle: { color: s.color },
        data: perMu.map((c) => val(c, s.key, s.last)),
      })),
    };
  }, [perMu, d.lastYearRun, run.year, pick]);

  const coverageOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
      grid: { left: 110, right: 40, top: 8, bottom: 24 },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: d.coverage.departments.map((x) => def(x.label)) },
      series: [
        {
          type: 'bar',
          name: pick('覆盖率', 'coverage'),
          label: { show: true, position: 'right', formatter: '{c}%' },
          itemStyle: { color: '#6366f1' },
          data: d.coverage.departments.map((x) =>
            x.records ? Number(((x.present / x.records) * 100).toFixed(1)) : 0,
          ),
        },
      ],
    }),
    [d.coverage, pick],
  );

  const delta = (now: number | null, last: number | null | undefined) => {
    if (now === null || last === null || last === undefined || last === 0) return null;
    return (now - last) / last;
  };
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
      title: pick('亩均税收', 'Tax/mu'),
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
              title={pick(
                `${area}亩均税收（万元/亩）${draftMark}`,
                `${d.area.kind === 'city' ? 'City' : area} tax per mu (10k yuan/mu)${draftMark}`,
              )}
              value={num(d.perMu.city.taxPerMu, 2)}
              suffix={
                cityTaxDelta === null ? undefined : (
                  <span style={{ fontSize: 14, color: cityTaxDelta >= 0 ? '#389e0d' : '#cf1322' }}>
                    {cityTaxDelta >= 0 ? '▲' : '▼'} {pct(Math.abs(cityTaxDelta))} {pick('同比', 'y/y')}
                  </span>
                )
              }
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" hoverable onClick={() => navigate(`/enterprises?run=${run.id}&class=D`)}>
            <Statistic
              title={`${t('cockpit.kpi.d')}（${pct(city.graded ? city.classes.D / city.graded : null)}）${draftMark}`}
              value={city.classes.D}
              suffix={t('common.enterprises')}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card
            size="small"
            hoverable
            onClick={() => navigate(`/enterprises?run=${run.id}&status=not_evaluated`)}
          >
            <Statistic
              title={`${t('cockpit.kpi.notEvaluated')}${draftMark}`}
              value={city.notEvaluated}
              suffix={t('common.enterprises')}
            />
          </Card>
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
                ? `；${pick('上年', 'last year')}：${src(d.perMu.lastYearSource)}`
                : `；${pick('无上年评价', 'no run of last year')}`)
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
              <Link to={`/enterprises?run=${run.id}&status=graded&order=total&dir=desc`}>
                {pick('全部', 'all')}
              </Link>
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
              <Link to={`/enterprises?run=${run.id}&status=graded&order=total&dir=asc`}>
                {pick('全部', 'all')}
              </Link>
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
              {lang === 'zh'
                ? `共 ${num(d.coverage.records, 0)} 条企业记录；缺少最多的字段：${worstFields(d, 'zh')}`
                : `${num(d.coverage.records, 0)} records; fields most often missing: ${worstFields(d, 'en')}`}
            </Typography.Text>
          </SourcedCard>
        </Col>
      </Row>
    </>
  );
}

/** The fields most often missing, each with the share of records that LACK it: 主要污染物排放量 缺失 69.1%. */
export function worstFields(d: Pick<CockpitData, 'coverage'>, lang: 'zh' | 'en'): string {
  return (
    d.coverage.mostMissing
      .map((f) =>
        lang === 'zh'
          ? `${f.label.zh} 缺失 ${pct(f.missingShare)}`
          : `${f.label.en} missing in ${pct(f.missingShare)}`,
      )
      .join(lang === 'zh' ? '、' : ', ') || '—'
  );
}

function CountyLinks({ counties, runId }: { counties: CockpitCounty[]; runId: number }) {
  const { pick } = useI18n();
  return (
    <Space wrap size={[12, 4]} style={{ marginTop: 4 }}>
      <Typography.Text type="secondary">{pick('查看区县：', 'Open a county:')}</Typography.Text>
      {counties.map((c) => (
        <Link key={c.division} to={`/enterprises?run=${runId}&division=${c.division}`}>
          <span data-testid={`county-${c.division}`}>
            {c.name ?? c.division}（{pct(c.graded ? c.classes.A / c.graded : null, 0)} A）
          </span>
        </Link>
      ))}
    </Space>
  );
}
