/**
 * API 令牌 API tokens (city analysts): every account's tokens — what each is for, whose, made by whom and
 * when, last used, until when — and whether it still opens the API; a live one is revoked with a
 * confirmation. The tokens themselves are never shown (only their hash is kept); a role, county or
 * password change and disabling an account revoke its tokens by themselves (issue 11, item 8).
 */
import { useState } from 'react';
import { Button, Input, Popconfirm, Space, Table, Tag, Typography, message } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { api, ApiError } from '../../api';
import { ErrorBox, useApi } from '../../components/common';
import { fmtTime } from '../../components/format';
import type { TokenList, TokenRevokeResponse, TokenView } from '../../contract';
import { say, useMessages } from '../../catalogue';
import { useRouter } from '../../router';
import { messages, states } from './messages';

const COLOR: Record<TokenView['state'], string> = {
  active: 'green',
  expired: 'default',
  revoked: 'default',
  user_disabled: 'orange',
};

export default function Tokens() {
  const { m, lang } = useMessages(messages);
  const { location, setQuery } = useRouter();
  const user = location.query.get('user') ?? undefined;
  const data = useApi(() => api.get<TokenList>('/api/tokens', { user }), [user]);
  const [busy, setBusy] = useState<number | null>(null);

  const revoke = async (t: TokenView) => {
    setBusy(t.id);
    try {
      await api.del<TokenRevokeResponse>(`/api/tokens/${t.id}`);
      void message.success(m('revoked', { id: t.id, name: t.name }));
      data.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<TokenView> = [
    { title: '#', dataIndex: 'id', width: 70, render: (v: number) => <span className="num">{v}</span> },
    { title: m('account'), dataIndex: 'username', width: 140 },
    { title: m('for'), dataIndex: 'name', width: 180, ellipsis: true },
    {
      title: m('state'),
      dataIndex: 'state',
      width: 120,
      render: (s: TokenView['state']) => (
        <Tag color={COLOR[s]} data-state={s}>
          {say(states, lang, s)}
        </Tag>
      ),
    },
    {
      title: m('made'),
      key: 'created',
      width: 220,
      render: (_: unknown, t) => `${fmtTime(t.createdAt)} · ${t.createdBy}`,
    },
    {
      title: m('lastUsed'),
      dataIndex: 'lastUsedAt',
      width: 160,
      render: (v: string | null) => (v ? fmtTime(v) : m('never')),
    },
    {
      title: m('validUntil'),
      key: 'until',
      width: 160,
      render: (_: unknown, t) =>
        t.revokedAt
          ? m('revokedAt', { at: fmtTime(t.revokedAt) })
          : t.expiresAt
            ? fmtTime(t.expiresAt)
            : m('untilRevoked'),
    },
    {
      title: m('action'),
      key: 'action',
      width: 100,
      render: (_: unknown, t) =>
        t.state === 'active' || t.state === 'user_disabled' ? (
          <Popconfirm
            title={m('revokeQ', { id: t.id, user: t.username, name: t.name })}
            description={m('revokeWhat')}
            okText={m('revoke')}
            cancelText={m('cancel')}
            onConfirm={() => void revoke(t)}
          >
            <Button
              size="small"
              danger
              loading={busy === t.id}
              data-testid={`token-revoke-${t.id}`}
              aria-label={m('revokeOne', { id: t.id })}
            >
              {m('revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="tokens-page">
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
        {m('title')}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
          {m('subtitle')}
        </Typography.Text>
      </Typography.Title>
      <Input.Search
        allowClear
        placeholder={m('user')}
        aria-label={m('user')}
        defaultValue={user}
        style={{ width: 240 }}
        onSearch={(v) => setQuery({ user: v.trim() || undefined })}
        data-testid="tokens-user"
      />
      {data.error ? <ErrorBox error={data.error} onRetry={data.reload} /> : null}
      <Table<TokenView>
        rowKey="id"
        size="small"
        loading={data.loading}
        columns={columns}
        dataSource={data.data?.items ?? []}
        data-testid="tokens-table"
        pagination={{ pageSize: 50, showSizeChanger: false }}
        locale={{ emptyText: m('empty') }}
      />
    </Space>
  );
}
