/**
 * 异议 Objections: the objections the user may see (a county's, an enterprise's own, or all), newest
 * first, by status; open one (a real link: focusable, opened with Enter, `?id=` in the address) to read
 * the explanation and evidence and — county operators and city analysts — accept or reject it.
 */
import { Drawer, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { api } from '../../api';
import type { ObjectionList, ObjectionView } from '../../contract';
import { useMessages } from '../../catalogue';
import { ErrorBox, useApi } from '../../components/common';
import { fmtTime, unitText } from '../../components/format';
import { ObjectionDetail, StatusTag } from '../../components/objections';
import { queryHref } from '../../components/query-href';
import { num } from '../../i18n';
import { Link, useRouter } from '../../router';
import { messages } from './messages';

const PAGE = 50;

export default function Objections() {
  const { m, lang } = useMessages(messages);
  const { location, setQuery } = useRouter();
  const status = location.query.get('status') ?? 'open';
  const page = Math.max(1, Number(location.query.get('page') ?? 1) || 1);
  const openId = Number(location.query.get('id') ?? NaN);
  const list = useApi(
    () =>
      api.get<ObjectionList>('/api/objections', {
        status: status === 'all' ? undefined : status,
        limit: PAGE,
        offset: (page - 1) * PAGE,
      }),
    [status, page],
  );
  const one = useApi(
    () => (Number.isFinite(openId) ? api.get<ObjectionView>(`/api/objections/${openId}`) : null),
    [openId],
  );
  const columns: ColumnsType<ObjectionView> = [
    { title: '#', dataIndex: 'id', width: 60 },
    {
      title: m('enterprise'),
      key: 'name',
      render: (_: unknown, o) => (
        <Link to={queryHref(location.path, location.query, { id: o.id })}>
          <span data-testid="objection-open">{o.name ?? o.uscc}</span>
        </Link>
      ),
    },
    {
      title: m('figure'),
      key: 'field',
      render: (_: unknown, o) => (
        <span className="num">
          {o.fieldLabel[lang]} {num(o.currentValue, 2)} → {num(o.claimedValue, 2)}{' '}
          {unitText(o.fieldLabel.unit, lang)}
        </span>
      ),
    },
    { title: m('run'), dataIndex: 'runId', width: 70, render: (v: number) => `#${v}` },
    { title: m('filedAt'), dataIndex: 'filedAt', width: 150, render: (v: string) => fmtTime(v) },
    { title: m('answerBy'), dataIndex: 'respondBy', width: 150, render: (v: string) => fmtTime(v) },
    { title: m('status'), key: 'status', width: 130, render: (_: unknown, o) => <StatusTag o={o} /> },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="objections-page">
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
        {m('title')}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
          {m('subtitle')}
        </Typography.Text>
      </Typography.Title>
      <Segmented
        value={status}
        aria-label={m('statusFilter')}
        onChange={(v) => setQuery({ status: v === 'open' ? undefined : v, page: undefined })}
        options={[
          { value: 'open', label: m('filter.open') },
          { value: 'accepted', label: m('filter.accepted') },
          { value: 'rejected', label: m('filter.rejected') },
          { value: 'all', label: m('all') },
        ]}
        data-testid="objection-status-filter"
      />
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      <Table<ObjectionView>
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        data-testid="objections-table"
        pagination={{
          current: page,
          pageSize: PAGE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => setQuery({ page: p === 1 ? undefined : p }),
        }}
      />
      <Drawer
        open={Number.isFinite(openId)}
        size="large"
        title={m('openTitle', { id: openId })}
        onClose={() => setQuery({ id: undefined })}
      >
        {one.error ? <ErrorBox error={one.error} /> : null}
        {one.data ? (
          <ObjectionDetail
            o={one.data}
            onChanged={() => {
              one.reload();
              list.reload();
            }}
          />
        ) : null}
      </Drawer>
    </Space>
  );
}
