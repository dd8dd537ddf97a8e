/**
 * 审计日志 Audit trail (city analysts): every write and login with who, when, what and before/after,
 * newest first, filtered by user, action, object and dates (in the address, every filter labelled),
 * paged on the server, and exported as XLSX with the same filters. Each change reads as words
 * (`Change`): `field: old → new`, times local, roles and states named, fingerprints (hashes) shortened
 * with the whole on hover — never raw JSON.
 */
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { DownloadOutlined } from '@ant-design/icons';
import { api, qs } from '../../api';
import type { AuditItem, AuditPage } from '../../contract';
import { say, useMessages } from '../../catalogue';
import { ErrorBox, useApi } from '../../components/common';
import { fmtTime } from '../../components/format';
import { useRouter } from '../../router';
import { Change } from './Change';
import { actions, messages } from './messages';
import { subjectText } from './words';

const PAGE = 50;

export default function Audit() {
  const { m, lang } = useMessages(messages);
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
    { title: m('when'), dataIndex: 'at', width: 150, render: (v: string) => fmtTime(v) },
    { title: m('who'), dataIndex: 'actor', width: 130 },
    {
      title: m('what'),
      key: 'action',
      width: 170,
      render: (_: unknown, e) => (
        <Space orientation="vertical" size={0}>
          <Tag
            color={
              e.action === 'auth.login_failed' ? 'red' : e.action.startsWith('user.') ? 'purple' : 'blue'
            }
          >
            {e.label ? e.label[lang] : e.action}
          </Tag>
        </Space>
      ),
    },
    {
      title: m('object'),
      dataIndex: 'subject',
      width: 220,
      ellipsis: true,
      render: (v: string | null) => subjectText(v, lang),
    },
    {
      title: m('change'),
      key: 'change',
      render: (_: unknown, e) => (
        <div style={{ fontSize: 12, wordBreak: 'break-word' }}>
          <Change before={e.before} after={e.after} />
        </div>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="audit-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {m('title')}
          <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
            {m('subtitle')}
          </Typography.Text>
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href={`/api/audit.xlsx${qs(filter)}`} data-testid="audit-xlsx">
          {m('export')}
        </Button>
      </Space>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={m('actor')}
          aria-label={m('actor')}
          defaultValue={filter.actor}
          style={{ width: 200 }}
          onSearch={(v) => setQuery({ actor: v || undefined, page: undefined })}
          data-testid="audit-actor"
        />
        <Select
          allowClear
          placeholder={m('action')}
          aria-label={m('action')}
          style={{ width: 220 }}
          value={filter.action}
          options={Object.keys(actions).map((a) => ({
            value: a,
            label: say(actions, lang, a as keyof typeof actions),
          }))}
          onChange={(v: string | undefined) => setQuery({ action: v, page: undefined })}
          data-testid="audit-action"
        />
        <Input.Search
          allowClear
          placeholder={m('subject')}
          aria-label={m('subject')}
          defaultValue={filter.subject}
          style={{ width: 200 }}
          onSearch={(v) => setQuery({ subject: v || undefined, page: undefined })}
          data-testid="audit-subject"
        />
        <Input
          type="date"
          value={filter.from ?? ''}
          onChange={(e) => setQuery({ from: e.target.value || undefined, page: undefined })}
          style={{ width: 150 }}
          aria-label={m('from')}
        />
        <Input
          type="date"
          value={filter.to ?? ''}
          onChange={(e) => setQuery({ to: e.target.value || undefined, page: undefined })}
          style={{ width: 150 }}
          aria-label={m('to')}
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
          showTotal: (n) => m('total', { n }),
          onChange: (p) => setQuery({ page: p === 1 ? undefined : p }),
        }}
      />
    </Space>
  );
}
