/**
 * 异议 Objections: the objections the user may see (a county's, an enterprise's own, or all), newest
 * first, by status; open one to read the explanation and evidence and — county operators and city
 * analysts — accept or reject it.
 */
import { Drawer, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { api } from '../api';
import { ErrorBox, useApi } from '../components/common';
import { fmtTime } from '../components/format';
import { ObjectionDetail, StatusTag } from '../components/objections';
import type { ObjectionList, ObjectionView } from '../contract';
import { num, useI18n } from '../i18n';
import { useRouter } from '../router';

const PAGE = 50;

export default function Objections() {
  const { pick } = useI18n();
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
      title: pick('企业', 'Enterprise'),
      key: 'name',
      render: (_: unknown, o) => (
        <a onClick={() => setQuery({ id: o.id })} data-testid="objection-open">
          {o.name ?? o.uscc}
        </a>
      ),
    },
    {
      title: pick('异议指标', 'Figure'),
      key: 'field',
      render: (_: unknown, o) => (
        <span className="num">
          {pick(o.fieldLabel.zh, o.fieldLabel.en)} {num(o.currentValue, 2)} → {num(o.claimedValue, 2)}{' '}
          {o.fieldLabel.unit}
        </span>
      ),
    },
    { title: pick('批次', 'Run'), dataIndex: 'runId', width: 70, render: (v: number) => `#${v}` },
    { title: pick('提出时间', 'Filed'), dataIndex: 'filedAt', width: 150, render: (v: string) => fmtTime(v) },
    {
      title: pick('答复期限', 'Answer by'),
      dataIndex: 'respondBy',
      width: 150,
      render: (v: string) => fmtTime(v),
    },
    {
      title: pick('状态', 'Status'),
      key: 'status',
      width: 130,
      render: (_: unknown, o) => <StatusTag o={o} />,
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="objections-page">
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
        {pick('异议', 'Objections')}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
          {pick(
            '公示期内企业对本企业数据提出的异议及处理',
            'Objections filed during public notice, and their decisions',
          )}
        </Typography.Text>
      </Typography.Title>
      <Segmented
        value={status}
        onChange={(v) => setQuery({ status: v === 'open' ? undefined : v, page: undefined })}
        options={[
          { value: 'open', label: pick('待处理', 'Open') },
          { value: 'accepted', label: pick('已采纳', 'Accepted') },
          { value: 'rejected', label: pick('已驳回', 'Rejected') },
          { value: 'all', label: pick('全部', 'All') },
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
        title={pick(`异议 #${openId}`, `Objection #${openId}`)}
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
