/**
 * 评价批次: the list of runs with their status and class counts; starting a run (a background job with
 * progress); publishing a run for public notice (公示); manual class adjustments (调档) of one enterprise;
 * and, under /runs/compare, the comparison of two runs (class transition matrix, per county, the
 * enterprises that moved). State lives in the address: `?start=1&year=Y` opens the start form,
 * `?job=ID` follows a started run, `?adjust=RUN&uscc=X` opens the adjustments of a run.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  message,
  Modal,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { PlusOutlined, ReloadOutlined, SwapOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api';
import { useAuth } from '../auth';
import type {
  AdjustmentList,
  AdjustmentResponse,
  ClassAdjustmentView,
  ClassId,
  ClassKey,
  Explanation,
  JobAccepted,
  JobView,
  MovedItem,
  PublishResponse,
  RunComparison,
  RunJobResult,
  RepeatRunConflict,
  RunList,
  RunView,
  StartRunRequest,
} from '../contract';
import { ClassTag, ErrorBox, Load, SourcedCard, useApi } from '../components/common';
import { CLASS_COLORS, EChart } from '../components/EChart';
import { daysFromNow, fmtDate, fmtTime } from '../components/format';
import { endpointMissing, JobProgress, useJob } from '../components/jobs';
import { runLabel, useMethodologyTitles } from '../components/runs';
import { num, useI18n, type Lang } from '../i18n';
import { Link, useRouter } from '../router';

interface MethodologyItem {
  id: string;
  version: number;
  dataYear: number;
  title: { zh: string; en: string };
  hash: string;
}

interface DatasetItem {
  id: number;
  year: number;
  version: number;
  recordCount: number;
  source: string | null;
  createdBy: string | null;
  createdAt: string;
  note: string | null;
}

const CLASSES: ClassId[] = ['A', 'B', 'C', 'D'];

const byNewest = (a: RunView, b: RunView) => b.year - a.year || b.id - a.id;

export default function Runs() {
  const { location } = useRouter();
  if (location.path === '/runs/compare' || location.path.startsWith('/runs/compare/')) return <Compare />;
  return <RunsPage />;
}

// ───────────────────────────── the list ─────────────────────────────

function datasetLabel(r: RunView): string {
  return r.datasetLabel ?? `${r.year}/v${r.datasetVersion}`;
}

function RunStatus({ run }: { run: RunView }) {
  const { pick } = useI18n();
  if (run.publishedAt) {
    const until = run.noticeUntil ? Date.parse(run.noticeUntil) : NaN;
    if (Number.isFinite(until) && until > Date.now())
      return (
        <Tooltip
          title={pick(
            `${fmtTime(run.publishedAt)} 由 ${run.publishedBy ?? '—'} 发布`,
            `published ${fmtTime(run.publishedAt)} by ${run.publishedBy ?? '—'}`,
          )}
        >
          <Tag color="gold" data-testid="run-status" data-status="notice">
            {pick(`公示中 · 至 ${fmtDate(run.noticeUntil)}`, `notice until ${fmtDate(run.noticeUntil)}`)}
          </Tag>
        </Tooltip>
      );
    if (Number.isFinite(until))
      return (
        <Tag color="green" data-testid="run-status" data-status="notice-ended">
          {pick(`公示期满 · ${fmtDate(run.noticeUntil)}`, `notice ended ${fmtDate(run.noticeUntil)}`)}
        </Tag>
      );
    return (
      <Tag color="gold" data-testid="run-status" data-status="published">
        {pick('已公示', 'published')}
      </Tag>
    );
  }
  if (run.status === 'draft')
    return (
      <Tag data-testid="run-status" data-status="draft">
        {pick('草稿（未公示）', 'draft (not published)')}
      </Tag>
    );
  return (
    <Tag data-testid="run-status" data-status={run.status}>
      {run.status}
    </Tag>
  );
}

function ClassCounts({ run }: { run: RunView }) {
  const { pick } = useI18n();
  const s = run.summary;
  if (!s?.classes) return <span>—</span>;
  const graded = s.byStatus?.graded;
  return (
    <Space size={4} wrap>
      {CLASSES.map((k) => (
        <span key={k} className="num" style={{ whiteSpace: 'nowrap' }}>
          <b style={{ color: CLASS_COLORS[k] }}>{k}</b> {num(s.classes[k] ?? 0, 0)}
        </span>
      ))}
      {graded !== undefined ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {pick(
            `参评 ${num(graded, 0)}/${num(s.records, 0)}`,
            `graded ${num(graded, 0)}/${num(s.records, 0)}`,
          )}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

function RunsPage() {
  const { pick, lang } = useI18n();
  const { location, setQuery, navigate } = useRouter();
  const { can } = useAuth();
  const runs = useApi(() => api.get<RunList>('/api/runs'), []);
  const methodologies = useApi(() => api.get<{ items: MethodologyItem[] }>('/api/methodologies'), []);
  const [publishing, setPublishing] = useState<RunView>();
  const [msg, holder] = message.useMessage();
  // a run started elsewhere (another tab, another user) and still going: offer to follow it
  const jobs = useApi(
    () => api.get<{ items: JobView[] }>('/api/jobs').catch(() => ({ items: [] })),
    [runs.data],
  );
  const activeJob = jobs.data?.items.find(
    (j) => j.kind === 'run' && (j.state === 'queued' || j.state === 'running'),
  );
  const q = location.query;
  const startOpen = can('run.start') && (q.get('start') === '1' || !!q.get('job'));
  const adjustId = Number(q.get('adjust') ?? NaN);
  const items = useMemo(() => [...(runs.data?.items ?? [])].sort(byNewest), [runs.data]);
  const adjustRun = items.find((r) => r.id === adjustId);
  const mTitle = (id: string) => {
    const m = methodologies.data?.items.find((x) => x.id === id);
    return m ? pick(m.title.zh, m.title.en) : undefined;
  };

  const previousOf = (r: RunView) => items.find((x) => x.id !== r.id && byNewest(r, x) < 0);

  const columns: ColumnsType<RunView> = [
    {
      title: pick('批次', 'Run'),
      dataIndex: 'id',
      width: 64,
      render: (v: number) => <b className="num">#{v}</b>,
    },
    { title: pick('年度', 'Year'), dataIndex: 'year', width: 64 },
    {
      title: pick('评价办法', 'Methodology'),
      dataIndex: 'methodologyId',
      width: 170,
      ellipsis: true,
      render: (v: string) => (
        <Tooltip title={v}>
          <Link to={`/methodologies?id=${v}`}>{mTitle(v) ?? v}</Link>
        </Tooltip>
      ),
    },
    {
      title: pick('数据集', 'Dataset'),
      key: 'dataset',
      width: 88,
      render: (_: unknown, r) => datasetLabel(r),
    },
    {
      title: pick('发起人 · 时间', 'Started by · at'),
      key: 'created',
      width: 170,
      render: (_: unknown, r) => (
        <span style={{ fontSize: 12 }}>
          {r.createdBy}
          <br />
          {fmtTime(r.createdAt)}
        </span>
      ),
    },
    {
      title: pick('状态', 'Status'),
      key: 'status',
      width: 180,
      render: (_: unknown, r) => <RunStatus run={r} />,
    },
    {
      title: pick('等级分布（家）', 'Classes (firms)'),
      key: 'classes',
      width: 230,
      render: (_: unknown, r) => <ClassCounts run={r} />,
    },
    {
      title: pick('操作', 'Actions'),
      key: 'actions',
      width: 350,
      render: (_: unknown, r) => {
        const prev = previousOf(r);
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => navigate(`/cockpit?run=${r.id}`)}>
              {pick('驾驶舱', 'Cockpit')}
            </Button>
            <Button type="link" size="small" onClick={() => navigate(`/enterprises?run=${r.id}`)}>
              {pick('企业', 'Firms')}
            </Button>
            {can('run.adjust') ? (
              <Button
                type="link"
                size="small"
                data-testid={`adjust-run-${r.id}`}
                onClick={() => setQuery({ adjust: r.id, uscc: undefined })}
              >
                {pick('调档', 'Adjust')}
              </Button>
            ) : null}
            {can('run.publish') ? (
              <Tooltip title={r.publishedAt ? pick('已公示', 'already published') : undefined}>
                <Button
                  type="link"
                  size="small"
                  data-testid={`publish-run-${r.id}`}
                  disabled={!!r.publishedAt}
                  onClick={() => setPublishing(r)}
                >
                  {pick('公示', 'Publish')}
                </Button>
              </Tooltip>
            ) : null}
            <Tooltip
              title={
                prev
                  ? pick(`与第 ${prev.id} 批比较`, `compare with run ${prev.id}`)
                  : pick('没有更早的批次', 'no earlier run')
              }
            >
              <Button
                type="link"
                size="small"
                disabled={!prev}
                onClick={() => prev && navigate(`/runs/compare?a=${prev.id}&b=${r.id}`)}
              >
                {pick('比较', 'Compare')}
              </Button>
            </Tooltip>
          </Space>
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {holder}
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {pick('评价批次', 'Evaluation runs')}
        </Typography.Title>
        <Space wrap>
          {can('run.start') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="start-run"
              disabled={startOpen}
              onClick={() => setQuery({ start: 1 })}
            >
              {pick('发起评价', 'Start a run')}
            </Button>
          ) : null}
          <Button
            icon={<SwapOutlined />}
            onClick={() => navigate('/runs/compare')}
            data-testid="compare-runs"
          >
            {pick('比较两个批次', 'Compare two runs')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={runs.reload}>
            {pick('刷新', 'Refresh')}
          </Button>
        </Space>
      </Space>
      {!startOpen && activeJob ? (
        <Alert
          type="info"
          showIcon
          data-testid="active-job"
          title={pick(
            `有一次评价计算正在进行（${activeJob.createdBy} 发起于 ${fmtTime(activeJob.createdAt)}）`,
            `An evaluation run is in progress (started by ${activeJob.createdBy} at ${fmtTime(activeJob.createdAt)})`,
          )}
          action={
            <Button size="small" onClick={() => setQuery({ start: 1, job: activeJob.id })}>
              {pick('查看进度', 'Show progress')}
            </Button>
          }
        />
      ) : null}
      {startOpen ? (
        <StartRun
          runs={items}
          methodologies={methodologies.data?.items}
          onFinished={runs.reload}
          onClose={() =>
            setQuery(
              { start: undefined, job: undefined, year: undefined, methodology: undefined },
              { replace: true },
            )
          }
        />
      ) : null}
      <Load state={runs}>
        {() =>
          items.length === 0 ? (
            <Card>
              <Result
                status="info"
                title={pick('还没有评价批次', 'No runs yet')}
                subTitle={pick(
                  '先在“数据导入”导入一个年度的部门数据，再点“发起评价”。',
                  'Import a year’s departmental data under “Import”, then click “Start a run”.',
                )}
                extra={
                  <Space>
                    <Button onClick={() => navigate('/import')}>{pick('去导入数据', 'Import data')}</Button>
                    <Button type="primary" onClick={() => setQuery({ start: 1 })}>
                      {pick('发起评价', 'Start a run')}
                    </Button>
                  </Space>
                }
              />
            </Card>
          ) : (
            <Table
              data-testid="runs-table"
              size="small"
              rowKey="id"
              dataSource={items}
              columns={columns}
              scroll={{ x: 1300 }}
              pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              loading={runs.loading}
            />
          )
        }
      </Load>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {pick(
          '每次评价都保存为一个批次（评价办法 + 数据集版本），结果不再改变；调档单独记录。公示后结果对外，不能再次公示。',
          'Each evaluation is kept as a run (methodology + dataset version) whose results never change; manual adjustments are recorded separately. A published run is public and cannot be published again.',
        )}
      </Typography.Text>
      {publishing ? (
        <PublishDialog
          run={publishing}
          onClose={() => setPublishing(undefined)}
          onConflict={runs.reload}
          onDone={(r) => {
            setPublishing(undefined);
            runs.reload();
            void msg.success(
              pick(
                `第 ${r.id} 批已发布公示，至 ${fmtDate(r.noticeUntil)}`,
                `Run ${r.id} is published for public notice until ${fmtDate(r.noticeUntil)}`,
              ),
            );
          }}
        />
      ) : null}
      {can('run.adjust') && Number.isFinite(adjustId) ? (
        <AdjustDrawer
          runId={adjustId}
          run={adjustRun}
          lang={lang}
          initialUscc={q.get('uscc') ?? ''}
          onClose={() => setQuery({ adjust: undefined, uscc: undefined })}
          onSaved={() => {
            runs.reload();
            void msg.success(pick('调档已记录', 'Adjustment recorded'));
          }}
        />
      ) : null}
    </Space>
  );
}

// ───────────────────────────── starting a run ─────────────────────────────

function startHint(e: ApiError, pick: (zh: string, en: string) => string) {
  if (endpointMissing(e))
    return pick(
      '这台服务器还不支持在网页上发起评价：请更新并重启 mujun serve，或在命令行运行 mujun run。',
      'This server cannot start runs from the web yet: update and restart mujun serve, or use mujun run on the command line.',
    );
  if (e.status === 404)
    return pick(
      '该年度还没有数据集：请先在“数据导入”导入该年度的部门数据，再回来发起评价。',
      'There is no dataset for the year: import the year’s departmental data under “Import” first, then start the run.',
    );
  if (e.status === 409)
    return pick(
      '已有评价正在进行：请等它完成后再发起。',
      'A run is in progress: wait for it to finish, then start again.',
    );
  if (e.status === 400)
    return pick(
      '请检查所选的评价办法和年度（办法须能通过校验，年度须有数据集）。',
      'Check the methodology and the year (the methodology must validate, the year must have a dataset).',
    );
  return pick(
    '请稍后重试；如仍失败，请把上面的错误告诉管理员。',
    'Retry later; if it fails again, pass the error above to the administrator.',
  );
}

function StartRun({
  runs,
  methodologies,
  onFinished,
  onClose,
}: {
  /** The runs as listed (a run published since it was made here is no longer offered for publishing). */
  runs: RunView[];
  methodologies: MethodologyItem[] | undefined;
  onFinished: () => void;
  onClose: () => void;
}) {
  const { pick } = useI18n();
  const { location, setQuery, navigate } = useRouter();
  const q = location.query;
  const datasets = useApi(() => api.get<{ items: DatasetItem[] }>('/api/datasets'), []);
  const years = useMemo(() => {
    const m = new Map<number, DatasetItem>();
    for (const d of datasets.data?.items ?? []) {
      const cur = m.get(d.year);
      if (!cur || d.version > cur.version) m.set(d.year, d);
    }
    return [...m.values()].sort((a, b) => b.year - a.year);
  }, [datasets.data]);
  const qYear = Number(q.get('year') ?? NaN);
  const year = Number.isFinite(qYear) ? qYear : years[0]?.year;
  const yearKnown = years.some((d) => d.year === year);
  const versions = (datasets.data?.items ?? [])
    .filter((d) => d.year === year)
    .sort((a, b) => b.version - a.version);
  const [datasetId, setDatasetId] = useState<number>();
  const qMethodology = q.get('methodology');
  const autoMethodology =
    methodologies?.find((m) => m.dataYear === year)?.id ??
    [...(methodologies ?? [])].sort((a, b) => b.dataYear - a.dataYear)[0]?.id;
  const methodology = qMethodology ?? autoMethodology;
  const chosen = methodologies?.find((m) => m.id === methodology);

  const jobId = q.get('job');
  const [initial, setInitial] = useState<JobView<RunJobResult>>();
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError>();
  /** An identical run is stored (409 repeat_run): it, until the user confirms or changes the choice. */
  const [repeat, setRepeat] = useState<{ run: RunView; message: string }>();
  const { job, error: pollError } = useJob<RunJobResult>(jobId, initial);
  const running = !!jobId && !pollError && (!job || job.state === 'queued' || job.state === 'running');
  const notified = useRef<string | null>(null);
  useEffect(() => {
    if (job && (job.state === 'done' || job.state === 'failed') && notified.current !== job.id) {
      notified.current = job.id;
      onFinished();
    }
  }, [job, onFinished]);

  const submit = async (force = false) => {
    if (!methodology || year === undefined) return;
    setSubmitting(true);
    setSubmitError(undefined);
    setRepeat(undefined);
    try {
      const body: StartRunRequest = {
        methodology,
        year,
        ...(datasetId ? { datasetId } : {}),
        ...(force ? { force: true } : {}),
      };
      const res = await api.post<JobAccepted<RunJobResult>>('/api/runs', body);
      setInitial(res.job);
      setQuery({ start: 1, year, methodology, job: res.job.id }, { replace: true });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'client');
      const detail = err.detail as Partial<RepeatRunConflict> | undefined;
      if (err.status === 409 && err.code === 'repeat_run' && detail?.run)
        setRepeat({ run: detail.run, message: err.message });
      else setSubmitError(err);
    } finally {
      setSubmitting(false);
    }
  };

  const runId = job?.state === 'done' ? job.result?.runId : undefined;
  const madeRun = runId !== undefined ? runs.find((r) => r.id === runId) : undefined;

  return (
    <Card
      size="small"
      title={pick('发起评价', 'Start a run')}
      data-testid="start-run-form"
      extra={
        <Button size="small" type="text" onClick={onClose} disabled={running} data-testid="start-run-close">
          {pick('关闭', 'Close')}
        </Button>
      }
    >
      <Load
        state={datasets}
        hint={pick(
          '无法读取数据集列表：请确认服务器正在运行。',
          'Cannot list the datasets: check that the server is running.',
        )}
      >
        {() =>
          years.length === 0 ? (
            <Alert
              type="warning"
              showIcon
              title={pick('还没有任何数据集', 'There is no dataset yet')}
              description={
                <>
                  {pick('评价需要一个年度的数据：请先', 'A run evaluates a year’s data: first ')}
                  <Link to="/import">{pick('导入部门数据', 'import departmental data')}</Link>
                  {pick('，再回来发起评价。', ', then come back to start the run.')}
                </>
              }
            />
          ) : (
            <Form
              layout="inline"
              style={{ rowGap: 8 }}
              disabled={running || submitting}
              onFinish={() => void submit()}
            >
              <Form.Item label={pick('数据年度', 'Data year')} required>
                <Select
                  data-testid="start-run-year"
                  style={{ width: 220 }}
                  value={year}
                  options={years.map((d) => ({
                    value: d.year,
                    label: pick(
                      `${d.year} 年（v${d.version}，${num(d.recordCount, 0)} 家）`,
                      `${d.year} (v${d.version}, ${num(d.recordCount, 0)} firms)`,
                    ),
                  }))}
                  onChange={(v: number) => {
                    setDatasetId(undefined);
                    setQuery({ year: v, methodology: undefined, job: undefined }, { replace: true });
                  }}
                />
              </Form.Item>
              {versions.length > 1 ? (
                <Form.Item label={pick('数据集版本', 'Dataset version')}>
                  <Select
                    style={{ width: 240 }}
                    value={datasetId ?? versions[0]?.id}
                    options={versions.map((d, k) => ({
                      value: d.id,
                      label: `v${d.version} · ${fmtTime(d.createdAt)}${k === 0 ? pick('（最新）', ' (latest)') : ''}`,
                    }))}
                    onChange={(v: number) => setDatasetId(v === versions[0]?.id ? undefined : v)}
                  />
                </Form.Item>
              ) : null}
              <Form.Item label={pick('评价办法', 'Methodology')} required>
                <Select
                  data-testid="start-run-methodology"
                  style={{ width: 420 }}
                  loading={!methodologies}
                  value={methodology}
                  options={(methodologies ?? []).map((m) => ({
                    value: m.id,
                    label: `${pick(m.title.zh, m.title.en)}（${m.id}）`,
                  }))}
                  onChange={(v: string) => setQuery({ methodology: v, job: undefined }, { replace: true })}
                />
              </Form.Item>
              <Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={submitting}
                  disabled={!methodology || year === undefined || running || !yearKnown}
                  data-testid="start-run-submit"
                >
                  {pick('开始评价', 'Start')}
                </Button>
              </Form.Item>
            </Form>
          )
        }
      </Load>
      {datasets.data && year !== undefined && !yearKnown ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          data-testid="start-run-no-dataset"
          title={pick(`${year} 年还没有数据集`, `There is no dataset for ${year}`)}
          description={
            <>
              {pick('请选择上面列出的年度，或先', 'Choose one of the years listed, or first ')}
              <Link to={`/import?year=${year}`}>
                {pick(`导入 ${year} 年的部门数据`, `import the departmental data of ${year}`)}
              </Link>
              {pick('。', '.')}
            </>
          }
        />
      ) : null}
      {chosen && year !== undefined && yearKnown && chosen.dataYear !== year ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title={pick(
            `所选办法适用于 ${chosen.dataYear} 年数据，而所选数据为 ${year} 年：请确认这是有意为之（例如试算）。`,
            `The methodology is meant for data of ${chosen.dataYear}, the data chosen are of ${year}: make sure this is intended (e.g. a trial).`,
          )}
        />
      ) : null}
      {submitError ? (
        <div style={{ marginTop: 8 }}>
          <ErrorBox error={submitError} hint={startHint(submitError, pick)} onRetry={() => void submit()} />
        </div>
      ) : null}
      {repeat ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          data-testid="repeat-run"
          title={pick(
            `已有相同的评价：第 ${repeat.run.id} 批（${repeat.run.year} 年度，数据集 ${repeat.run.datasetLabel}，同一评价办法）`,
            `An identical run exists: run ${repeat.run.id} (${repeat.run.year}, dataset ${repeat.run.datasetLabel}, the same methodology)`,
          )}
          description={pick(
            '同一数据版本、同一评价办法、同一年度的评价结果完全相同。可以直接查看已有批次；确需再评价一次请点“仍然重新评价”。',
            'The same dataset version, methodology and year give the same results. Open the existing run, or click “Run it again” if you really need a second one.',
          )}
          action={
            <Space orientation="vertical">
              <Button size="small" onClick={() => navigate(`/cockpit?run=${repeat.run.id}`)}>
                {pick(`查看第 ${repeat.run.id} 批`, `Open run ${repeat.run.id}`)}
              </Button>
              <Button size="small" danger data-testid="repeat-run-force" onClick={() => void submit(true)}>
                {pick('仍然重新评价', 'Run it again')}
              </Button>
            </Space>
          }
        />
      ) : null}
      {jobId ? (
        <div style={{ marginTop: 12 }}>
          <JobProgress
            job={job}
            pollError={pollError}
            doneText={pick('评价完成', 'Run finished')}
            failedHint={
              job?.error?.code === 'not_found'
                ? pick(
                    '该年度没有可用的数据集：请先导入数据，再重新发起。',
                    'No dataset for the year: import the data first, then start again.',
                  )
                : pick(
                    '请检查评价办法与数据后点“开始评价”重试；数据问题可在“数据导入”的核对结果中查看。如仍失败，请把错误和任务编号告诉管理员。',
                    'Check the methodology and the data, then click “Start” again; data problems show in the reconciliation under “Import”. If it fails again, pass the error and the job id to the administrator.',
                  )
            }
          />
        </div>
      ) : null}
      {job?.state === 'done' ? (
        <Result
          status="success"
          style={{ padding: '16px 0 0' }}
          title={
            runId !== undefined
              ? pick(`已生成第 ${runId} 批评价结果`, `Run ${runId} is ready`)
              : pick('评价完成', 'The run is finished')
          }
          subTitle={
            job.result ? (
              <span data-testid="run-done-state" data-published={madeRun?.published ? 'true' : 'false'}>
                {madeRun?.published
                  ? pick(
                      `${num(job.result.records, 0)} 家企业，其中 ${num(job.result.graded, 0)} 家已定档。该批次已于 ${fmtTime(madeRun.publishedAt)} 发布公示${madeRun.noticeUntil ? `，至 ${fmtDate(madeRun.noticeUntil)}` : ''}。`,
                      `${num(job.result.records, 0)} enterprises, ${num(job.result.graded, 0)} graded. The run was published for public notice at ${fmtTime(madeRun.publishedAt)}${madeRun.noticeUntil ? `, until ${fmtDate(madeRun.noticeUntil)}` : ''}.`,
                    )
                  : pick(
                      `${num(job.result.records, 0)} 家企业，其中 ${num(job.result.graded, 0)} 家已定档。结果为草稿，核对无误后可发布公示。`,
                      `${num(job.result.records, 0)} enterprises, ${num(job.result.graded, 0)} graded. The run is a draft: check it, then publish it for public notice.`,
                    )}
              </span>
            ) : undefined
          }
          extra={
            <Space wrap>
              {runId !== undefined ? (
                <Button
                  type="primary"
                  data-testid="open-cockpit"
                  onClick={() => navigate(`/cockpit?run=${runId}`)}
                >
                  {pick('打开该批次驾驶舱', 'Open its cockpit')}
                </Button>
              ) : null}
              {runId !== undefined ? (
                <Button onClick={() => navigate(`/enterprises?run=${runId}`)}>
                  {pick('查看企业结果', 'See the enterprises')}
                </Button>
              ) : null}
              <Button onClick={onClose}>{pick('关闭', 'Close')}</Button>
            </Space>
          }
        />
      ) : null}
    </Card>
  );
}

