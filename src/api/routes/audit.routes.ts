/** The audit trail (city analysts): a page of entries, filtered, or all of them as XLSX (contract/audit.ts). */
import { auditPage, auditXlsx, type AuditQuery } from '../../services/audit.service.js';
import type { Store } from '../../services/store.js';
import { auditEndpoints as E } from '../contract/index.js';
import { scopeOf, type App } from '../env.js';
import { route } from '../route.js';

/** The filters as the service takes them (it checks each: lengths, dates, action names). */
const filterOf = (q: AuditQuery): AuditQuery => ({
  ...(q.actor !== undefined ? { actor: q.actor } : {}),
  ...(q.action !== undefined ? { action: q.action } : {}),
  ...(q.subject !== undefined ? { subject: q.subject } : {}),
  ...(q.from !== undefined ? { from: q.from } : {}),
  ...(q.to !== undefined ? { to: q.to } : {}),
});

export function registerAuditRoutes(app: App, store: Store): void {
  route(app, E.page, async ({ query }, c) =>
    auditPage(store, { ...filterOf(query), limit: query.limit, offset: query.offset }, scopeOf(c)),
  );
  route(app, E.xlsx, async ({ query }, c) => {
    const url = new URL(c.req.url);
    url.searchParams.delete('limit');
    url.searchParams.delete('offset');
    const body = await auditXlsx(store, filterOf(query), url.searchParams.toString(), scopeOf(c));
    const day = new Date().toISOString().slice(0, 10);
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="mujun-audit-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计日志-${day}.xlsx`)}`,
      'cache-control': 'no-store',
    });
  });
}
