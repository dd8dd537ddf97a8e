/**
 * The list of runs: status, class counts and what may be done with each (cockpit, enterprises, adjust,
 * publish, compare with the previous run); the start form above it, a run in progress offered to follow.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, message, Result, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { PlusOutlined, ReloadOutlined, SwapOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useMessages } from '../../catalogue';
import type { JobView, RunList as RunListData, RunView } from '../../contract';
import { Load, useApi } from '../../components/common';
import { CLASS_COLORS } from '../../components/EChart';
import { fmtDate, fmtTime } from '../../components/format';
import { num } from '../../i18n';
import { Link, useRouter } from '../../router';
import { AdjustDrawer } from './Adjust';
import { messages } from './messages';
import { PublishDialog } from './Publish';
import { byNewest, CLASSES, datasetLabel, previousOf, runStatusKind, type MethodologyItem } from './runs';
import { StartRun } from './StartRun';

function RunStatus({ run }: { run: RunView }) {
  const { m } = useMessages(messages);
  const kind = runStatusKind(run, Date.now());
  if (kind === 'notice')
    return (
      <Tooltip title={m('status.publishedBy', { at: fmtTime(run.publishedAt), by: run.publishedBy ?? '—' })}>
        <Tag color="gold" data-testid="run-status" data-status="notice">
          {m('status.notice', { until: fmtDate(run.noticeUntil) })}
        </Tag>
      </Tooltip>
    );
  if (kind === 'notice-ended')
    return (
      <Tag color="green" data-testid="run-status" data-status="notice-ended">
        {m('status.noticeEnded', { until: fmtDate(run.noticeUntil) })}
      </Tag>
    );
  if (kind === 'published')
    return (
      <Tag color="gold" data-testid="run-status" data-status="published">
        {m('status.published')}
      </Tag>
    );
  if (kind === 'draft')
    return (
      <Tag data-testid="run-status" data-status="draft">
        {m('status.draft')}
      </Tag>
    );
  return (
    <Tag data-testid="run-status" data-status={run.status}>
      {run.status}
    </Tag>
  );
}

function ClassCounts({ run }: { run: RunView }) {
  const { m } = useMessages(messages);
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
          {m('list.graded', { graded: num(graded, 0), records: num(s.records, 0) })}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

export function RunList() {
  const { m, lang } = useMessages(messages);
  const { location, setQuery, navigate } = useRouter();
  const { can } = useAuth();
  const runs = useApi(() => api.get<RunListData>('/api/runs'), []);
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
  const mTitle = (id: string) => methodologies.data?.items.find((x) => x.id === id)?.title[lang];

  const columns: ColumnsType<RunView> = [
    {
      title: m('col.run'),
      dataIndex: 'id',
      width: 64,
      render: (v: number) => <b className="num">#{v}</b>,
    },
    { title: m('col.year'), dataIndex: 'year', width: 64 },
    {
      title: m('col.methodology'),
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
      title: m('col.dataset'),
      key: 'dataset',
      width: 88,
      render: (_: unknown, r) => datasetLabel(r),
    },
    {
      title: m('col.started'),
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
      title: m('col.status'),
      key: 'status',
      width: 180,
      render: (_: unknown, r) => <RunStatus run={r} />,
    },
    {
      title: m('col.classes'),
      key: 'classes',
      width: 230,
      render: (_: unknown, r) => <ClassCounts run={r} />,
    },
    {
      title: m('col.actions'),
      key: 'actions',
      width: 350,
      render: (_: unknown, r) => {
        const prev = previousOf(items, r);
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => navigate(`/cockpit?run=${r.id}`)}>
              {m('act.cockpit')}
            </Button>
            <Button type="link" size="small" onClick={() => navigate(`/enterprises?run=${r.id}`)}>
              {m('act.firms')}
            </Button>
            {can('run.adjust') ? (
              <Button
                type="link"
                size="small"
                data-testid={`adjust-run-${r.id}`}
                onClick={() => setQuery({ adjust: r.id, uscc: undefined })}
              >
                {m('act.adjust')}
              </Button>
            ) : null}
            {can('run.publish') ? (
              <Tooltip title={r.publishedAt ? m('act.alreadyPublished') : undefined}>
                <Button
                  type="link"
                  size="small"
                  data-testid={`publish-run-${r.id}`}
                  disabled={!!r.publishedAt}
                  onClick={() => setPublishing(r)}
                >
                  {m('act.publish')}
                </Button>
              </Tooltip>
            ) : null}
            <Tooltip title={prev ? m('act.compareWith', { id: prev.id }) : m('act.noEarlier')}>
              <Button
                type="link"
                size="small"
                disabled={!prev}
                onClick={() => prev && navigate(`/runs/compare?a=${prev.id}&b=${r.id}`)}
              >
                {m('act.compare')}
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
          {m('list.title')}
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
              {m('list.start')}
            </Button>
          ) : null}
          <Button
            icon={<SwapOutlined />}
            onClick={() => navigate('/runs/compare')}
            data-testid="compare-runs"
          >
            {m('list.compareTwo')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={runs.reload}>
            {m('list.refresh')}
          </Button>
        </Space>
      </Space>
      {!startOpen && activeJob ? (
        <Alert
          type="info"
          showIcon
          data-testid="active-job"
          title={m('list.activeJob', { by: activeJob.createdBy, at: fmtTime(activeJob.createdAt) })}
          action={
            <Button size="small" onClick={() => setQuery({ start: 1, job: activeJob.id })}>
              {m('list.showProgress')}
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
                title={m('list.empty')}
                subTitle={m('list.empty.hint')}
                extra={
                  <Space>
                    <Button onClick={() => navigate('/import')}>{m('list.empty.import')}</Button>
                    <Button type="primary" onClick={() => setQuery({ start: 1 })}>
                      {m('list.start')}
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
        {m('list.footnote')}
      </Typography.Text>
      {publishing ? (
        <PublishDialog
          run={publishing}
          onClose={() => setPublishing(undefined)}
          onConflict={runs.reload}
          onDone={(r) => {
            setPublishing(undefined);
            runs.reload();
            void msg.success(m('publish.done', { id: r.id, until: fmtDate(r.noticeUntil) }));
          }}
        />
      ) : null}
      {can('run.adjust') && Number.isFinite(adjustId) ? (
        <AdjustDrawer
          runId={adjustId}
          run={adjustRun}
          initialUscc={q.get('uscc') ?? ''}
          onClose={() => setQuery({ adjust: undefined, uscc: undefined })}
          onSaved={() => {
            runs.reload();
            void msg.success(m('adjust.recorded'));
          }}
        />
      ) : null}
    </Space>
  );
}
