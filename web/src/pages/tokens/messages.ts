/** The words of the API tokens page: [中文, English]. */
import { defineMessages } from '../../catalogue';

export const messages = defineMessages({
  title: ['API 令牌', 'API tokens'],
  subtitle: [
    '脚本访问接口的凭据；更改账号的角色、区县或密码，或停用账号时，其令牌自动撤销',
    'credentials of scripts; an account’s tokens are revoked when its role, county or password changes, or it is disabled',
  ],
  revoked: ['已撤销令牌 #{id}（{name}）', 'Token #{id} ({name}) revoked'],
  account: ['账号', 'Account'],
  for: ['用途', 'For'],
  state: ['状态', 'State'],
  made: ['创建', 'Made'],
  lastUsed: ['最近使用', 'Last used'],
  never: ['从未使用', 'never'],
  validUntil: ['有效期至', 'Valid until'],
  revokedAt: ['{at} 撤销', 'revoked {at}'],
  untilRevoked: ['撤销前一直有效', 'until revoked'],
  action: ['操作', 'Action'],
  revokeQ: ['撤销令牌 #{id}（{user}：{name}）？', 'Revoke token #{id} ({user}: {name})?'],
  revokeWhat: [
    '使用它的脚本将立即无法访问，撤销后不能恢复。',
    'Scripts using it lose access at once; a revoked token cannot be restored.',
  ],
  revoke: ['撤销', 'Revoke'],
  revokeOne: ['撤销令牌 #{id}', 'Revoke token #{id}'],
  cancel: ['取消', 'Cancel'],
  user: ['账号（用户名）', 'Account (user name)'],
  empty: ['没有 API 令牌', 'No API tokens'],
});

export const states = defineMessages({
  active: ['有效', 'active'],
  expired: ['已过期', 'expired'],
  revoked: ['已撤销', 'revoked'],
  user_disabled: ['账号已停用', 'account disabled'],
});
