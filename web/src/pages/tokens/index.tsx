/**
 * API 令牌 API tokens (city analysts): every account's tokens — what each is for, whose, made by whom and
 * when, last used, until when — and whether it still opens the API; a live one is revoked with a
 * confirmation. The tokens themselves are never shown (only their hash is kept); a role, county or
 * password change and disabling an account revoke its tokens by themselves (issue 11, item 8).
 */
import { useState } from 'react';
import { Button, Input, Popconfirm, Space, Table, Tag, Typography, message } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { api, ApiError } from '../api';
import { ErrorBox, useApi } from '../components/common';
import { fmtTime } from '../components/format';
import type { TokenList, TokenRevokeResponse, TokenView } from '../contract';
import { useI18n } from '../i18n';
import { useRouter } from '../router';

const STATE: Record<TokenView['state'], { zh: string; en: string; color: string }> = {
  active: { zh: '有效', en: 'active', color: 'green' },
  expired: { zh: '已过期', en: 'expired', color: 'default' },
  revoked: { zh: '已撤销', en: 'revoked', color: 'default' },
  user_disabled: { zh: '账号已停用', en: 'account disabled', color: 'orange' },
};

export default function Tokens() {
  const { pick, lang } = useI18n();
  const { location, setQuery } = useRouter();
  const user = location.query.get('user') ?? undefined;
  const data = useApi(() => api.get<TokenList>('/api/tokens', { user }), [user]);
  const [busy, setBusy] = useState<number | null>(null);

  const revoke = async (t: TokenView) => {
    setBusy(t.id);
    try {
      await api.del<TokenRevokeResponse>(`/api/tokens/${t.id}`);
      void message.success(pick(`已撤销令牌 #${t.id}（${t.name}）`, `Token #${t.id} (${t.name}) revoked`));
      data.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<TokenView> = [
    { title: '#', dataIndex: 'id', width: 70, render: (v: number) => <span className="num">{v}</span> },
    { title: pick('账号', 'Account'), dataIndex: 'username', width: 140 },
    { title: pick('用途', 'For'), dataIndex: 'name', width: 180, ellipsis: true },
    {
      title: pick('状态', 'State'),
      dataIndex: 'state',
      width: 120,
      render: (s: TokenView['state']) => (
        <Tag color={STATE[s].color} data-state={s}>
          {pick(STATE[s].zh, STATE[s].en)}
        </Tag>
      ),
    },
    {
      title: pick('创建', 'Made'),
      key: 'created',
      width: 220,
      render: (_: unknown, t) => `${fmtTime(t.createdAt)} · ${t.createdBy}`,
    },
    {
      title: pick('最近使用', 'Last used'),
      dataIndex: 'lastUsedAt',
      width: 160,
      render: (v: string | null) => (v ? fmtTime(v) : pick('从未使用', 'never')),
    },
    {
      title: pick('有效期至', 'Valid until'),
      key: 'until',
      width: 160,
      render: (_: unknown, t) =>
        t.revokedAt
          ? pick(`${fmtTime(t.revokedAt)} 撤销`, `revoked ${fmtTime(t.revokedAt)}`)
          : t.expiresAt
            ? fmtTime(t.expiresAt)
            : pick('撤销前一直有效', 'until revoked'),
    },
    {
      title: pick('操作', 'Action'),
      key: 'action',
      width: 100,
      render: (_: unknown, t) =>
        t.state === 'active' || t.state === 'user_disabled' ? (
          <Popconfirm
            title={pick(
              `撤销令牌 #${t.id}（${t.username}：${t.name}）？`,
              `Revoke token #${t.id} (${t.username}: ${t.name})?`,
            )}
            description={pick(
              '使用它的脚本将立即无法访问，撤销后不能恢复。',
              'Scripts using it lose access at once; a revoked token cannot be restored.',
            )}
            okText={pick('撤销', 'Revoke')}
            cancelText={pick('取消', 'Cancel')}
            onConfirm={() => void revoke(t)}
          >
            <Button size="small" danger loading={busy === t.id} data-testid={`token-revoke-${t.id}`}>
              {pick('撤销', 'Revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="tokens-page">
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
        {pick('API 令牌', 'API tokens')}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
          {pick(
            '脚本访问接口的凭据；更改账号的角色、区县或密码，或停用账号时，其令牌自动撤销',
            'credentials of scripts; an account’s tokens are revoked when its role, county or password changes, or it is disabled',
          )}
        </Typography.Text>
      </Typography.Title>
      <Input.Search
        allowClear
        placeholder={pick('账号（用户名）', 'Account (user name)')}
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
        locale={{ emptyText: pick('没有 API 令牌', 'No API tokens') }}
      />
    </Space>
  );
}
