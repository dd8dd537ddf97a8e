/**
 * 一企一单: one enterprise's statement for a year — identity, land parcels, each department's figures with
 * the file and row they were read from, each indicator's value, benchmark and score (chart and table),
 * adjustments, rank, initial and adjusted class and why, and its history over the years. Printable on
 * one page (the menu, pickers and buttons are hidden in print).
 */
import { useMemo } from 'react';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useAuth } from '../auth';
import { ClassTag, Load, SourcedCard, useApi } from '../components/common';
import { ObjectionsCard } from '../components/objections';
import { EChart } from '../components/EChart';
import type { EnterpriseView, ExplainedIndicator, HistoryItem, LandParcel, SourceFigures } from '../contract';
import type { MoveUpOptionView, MoveUpView } from '../../../src/api/policy-contract';
import { num, useI18n } from '../i18n';
import { useNavigation, useRouter } from '../router';

export default function Enterprise() {
  const { lang } = useI18n();
  const { location } = useRouter();
  const uscc = decodeURIComponent(location.path.slice('/enterprise/'.length));
  const year = location.query.get('year') ?? undefined;
  const run = location.query.get('run') ?? undefined;
  const view = useApi(
    () => api.get<EnterpriseView>(`/api/enterprises/${encodeURIComponent(uscc)}`, { year, run, lang }),
    [uscc, year, run, lang],
  );
  // an unknown code and an enterprise outside the account's scope get the same answer (404): say it is
  // not available to this account, and offer the way back rather than a retry (issue 11, item 32)
  if (view.error?.status === 404) return <NotAvailable uscc={uscc} />;
  return <Load state={view}>{(v) => <Statement v={v} />}</Load>;
}

function NotAvailable({ uscc }: { uscc: string }) {
  const { pick } = useI18n();
  const { can, user } = useAuth();
  const { navigate } = useNavigation();
  const own = user?.role === 'enterprise' && user.uscc ? `/enterprise/${user.uscc}` : null;
  return (
    <Result
      status="404"
      data-testid="enterprise-not-available"
      title={pick(`无法查看企业 ${uscc}`, `Enterprise ${uscc} is not available`)}
      subTitle={
        <span data-testid="not-available-text">
          {pick(
            '本账号查不到该企业的数据：代码可能有误，或该企业不在本账号可查看的范围内。',
            'This account finds no data on this enterprise: the code may be wrong, or the enterprise is outside what this account may see.',
          )}
        </span>
      }
      extra={
        <Space>
          {can('results.view') ? (
            <Button type="primary" data-testid="back-to-list" onClick={() => navigate('/enterprises')}>
              {pick('返回企业列表', 'Back to the enterprise list')}
            </Button>
          ) : null}
          {own && own !== `/enterprise/${uscc}` ? (
            <Button type="primary" data-testid="back-to-own" onClick={() => navigate(own)}>
              {pick('查看本企业的评价', 'My enterprise’s statement')}
            </Button>
          ) : null}
          <Button data-testid="back-home" onClick={() => navigate('/')}>
            {pick('返回首页', 'Home')}
          </Button>
        </Space>
      }
    />
  );
}