// ───────────────────────────── publishing ─────────────────────────────

function PublishDialog({
  run,
  onClose,
  onDone,
  onConflict,
}: {
  run: RunView;
  onClose: () => void;
  onDone: (r: RunView) => void;
  /** The run turned out to be published already (the list is stale). */
  onConflict: () => void;
}) {
  const { pick, lang } = useI18n();
  const [days, setDays] = useState<number | null>(7);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const ok = async () => {
    if (!days || days < 1 || days > 30) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.post<PublishResponse>(`/api/runs/${run.id}/publish`, { noticeDays: days });
      onDone(res.run);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'client');
      setError(err);
      if (err.status === 409) onConflict();
    } finally {
      setBusy(false);
    }
  };
  const valid = !!days && days >= 1 && days <= 30;
  return (
    <Modal
      open
      title={pick(`发布第 ${run.id} 批评价结果公示`, `Publish run ${run.id} for public notice`)}
      okText={pick('确认发布', 'Publish')}
      cancelText={pick('取消', 'Cancel')}
      onOk={() => void ok()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: !valid || error?.status === 409, ...{ 'data-testid': 'publish-confirm' } }}
      data-testid="publish-dialog"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>
          {pick(
            `${run.year} 年度 · ${run.methodologyId} · 数据集 ${datasetLabel(run)}。发布后该批次的结果对外公示，企业可在公示期内提出异议；同一批次不能再次发布。`,
            `${run.year} · ${run.methodologyId} · dataset ${datasetLabel(run)}. Once published the run’s results are public and enterprises may object during the notice; a run cannot be published twice.`,
          )}
        </Typography.Paragraph>
        <Space>
          <span>{pick('公示期', 'Notice period')}</span>
          <InputNumber
            data-testid="publish-days"
            min={1}
            max={30}
            precision={0}
            value={days}
            onChange={(v) => setDays(v)}
            suffix={pick('天', 'days')}
          />
          <Typography.Text type="secondary">
            {valid
              ? pick(`至 ${daysFromNow(days)}`, `until ${daysFromNow(days)}`)
              : pick('请填 1–30 天', 'enter 1–30 days')}
          </Typography.Text>
        </Space>
        {error ? (
          error.status === 409 ? (
            <Alert
              data-testid="publish-conflict"
              type="warning"
              showIcon
              title={pick('该批次已经公示过了', 'This run is already published')}
              description={
                <>
                  <div data-testid="error-message">{error.text(lang)}</div>
                  <div style={{ marginTop: 4 }}>
                    {pick(
                      '无需再次发布。如需更正个别企业的等级，请用“调档”；如需整体重算，请发起新的评价批次后再公示。',
                      'No need to publish again. To correct a single enterprise use “Adjust”; to recompute, start a new run and publish that one.',
                    )}
                  </div>
                </>
              }
            />
          ) : (
            <ErrorBox
              error={error}
              hint={
                endpointMissing(error)
                  ? pick(
                      '这台服务器还不支持在网页上公示：请更新并重启 mujun serve。',
                      'This server cannot publish from the web yet: update and restart mujun serve.',
                    )
                  : pick('请检查公示天数后重试。', 'Check the number of days and retry.')
              }
            />
          )
        ) : null}
      </Space>
    </Modal>
  );
}

