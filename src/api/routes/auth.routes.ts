/**
 * Logging in and out, who am I, changing one's password; and the accounts of the bureau (analysts
 * only): list, create, change role or county, disable, reset a password; list and revoke API tokens.
 * The handlers of contract/auth.ts (ADR 0011, 0016).
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
import { authEndpoints as E, type Me, type TokenView, type UserView } from '../contract/index.js';
import { actorOf, principalOf, type App, type Ctx } from '../env.js';
import { jsonReply, route } from '../route.js';
import { getCookie } from 'hono/cookie';

export const meView = (p: Principal): Me => ({
  id: p.id,
  username: p.username,
  displayName: p.displayName,
  role: p.role,
  roleLabel: ROLE_LABELS[p.role],
  division: p.division,
  uscc: p.uscc,
});

const userView = (u: User): UserView => ({
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

const tokenView = (t: TokenListItem): TokenView => ({
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

/** A throttled password guess (login or password change): 429 with the seconds to wait. */
async function unlessThrottled(c: Ctx, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof ServiceError) || e.code !== 'too_many_requests') throw e;
    const seconds = e.retryAfterSeconds ?? 1;
    return c.json({ error: { code: e.code, message: e.message, retryAfter: seconds } }, 429, {
      'retry-after': String(seconds),
    });
  }
}

const noContent = (c: Ctx): Response => c.body(null, 204);

export function registerAuthRoutes(app: App, store: Store): void {
  route(app, E.login, ({ body }, c) =>
    unlessThrottled(c, async () => {
      const r = await login(store, {
        username: body.username,
        password: body.password,
        ip: clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
        previousSessionId: c.get('sessionId'),
      });
      setSessionCookies(c, r.sessionId, r.csrfToken);
      // the cookies are set on the context: the answer is made here, checked like the others
      return jsonReply(
        c,
        E.login,
        { user: meView(r.principal), csrfToken: r.csrfToken, expiresAt: r.expiresAt },
        200,
      );
    }),
  );
  route(app, E.logout, async (_, c) => {
    const sid = c.get('sessionId');
    if (sid) await logout(store, sid, c.get('principal'));
    clearSessionCookies(c);
    return noContent(c);
  });
  route(app, E.me, (_, c) => ({
    user: meView(principalOf(c)),
    // the page reads it from its cookie too; null for API tokens (no CSRF token needed)
    csrfToken: c.get('sessionId') ? (getCookie(c, CSRF_COOKIE) ?? null) : null,
  }));
  route(app, E.password, ({ body }, c) =>
    unlessThrottled(c, async () => {
      await changeOwnPassword(store, principalOf(c), body.current, body.password, { ip: clientIp(c) });
      clearSessionCookies(c);
      return noContent(c);
    }),
  );

  // API tokens of every account (analysts): list (one user's with ?user=), revoke one
  route(app, E.tokens, async ({ query }) => ({
    items: (await tokensList(store, query.user !== undefined ? { username: query.user } : {})).map(tokenView),
  }));
  route(app, E.revokeToken, async ({ params }, c) => {
    const t = await revokeToken(store, params.id, actorOf(c));
    return { token: tokenView({ ...t, state: 'revoked' }) };
  });

  route(app, E.users, async () => ({ items: (await usersList(store)).map(userView) }));
  route(app, E.createUser, async ({ body: b }, c) =>
    userView(
      await createUser(
        store,
        {
          username: b.username,
          displayName: b.displayName ?? null,
          role: b.role,
          division: b.division ?? null,
          uscc: b.uscc ?? null,
          password: b.password ?? null,
        },
        actorOf(c),
      ),
    ),
  );
  route(app, E.changeUser, async ({ params, body: b }, c) => {
    const name = params.username;
    const by = actorOf(c);
    let u: User | null = null;
    if (b.role !== undefined && b.role !== null)
      u = await setUserRole(
        store,
        name,
        { role: b.role, division: b.division ?? null, uscc: b.uscc ?? null },
        by,
      );
    if (b.disabled !== undefined) {
      if (b.disabled && name === principalOf(c).username)
        throw new ServiceError('不能停用自己的账号 / you cannot disable your own account', 'conflict');
      u = await setUserDisabledState(store, name, b.disabled, by);
    }
    if (b.password !== undefined && b.password !== null)
      u = await setUserPassword(store, name, b.password, by);
    if (!u)
      throw new ServiceError(
        '没有要修改的内容（role、disabled 或 password）/ nothing to change (role, disabled or password)',
      );
    return userView(u);
  });
}
