/**
 * Accounts (ADR 0011): logging in and out, who am I, changing one's own password; the bureau's accounts
 * (analysts only): list, create, change role or county, disable, reset a password; API tokens: list and
 * revoke. Logging in sets the cookies `mujun_session` (HttpOnly) and `mujun_csrf`; a throttled password
 * guess answers 429 with `retryAfter` (and the header Retry-After).
 */
import { z } from 'zod';
import { ANALYST, ANY, endpoint, id, text } from './define.js';

/** analyst 市经信局分析员 · county 区县操作员 · enterprise 企业 · leader 领导 (read-only). */
export const role = z.enum(['analyst', 'county', 'enterprise', 'leader']);
export type Role = z.output<typeof role>;

/** The account a request acts as. */
export const me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string().nullable(),
  role,
  roleLabel: text,
  division: z.string().nullable().describe('The county of a county operator (6-digit code)'),
  uscc: z.string().nullable().describe('The USCC of an enterprise account'),
});
export type Me = z.output<typeof me>;

/** `POST /api/auth/login` body (the service checks them: an empty or overlong one is a wrong login). */
export const loginRequest = z.object({
  username: z.string(),
  password: z.string(),
});
export type LoginRequest = z.input<typeof loginRequest>;

export const loginResponse = z.object({
  user: me,
  csrfToken: z.string().describe('Send it back as header X-CSRF-Token with every POST, PATCH and DELETE'),
  expiresAt: z.string(),
});
export type LoginResponse = z.output<typeof loginResponse>;

export const meResponse = z.object({
  user: me,
  csrfToken: z
    .string()
    .nullable()
    .describe("The session's CSRF token; null when authenticated by an API token"),
});
export type MeResponse = z.output<typeof meResponse>;

/** `POST /api/auth/password` body: the current password and the new one. */
export const passwordRequest = z.object({ current: z.string(), password: z.string() });

export const userView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string().nullable(),
  role,
  division: z.string().nullable(),
  uscc: z.string().nullable(),
  disabled: z.boolean(),
  hasPassword: z.boolean().describe('False for accounts that use API tokens only'),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type UserView = z.output<typeof userView>;

export const userList = z.object({ items: z.array(userView) });
export type UserList = z.output<typeof userList>;

/** An optional text field of a body: null is the same as absent. */
const optionalText = z.string().nullable().optional();

/** `POST /api/users` body (the service checks the name, the role's county or USCC and the password). */
export const newUserRequest = z.object({
  username: z.string(),
  displayName: optionalText,
  role: z.string().describe('analyst, county, enterprise or leader'),
  division: optionalText.describe('A county operator’s county (6-digit code)'),
  uscc: optionalText.describe('An enterprise account’s USCC'),
  password: optionalText.describe('Absent or null: the account logs in with API tokens only'),
});

/** `PATCH /api/users/:username` body: any of a new role (with its county or USCC), disabled, a new password. */
export const userChangeRequest = z.object({
  role: optionalText.describe('analyst, county, enterprise or leader (with division or uscc)'),
  division: optionalText,
  uscc: optionalText,
  disabled: z.boolean().optional(),
  password: optionalText.describe('A new password (ends the user’s sessions and revokes its tokens)'),
});

/** An API token as analysts see it: never the token itself, only what it is. */
export const tokenView = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  username: z.string(),
  name: z.string().describe('What it is for, as its maker named it'),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable().describe('null: until revoked'),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  state: z
    .enum(['active', 'expired', 'revoked', 'user_disabled'])
    .describe('Whether it still opens the API; user_disabled: its account is disabled'),
});
export type TokenView = z.output<typeof tokenView>;

export const tokenList = z.object({ items: z.array(tokenView) });
export type TokenList = z.output<typeof tokenList>;

/** DELETE /api/tokens/:id: the token as it is now (revoked). */
export const tokenRevokeResponse = z.object({ token: tokenView });
export type TokenRevokeResponse = z.output<typeof tokenRevokeResponse>;

const username = z.string().max(200).describe('A user name');

export const authEndpoints = {
  login: endpoint({
    method: 'POST',
    path: '/api/auth/login',
    tag: 'accounts',
    summary: {
      zh: '登录：设置会话 Cookie（尝试过多则 429）',
      en: 'Log in: sets the session cookies (429 after too many attempts)',
    },
    access: 'public',
    body: loginRequest,
    response: loginResponse,
  }),
  logout: endpoint({
    method: 'POST',
    path: '/api/auth/logout',
    tag: 'accounts',
    summary: { zh: '退出登录：结束会话，清除 Cookie', en: 'Log out: ends the session, clears the cookies' },
    access: 'public',
    response: null,
    status: 204,
  }),
  me: endpoint({
    method: 'GET',
    path: '/api/auth/me',
    tag: 'accounts',
    summary: { zh: '当前账号及其 CSRF 令牌', en: 'The current account and its CSRF token' },
    access: ANY,
    response: meResponse,
  }),
  password: endpoint({
    method: 'POST',
    path: '/api/auth/password',
    tag: 'accounts',
    summary: {
      zh: '修改自己的密码（结束所有会话；尝试过多则 429）',
      en: 'Change one’s own password (ends every session; 429 after too many attempts)',
    },
    access: ANY,
    body: passwordRequest,
    response: null,
    status: 204,
  }),
  users: endpoint({
    method: 'GET',
    path: '/api/users',
    tag: 'accounts',
    summary: { zh: '所有账号', en: 'Every account' },
    access: ANALYST,
    response: userList,
  }),
  createUser: endpoint({
    method: 'POST',
    path: '/api/users',
    tag: 'accounts',
    summary: { zh: '新建账号', en: 'Create an account' },
    access: ANALYST,
    body: newUserRequest,
    response: userView,
    status: 201,
  }),
  changeUser: endpoint({
    method: 'PATCH',
    path: '/api/users/:username',
    tag: 'accounts',
    summary: {
      zh: '修改账号：角色和区县或企业、停用或启用、重设密码',
      en: 'Change an account: role and county or USCC, disable or enable, reset the password',
    },
    access: ANALYST,
    params: z.object({ username }),
    body: userChangeRequest,
    response: userView,
  }),
  tokens: endpoint({
    method: 'GET',
    path: '/api/tokens',
    tag: 'accounts',
    summary: {
      zh: '所有账号的 API 令牌（不含令牌本身）',
      en: "Every account's API tokens (never the token)",
    },
    access: ANALYST,
    query: z.object({ user: username.optional().describe("Only this user's tokens") }),
    response: tokenList,
  }),
  revokeToken: endpoint({
    method: 'DELETE',
    path: '/api/tokens/:id',
    tag: 'accounts',
    summary: { zh: '撤销一个 API 令牌', en: 'Revoke an API token' },
    access: ANALYST,
    params: z.object({ id }),
    response: tokenRevokeResponse,
  }),
};