// ───────────────────────────── adjustments (调档) ─────────────────────────────

const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

function AdjustDrawer({
  runId,
  run,
  lang,
  initialUscc,
  onClose,
  onSaved,
}: {
  runId: number;
  run: RunView | undefined;
  lang: Lang;
  initialUscc: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { pick } = useI18n();
  const [uscc, setUscc] = useState(initialUscc.toUpperCase());
  const [toClass, setToClass] = useState<ClassId>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [touched, setTouched] = useState(false);
  const list = useApi(() => api.get<AdjustmentList>(`/api/runs/${runId}/adjustments`), [runId]);
  const usccOk = USCC_RE.test(uscc);
  const firm = useApi(
    () =>
      usccOk
        ? api.get<Explanation>(`/api/runs/${runId}/enterprises/${encodeURIComponent(uscc)}`, { lang })
        : null,
    [runId, uscc, usccOk, lang],
  );
  const firmData = usccOk && firm.data?.uscc === uscc ? firm.data : undefined;
  const firmError = usccOk && !firm.loading ? firm.error : undefined;

  const [confirming, setConfirming] = useState(false);
  /** Checks the form, then asks to confirm: an adjustment is recorded for good. */
  const ask = () => {
    setTouched(true);
    if (!usccOk || !toClass || reason.trim().length === 0) return;
    setConfirming(true);
  };
  const save = async () => {
    if (!usccOk || !toClass || reason.trim().length === 0) return;
    setConfirming(false);
    setBusy(true);
    setError(undefined);
    try {
      await api.post<AdjustmentResponse>(`/api/runs/${runId}/adjustments`, {
        uscc,
        toClass,
        reason: reason.trim(),
      });
      setReason('');
      setToClass(undefined);
      setTouched(false);
      list.reload();
      firm.reload();
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<ClassAdjustmentView> = [
    { title: pick('时间', 'When'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtTime(v) },
    {
      title: pick('企业', 'Enterprise'),
      dataIndex: 'uscc',
      render: (v: string) => <Link to={`/enterprise/${v}?run=${runId}`}>{v}</Link>,
    },
    {
      title: pick('调整', 'Change'),
      key: 'change',
      width: 100,
      render: (_: unknown, a) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <ClassTag cls={a.fromClass} /> → <ClassTag cls={a.toClass} />
        </span>
      ),
    },
    { title: pick('原因', 'Reason'), dataIndex: 'reason' },
    { title: pick('操作人', 'By'), dataIndex: 'createdBy', width: 80 },
  ];

  return (
    <Drawer
      open
      size="large"
      onClose={onClose}
      title={
        run
          ? pick(`调档 · 第 ${run.id} 批（${run.year} 年度）`, `Adjustments · run ${run.id} (${run.year})`)
          : pick(`调档 · 第 ${runId} 批`, `Adjustments · run ${runId}`)
      }
      data-testid="adjust-drawer"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          title={pick(
            '调档改变企业的“调整后等级”，初评等级和得分不变。原因必填；系统会连同操作人和时间一起记录，记录不可删除，并显示在一企一单和批次比较中。',
            'An adjustment changes the enterprise’s adjusted class; the initial class and the scores stay. A reason is required; it is recorded with the user and the time, cannot be deleted, and shows in the enterprise statement and in run comparisons.',
          )}
        />
        {run?.publishedAt ? (
          <Alert
            type="warning"
            showIcon
            title={pick(
              '该批次已公示：公示期间的调档通常用于处理企业异议，请在原因中写明异议编号或依据。',
              'This run is published: adjustments during the notice usually settle objections — name the objection or the ground in the reason.',
            )}
          />
        ) : null}
        <Form layout="vertical" onFinish={ask} disabled={busy}>
          <Form.Item
            label={pick('统一社会信用代码', 'USCC')}
            required
            validateStatus={touched && !usccOk ? 'error' : firmError ? 'warning' : undefined}
            help={
              touched && !usccOk
                ? pick(
                    '请填写 18 位统一社会信用代码（大写字母与数字）。',
                    'Enter the 18-character USCC (capitals and digits).',
                  )
                : firmError
                  ? firmError.status === 404
                    ? pick(
                        '该批次中没有这家企业：请核对代码。',
                        'The run has no such enterprise: check the code.',
                      )
                    : firmError.text(lang)
                  : firmData
                    ? `${firmData.name ?? ''} · ${firmData.divisionName ?? ''} · ${pick('初评', 'initial')} ${firmData.initialClass ?? '—'} · ${pick('当前', 'now')} ${firmData.adjustedClass ?? '—'}${firmData.adjustedClass ? '' : ` (${firmData.statusText})`}`
                    : undefined
            }
          >
            <Input
              data-testid="adjust-uscc"
              value={uscc}
              maxLength={18}
              placeholder="91330400MA2B…"
              onChange={(e) => setUscc(e.target.value.trim().toUpperCase())}
            />
          </Form.Item>
          <Form.Item
            label={pick('调整为', 'Move to class')}
            required
            validateStatus={touched && !toClass ? 'error' : undefined}
            help={touched && !toClass ? pick('请选择目标等级。', 'Choose the target class.') : undefined}
          >
            <Radio.Group
              data-testid="adjust-class"
              value={toClass}
              onChange={(e) => setToClass(e.target.value as ClassId)}
              optionType="button"
              options={CLASSES.map((k) => ({
                value: k,
                label: k,
                disabled: firmData?.adjustedClass === k,
              }))}
            />
          </Form.Item>
          <Form.Item
            label={pick('原因（必填）', 'Reason (required)')}
            required
            validateStatus={touched && reason.trim() === '' ? 'error' : undefined}
            help={
              touched && reason.trim() === ''
                ? pick(
                    '请写明调档原因和依据（如文件号、异议编号）。',
                    'State the reason and its ground (document, objection number).',
                  )
                : undefined
            }
          >
            <Input.TextArea
              data-testid="adjust-reason"
              rows={3}
              maxLength={500}
              showCount
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={pick(
                '例如：经复核，企业 2023 年实缴税收漏报，依异议 2024-012 调整',
                'e.g. on review the 2023 tax was under-reported; objection 2024-012',
              )}
            />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 12 }}>
              <ErrorBox
                error={error}
                hint={
                  endpointMissing(error)
                    ? pick(
                        '这台服务器还不支持调档：请更新并重启 mujun serve。',
                        'This server cannot record adjustments yet: update and restart mujun serve.',
                      )
                    : error.status === 404
                      ? pick(
                          '该批次或企业不存在：请核对代码。',
                          'The run or the enterprise does not exist: check the code.',
                        )
                      : error.status === 409
                        ? pick(
                            '该调档与现状冲突（例如等级未变或批次已锁定）：请核对后再试。',
                            'The adjustment conflicts with the current state (e.g. the class is unchanged or the run is locked): check and retry.',
                          )
                        : pick('请按提示修改后重新提交。', 'Correct as the message says, then submit again.')
                }
              />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="adjust-submit">
            {pick('记录调档', 'Record the adjustment')}
          </Button>
        </Form>
        <Modal
          open={confirming}
          title={pick('确认记录调档', 'Confirm the adjustment')}
          okText={pick('确认记录', 'Record it')}
          cancelText={pick('返回修改', 'Back')}
          onOk={() => void save()}
          onCancel={() => setConfirming(false)}
          okButtonProps={{ danger: true, ...{ 'data-testid': 'adjust-confirm-ok' } }}
          data-testid="adjust-confirm"
        >
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Text data-testid="adjust-confirm-firm">
              {pick('企业：', 'Enterprise: ')}
              <b>{firmData?.name ?? uscc}</b>
              {firmData?.name ? `（${uscc}）` : ''}
              {firmData?.divisionName ? ` · ${firmData.divisionName}` : ''}
            </Typography.Text>
            <Typography.Text data-testid="adjust-confirm-change">
              {pick('等级：', 'Class: ')}
              <ClassTag cls={firmData?.adjustedClass ?? null} /> → <ClassTag cls={toClass ?? null} />
              {run ? pick(`（第 ${run.id} 批）`, ` (run ${run.id})`) : ''}
            </Typography.Text>
            <Typography.Text data-testid="adjust-confirm-reason">
              {pick('原因：', 'Reason: ')}
              {reason.trim()}
            </Typography.Text>
            <Alert
              type="warning"
              showIcon
              title={pick(
                '调档记录连同操作人和时间永久保存，不能删除或撤销；如需更正，只能再记录一次调档。',
                'The adjustment is kept for good with the user and the time; it cannot be deleted or undone — a correction is another adjustment.',
              )}
            />
          </Space>
        </Modal>
        <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
          {pick('本批次的调档记录', 'Adjustments of this run')}
        </Typography.Title>
        <Load state={list}>
          {(d) => (
            <Table
              data-testid="adjustments-table"
              size="small"
              rowKey="id"
              dataSource={d.items}
              columns={columns}
              pagination={d.items.length > 10 ? { pageSize: 10 } : false}
              locale={{ emptyText: pick('还没有调档', 'No adjustments yet') }}
            />
          )}
        </Load>
      </Space>
    </Drawer>
  );
}

// ───────────────────────────── comparing two runs ─────────────────────────────

const KEYS: ClassKey[] = ['A', 'B', 'C', 'D', 'none', 'absent'];
const RANK: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };

