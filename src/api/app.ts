/**
 * The HTTP API (Hono, web-standard Request/Response): routes validate, call a service in a line, reply.
 * Errors become JSON `{ error: { code, message } }` with Chinese and English in the message.
 */
import { Hono } from 'hono';
import { ServiceError } from '../services/evaluation.service.js';
import type { Store } from '../services/store.js';
import { registerRunRoutes } from './routes/runs.routes.js';
import { registerMethodologyRoutes } from './routes/methodologies.routes.js';
import { registerImportRoutes } from './routes/imports.routes.js';
import { registerReferenceRoutes } from './routes/reference.routes.js';
import { registerPolicyRoutes } from './routes/policy.routes.js';
import { registerWebApp } from './web-app.js';

export function createApp(store: Store, opts: { webDir?: string } = {}): Hono {
  const app = new Hono();
  app.get('/api/health', (c) => c.json({ ok: true, database: store.db.kind }));
  registerRunRoutes(app, store);
  registerMethodologyRoutes(app);
  registerImportRoutes(app, store);
  registerReferenceRoutes(app, store);
  registerPolicyRoutes(app, store);
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
    if (err instanceof ServiceError) {
      const status = err.code === 'not_found' ? 404 : err.code === 'conflict' ? 409 : 400;
      return c.json({ error: { code: err.code, message: err.message } }, status);
    }
    console.error(err);
    return c.json({ error: { code: 'internal', message: '服务器内部错误 / internal server error' } }, 500);
  });
  return app;
}
