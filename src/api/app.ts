/**
 * The HTTP API (Hono, web-standard Request/Response): routes validate, call a service in a line, reply.
 * Errors become JSON `{ error: { code, message } }` with Chinese and English in the message.
 */
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ServiceError, type ServiceErrorCode } from '../services/errors.js';
import type { Store } from '../services/store.js';
import { registerRunRoutes } from './routes/runs.routes.js';
import { registerMethodologyRoutes } from './routes/methodologies.routes.js';
import { registerImportRoutes } from './routes/imports.routes.js';
import { registerReferenceRoutes } from './routes/reference.routes.js';
import { registerMetaRoutes } from './routes/meta.routes.js';
import { registerPolicyRoutes } from './routes/policy.routes.js';
import { registerWebApp } from './web-app.js';
import { registerAuthRoutes } from './routes/auth.routes.js';
import { registerAuditRoutes } from './routes/audit.routes.js';
import { registerObjectionRoutes } from './routes/objections.routes.js';
import { authenticate } from './auth.js';
import type { App, AppEnv } from './env.js';

/** HTTP status of each ServiceError code. */
const STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  run_not_published: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
} as const satisfies Record<ServiceErrorCode, number>;

/** The largest request body outside uploads. */
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

export function createApp(store: Store, opts: { webDir?: string } = {}): App {
  const app: App = new Hono();
  app.use('*', async (c, next) => {
    await next();
    try {
      c.res.headers.set('x-content-type-options', 'nosniff');
      c.res.headers.set('x-frame-options', 'DENY');
      c.res.headers.set('referrer-policy', 'same-origin');
      // pages set their own policy (web-app.ts); anything else is data, never to be run or framed
      if (!c.res.headers.has('content-security-policy'))
        c.res.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
      // an API answer (a login's CSRF token, a person's figures) is never kept by any cache
      if (c.req.path.startsWith('/api/') && !c.res.headers.has('cache-control'))
        c.res.headers.set('cache-control', 'no-store');
    } catch {
      // an immutable response keeps its headers
    }
  });
  // a NUL in the address cannot reach a text column: refuse it with a message (not a database error)
  app.use('/api/*', async (c, next) => {
    if (/%00|\0/.test(c.req.url))
      return c.json(
        {
          error: {
            code: 'invalid',
            message: '请求地址含有空字符（%00）/ the request address contains a NUL character (%00)',
          },
        },
        400,
      );
    return next();
  });
  // every API route below passes here first: who is asking, may they (access.ts), CSRF
  app.use('/api/*', authenticate(store));
  // requests are small but for uploads (imports and objections set their own limits)
  const small: MiddlewareHandler<AppEnv> = bodyLimit({
    maxSize: MAX_REQUEST_BYTES,
    onError: () => {
      throw new ServiceError(
        '请求体过大（上限 2 MB）/ request body too large (2 MB at most)',
        'payload_too_large',
      );
    },
  });
  const limited: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.path.startsWith('/api/imports') || /^\/api\/runs\/[^/]+\/objections$/.test(c.req.path)
      ? next()
      : small(c, next);
  app.use('/api/*', limited);
  registerMetaRoutes(app, store);
  registerAuthRoutes(app, store);
  registerRunRoutes(app, store);
  registerMethodologyRoutes(app);
  registerImportRoutes(app, store);
  registerReferenceRoutes(app, store);
  registerPolicyRoutes(app, store);
  registerAuditRoutes(app, store);
  registerObjectionRoutes(app, store);
  // last: the web app answers every path that is not an API route
  registerWebApp(app, opts.webDir);
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'not_found',
          message: `没有这个接口 / no such endpoint: ${c.req.method} ${c.req.path}`,
        },
      },
      404,
    ),
  );
  app.onError((err, c) => {
    if (err instanceof ServiceError)
      return c.json({ error: { code: err.code, message: err.message } }, STATUS[err.code], {
        ...(err.retryAfterSeconds !== undefined ? { 'retry-after': String(err.retryAfterSeconds) } : {}),
      });
    console.error(err);
    return c.json({ error: { code: 'internal', message: '服务器内部错误 / internal server error' } }, 500);
  });
  return app;
}