function Statement({ v }: { v: EnterpriseView }) {
  const { t, lang, pick } = useI18n();
  const { setQuery } = useNavigation();
  const r = v.result;
  const years = v.history.map((h) => h.year);
  const draft = v.run !== null && !v.run.published;
  const source = v.run
    ? pick(
        `第 ${v.run.id} 批评价（${v.run.methodologyId}），数据集 ${v.run.datasetLabel}${draft ? '，草稿（未公示）' : ''}`,
        `run ${v.run.id} (${v.run.methodologyId}), dataset ${v.run.datasetLabel}${draft ? ', draft (not published)' : ''}`,
      )
    : undefined;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} className="print-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="enterprise-name">
            {v.identity.name ?? v.uscc}
            {draft ? (
              <Tag
                color="orange"
                style={{ marginLeft: 12, verticalAlign: 'middle' }}
                data-testid="draft-label"
              >
                {pick('草稿结果，未公示', 'Draft result, not published')}
              </Tag>
            ) : null}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('enterprise.title')} · {v.year} {lang === 'zh' ? '年度' : ''} · {v.uscc}
          </Typography.Text>
        </div>
        <Space className="no-print">
          {years.length > 1 ? (
            <Select
              value={v.year}
              style={{ width: 120 }}
              options={[...new Set(years)].map((y) => ({ value: y, label: String(y) }))}
              onChange={(y: number) => setQuery({ year: y, run: undefined })}
            />
          ) : null}
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
            {t('common.print')}
          </Button>
        </Space>
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={pick('企业信息', 'Identity')} style={{ height: '100%' }}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('common.uscc')}>{v.uscc}</Descriptions.Item>
              <Descriptions.Item label={t('common.county')}>
                {v.identity.divisionName ?? v.identity.division ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('common.industry')}>
                {v.identity.industry ? `${v.identity.industry} ${v.identity.industryName ?? ''}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={pick('规模', 'Scale')}>
                {v.identity.aboveScale === null
                  ? '—'
                  : v.identity.aboveScale
                    ? pick('规模以上', 'above designated size')
                    : pick('规模以下', 'below designated size')}
              </Descriptions.Item>
              {v.identity.tenantOf ? (
                <Descriptions.Item label={pick('租用厂房（出租方）', 'Tenant of')}>
                  {v.identity.tenantOf}
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={pick('标记与资质', 'Flags and qualifications')}>
                <Space size={4} wrap>
                  {v.identity.flags.map((f) => (
                    <Tag key={f}>{flagLabel(f, lang)}</Tag>
                  ))}
                  {v.identity.qualifications.map((q) => (
                    <Tag color="blue" key={q.kind + q.yearFrom}>
                      {flagLabel(q.kind, lang)} {q.yearFrom}
                      {q.yearTo ? `–${q.yearTo}` : '–'}
                    </Tag>
                  ))}
                  {v.identity.flags.length + v.identity.qualifications.length === 0 ? '—' : null}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <ClassCard v={v} source={source} />
        </Col>
      </Row>
      {r && r.indicators.length > 0 ? (
        <SourcedCard
          testId="card-indicators"
          title={pick('指标、基准与得分', 'Indicators, benchmarks and scores')}
          source={source}
          definition={pick(
            '得分按评价办法的计分方法由指标值与基准值计算；权重即指标值等于基准值时的得分（封顶见计分说明）。',
            'Scores come from the value and the benchmark by the methodology’s scoring; the weight is the score of a value equal to the benchmark (caps are in the basis column).',
          )}
        >
          <Row gutter={12}>
            <Col xs={24} xl={10} className="print-hide">
              <IndicatorChart items={r.indicators} />
            </Col>
            <Col xs={24} xl={14} className="print-full">
              <IndicatorTable items={r.indicators} />
            </Col>
          </Row>
        </SourcedCard>
      ) : null}
      {v.run && r?.status === 'graded' ? <MoveUpCard runId={v.run.id} uscc={v.uscc} /> : null}
      <ObjectionsCard v={v} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <SourcesCard sources={v.sources} divisionName={v.identity.divisionName} />
        </Col>
        <Col xs={24} lg={12}>
          <LandCard land={v.land} />
        </Col>
      </Row>
      <HistoryCard history={v.history} />
    </Space>
  );
}

function ClassCard({ v, source }: { v: EnterpriseView; source: string | undefined }) {
  const { t, pick } = useI18n();
  const r = v.result;
  if (!r)
    return (
      <Card size="small" title={pick('评价结果', 'Result')} style={{ height: '100%' }}>
        <Empty description={pick('本年度尚无评价批次', 'No run for this year yet')} />
      </Card>
    );
  return (
    <SourcedCard
      testId="card-class"
      title={pick('评价结果与定档理由', 'Result and why this class')}
      source={source}
    >
      <Space size={24} wrap style={{ marginBottom: 8 }}>
        <div>
          <div style={{ color: '#8c8c8c' }}>{t('common.status')}</div>
          <div>{r.statusText}</div>
        </div>
        <div>
          <div style={{ color: '#8c8c8c' }}>{t('common.total')}</div>
          <div className="kpi num">{num(r.total, 2)}</div>
        </div>
        <div>
          <div style={{ color: '#8c8c8c' }}>{t('common.rank')}</div>
          <div className="kpi num">{r.rank ? `${r.rank} / ${r.unitSize ?? '—'}` : '—'}</div>
        </div>
        <div>
          <div style={{ color: '#8c8c8c' }}>{t('common.initialClass')}</div>
          <div className="kpi">
            <ClassTag cls={r.initialClass} />
          </div>
        </div>
        <div>
          <div style={{ color: '#8c8c8c' }}>{t('common.adjustedClass')}</div>
          <div className="kpi" data-testid="adjusted-class">
            <ClassTag cls={r.adjustedClass} />
          </div>
        </div>
      </Space>
      {r.reasonText ? <Typography.Paragraph type="danger">{r.reasonText}</Typography.Paragraph> : null}
      <List
        size="small"
        data-testid="why"
        header={<b>{pick('为什么是这个等级', 'Why this class')}</b>}
        dataSource={r.why}
        renderItem={(w, i) => (
          <List.Item style={{ padding: '2px 0' }}>
            {i + 1}. {w}
          </List.Item>
        )}
      />
      {r.adjustments.length > 0 ? (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          <b>{pick('加减分', 'Adjustment points')}：</b>
          {r.adjustments.map((a) => `${a.title} ${a.points > 0 ? '+' : ''}${a.points}`).join('；')}
        </Typography.Paragraph>
      ) : null}
      {/* a manual adjustment (调档) is one of the steps above (who, when, from → to, reason): not repeated */}
    </SourcedCard>
  );
}

function IndicatorChart({ items }: { items: ExplainedIndicator[] }) {
  const { pick } = useI18n();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 110, right: 24, top: 28, bottom: 24 },
      yAxis: { type: 'category', inverse: true, data: items.map((x) => x.title) },
      xAxis: { type: 'value', name: pick('分', 'pts') },
      series: [
        {
          name: pick('权重（达到基准值时的得分）', 'Weight (the score at the benchmark)'),
          type: 'bar',
          data: items.map((x) => x.weight),
          itemStyle: { color: '#d9d9d9' },
          barGap: '-100%',
        },
        {
          name: pick('得分', 'Score'),
          type: 'bar',
          data: items.map((x) => Number(x.score.toFixed(2))),
          itemStyle: { color: '#1d4ed8' },
        },
      ],
    }),
    [items, pick],
  );
  return <EChart option={option} height={Math.max(200, items.length * 40 + 60)} testId="chart-indicators" />;
}

function IndicatorTable({ items }: { items: ExplainedIndicator[] }) {
  const { pick } = useI18n();
  return (
    <Table<ExplainedIndicator>
      size="small"
      pagination={false}
      rowKey="id"
      dataSource={items}
      data-testid="indicator-table"
      columns={[
        {
          title: pick('指标', 'Indicator'),
          dataIndex: 'title',
          render: (v: string, x) => `${v}${x.unit ? `（${x.unit}）` : ''}`,
        },
        {
          title: pick('指标值', 'Value'),
          dataIndex: 'value',
          align: 'right',
          render: (v: number | null) => num(v, 3),
        },
        {
          title: pick('基准值', 'Benchmark'),
          dataIndex: 'benchmark',
          align: 'right',
          render: (v: number | null) => num(v, 3),
        },
        {
          title: pick('权重', 'Weight'),
          dataIndex: 'weight',
          align: 'right',
          render: (v: number) => num(v, 2),
        },
        {
          title: pick('得分', 'Score'),
          dataIndex: 'score',
          align: 'right',
          render: (v: number) => <b>{num(v, 2)}</b>,
        },
        { title: pick('计分说明', 'Basis'), dataIndex: 'basis' },
      ]}
    />
  );
}

/** Where a department's figures came from, for people: a file name, or what the dataset was. */
function sourceName(file: string, pick: (zh: string, en: string) => string): string {
  if (file.startsWith('demo:')) return pick('演示数据（合成）', 'demo data (synthetic)');
  if (file.startsWith('file:')) return file.slice('file:'.length);
  if (file.startsWith('import:')) return file.slice('import:'.length).split(',').join('、');
  return file;
}

const DEPARTMENT_NAMES: Record<string, [string, string]> = {
  'market-regulation': ['市场监管', 'market regulation'],
  tax: ['税务', 'tax'],
  statistics: ['统计', 'statistics'],
  power: ['电力', 'power'],
  environment: ['生态环境', 'environment'],
  'natural-resources': ['自然资源', 'natural resources'],
  自然资源: ['自然资源', 'natural resources'],
};

/** A parcel's source (`<department> <file>[sheet]#row`, or the demo's), the department in the page's language. */
function landSource(v: string | null, pick: (zh: string, en: string) => string): string {
  if (!v) return '—';
  const demo = / ?natural resources \(demo\)$/.exec(v);
  const text = demo ? v.slice(0, demo.index) : v;
  const [head = '', ...rest] = text.split(' ');
  const d = DEPARTMENT_NAMES[head];
  const dept = d ? pick(d[0], d[1]) : head;
  return [dept, ...rest].join(' ') + (demo ? pick('（演示数据）', ' (demo data)') : '');
}

function SourcesCard({ sources, divisionName }: { sources: SourceFigures[]; divisionName: string | null }) {
  const { pick } = useI18n();
  return (
    <Card
      size="small"
      title={pick('各部门数据及来源', 'Each department’s figures and where they were read')}
      style={{ height: '100%' }}
      data-testid="card-sources"
    >
      {sources.length === 0 ? <Empty description={pick('无部门数据', 'No departmental data')} /> : null}
      {sources.map((s) => (
        <div key={s.department} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{pick(s.label.zh, s.label.en)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
            {s.file
              ? `${sourceName(s.file, pick)}${s.sheet ? ` · ${s.sheet}` : ''}${s.rows.length ? ` · ${pick('第', 'row ')}${s.rows.join('、')}${pick(' 行', '')}` : ''}`
              : pick('记录文件', 'record file')}
          </Typography.Text>
          <Descriptions size="small" column={2}>
            {s.fields.map((f) => (
              <Descriptions.Item
                key={f.field}
                label={`${pick(f.label.zh, f.label.en)}${f.unit ? `（${f.unit}）` : ''}`}
              >
                {f.field === 'division' && divisionName
                  ? divisionName
                  : f.field === 'founded' && typeof f.value === 'number'
                    ? String(f.value)
                    : fieldValue(f.value, f.unit, pick)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </div>
      ))}
    </Card>
  );
}

function LandCard({ land }: { land: LandParcel[] }) {
  const { pick } = useI18n();
  const total = land.reduce((s, p) => s + p.areaMu, 0);
  return (
    <Card size="small" title={pick('用地', 'Land')} style={{ height: '100%' }} data-testid="card-land">
      <Table<LandParcel>
        size="small"
        pagination={false}
        rowKey={(p, i) => `${p.certificateNo ?? ''}-${i ?? 0}`}
        dataSource={land}
        locale={{ emptyText: pick('无宗地明细', 'No parcels') }}
        columns={[
          {
            title: pick('不动产权证号', 'Certificate'),
            dataIndex: 'certificateNo',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: pick('面积（亩）', 'Area (mu)'),
            dataIndex: 'areaMu',
            align: 'right',
            render: (v: number) => num(v, 2),
          },
          {
            title: pick('权属', 'Tenure'),
            dataIndex: 'tenure',
            render: (v: string) => (v === 'owned' ? pick('自有', 'owned') : pick('租用', 'rented')),
          },
          {
            title: pick('来源', 'Source'),
            dataIndex: 'source',
            render: (v: string | null) => landSource(v, pick),
          },
        ]}
        summary={() =>
          land.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{pick('合计', 'Total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {num(total, 2)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}

function HistoryCard({ history }: { history: HistoryItem[] }) {
  const { t, pick } = useI18n();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: history.map((h) => String(h.year)) },
      yAxis: [
        { type: 'value', name: pick('得分', 'score') },
        { type: 'value', name: pick('万元/亩', '10k yuan/mu') },
      ],
      series: [
        { name: t('common.total'), type: 'line', data: history.map((h) => h.total) },
        {
          name: pick('亩均税收', 'Tax per mu'),
          type: 'bar',
          yAxisIndex: 1,
          data: history.map((h) => h.taxPerMu),
        },
      ],
    }),
    [history, t, pick],
  );
  return (
    <Card size="small" title={pick('历年评价', 'History over the years')} data-testid="card-history">
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
                  title: pick('亩均税收（万元/亩）', 'Tax per mu'),
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

export function flagLabel(f: string, lang: 'zh' | 'en'): string {
  const L: Record<string, [string, string]> = {
    veto: ['一票否决', 'veto'],
    protected: ['保护条款', 'protection'],
    adjusted: ['人工调档', 'manually adjusted'],
    tenant: ['租用厂房', 'tenant'],
    sublets: ['出租厂房', 'sublets'],
    above_scale: ['规上', 'above scale'],
    high_tech: ['高新技术企业', 'high-tech'],
    specialised_sme: ['专精特新', 'specialised SME'],
    missing_data: ['数据缺失', 'missing data'],
    little_giant: ['专精特新“小巨人”', '“little giant”'],
    listed: ['上市企业', 'listed'],
  };
  const p = L[f];
  return p ? p[lang === 'zh' ? 0 : 1] : f;
}

/** A source figure as the clerk wrote it: years without separators, yes/no for 0/1 flags. */
function fieldValue(
  v: number | string | null,
  unit: string,
  pick: (zh: string, en: string) => string,
): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (unit === '年' || unit === 'year') return String(v);
  if (unit === '' && (v === 0 || v === 1)) return v === 1 ? pick('是', 'yes') : pick('否', 'no');
  return num(v, 2);
}

const INPUT_LABELS: Record<string, [string, string]> = {
  tax: ['税收实际贡献', 'tax'],
  value_added: ['工业增加值', 'value added'],
  energy_tce: ['综合能源消费量', 'energy use'],
  land_mu: ['用地面积', 'land'],
  electricity: ['用电量', 'electricity'],
  emissions_t: ['主要污染物排放量', 'emissions'],
  revenue: ['主营业务收入', 'revenue'],
  employees: ['从业人员', 'employees'],
  rd_spend: ['R&D 经费支出', 'R&D spending'],
};

/** 如何升档: the smallest change of each input alone that lifts the enterprise to the next class under this run's benchmarks. */
function MoveUpCard({ runId, uscc }: { runId: number; uscc: string }) {
  const { lang, pick } = useI18n();
  const state = useApi(
    () => api.get<MoveUpView>(`/api/runs/${runId}/enterprises/${encodeURIComponent(uscc)}/move-up`),
    [runId, uscc],
  );
  const m = state.data?.moveUp;
  if (state.error || !m) return null;
  const label = (f: string) => {
    const l = INPUT_LABELS[f];
    return l ? l[lang === 'zh' ? 0 : 1] : f;
  };
  const headline =
    m.status === 'top'
      ? pick('已是最高等级（A 类）。', 'Already in the best class (A).')
      : m.status === 'blocked_by_veto'
        ? pick(
            `受一票否决限制（${m.vetoes.join('、')}），任何单项指标的改善都不能升档。`,
            `Held by a veto (${m.vetoes.join(', ')}): no single figure can lift the class.`,
          )
        : m.status === 'no_slot'
          ? pick('本排名单元中更高等级已无名额。', 'No better class has a place in the ranking unit.')
          : pick(
              `从 ${m.currentClass} 类升至 ${m.target?.class ?? ''} 类需综合得分达到 ${num(m.target?.total ?? null, 2)}${m.target?.strict ? '以上' : ''}（现为 ${num(m.total, 2)}，差 ${num(m.gap, 2)} 分）。下表为只改变一项数据时所需的最小变化，其余不变、本批次基准不变。`,
              `From ${m.currentClass} to ${m.target?.class ?? ''} needs a total ${m.target?.strict ? 'above' : 'of at least'} ${num(m.target?.total ?? null, 2)} (now ${num(m.total, 2)}, ${num(m.gap, 2)} short). The table gives the smallest change of one figure alone, all else and this run's benchmarks unchanged.`,
            );
  return (
    <Card size="small" title={pick('如何升档', 'How to move up')} data-testid="card-move-up">
      <Typography.Paragraph style={{ marginBottom: 8 }}>{headline}</Typography.Paragraph>
      {m.status === 'ok' ? (
        <Table<MoveUpOptionView>
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={m.options.filter((o) => o.reason !== 'not_used')}
          columns={[
            {
              title: pick('数据项', 'Figure'),
              dataIndex: 'field',
              render: (f: string, o) => `${label(f)}（${o.unit}）`,
            },
            {
              title: pick('现值', 'Now'),
              dataIndex: 'current',
              align: 'right',
              render: (v: number | null) => num(v, 2),
            },
            {
              title: pick('需达到', 'Needed'),
              dataIndex: 'required',
              align: 'right',
              render: (v: number | null) => num(v, 2),
            },
            {
              title: pick('变化', 'Change'),
              key: 'change',
              align: 'right',
              render: (_: unknown, o) =>
                o.reason === 'ok'
                  ? `${o.change !== null && o.change > 0 ? '+' : ''}${num(o.change, 2)}（${o.relative !== null ? `${o.relative > 0 ? '+' : ''}${num(o.relative * 100, 1)}%` : '—'}）`
                  : o.reason === 'missing'
                    ? pick('缺少数据', 'missing')
                    : pick('单项无法达到', 'not reachable alone'),
            },
          ]}
        />
      ) : null}
      {m.noSingleInput ? (
        <Typography.Text type="secondary">
          {pick('没有任何单项数据的改变能够单独升档。', 'No single figure alone can lift the class.')}
        </Typography.Text>
      ) : null}
    </Card>
  );
}
