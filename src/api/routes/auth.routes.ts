/**
 * Logging in and out, who am I, changing one's password; and the accounts of the bureau (analysts
 * only): list, create, change role or county, disable, reset a password; list and revoke API tokens.
 * ADR 0011.
 */
import {
  changeOwnPassword,
  createUser,
  login,
  logout,
  revokeToken,
  setUserDisabledState,
  setUserPassword,
  setUserRole,
  tokensList,
  usersList,
  type TokenListItem,
} from '../../services/accounts.service.js';
import { ServiceError } from '../../services/errors.js';
import type { Store } from '../../services/store.js';
import type { User } from '../../db/index.js';
import { ROLE_LABELS, type Principal } from '../../domain/access.js';
import { clearSessionCookies, clientIp, CSRF_COOKIE, setSessionCookies } from '../auth.js';
import type * as C from '../contract.js';
import { actorOf, principalOf, type App, type Ctx } from '../env.js';
import { intParam, jsonBody, stringField, MAX_ID } from '../params.js';
import { getCookie } from 'hono/cookie';

export const meView = (p: Principal): C.Me => ({
  id: p.id,
  username: p.username,
  displayName: p.displayName,
  role: p.role,
  roleLabel: ROLE_LABELS[p.role],
  division: p.division,
  uscc: p.uscc,
});

const userView = (u: User): C.UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  division: u.division,
  uscc: u.uscc,
  disabled: u.disabledAt !== null,
  hasPassword: u.hasPassword,
  createdBy: u.createdBy,
  createdAt: u.createdAt,
});

/** A throttled password guess (login or password change): 429 with the seconds to wait. */
const tooMany = (c: Ctx, e: ServiceError) =>
  c.json({ error: { code: e.code, message: e.message, retryAfter: e.retryAfterSeconds ?? 1 } }, 429, {
    'retry-after': String(e.retryAfterSeconds ?? 1),
  });

const tokenView = (t: TokenListItem): C.TokenView => ({
  id: t.id,
  userId: t.userId,
  username: t.username,
  name: t.name,
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
  state: t.state,
});

export function registerAuthRoutes(app: App, store: Store): void {
  app.post('/api/auth/login', async (c) => {
    const b = await jsonBody(c);
    try {
      const r = await login(store, {
        username: stringField(b, 'username')!,
        password: stringField(b, 'password')!,
        ip: clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
        previousSessionId: c.get('sessionId'),
      });
      setSessionCookies(c, r.sessionId, r.csrfToken);
      return c.json<C.LoginResponse>({
        user: meView(r.principal),
        csrfToken: r.csrfToken,
        expiresAt: r.expiresAt,
      });
    } catch (e) {
      if (e instanceof ServiceError && e.code === 'too_many_requests') return tooMany(c, e);
      throw e;
    }
  });
  app.post('/api/auth/logout', async (c) => {
    const sid = c.get('sessionId');
    if (sid) await logout(store, sid, c.get('principal'));
    clearSessionCookies(c);
    return c.body(null, 204);
  });
  app.get('/api/auth/me', (c) => {
    const p = principalOf(c);
    return c.json<C.MeResponse>({
      user: meView(p),
      // the page reads it from its cookie too; null for API tokens (no CSRF token needed)
      csrfToken: c.get('sessionId') ? (getCookie(c, CSRF_COOKIE) ?? null) : null,
    });
  });
  app.post('/api/auth/password', async (c) => {
    const b = await jsonBody(c);
    try {
      await changeOwnPassword(
        store,
        principalOf(c),
        stringField(b, 'current')!,
        stringField(b, 'password')!,
        {
          ip: clientIp(c),
        },
      );
    } catch (e) {
      if (e instanceof ServiceError && e.code === 'too_many_requests') return tooMany(c, e);
      throw e;
    }
    clearSessionCookies(c);
    return c.body(null, 204);
  });

  // API tokens of every account (analysts): list (one user's with ?user=), revoke one
  app.get('/api/tokens', async (c) => {
    const user = c.req.query('user');
    const items = await tokensList(store, user ? { username: user } : {});
    return c.json<C.TokenList>({ items: items.map(tokenView) });
  });
  app.delete('/api/tokens/:id', async (c) => {
    const id = intParam(c.req.param('id'), 'id', undefined, 1, MAX_ID)!;
    const t = await revokeToken(store, id, actorOf(c));
    return c.json<C.TokenRevokeResponse>({ token: tokenView({ ...t, state: 'revoked' }) });
  });

  app.get('/api/users', async (c) => c.json<C.UserList>({ items: (await usersList(store)).map(userView) }));
  app.post('/api/users', async (c) => {
    const b = await jsonBody(c);
    const u = await createUser(
      store,
      {
        username: stringField(b, 'username')!,
        displayName: stringField(b, 'displayName', true) ?? null,
        role: stringField(b, 'role')!,
        division: stringField(b, 'division', true) ?? null,
        uscc: stringField(b, 'uscc', true) ?? null,
        password: stringField(b, 'password', true) ?? null,
      },
      actorOf(c),
    );
    return c.json<C.UserView>(userView(u), 201);
  });
  app.patch('/api/users/:username', async (c) => {
    const b = await jsonBody(c);
    const name = c.req.param('username');
    const by = actorOf(c);
    let u: User | null = null;
    const role = stringField(b, 'role', true);
    if (role !== undefined)
      u = await setUserRole(
        store,
        name,
        {
          role,
          division: stringField(b, 'division', true) ?? null,
          uscc: stringField(b, 'uscc', true) ?? null,
        },
        by,
      );
    if (b.disabled !== undefined) {
      if (typeof b.disabled !== 'boolean')
        throw new ServiceError('参数 disabled 应为 true 或 false / parameter disabled must be true or false');
      if (b.disabled && name === principalOf(c).username)
        throw new ServiceError('不能停用自己的账号 / you cannot disable your own account', 'conflict');
      u = await setUserDisabledState(store, name, b.disabled, by);
    }
    const password = stringField(b, 'password', true);
    if (password !== undefined) u = await setUserPassword(store, name, password, by);
    if (!u)
      throw new ServiceError(
        '没有要修改的内容（role、disabled 或 password）/ nothing to change (role, disabled or password)',
      );
    return c.json<C.UserView>(userView(u));
  });
}