function keyLabel(k: ClassKey, pick: (zh: string, en: string) => string): string {
  if (k === 'none') return pick('未定档', 'ungraded');
  if (k === 'absent') return pick('不在批次', 'absent');
  return k;
}

/** up / down / same / other of a move from → to (A is the best class). */
function moveKind(from: ClassKey, to: ClassKey): 'same' | 'up' | 'down' | 'other' {
  if (from === to) return 'same';
  const a = RANK[from];
  const b = RANK[to];
  if (a === undefined || b === undefined) return 'other';
  return b < a ? 'up' : 'down';
}

const MOVE_COLORS = { same: '#bfbfbf', up: '#389e0d', down: '#cf1322', other: '#faad14' };
const PAGE_SIZES = [20, 50, 100];

/** Marks a class set by a manual adjustment (调档) in the comparison. */
function AdjustedMark() {
  const { pick } = useI18n();
  return (
    <Tooltip title={pick('该等级由人工调档确定', 'this class was set by a manual adjustment')}>
      <span className="class-tag" data-testid="adjusted-mark" style={{ marginLeft: 4 }}>
        {pick('已调档', 'adjusted')}
      </span>
    </Tooltip>
  );
}

function KeyTag({ k }: { k: ClassKey }) {
  const { pick } = useI18n();
  if (k === 'none' || k === 'absent') return <Tag>{keyLabel(k, pick)}</Tag>;
  return <ClassTag cls={k} />;
}

