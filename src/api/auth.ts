/**
 * Authentication and access, once for every API route (ADR 0011). A middleware on `/api/*`:
 * 1. finds the route about to answer and its entry in the access table (access.ts); none → 403;
 * 2. reads the credentials: `Authorization: Bearer mj_…` (scripts) or the `mujun_session` cookie
 *    (browsers) — a bad bearer token is a 401, a dead cookie is no cookie (and is cleared);
 * 3. for a cookie session, refuses a state-changing request (not GET/HEAD/OPTIONS) without the
 *    session's CSRF token in `X-CSRF-Token`; refuses any state-changing request whose `Origin` is
 *    another site;
 * 4. answers 401 to anonymous callers of non-public routes and 403 to roles the table does not list.
 * Routes then read the principal and its scope from the context (env.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import { ROLE_LABELS, type Principal } from '../domain/access.js';
import { SESSION_SECONDS, sessionPrincipal, tokenPrincipal } from '../services/accounts.service.js';
import type { Store } from '../services/store.js';
import { accessOf } from './access.js';
import type { AppEnv, Ctx } from './env.js';

export const SESSION_COOKIE = 'mujun_session';
export const CSRF_COOKIE = 'mujun_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the proxy in front may be believed about the client's address and scheme (MUJUN_TRUST_PROXY=1). */
const trustProxy = (): boolean => /^(1|true|yes)$/i.test(process.env.MUJUN_TRUST_PROXY ?? '');

/** The client's address: the socket's, or the last one the trusted proxy appended. */
export function clientIp(c: Ctx): string | null {
  if (trustProxy()) {
    const xff = c.req.header('x-forwarded-for');
    const last = xff?.split(',').at(-1)?.trim();
    if (last) return last.slice(0, 64);
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

/** Whether the browser reached us over HTTPS (directly, or as the trusted proxy says). */
export function overHttps(c: Ctx): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy() && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/** Sets the session cookie (HttpOnly) and the CSRF cookie (readable by the page), SameSite=Lax. */
export function setSessionCookies(c: Ctx, sessionId: string, csrfToken: string): void {
  const secure = overHttps(c);
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: SESSION_SECONDS,
  });
  setCookie(c, CSRF_COOKIE, csrfToken, {
    httpOnly: false,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: SESSION_SECONDS,
  });
}

export function clearSessionCookies(c: Ctx): void {
  const secure = overHttps(c);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
  deleteCookie(c, CSRF_COOKIE, { path: '/', secure, sameSite: 'Lax' });
}

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const refuse = (c: Ctx, status: 401 | 403, code: string, message: string) =>
  c.json({ error: { code, message } }, status, { 'cache-control': 'no-store' });

/** The route (as registered) that will answer this request, if an API route matches. */
function answeringRoute(c: Ctx): { method: string; path: string } | undefined {
  return matchedRoutes(c).find((r) => r.method !== 'ALL' && r.path.startsWith('/api/'));
}

/** Whether the request's Origin (when the browser sent one) is this site. */
function sameOrigin(c: Ctx): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return true; // not a browser, or a same-origin GET
  if (origin === 'null') return false;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  const host =
    (trustProxy() ? c.req.header('x-forwarded-host') : undefined) ??
    c.req.header('host') ??
    new URL(c.req.url).host;
  return o.host === host;
}

export function authenticate(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', null);
    c.set('sessionId', null);
    const route = answeringRoute(c);
    if (!route) return next(); // no such endpoint: the 404 handler answers
    const access = accessOf(c.req.method, route.path);
    const unsafe = !SAFE_METHODS.has(c.req.method);
    if (unsafe && !sameOrigin(c))
      return refuse(c, 403, 'cross_origin', '拒绝来自其他站点的请求 / request from another site refused');

    let principal: Principal | null = null;
    const auth = c.req.header('authorization');
    if (auth !== undefined && access !== 'public') {
      const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
      principal = m ? await tokenPrincipal(store, m[1]!) : null;
      if (!principal)
        return refuse(
          c,
          401,
          'unauthenticated',
          'API 令牌无效、已过期或已撤销 / the API token is invalid, expired or revoked',
        );
    } else {
      const sid = getCookie(c, SESSION_COOKIE);
      const s = sid ? await sessionPrincipal(store, sid) : null;
      // an ended session (expired, idle, logged out elsewhere): its cookies go, so that the page knows
      // at its next load that nobody is logged in and asks nothing it would be refused
      if (sid && !s && route.path !== '/api/auth/login') clearSessionCookies(c);
      if (s) {
        principal = s.principal;
        c.set('sessionId', sid!);
        const isLogin = route.path === '/api/auth/login';
        if (unsafe && !isLogin && !sameSecret(c.req.header(CSRF_HEADER) ?? '', s.csrfToken))
          return refuse(
            c,
            403,
            'csrf',
            '缺少或错误的 CSRF 令牌（请求头 X-CSRF-Token）：请刷新页面后重试 / missing or wrong CSRF token (header X-CSRF-Token): reload the page and retry',
          );
      }
    }
    c.set('principal', principal);

    if (access === undefined)
      return refuse(c, 403, 'forbidden', '此接口未开放 / this endpoint is not open to anyone');
    if (access !== 'public') {
      if (!principal) return refuse(c, 401, 'unauthenticated', '请先登录 / log in first');
      if (!access.includes(principal.role))
        return refuse(
          c,
          403,
          'forbidden',
          `您的角色（${ROLE_LABELS[principal.role].zh}）无权执行此操作 / your role (${ROLE_LABELS[principal.role].en}) may not do this`,
        );
    }
    await next();
    // answers about people and companies are not for shared caches
    if (access !== 'public' && !c.res.headers.has('cache-control')) {
      try {
        c.res.headers.set('cache-control', 'no-store');
      } catch {
        // an immutable response keeps its headers
      }
    }
  };
}
