/** The audit trail (city analysts): a page of entries, filtered, or all of them as XLSX. */
import { auditPage, auditXlsx, type AuditQuery } from '../../services/audit.service.js';
import type { Store } from '../../services/store.js';
import type * as C from '../contract.js';
import { scopeOf, type App, type Ctx } from '../env.js';
import { intParam } from '../params.js';

const queryOf = (c: Ctx): AuditQuery => {
  const q = c.req.query();
  return {
    ...(q.actor !== undefined ? { actor: q.actor } : {}),
    ...(q.action !== undefined ? { action: q.action } : {}),
    ...(q.subject !== undefined ? { subject: q.subject } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
  };
};

export function registerAuditRoutes(app: App, store: Store): void {
  app.get('/api/audit', async (c) => {
    const q = c.req.query();
    const body: C.AuditPage = await auditPage(
      store,
      {
        ...queryOf(c),
        limit: intParam(q.limit, 'limit', 50, 1, 1000)!,
        offset: intParam(q.offset, 'offset', 0, 0)!,
      },
      scopeOf(c),
    );
    return c.json(body);
  });
  app.get('/api/audit.xlsx', async (c) => {
    const url = new URL(c.req.url);
    url.searchParams.delete('limit');
    url.searchParams.delete('offset');
    const body = await auditXlsx(store, queryOf(c), url.searchParams.toString(), scopeOf(c));
    const day = new Date().toISOString().slice(0, 10);
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="mujun-audit-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计日志-${day}.xlsx`)}`,
      'cache-control': 'no-store',
    });
  });
}
