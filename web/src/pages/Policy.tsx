/**
 * 差别化政策 (资源要素差别化配置): a policy applied to a run — totals by county in the shape of the
 * Jiaxing figures (relief, rewards, surcharges, land, energy and emission quotas) and the per-enterprise
 * ledger with each amount's basis and an XLSX export; what-if (methodology or policy A against B on one
 * dataset: transition matrix, fiscal effect per county, hardest hit); and sensitivity (fragile classes,
 * a background job). State lives in the address: `?tab=apply|whatif|sensitivity&run=&policy=&draft=1`.
 */
import { useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  InputNumber,
  message,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { api, ApiError, csrfToken, qs } from '../api';
import { useAuth } from '../auth';
import type * as P from '../../../src/api/policy-contract';
import { ClassTag, ErrorBox, Load, useApi } from '../components/common';
import { CLASS_COLORS, EChart } from '../components/EChart';
import { JobProgress, useJob } from '../components/jobs';
import { RunPicker, useCurrentRun, type RunView } from '../components/runs';
import { money, num, pct, useI18n, type Lang } from '../i18n';
import { Link, useNavigation, useRouter } from '../router';

const CLASSES = ['A', 'B', 'C', 'D'] as const;

export default function Policy() {
  const { t, pick } = useI18n();
  const { location, setQuery } = useRouter();
  const { can } = useAuth();
  const tab = location.query.get('tab') ?? 'apply';
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="policy-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.policy')}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
          {pick('资源要素差别化配置', 'Differentiated allocation of resources')}
        </Typography.Text>
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setQuery({ tab: k, page: undefined })}
        items={[
          {
            key: 'apply',
            label: pick('政策应用', 'Apply a policy'),
            children: tab === 'apply' ? <Apply /> : null,
          },
          ...(can('whatif')
            ? [
                {
                  key: 'whatif',
                  label: pick('假设分析', 'What-if'),
                  children: tab === 'whatif' ? <WhatIf /> : null,
                },
              ]
            : []),
          ...(can('sensitivity')
            ? [
                {
                  key: 'sensitivity',
                  label: pick('敏感性分析', 'Sensitivity'),
                  children: tab === 'sensitivity' ? <Sensitivity /> : null,
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

function usePolicies() {
  return useApi(() => api.get<P.PolicyList>('/api/policies'), []);
}

// ───────────────────────────── apply ─────────────────────────────

/** A visible 草稿 / Draft label next to figures of an unpublished run. */
function DraftTag({ draft }: { draft: boolean }) {
  const { pick } = useI18n();
  return draft ? (
    <Tag color="orange" data-testid="draft-tag" style={{ marginLeft: 8 }}>
      {pick('草稿', 'Draft')}
    </Tag>
  ) : null;
}

/** Local date and time of an ISO timestamp. */
function when(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}

/**
 * The run is not published: what the page can do instead — preview the figures as a draft, or (an
 * analyst) publish the run on the runs page; others are told the run is not yet published.
 */
function Unpublished({ run }: { run: RunView }) {
  const { pick } = useI18n();
  const { setQuery } = useNavigation();
  const { can } = useAuth();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="policy-unpublished"
      title={pick(
        `第 ${run.id} 批（${run.year} 年）尚未发布`,
        `Run ${run.id} (${run.year}) is not published yet`,
      )}
      description={
        <Space direction="vertical" size={8}>
          <span>
            {pick(
              '差别化政策按已发布（公示）的评价结果兑现。发布前可先看草稿测算，草稿不得作为兑现依据。',
              'Policies are applied to published results (after public notice). Before that, the figures can be previewed as a draft, which is no basis for payment or charges.',
            )}
          </span>
          <Space wrap>
            <Button
              type="primary"
              data-testid="policy-preview-draft"
              onClick={() => setQuery({ draft: '1' })}
            >
              {pick('查看草稿测算', 'Preview as a draft')}
            </Button>
            {can('run.publish') ? (
              <Link to={`/runs?run=${run.id}`}>
                <span data-testid="policy-go-publish">
                  {pick('到“评价批次”发布该批次', 'Publish the run on the Runs page')}
                </span>
              </Link>
            ) : (
              <Typography.Text type="secondary" data-testid="policy-wait-publish">
                {pick(
                  '该批次由市经信局发布后，这里显示正式的政策台账。',
                  'Once the city bureau publishes the run, the policy ledger is shown here.',
                )}
              </Typography.Text>
            )}
          </Space>
        </Space>
      }
    />
  );
}

function Apply() {
  const { lang, pick, t } = useI18n();
  const { location, setQuery } = useRouter();
  const { runs, run } = useCurrentRun();
  const policies = usePolicies();
  const policyId = location.query.get('policy') ?? policies.data?.items[0]?.id;
  const draft = location.query.get('draft') === '1';
  const cls = location.query.get('class') ?? undefined;
  const division = location.query.get('division') ?? undefined;
  const page = Number(location.query.get('page') ?? 1);
  const pageSize = 20;
  const published = run ? run.publishedAt !== null : false;
  // an unpublished run is asked for only as a draft preview: nothing is requested to be refused
  const ask = run && policyId && (published || draft);
  const filter = { class: cls, division, draft: draft && !published ? 1 : undefined, lang };
  const state = useApi(
    () =>
      ask
        ? api.get<P.PolicyApplicationView>(`/api/runs/${run.id}/policy/${policyId}`, {
            ...filter,
            limit: pageSize,
            offset: (page - 1) * pageSize,
          })
        : null,
    [run?.id, policyId, draft, published, cls, division, page, lang],
  );
  const stored = useApi(
    () => (run ? api.get<P.PolicyApplicationList>(`/api/runs/${run.id}/policy-applications`) : null),
    [run?.id],
  );
  const [saving, setSaving] = useState(false);
  const { can } = useAuth();
  const save = async () => {
    if (!run || !policyId) return;
    setSaving(true);
    try {
      const r = await api.post<P.PolicyApplicationView>(`/api/runs/${run.id}/policy-applications`, {
        policy: policyId,
        draft: !published,
        limit: 0,
      });
      const id = r.application?.id;
      if (r.existing)
        void message.info(
          pick(
            `同一应用已保存过（#${id}），未重复保存`,
            `This application was stored before (#${id}); nothing stored twice`,
          ),
        );
      else void message.success(pick(`已保存政策应用 #${id}`, `Stored policy application #${id}`));
      stored.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setSaving(false);
    }
  };
  const refused = state.error?.code === 'run_not_published';
  const policyTitle = (id: string) => policies.data?.items.find((p) => p.id === id)?.title[lang] ?? id;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <RunPicker runs={runs.data?.items ?? []} run={run} />
        <Select
          data-testid="policy-picker"
          style={{ minWidth: 300 }}
          value={policyId}
          options={(policies.data?.items ?? []).map((p) => ({ value: p.id, label: p.title[lang] }))}
          onChange={(v: string) => setQuery({ policy: v, page: undefined })}
        />
        {run && !published ? (
          <Checkbox
            checked={draft}
            data-testid="policy-draft-checkbox"
            onChange={(e) => setQuery({ draft: e.target.checked ? '1' : undefined, page: undefined })}
          >
            {pick('草稿预览（该批次未发布）', 'Draft preview (the run is not published)')}
          </Checkbox>
        ) : null}
      </Space>
      {runs.error ? <ErrorBox error={runs.error} onRetry={runs.reload} /> : null}
      {runs.data && !run ? <Alert type="info" showIcon title={t('error.noRun')} /> : null}
      {run && (refused || (!published && !draft)) ? (
        <Unpublished run={run} />
      ) : ask ? (
        <Load state={state}>
          {(a) => (
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              {a.draft ? (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="draft-banner"
                  title={pick(
                    `草稿预览：第 ${a.run.id} 批尚未发布，以下数字不得作为兑现依据`,
                    `Draft preview: run ${a.run.id} is not published; these figures are no basis for payment or charges`,
                  )}
                />
              ) : null}
              <CityFigures city={a.totals.city} lang={lang} draft={a.draft} />
              <CountyTotals a={a} />
              <Ledger
                a={a}
                page={page}
                pageSize={pageSize}
                actions={
                  <Space>
                    <Button
                      icon={<DownloadOutlined />}
                      href={`${a.ledgerXlsx}${a.ledgerXlsx.includes('?') ? '&' : '?'}${qs({ lang, class: cls, division }).slice(1)}`}
                      data-testid="ledger-xlsx"
                    >
                      {pick('导出台账 XLSX', 'Export ledger XLSX')}
                    </Button>
                    {can('policy.apply') ? (
                      <Popconfirm
                        title={pick('保存本次应用？', 'Store this application?')}
                        description={
                          <div style={{ maxWidth: 360 }}>
                            {pick(
                              `保存第 ${a.run.id} 批 ×“${a.policy.title.zh}”的汇总与台账校验值，并记入审计日志${a.draft ? '（标注为草稿）' : ''}。相同的应用只保存一次。`,
                              `Stores the totals and the ledger's checksum of run ${a.run.id} × “${a.policy.title.en}” and records it in the audit trail${a.draft ? ' (labelled as a draft)' : ''}. The same application is stored once.`,
                            )}
                          </div>
                        }
                        okText={pick('保存', 'Store')}
                        cancelText={pick('取消', 'Cancel')}
                        okButtonProps={{ 'data-testid': 'save-application-confirm' }}
                        onConfirm={() => void save()}
                      >
                        <Button icon={<SaveOutlined />} loading={saving} data-testid="save-application">
                          {pick('保存本次应用', 'Store this application')}
                        </Button>
                      </Popconfirm>
                    ) : null}
                  </Space>
                }
              />
            </Space>
          )}
        </Load>
      ) : null}
      {run ? <StoredApplications state={stored} policyTitle={policyTitle} /> : null}
    </Space>
  );
}

/** The applications stored for the run: who, when, which policy, the totals, the ledger to download. */
function StoredApplications({
  state,
  policyTitle,
}: {
  state: ReturnType<typeof useApi<P.PolicyApplicationList>>;
  policyTitle: (id: string) => string;
}) {
  const { lang, pick } = useI18n();
  type Row = P.PolicyApplicationRecordView;
  const city = (r: Row) => (r.totals as { city?: P.PolicyTotalsView } | null)?.city;
  const columns: ColumnsType<Row> = [
    { title: pick('编号', 'No.'), dataIndex: 'id', render: (v: number) => `#${v}` },
    { title: pick('保存人', 'Stored by'), dataIndex: 'createdBy' },
    { title: pick('保存时间', 'Stored at'), dataIndex: 'createdAt', render: (v: string) => when(v, lang) },
    {
      title: pick('评价批次', 'Run'),
      dataIndex: 'runId',
      render: (v: number, r) => (
        <>
          {pick(`第 ${v} 批`, `run ${v}`)}
          <DraftTag draft={r.draft} />
        </>
      ),
    },
    {
      title: pick('政策', 'Policy'),
      dataIndex: 'policyId',
      render: (v: string, r) => (
        <Tooltip title={`${v} · ${r.policyHash.slice(0, 12)}`}>
          <span>{policyTitle(v)}</span>
        </Tooltip>
      ),
    },
    {
      title: pick('减免（万元）', 'Relief (万元)'),
      align: 'right',
      render: (_: unknown, r) => num(city(r)?.reliefWan),
    },
    {
      title: pick('奖励（万元）', 'Rewards (万元)'),
      align: 'right',
      render: (_: unknown, r) => num(city(r)?.rewardWan),
    },
    {
      title: pick('加价（万元）', 'Surcharges (万元)'),
      align: 'right',
      render: (_: unknown, r) => num(city(r)?.surchargeWan),
    },
    {
      title: pick('净财政（万元）', 'Net fiscal (万元)'),
      align: 'right',
      render: (_: unknown, r) => num(city(r)?.netFiscalWan),
    },
    {
      title: pick('台账', 'Ledger'),
      render: (_: unknown, r) => (
        <a href={`/api/policy-applications/${r.id}/ledger.xlsx?lang=${lang}`} data-testid="stored-xlsx">
          <DownloadOutlined /> XLSX
        </a>
      ),
    },
  ];
  return (
    <Card size="small" title={pick('已保存的政策应用', 'Stored applications')}>
      {state.error ? (
        <ErrorBox error={state.error} onRetry={state.reload} />
      ) : (
        <Table<Row>
          size="small"
          rowKey="id"
          pagination={false}
          loading={state.loading}
          columns={columns}
          dataSource={state.data?.items ?? []}
          data-testid="stored-applications"
          locale={{ emptyText: pick('该批次还没有保存的政策应用', 'No application stored for this run yet') }}
        />
      )}
    </Card>
  );
}

/** 全市合计, or a county account's own county: 南湖区合计. */
function totalLabel(city: P.PolicyTotalsView, pick: (zh: string, en: string) => string): string {
  if (city.division === null) return pick('全市合计', 'Whole city');
  const name = city.name ?? city.division;
  return pick(`${name}合计`, `${name} total`);
}

/** The city's figures in the shape of the Jiaxing figures (domain.md). */
function CityFigures({ city, lang, draft }: { city: P.PolicyTotalsView; lang: Lang; draft: boolean }) {
  const { pick } = useI18n();
  return (
    <Card
      size="small"
      title={
        <>
          <span data-testid="city-figures-title">{totalLabel(city, pick)}</span>
          <DraftTag draft={draft} />
        </>
      }
      data-testid="city-figures"
    >
      <Row gutter={16}>
        <Col xs={12} md={4}>
          <Statistic
            title={pick('城镇土地使用税减免', 'Land-use tax relief')}
            value={money(city.reliefWan, lang)}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={pick('奖励资金', 'Rewards')} value={money(city.rewardWan, lang)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={pick('差别化价格收入', 'Surcharge income')}
            value={money(city.surchargeWan, lang)}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={pick('新增用地（亩）', 'New land (亩)')} value={num(city.landGrantMu, 1)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={pick('用能指标（万吨标准煤）', 'Energy quota (万 tce)')}
            value={`+${num(city.energyGrantTce / 10_000, 2)} / −${num(city.energyCutTce / 10_000, 2)}`}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={pick('排污指标（吨）', 'Emission quota (t)')}
            value={`+${num(city.emissionGrantT, 1)} / −${num(city.emissionCutT, 1)}`}
          />
        </Col>
      </Row>
      {city.missing > 0 ? (
        <Typography.Text type="secondary">
          {pick(
            `另有 ${city.missing} 项因缺少数据无法计算（见台账“计算依据”）。`,
            `${city.missing} amounts could not be computed for want of data (see the ledger's basis).`,
          )}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

function CountyTotals({ a }: { a: P.PolicyApplicationView }) {
  const { lang, pick } = useI18n();
  const { setQuery } = useNavigation();
  const rows = a.totals.counties;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 20, bottom: 30, top: 50 },
      xAxis: { type: 'category', data: rows.map((c) => c.name ?? c.division ?? '') },
      yAxis: { type: 'value', name: '万元' },
      series: [
        { name: pick('减免', 'relief'), type: 'bar', data: rows.map((c) => Math.round(c.reliefWan)) },
        { name: pick('奖励', 'rewards'), type: 'bar', data: rows.map((c) => Math.round(c.rewardWan)) },
        {
          name: pick('加价收入', 'surcharges'),
          type: 'bar',
          data: rows.map((c) => Math.round(c.surchargeWan)),
        },
      ],
    }),
    [rows, lang],
  );
  const columns: ColumnsType<P.PolicyTotalsView> = [
    {
      title: pick('区县', 'County'),
      dataIndex: 'name',
      render: (v: string | null, r) => (
        <a onClick={() => setQuery({ division: r.division ?? undefined, page: undefined })}>
          {v ?? r.division}
        </a>
      ),
    },
    { title: pick('定档', 'Graded'), dataIndex: 'enterprises', align: 'right' },
    {
      title: 'A/B/C/D',
      render: (_: unknown, r) => CLASSES.map((c) => r.classes[c]).join(' / '),
    },
    {
      title: pick('减免（万元）', 'Relief (万元)'),
      dataIndex: 'reliefWan',
      align: 'right',
      render: (v: number) => num(v),
    },
    {
      title: pick('奖励（万元）', 'Rewards (万元)'),
      dataIndex: 'rewardWan',
      align: 'right',
      render: (v: number) => num(v),
    },
    {
      title: pick('加价（万元）', 'Surcharges (万元)'),
      dataIndex: 'surchargeWan',
      align: 'right',
      render: (v: number) => num(v),
    },
    {
      title: pick('净财政（万元）', 'Net fiscal (万元)'),
      dataIndex: 'netFiscalWan',
      align: 'right',
      render: (v: number) => num(v),
    },
    {
      title: pick('新增用地（亩）', 'Land (亩)'),
      dataIndex: 'landGrantMu',
      align: 'right',
      render: (v: number) => num(v),
    },
    {
      title: pick('用能 ±（吨标准煤）', 'Energy ± (tce)'),
      align: 'right',
      render: (_: unknown, r) => `+${num(r.energyGrantTce, 0)} / −${num(r.energyCutTce, 0)}`,
    },
    {
      title: pick('排污 ±（吨）', 'Emissions ± (t)'),
      align: 'right',
      render: (_: unknown, r) => `+${num(r.emissionGrantT)} / −${num(r.emissionCutT)}`,
    },
  ];
  return (
    <Card
      size="small"
      title={
        <>
          {pick('各区县汇总', 'By county')}
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
          a.totals.city.division !== null ? null : (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{totalLabel(a.totals.city, pick)}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {a.totals.city.enterprises}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2}>
                {CLASSES.map((c) => a.totals.city.classes[c]).join(' / ')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {num(a.totals.city.reliefWan)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {num(a.totals.city.rewardWan)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                {num(a.totals.city.surchargeWan)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                {num(a.totals.city.netFiscalWan)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">
                {num(a.totals.city.landGrantMu)}
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

/**
 * A sum of the ledger that cannot be computed (an input is missing): no figure, and why — the bases of
 * the amounts that lack their input.
 */
function NotComputable({ row, kinds }: { row: P.LedgerRowView; kinds: readonly P.InstrumentKind[] }) {
  const { pick } = useI18n();
  const why = row.items
    .filter((it) => it.amount === null && kinds.includes(it.kind))
    .map((it) => `${it.title}：${it.basis}`)
    .join('；');
  return (
    <Tooltip title={why}>
      <Typography.Text type="secondary" data-testid="ledger-missing" data-reason={why}>
        — {pick('缺数据', 'no data')}
      </Typography.Text>
    </Tooltip>
  );
}

function Ledger({
  a,
  page,
  pageSize,
  actions,
}: {
  a: P.PolicyApplicationView;
  page: number;
  pageSize: number;
  actions: ReactNode;
}) {
  const { pick } = useI18n();
  const { location, setQuery } = useRouter();
  const columns: ColumnsType<P.LedgerRowView> = [
    {
      title: pick('企业名称', 'Enterprise'),
      dataIndex: 'name',
      render: (v: string | null, r) => (
        <Link to={`/enterprise/${r.uscc}?run=${a.run.id}`}>{v ?? r.uscc}</Link>
      ),
    },
    {
      title: pick('区县', 'County'),
      dataIndex: 'division',
      render: (v: string | null) => (v ? (a.countyNames[v] ?? v) : '—'),
    },
    {
      title: pick('等级', 'Class'),
      dataIndex: 'class',
      render: (v: string, r) => (
        <>
          <ClassTag cls={v} />
          {r.streak > 1 ? <Tag>{pick(`连续 ${r.streak} 年`, `${r.streak} years`)}</Tag> : null}
        </>
      ),
    },
    {
      title: pick('减免（万元）', 'Relief (万元)'),
      dataIndex: 'reliefWan',
      align: 'right',
      render: (v: number | null, r) =>
        v === null ? <NotComputable row={r} kinds={['land_use_tax_relief']} /> : num(v),
    },
    {
      title: pick('奖励（万元）', 'Rewards (万元)'),
      dataIndex: 'rewardWan',
      align: 'right',
      render: (v: number | null, r) => (v === null ? <NotComputable row={r} kinds={['reward']} /> : num(v)),
    },
    {
      title: pick('加价（万元）', 'Surcharges (万元)'),
      dataIndex: 'surchargeWan',
      align: 'right',
      render: (v: number | null, r) =>
        v === null ? (
          <NotComputable
            row={r}
            kinds={['electricity_surcharge', 'water_surcharge', 'emission_fee_surcharge']}
          />
        ) : (
          num(v)
        ),
    },
    {
      title: pick('净受益（万元）', 'Net benefit (万元)'),
      dataIndex: 'netBenefitWan',
      align: 'right',
      render: (v: number | null, r) =>
        v === null ? (
          <NotComputable
            row={r}
            kinds={[
              'land_use_tax_relief',
              'reward',
              'electricity_surcharge',
              'water_surcharge',
              'emission_fee_surcharge',
            ]}
          />
        ) : (
          <Typography.Text type={v < 0 ? 'danger' : undefined}>{num(v)}</Typography.Text>
        ),
    },
    {
      title: pick('用地（亩）', 'Land (亩)'),
      dataIndex: 'landMu',
      align: 'right',
      render: (v: number | null, r) =>
        v === null ? <NotComputable row={r} kinds={['land_quota']} /> : num(v),
    },
    {
      title: pick('用能（吨标准煤）', 'Energy (tce)'),
      dataIndex: 'energyTce',
      align: 'right',
      render: (v: number | null, r) =>
        v === null ? <NotComputable row={r} kinds={['energy_quota']} /> : num(v),
    },
    {
      title: pick('排污（吨）', 'Emissions (t)'),
      dataIndex: 'emissionT',
      align: 'right',
      render: (v: number | null, r) =>
        v === null ? <NotComputable row={r} kinds={['emission_quota']} /> : num(v),
    },
  ];
  return (
    <Card
      size="small"
      title={
        <>
          {pick(`企业台账（${a.ledger.total} 家）`, `Ledger (${a.ledger.total} enterprises)`)}
          <DraftTag draft={a.draft} />
        </>
      }
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder={pick('等级', 'Class')}
            style={{ width: 100 }}
            value={location.query.get('class') ?? undefined}
            options={CLASSES.map((c) => ({ value: c, label: c }))}
            onChange={(v?: string) => setQuery({ class: v, page: undefined })}
          />
          <Select
            allowClear
            placeholder={pick('区县', 'County')}
            style={{ width: 140 }}
            value={location.query.get('division') ?? undefined}
            options={a.totals.counties.map((c) => ({ value: c.division ?? '', label: c.name ?? c.division }))}
            onChange={(v?: string) => setQuery({ division: v, page: undefined })}
          />
          {actions}
        </Space>
      }
    >
      <Table<P.LedgerRowView>
        size="small"
        rowKey="seq"
        columns={columns}
        dataSource={a.ledger.items}
        data-testid="ledger-table"
        expandable={{
          expandedRowRender: (r) => (
            <Descriptions size="small" column={1}>
              {r.items.map((it) => (
                <Descriptions.Item key={it.instrument} label={it.title}>
                  {it.basis}
                </Descriptions.Item>
              ))}
            </Descriptions>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: a.ledger.total,
          showSizeChanger: false,
          onChange: (p) => setQuery({ page: p }),
        }}
      />
    </Card>
  );
}

// ───────────────────────────── what-if ─────────────────────────────

interface MethodologyItem {
  id: string;
  dataYear: number;
  title: { zh: string; en: string } | string;
}

/** Sends a POST and saves the answer as a file (an export that needs a request body). */
async function downloadPost(path: string, body: unknown, fallbackName: string): Promise<void> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const err = (
      (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    )?.error;
    throw new ApiError(err?.message ?? `HTTP ${res.status}`, res.status, err?.code ?? 'http');
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const WHATIF_PAGE = 20;

function WhatIf() {
  const { lang, pick } = useI18n();
  const methodologies = useApi(() => api.get<{ items: MethodologyItem[] }>('/api/methodologies'), []);
  const policies = usePolicies();
  const { runs, run } = useCurrentRun();
  const [req, setReq] = useState<P.WhatIfRequest>({ policy: 'jiaxing-demo-2024' });
  const [result, setResult] = useState<P.WhatIfView>();
  const [asked, setAsked] = useState<P.WhatIfRequest>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState(false);
  const title = (id: string) => {
    const m = methodologies.data?.items.find((x) => x.id === id);
    return m ? (typeof m.title === 'string' ? m.title : m.title[lang]) : id;
  };
  const mOptions = (methodologies.data?.items ?? []).map((m) => ({ value: m.id, label: title(m.id) }));
  const pOptions = (policies.data?.items ?? []).map((p) => ({ value: p.id, label: p.title[lang] }));
  const fetchPage = async (body: P.WhatIfRequest) => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.post<P.WhatIfView>('/api/whatif', body));
      setAsked(body);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    } finally {
      setBusy(false);
    }
  };
  // the run chosen (its dataset; its methodology unless another is chosen for A)
  const go = () => (run ? void fetchPage({ ...req, run: run.id, limit: WHATIF_PAGE, offset: 0 }) : undefined);
  const exportAll = async () => {
    if (!asked) return;
    setExporting(true);
    try {
      await downloadPost('/api/whatif', { ...asked, format: 'xlsx', lang }, 'whatif.xlsx');
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setExporting(false);
    }
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <RunPicker runs={runs.data?.items ?? []} run={run} />
      <Card size="small">
        <Form layout="inline">
          <Form.Item label={pick('办法 A', 'Methodology A')}>
            <Select
              allowClear
              style={{ width: 240 }}
              value={req.methodology}
              placeholder={
                run
                  ? pick(
                      `该批次的办法（${title(run.methodologyId)}）`,
                      `the run's (${title(run.methodologyId)})`,
                    )
                  : ''
              }
              options={mOptions}
              onChange={(v?: string) => setReq({ ...req, methodology: v })}
              data-testid="whatif-methodology-a"
            />
          </Form.Item>
          <Form.Item label={pick('办法 B', 'Methodology B')}>
            <Select
              allowClear
              style={{ width: 240 }}
              value={req.methodologyB}
              placeholder={pick('同 A', 'same as A')}
              options={mOptions}
              onChange={(v?: string) => setReq({ ...req, methodologyB: v })}
              data-testid="whatif-methodology-b"
            />
          </Form.Item>
          <Form.Item label={pick('政策 A', 'Policy A')}>
            <Select
              style={{ width: 220 }}
              value={req.policy}
              options={pOptions}
              onChange={(v: string) => setReq({ ...req, policy: v })}
            />
          </Form.Item>
          <Form.Item label={pick('政策 B', 'Policy B')}>
            <Select
              allowClear
              style={{ width: 220 }}
              value={req.policyB}
              placeholder={pick('同 A', 'same as A')}
              options={pOptions}
              onChange={(v?: string) => setReq({ ...req, policyB: v })}
            />
          </Form.Item>
          <Button type="primary" loading={busy} disabled={!run} onClick={go} data-testid="whatif-run">
            {pick('比较', 'Compare')}
          </Button>
        </Form>
      </Card>
      {error ? <ErrorBox error={error} /> : null}
      {result ? (
        <WhatIfResult
          r={result}
          title={title}
          policyTitle={(id) => policies.data?.items.find((p) => p.id === id)?.title[lang] ?? id}
          busy={busy}
          onPage={(p) => asked && void fetchPage({ ...asked, offset: (p - 1) * WHATIF_PAGE })}
          exportButton={
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => void exportAll()}
              data-testid="whatif-xlsx"
            >
              {pick('导出全部变化企业 XLSX', 'Export every change (XLSX)')}
            </Button>
          }
        />
      ) : null}
    </Space>
  );
}

function WhatIfResult({
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
  const { pick } = useI18n();
  const label = (x: string) => (x === 'none' ? pick('未定档', 'none') : x);
  const draft = r.run !== null && r.run.publishedAt === null;
  const county = (d: string | null) => (d ? (r.countyNames[d] ?? d) : '—');
  const heat = useMemo(
    () => ({
      tooltip: {},
      grid: { left: 70, right: 20, top: 30, bottom: 50 },
      xAxis: { type: 'category', data: r.transition.labels.map(label), name: pick('方案 B', 'B') },
      yAxis: {
        type: 'category',
        data: r.transition.labels.map(label),
        name: pick('方案 A', 'A'),
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
    }),
    [r],
  );
  const fiscalColumns: ColumnsType<P.FiscalRowView> = [
    {
      title: pick('区县', 'County'),
      render: (_: unknown, x) => (x.division ? county(x.division) : pick('全市', 'City')),
    },
    { title: pick('减免 A', 'Relief A'), align: 'right', render: (_: unknown, x) => num(x.a.reliefWan) },
    { title: pick('减免 B', 'Relief B'), align: 'right', render: (_: unknown, x) => num(x.b.reliefWan) },
    { title: pick('奖励 A', 'Rewards A'), align: 'right', render: (_: unknown, x) => num(x.a.rewardWan) },
    { title: pick('奖励 B', 'Rewards B'), align: 'right', render: (_: unknown, x) => num(x.b.rewardWan) },
    {
      title: pick('加价 A', 'Surcharges A'),
      align: 'right',
      render: (_: unknown, x) => num(x.a.surchargeWan),
    },
    {
      title: pick('加价 B', 'Surcharges B'),
      align: 'right',
      render: (_: unknown, x) => num(x.b.surchargeWan),
    },
    {
      title: pick('净财政 Δ', 'Net fiscal Δ'),
      align: 'right',
      render: (_: unknown, x) => num(x.delta.netFiscalWan),
    },
    {
      title: pick('上调 / 下调', 'Up / down'),
      align: 'right',
      render: (_: unknown, x) => `${x.movedUp} / ${x.movedDown}`,
    },
  ];
  const classMove = {
    title: pick('等级 方案A → 方案B', 'Class A → B'),
    render: (_: unknown, x: P.ClassChangeView) => (
      <>
        <ClassTag cls={x.from} /> → <ClassTag cls={x.to} />
      </>
    ),
  };
  const nameColumn = {
    title: pick('企业名称', 'Enterprise'),
    dataIndex: 'name',
    render: (v: string | null, x: P.ClassChangeView) => v ?? x.uscc,
  };
  const countyColumn = {
    title: pick('区县', 'County'),
    dataIndex: 'division',
    render: (v: string | null) => county(v),
  };
  const delta = {
    title: pick('净受益变化（万元）', 'Change of net benefit (万元)'),
    dataIndex: 'deltaWan',
    align: 'right' as const,
    render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{num(v)}</Typography.Text>,
  };
  // the hardest hit: the money (net benefit under A and B); the changes: the move itself
  const hardestColumns: ColumnsType<P.ClassChangeView> = [
    nameColumn,
    countyColumn,
    classMove,
    {
      title: pick('净受益 A（万元）', 'Net benefit A (万元)'),
      dataIndex: 'netBenefitA',
      align: 'right',
      render: (v: number) => num(v),
    },
    {
      title: pick('净受益 B（万元）', 'Net benefit B (万元)'),
      dataIndex: 'netBenefitB',
      align: 'right',
      render: (v: number) => num(v),
    },
    delta,
  ];
  const changeColumns: ColumnsType<P.ClassChangeView> = [
    { title: pick('统一社会信用代码', 'USCC'), dataIndex: 'uscc' },
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
            {pick('比较的是', 'What is compared')}
            <DraftTag draft={draft} />
          </>
        }
        data-testid="whatif-basis"
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={pick('评价批次', 'Run')}>
            <span data-testid="whatif-run-label">
              {r.run
                ? pick(
                    `第 ${r.run.id} 批（${r.run.year} 年，${title(r.run.methodologyId)}）${r.run.publishedAt ? '，已发布' : '，未发布（草稿）'}`,
                    `run ${r.run.id} (${r.run.year}, ${title(r.run.methodologyId)})${r.run.publishedAt ? ', published' : ', not published (draft)'}`,
                  )
                : '—'}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={pick('数据版本', 'Dataset')}>
            <span data-testid="whatif-dataset-label">
              {pick(
                `${r.dataset.year}/v${r.dataset.version}（${num(r.dataset.records, 0)} 家）`,
                `${r.dataset.year}/v${r.dataset.version} (${num(r.dataset.records, 0)} firms)`,
              )}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={pick('方案 A', 'Side A')}>
            {`${title(r.a.methodology)} + ${policyTitle(r.a.policy)}`}
          </Descriptions.Item>
          <Descriptions.Item label={pick('方案 B', 'Side B')}>
            {`${title(r.b.methodology)} + ${policyTitle(r.b.policy)}`}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary">
          {pick(
            '两个方案都在同一数据版本上重新计算；人工调档属于评价批次，不计入假设分析。',
            'Both sides are computed afresh on the same dataset; manual adjustments belong to a run and are left out.',
          )}
        </Typography.Text>
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={pick(
              '等级变化矩阵（行：方案 A，列：方案 B）',
              'Class transitions (rows: side A, columns: side B)',
            )}
          >
            <EChart option={heat} height={300} testId="transition-matrix" />
            <Typography.Text>
              {pick(
                `等级变化 ${r.changedCount} 家：上调 ${r.movedUp}，下调 ${r.movedDown}（共 ${r.records} 家）`,
                `${r.changedCount} change class: ${r.movedUp} up, ${r.movedDown} down (of ${r.records})`,
              )}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={pick('财政影响（万元）', 'Fiscal effect (万元)')}>
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
      <Card
        size="small"
        title={pick(
          '受影响最大的企业（净受益减少最多者，含等级未变的企业）',
          'Hardest hit (the largest losses of net benefit, class changed or not)',
        )}
      >
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
        title={pick(
          `等级变化的企业（${r.changedCount} 家；降档多者在前，同档按区县、信用代码）`,
          `Enterprises that change class (${r.changedCount}; largest drops first, then by county and USCC)`,
        )}
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

// ───────────────────────────── sensitivity ─────────────────────────────

function Sensitivity() {
  const { pick } = useI18n();
  const { runs, run } = useCurrentRun();
  const [form, setForm] = useState({ draws: 1000, seed: 1, weights: 0.1, data: 0.05, minStability: 0.9 });
  const [job, setJob] = useState<P.SensitivityJobView>();
  const [error, setError] = useState<ApiError>();
  const followed = useJob<P.SensitivityView>(job?.id, job);
  const start = async () => {
    if (!run) return;
    setError(undefined);
    try {
      const r = await api.post<P.SensitivityAccepted>('/api/sensitivity', {
        run: run.id,
        ...form,
        limit: 200,
      });
      setJob(r.job);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    }
  };
  const result = followed.job?.state === 'done' ? followed.job.result : null;
  const columns: ColumnsType<P.FragileEnterpriseView> = [
    {
      title: pick('企业名称', 'Enterprise'),
      dataIndex: 'name',
      render: (v: string | null, r) => (
        <Link to={`/enterprise/${r.uscc}?run=${result?.runId ?? ''}`}>{v ?? r.uscc}</Link>
      ),
    },
    {
      title: pick('区县', 'County'),
      dataIndex: 'division',
      render: (v: string | null) => (v ? (result?.countyNames[v] ?? v) : '—'),
    },
    {
      title: pick('基准等级', 'Base class'),
      dataIndex: 'baseClass',
      render: (v: string) => <ClassTag cls={v} />,
    },
    {
      title: pick('稳定度', 'Stability'),
      dataIndex: 'stability',
      align: 'right',
      render: (v: number) => pct(v),
    },
    {
      title: pick('各等级次数', 'Draws per class'),
      render: (_: unknown, r) => (
        <Space size={4}>
          {CLASSES.map((c) =>
            r.counts[c] > 0 ? <Tag key={c} color={CLASS_COLORS[c]}>{`${c} ${r.counts[c]}`}</Tag> : null,
          )}
          {r.counts.none > 0 ? <Tag>{pick(`未定档 ${r.counts.none}`, `none ${r.counts.none}`)}</Tag> : null}
        </Space>
      ),
    },
    {
      title: pick('涉及处罚', 'Penalty at stake'),
      dataIndex: 'atStake',
      render: (v: boolean) => (v ? <Tag color="red">{pick('复核后再处罚', 'review first')}</Tag> : null),
    },
  ];
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <RunPicker runs={runs.data?.items ?? []} run={run} />
      <Card size="small">
        <Form layout="inline">
          <Form.Item label={pick('抽样次数', 'Draws')}>
            <InputNumber
              min={1}
              max={100000}
              value={form.draws}
              onChange={(v) => setForm({ ...form, draws: v ?? 1000 })}
            />
          </Form.Item>
          <Form.Item label={pick('随机种子', 'Seed')}>
            <InputNumber value={form.seed} onChange={(v) => setForm({ ...form, seed: v ?? 1 })} />
          </Form.Item>
          <Form.Item label={pick('权重扰动 ±', 'Weights ±')}>
            <InputNumber
              min={0}
              max={0.99}
              step={0.01}
              value={form.weights}
              onChange={(v) => setForm({ ...form, weights: v ?? 0 })}
            />
          </Form.Item>
          <Form.Item label={pick('数据扰动 ±', 'Data ±')}>
            <InputNumber
              min={0}
              max={0.99}
              step={0.01}
              value={form.data}
              onChange={(v) => setForm({ ...form, data: v ?? 0 })}
            />
          </Form.Item>
          <Form.Item label={pick('稳定度阈值', 'Stability threshold')}>
            <InputNumber
              min={0.01}
              max={1}
              step={0.05}
              value={form.minStability}
              onChange={(v) => setForm({ ...form, minStability: v ?? 0.9 })}
            />
          </Form.Item>
          <Button type="primary" onClick={() => void start()} data-testid="sensitivity-run" disabled={!run}>
            {pick('开始分析', 'Run')}
          </Button>
        </Form>
      </Card>
      {error ? <ErrorBox error={error} /> : null}
      {job ? <JobProgress job={followed.job} pollError={followed.error} /> : null}
      {result ? (
        <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="sensitivity-result">
          {result.draft ? (
            <Alert
              type="warning"
              showIcon
              title={pick('该批次尚未发布（草稿）', 'The run is not published (draft)')}
            />
          ) : null}
          <Card
            size="small"
            title={
              <>
                {pick(`第 ${result.runId} 批的敏感性`, `Sensitivity of run ${result.runId}`)}
                <DraftTag draft={result.draft} />
              </>
            }
          >
            <Row gutter={16}>
              <Col span={6}>
                <Statistic title={pick('定档企业', 'Graded')} value={result.graded} />
              </Col>
              <Col span={6}>
                <Statistic title={pick('等级不稳定', 'Fragile')} value={result.fragileCount} />
              </Col>
              {CLASSES.map((c) => (
                <Col span={3} key={c}>
                  <Statistic
                    title={`${c} ${pick('类不稳定', 'fragile')}`}
                    value={`${result.byClass[c].fragile} / ${result.byClass[c].graded}`}
                  />
                </Col>
              ))}
            </Row>
            <Typography.Text type="secondary">
              {pick(
                `${result.draws} 次抽样（种子 ${result.seed}）：权重 ±${pct(result.weights, 0)}，数据 ±${pct(result.data, 0)}（${result.dataFields.map((f) => result.fieldLabels[f]?.zh ?? f).join('、')}）；与基准等级一致的抽样少于 ${pct(result.minStability, 0)} 即为不稳定。用时 ${num(result.ms / 1000, 1)} 秒。`,
                `${result.draws} draws (seed ${result.seed}): weights ±${pct(result.weights, 0)}, data ±${pct(result.data, 0)} (${result.dataFields.map((f) => result.fieldLabels[f]?.en ?? f).join(', ')}); fragile when fewer than ${pct(result.minStability, 0)} of the draws give the base class. ${num(result.ms / 1000, 1)} s.`,
              )}
            </Typography.Text>
          </Card>
          <Card
            size="small"
            title={pick(
              '等级不稳定的企业（处罚前请复核）',
              'Fragile enterprises (review before any penalty)',
            )}
          >
            <Table<P.FragileEnterpriseView>
              size="small"
              rowKey="seq"
              columns={columns}
              dataSource={result.fragile}
              data-testid="fragile-table"
            />
          </Card>
        </Space>
      ) : null}
    </Space>
  );
}
