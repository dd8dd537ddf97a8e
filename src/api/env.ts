/**
 * The Hono environment of the API: what the authentication middleware (auth.ts) attaches to a request
 * before any route runs, and the helpers routes use to read it.
 */
import type { Context, Hono } from 'hono';
import { scopeOf as scopeOfPrincipal, type Principal, type Scope } from '../domain/access.js';
import { ServiceError } from '../services/errors.js';

export interface AppEnv {
  Variables: {
    /** Who is asking: null on public routes when nobody is logged in. */
    principal: Principal | null;
    /** The browser session id (cookie), when the request came with a live one. */
    sessionId: string | null;
  };
}

export type App = Hono<AppEnv>;
export type Ctx = Context<AppEnv>;

/** The principal of a request on a route that needs one (the middleware has refused anonymous ones). */
export function principalOf(c: Ctx): Principal {
  const p = c.get('principal');
  if (!p) throw new ServiceError('请先登录 / log in first', 'unauthenticated');
  return p;
}

/** The scope of the request's reads (ADR 0011). */
export const scopeOf = (c: Ctx): Scope => scopeOfPrincipal(principalOf(c));

/** Who is acting, as the audit log names them: the account's user name. */
export const actorOf = (c: Ctx): string => principalOf(c).username;