function Compare() {
  const { pick, lang } = useI18n();
  const { location, setQuery, navigate } = useRouter();
  const runs = useApi(() => api.get<RunList>('/api/runs'), []);
  const items = useMemo(() => [...(runs.data?.items ?? [])].sort(byNewest), [runs.data]);
  const q = location.query;
  const qb = Number(q.get('b') ?? NaN);
  const b = items.find((r) => r.id === qb) ?? items[0];
  const qa = Number(q.get('a') ?? NaN);
  const a =
    items.find((r) => r.id === qa) ??
    (b ? items.find((r) => r.id !== b.id && byNewest(b, r) < 0) : undefined);
  const basis = q.get('basis') === 'initial' ? 'initial' : 'adjusted';
  const from = (q.get('from') as ClassKey | null) ?? undefined;
  const to = (q.get('to') as ClassKey | null) ?? undefined;
  const division = q.get('division') ?? undefined;
  const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
  const size = PAGE_SIZES.includes(Number(q.get('size'))) ? Number(q.get('size')) : 20;

  const cmp = useApi(
    () =>
      a && b && a.id !== b.id
        ? api.get<RunComparison>(`/api/runs/${a.id}/compare/${b.id}`, {
            basis,
            from,
            to,
            division,
            limit: size,
            offset: (page - 1) * size,
          })
        : null,
    [a?.id, b?.id, basis, from, to, division, page, size],
  );

  const titles = useMethodologyTitles();
  const runOptions = items.map((r) => ({
    value: r.id,
    label: runLabel(r, lang, titles.get(r.methodologyId)),
  }));
  const data = a && b && a.id !== b.id ? cmp.data : undefined;
  const labelA = a ? pick(`第 ${a.id} 批（${a.year}）`, `run ${a.id} (${a.year})`) : 'A';
  const labelB = b ? pick(`第 ${b.id} 批（${b.year}）`, `run ${b.id} (${b.year})`) : 'B';

  const totals = useMemo(() => {
    const s = { same: 0, up: 0, down: 0, other: 0 };
    for (const d of data?.byDivision ?? []) {
      s.same += d.same;
      s.up += d.up;
      s.down += d.down;
      s.other += d.other;
    }
    return s;
  }, [data]);

  const heat = useMemo(() => {
    if (!data) return null;
    const cells: { value: [number, number, number, number]; itemStyle?: object }[] = [];
    let max = 0;
    KEYS.forEach((fk, y) =>
      KEYS.forEach((tk, x) => {
        const v = data.matrix[fk]?.[tk] ?? 0;
        max = Math.max(max, Math.log1p(v));
        const selected = fk === from && tk === to;
        cells.push({
          value: [x, y, Math.log1p(v), v],
          ...(selected ? { itemStyle: { borderColor: '#111', borderWidth: 3 } } : {}),
        });
      }),
    );
    return {
      cells,
      option: {
        tooltip: {
          formatter: (p: { value: [number, number, number, number] }) =>
            `${labelA}：${keyLabel(KEYS[p.value[1]]!, pick)}<br/>${labelB}：${keyLabel(KEYS[p.value[0]]!, pick)}<br/><b>${num(p.value[3], 0)}</b> ${pick('家', 'firms')}`,
        },
        grid: { left: 84, right: 12, top: 44, bottom: 8 },
        xAxis: {
          type: 'category',
          position: 'top',
          data: KEYS.map((k) => keyLabel(k, pick)),
          axisLabel: { interval: 0, fontSize: 11 },
          name: labelB,
          nameLocation: 'middle',
          nameGap: 26,
          splitArea: { show: true },
        },
        yAxis: {
          type: 'category',
          inverse: true,
          data: KEYS.map((k) => keyLabel(k, pick)),
          axisLabel: { interval: 0, fontSize: 11 },
          name: labelA,
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
                p.value[3] ? num(p.value[3], 0) : '',
            },
            emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
          },
        ],
      },
    };
  }, [data, from, to, labelA, labelB, pick]);

  const divisions = useMemo(() => (data?.byDivision ?? []).filter((d) => d.division), [data]);
  const barOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: divisions.map((d) => d.name ?? d.division) },
      yAxis: { type: 'value', name: pick('家', 'firms') },
      series: (['same', 'up', 'down', 'other'] as const).map((k) => ({
        name: {
          same: pick('等级不变', 'same'),
          up: pick('升档', 'up'),
          down: pick('降档', 'down'),
          other: pick('其他（新增/退出/未定档）', 'other (new, gone, ungraded)'),
        }[k],
        type: 'bar',
        stack: 'move',
        itemStyle: { color: MOVE_COLORS[k] },
        data: divisions.map((d) => ({
          value: d[k],
          itemStyle: division && d.division !== division ? { opacity: 0.35 } : undefined,
        })),
      })),
    }),
    [divisions, division, pick],
  );

  const pickCell = (f: ClassKey, t: ClassKey) => {
    if (f === from && t === to) setQuery({ from: undefined, to: undefined, page: undefined });
    else setQuery({ from: f, to: t, page: undefined });
  };

  const matrixColumns: ColumnsType<{ key: ClassKey }> = [
    {
      title: `${labelA} ↓ / ${labelB} →`,
      dataIndex: 'key',
      fixed: 'left',
      width: 150,
      render: (k: ClassKey | 'total') => (k === 'total' ? <b>{pick('合计', 'Total')}</b> : <KeyTag k={k} />),
    },
    ...KEYS.map((tk) => ({
      title: <KeyTag k={tk} />,
      key: tk,
      align: 'right' as const,
      onCell: (r: { key: ClassKey | 'total' }) => {
        if (r.key === 'total') return {};
        const kind = moveKind(r.key, tk);
        const sel = r.key === from && tk === to;
        return {
          style: {
            background: sel
              ? '#fff1b8'
              : kind === 'same'
                ? '#fafafa'
                : kind === 'up'
                  ? '#f6ffed'
                  : kind === 'down'
                    ? '#fff1f0'
                    : undefined,
          },
        };
      },
      render: (_: unknown, r: { key: ClassKey | 'total' }) => {
        if (!data) return null;
        if (r.key === 'total')
          return (
            <b className="num">
              {num(
                KEYS.reduce((s, fk) => s + (data.matrix[fk]?.[tk] ?? 0), 0),
                0,
              )}
            </b>
          );
        const v = data.matrix[r.key]?.[tk] ?? 0;
        if (!v) return <span style={{ color: '#bfbfbf' }}>0</span>;
        const fk = r.key;
        if (fk === tk)
          return (
            <Tooltip title={pick('等级不变，不在下方列出', 'same class: not listed below')}>
              <span className="num" data-testid={`matrix-cell-${fk}-${tk}`}>
                {num(v, 0)}
              </span>
            </Tooltip>
          );
        return (
          <Typography.Link
            className="num"
            onClick={() => pickCell(fk, tk)}
            data-testid={`matrix-cell-${fk}-${tk}`}
          >
            {num(v, 0)}
          </Typography.Link>
        );
      },
    })),
    {
      title: pick('合计', 'Total'),
      key: 'total',
      align: 'right' as const,
      render: (_: unknown, r: { key: ClassKey | 'total' }) => {
        if (!data) return null;
        const sum = (fk: ClassKey) => KEYS.reduce((s, tk) => s + (data.matrix[fk]?.[tk] ?? 0), 0);
        return (
          <b className="num">
            {num(r.key === 'total' ? KEYS.reduce((s, fk) => s + sum(fk), 0) : sum(r.key), 0)}
          </b>
        );
      },
    },
  ];

  const movedColumns: ColumnsType<MovedItem> = [
    {
      title: pick('企业名称', 'Enterprise'),
      dataIndex: 'name',
      width: 240,
      ellipsis: true,
      render: (v: string | null, r) => (
        <Link to={`/enterprise/${r.uscc}?run=${b?.id ?? ''}`}>{v ?? r.uscc}</Link>
      ),
    },
    { title: pick('统一社会信用代码', 'USCC'), dataIndex: 'uscc', width: 180 },
    {
      title: pick('区县', 'County'),
      dataIndex: 'divisionName',
      width: 100,
      render: (v: string | null, r) => v ?? r.division ?? '—',
    },
    {
      title: pick(`${labelA}等级`, `Class in ${labelA}`),
      dataIndex: 'from',
      width: 130,
      render: (v: ClassKey, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <KeyTag k={v} />
          {r.adjustedA ? <AdjustedMark /> : null}
        </span>
      ),
    },
    {
      title: pick(`${labelB}等级`, `Class in ${labelB}`),
      dataIndex: 'to',
      width: 130,
      render: (v: ClassKey, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <KeyTag k={v} />
          {r.adjustedB ? <AdjustedMark /> : null}
        </span>
      ),
    },
    {
      title: pick('变化', 'Move'),
      key: 'kind',
      width: 80,
      render: (_: unknown, r) => {
        const k = moveKind(r.from, r.to);
        const text = {
          same: pick('不变', 'same'),
          up: pick('升档', 'up'),
          down: pick('降档', 'down'),
          other: pick('其他', 'other'),
        }[k];
        return (
          <span style={{ color: MOVE_COLORS[k] === '#bfbfbf' ? undefined : MOVE_COLORS[k] }}>{text}</span>
        );
      },
    },
    {
      title: a ? pick(`第 ${a.id} 批得分`, `Score in run ${a.id}`) : pick('基准批次得分', 'Baseline score'),
      dataIndex: 'totalA',
      width: 90,
      align: 'right',
      render: (v: number | null) => num(v, 2),
    },
    {
      title: b ? pick(`第 ${b.id} 批得分`, `Score in run ${b.id}`) : pick('比较批次得分', 'Score compared'),
      dataIndex: 'totalB',
      width: 90,
      align: 'right',
      render: (v: number | null) => num(v, 2),
    },
    {
      title: pick('得分变化', 'Δ score'),
      key: 'delta',
      width: 90,
      align: 'right',
      render: (_: unknown, r) =>
        r.totalA !== null && r.totalB !== null ? (
          Math.abs(r.totalB - r.totalA) < 0.005 ? (
            <span style={{ color: '#8c8c8c' }}>0</span>
          ) : (
            <span style={{ color: r.totalB > r.totalA ? '#389e0d' : '#cf1322' }}>
              {r.totalB > r.totalA ? '+' : ''}
              {num(r.totalB - r.totalA, 2)}
            </span>
          )
        ) : (
          '—'
        ),
    },
  ];

  const divisionName = division
    ? (data?.byDivision.find((d) => d.division === division)?.name ?? division)
    : undefined;

  if (runs.error) return <ErrorBox error={runs.error} onRetry={runs.reload} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {pick('批次比较', 'Compare runs')}
        </Typography.Title>
        <Button onClick={() => navigate('/runs')}>{pick('返回批次列表', 'Back to the runs')}</Button>
      </Space>
      <Card size="small">
        <Space wrap>
          <span>{pick('基准批次', 'Baseline run')}</span>
          <Select
            data-testid="compare-a"
            style={{ width: 340 }}
            value={a?.id}
            options={runOptions}
            onChange={(v: number) =>
              setQuery({ a: v, b: b?.id, from: undefined, to: undefined, page: undefined })
            }
          />
          <Tooltip title={pick('交换两个批次', 'Swap the runs')}>
            <Button
              icon={<SwapOutlined />}
              disabled={!a || !b}
              onClick={() =>
                setQuery({ a: b?.id, b: a?.id, from: undefined, to: undefined, page: undefined })
              }
            />
          </Tooltip>
          <span>{pick('比较批次', 'Run compared')}</span>
          <Select
            data-testid="compare-b"
            style={{ width: 340 }}
            value={b?.id}
            options={runOptions}
            onChange={(v: number) =>
              setQuery({ b: v, a: a?.id, from: undefined, to: undefined, page: undefined })
            }
          />
          <Radio.Group
            data-testid="compare-basis"
            optionType="button"
            value={basis}
            onChange={(e) =>
              setQuery({ basis: e.target.value === 'initial' ? 'initial' : undefined, page: undefined })
            }
            options={[
              { value: 'adjusted', label: pick('调整后等级', 'Adjusted class') },
              { value: 'initial', label: pick('初评等级', 'Initial class') },
            ]}
          />
        </Space>
      </Card>
      {runs.data && items.length < 2 ? (
        <Alert
          type="info"
          showIcon
          title={pick('至少需要两个评价批次才能比较。', 'Comparing needs at least two runs.')}
          description={<Link to="/runs?start=1">{pick('发起一次评价', 'Start a run')}</Link>}
        />
      ) : null}
      {a && b && a.id === b.id ? (
        <Alert type="warning" showIcon title={pick('请选择两个不同的批次。', 'Choose two different runs.')} />
      ) : null}
      {cmp.error && a && b && a.id !== b.id ? (
        <ErrorBox
          error={cmp.error}
          onRetry={cmp.reload}
          hint={
            endpointMissing(cmp.error)
              ? pick(
                  '这台服务器还不支持批次比较：请更新并重启 mujun serve。',
                  'This server cannot compare runs yet: update and restart mujun serve.',
                )
              : pick('请检查所选批次后重试。', 'Check the runs chosen and retry.')
          }
        />
      ) : null}
      {data && heat ? (
        <>
          <Row gutter={[12, 12]}>
            {(['same', 'up', 'down', 'other'] as const).map((k) => (
              <Col key={k} xs={12} lg={6}>
                <Card size="small">
                  <Statistic
                    title={
                      {
                        same: pick('等级不变', 'Same class'),
                        up: pick('升档', 'Moved up'),
                        down: pick('降档', 'Moved down'),
                        other: pick('新增 / 退出 / 未定档', 'New / gone / ungraded'),
                      }[k]
                    }
                    value={num(totals[k], 0)}
                    suffix={pick('家', 'firms')}
                    valueStyle={{ color: k === 'same' ? undefined : MOVE_COLORS[k] }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={10}>
              <SourcedCard
                title={pick('等级迁移矩阵', 'Class transition matrix')}
                source={`${labelA} → ${labelB}`}
                definition={pick(
                  `行为${labelA}的${basis === 'initial' ? '初评' : '调整后'}等级，列为${labelB}的；颜色按对数深浅。点击对角线以外的格子筛选下方企业。`,
                  `Rows: ${basis === 'initial' ? 'initial' : 'adjusted'} class in ${labelA}; columns: in ${labelB}; colour on a log scale. Click a cell off the diagonal to list its enterprises.`,
                )}
              >
                <EChart
                  testId="compare-matrix"
                  option={heat.option}
                  height={300}
                  onClick={(p) => {
                    const c = heat.cells[p.dataIndex];
                    if (!c || c.value[0] === c.value[1] || c.value[3] === 0) return;
                    pickCell(KEYS[c.value[1]]!, KEYS[c.value[0]]!);
                  }}
                />
              </SourcedCard>
            </Col>
            <Col xs={24} xl={14}>
              <SourcedCard
                title={pick('迁移矩阵（家）', 'Transition matrix (firms)')}
                definition={pick(
                  '绿色为升档，红色为降档，灰色为不变；“未定档”为在批次中但未定档，“不在批次”为该批次没有这家企业。',
                  'Green: moved up, red: moved down, grey: same; “ungraded”: in the run without a class; “absent”: not in the run.',
                )}
              >
                <Table
                  data-testid="compare-matrix-table"
                  size="small"
                  pagination={false}
                  rowKey="key"
                  scroll={{ x: 640 }}
                  dataSource={[...KEYS.map((k) => ({ key: k })), { key: 'total' as ClassKey }]}
                  columns={matrixColumns}
                />
              </SourcedCard>
            </Col>
          </Row>
          <SourcedCard
            title={pick('各区县等级变化（家）', 'Class changes per county (firms)')}
            definition={pick(
              '点击柱子只看该区县的企业。',
              'Click a bar to list that county’s enterprises only.',
            )}
          >
            <EChart
              testId="compare-counties"
              option={barOption}
              height={240}
              onClick={(p) => {
                const d = divisions[p.dataIndex];
                if (d?.division)
                  setQuery({ division: d.division === division ? undefined : d.division, page: undefined });
              }}
            />
          </SourcedCard>
          <Card
            size="small"
            title={
              <Space wrap>
                <span>{pick('等级变化的企业', 'Enterprises that moved')}</span>
                {from && to ? (
                  <Tag
                    closable
                    onClose={() => setQuery({ from: undefined, to: undefined, page: undefined })}
                    data-testid="filter-cell"
                  >
                    {keyLabel(from, pick)} → {keyLabel(to, pick)}
                  </Tag>
                ) : null}
                {division ? (
                  <Tag closable onClose={() => setQuery({ division: undefined, page: undefined })}>
                    {divisionName}
                  </Tag>
                ) : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {pick(`共 ${num(data.moved.total, 0)} 家`, `${num(data.moved.total, 0)} firms`)}
                </Typography.Text>
              </Space>
            }
          >
            <Table
              data-testid="compare-moved"
              size="small"
              rowKey="uscc"
              dataSource={data.moved.items}
              columns={movedColumns}
              loading={cmp.loading}
              scroll={{ x: 1100 }}
              pagination={{
                current: page,
                pageSize: size,
                total: data.moved.total,
                pageSizeOptions: PAGE_SIZES,
                showSizeChanger: true,
              }}
              onChange={(p) =>
                setQuery({
                  page: p.current === 1 ? undefined : p.current,
                  size: p.pageSize === 20 ? undefined : p.pageSize,
                })
              }
            />
          </Card>
        </>
      ) : a && b && a.id !== b.id && !cmp.error ? (
        <Card loading />
      ) : null}
    </Space>
  );
}
