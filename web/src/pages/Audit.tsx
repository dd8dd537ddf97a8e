/**
 * 审计日志 Audit trail (city analysts): every write and login with who, when, what and before/after,
 * newest first, filtered by user, action, object and dates (in the address), paged on the server, and
 * exported as XLSX with the same filters.
 */
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { DownloadOutlined } from '@ant-design/icons';
import { api, qs } from '../api';
import { ErrorBox, useApi } from '../components/common';
import { fmtTime } from '../components/format';
import type { AuditItem, AuditPage } from '../contract';
import { useI18n } from '../i18n';
import { useRouter } from '../router';

const ACTIONS: { value: string; zh: string; en: string }[] = [
  { value: 'auth.*', zh: '登录与退出（全部）', en: 'logins and logouts (all)' },
  { value: 'auth.login_failed', zh: '登录失败', en: 'failed logins' },
  { value: 'user.*', zh: '账号与权限变更', en: 'accounts and permissions' },
  { value: 'token.*', zh: 'API 令牌', en: 'API tokens' },
  { value: 'dataset.import', zh: '导入数据', en: 'imports' },
  { value: 'run.*', zh: '评价运行与公示', en: 'runs and publishing' },
  { value: 'class.adjust', zh: '人工调档', en: 'adjustments' },
  { value: 'policy.apply', zh: '政策应用', en: 'policy applications' },
  { value: 'objection.*', zh: '异议及处理', en: 'objections and decisions' },
];

const PAGE = 50;

const short = (v: unknown): string => (v === null || v === undefined ? '' : JSON.stringify(v));

export default function Audit() {
  const { pick } = useI18n();
  const { location, setQuery } = useRouter();
  const q = location.query;
  const filter = {
    actor: q.get('actor') ?? undefined,
    action: q.get('action') ?? undefined,
    subject: q.get('subject') ?? undefined,
    from: q.get('from') ?? undefined,
    to: q.get('to') ?? undefined,
  };
  const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
  const data = useApi(
    () => api.get<AuditPage>('/api/audit', { ...filter, limit: PAGE, offset: (page - 1) * PAGE }),
    [location.query.toString()],
  );
  const columns: ColumnsType<AuditItem> = [
    { title: '#', dataIndex: 'id', width: 70, render: (v: number) => <span className="num">{v}</span> },
    { title: pick('时间', 'When'), dataIndex: 'at', width: 150, render: (v: string) => fmtTime(v) },
    { title: pick('操作人', 'Who'), dataIndex: 'actor', width: 130 },
    {
      title: pick('操作', 'What'),
      key: 'action',
      width: 170,
      render: (_: unknown, e) => (
        <Space orientation="vertical" size={0}>
          <Tag
            color={
              e.action === 'auth.login_failed' ? 'red' : e.action.startsWith('user.') ? 'purple' : 'blue'
            }
          >
            {e.label ? pick(e.label.zh, e.label.en) : e.action}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 11 }}>
            {e.action}
          </Typography.Text>
        </Space>
      ),
    },
    { title: pick('对象', 'Object'), dataIndex: 'subject', width: 200, ellipsis: true },
    {
      title: pick('操作前 → 操作后', 'Before → after'),
      key: 'change',
      render: (_: unknown, e) => (
        <Typography.Text style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {e.before !== null && e.before !== undefined ? (
            <>
              <Typography.Text delete type="secondary">
                {short(e.before)}
              </Typography.Text>{' '}
              →{' '}
            </>
          ) : null}
          {short(e.after)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="audit-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {pick('审计日志', 'Audit trail')}
          <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
            {pick('只可追加，不可修改或删除', 'append-only: never changed or deleted')}
          </Typography.Text>
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href={`/api/audit.xlsx${qs(filter)}`} data-testid="audit-xlsx">
          {pick('导出 XLSX', 'Export XLSX')}
        </Button>
      </Space>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={pick('操作人（用户名）', 'Who (user name)')}
          defaultValue={filter.actor}
          style={{ width: 200 }}
          onSearch={(v) => setQuery({ actor: v || undefined, page: undefined })}
          data-testid="audit-actor"
        />
        <Select
          allowClear
          placeholder={pick('操作类型', 'Action')}
          style={{ width: 220 }}
          value={filter.action}
          options={ACTIONS.map((a) => ({ value: a.value, label: pick(a.zh, a.en) }))}
          onChange={(v: string | undefined) => setQuery({ action: v, page: undefined })}
          data-testid="audit-action"
        />
        <Input.Search
          allowClear
          placeholder={pick('对象，如 run:3', 'Object, e.g. run:3')}
          defaultValue={filter.subject}
          style={{ width: 200 }}
          onSearch={(v) => setQuery({ subject: v || undefined, page: undefined })}
        />
        <Input
          type="date"
          value={filter.from ?? ''}
          onChange={(e) => setQuery({ from: e.target.value || undefined, page: undefined })}
          style={{ width: 150 }}
          aria-label={pick('起始日期', 'From')}
        />
        <Input
          type="date"
          value={filter.to ?? ''}
          onChange={(e) => setQuery({ to: e.target.value || undefined, page: undefined })}
          style={{ width: 150 }}
          aria-label={pick('截止日期（不含）', 'To (exclusive)')}
        />
      </Space>
      {data.error ? <ErrorBox error={data.error} onRetry={data.reload} /> : null}
      <Table<AuditItem>
        rowKey="id"
        size="small"
        loading={data.loading}
        columns={columns}
        dataSource={data.data?.items ?? []}
        data-testid="audit-table"
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => pick(`共 ${n} 条`, `${n} entries`),
          onChange: (p) => setQuery({ page: p === 1 ? undefined : p }),
        }}
      />
    </Space>
  );
}
