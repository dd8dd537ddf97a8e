/**
 * The audit trail (city analysts): who did what when, with the state before and after, newest first; a
 * page of it, filtered, or all of it (up to 100,000 entries) as XLSX.
 */
import { z } from 'zod';
import { ANALYST, endpoint, text } from './define.js';
import { pageOf, paging } from './runs.js';

/** One entry of the audit log: who, when, what, and the state before and after (any JSON). */
export const auditItem = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z
    .string()
    .describe('A user name; `cli:<os user>` for the command line; the name tried, for a failed login'),
  action: z
    .string()
    .describe('e.g. auth.login, auth.login_failed, user.role, dataset.import, run.publish, class.adjust'),
  subject: z.string().nullable().describe('e.g. run:12, run:12/enterprise:9133…, user:3, objection:5'),
  before: z.unknown(),
  after: z.unknown(),
  label: text.nullable().describe("The action's name for people, when known"),
});
export type AuditItem = z.output<typeof auditItem>;

export const auditPage = pageOf(auditItem);
export type AuditPage = z.output<typeof auditPage>;

/** The filters (each checked by the service: at most 200 characters, real dates, action names). */
const auditFilter = {
  actor: z.string().optional().describe('A user name'),
  action: z.string().optional().describe('An action (run.publish) or a family (auth.*)'),
  subject: z.string().optional().describe('e.g. run:12'),
  from: z.string().optional().describe('From this date or time (ISO 8601, e.g. 2024-05-01)'),
  to: z.string().optional().describe('Until this date or time (ISO 8601)'),
};

export const auditEndpoints = {
  page: endpoint({
    method: 'GET',
    path: '/api/audit',
    tag: 'audit',
    summary: { zh: '审计日志的一页，最新的在前', en: 'A page of the audit log, newest first' },
    access: ANALYST,
    query: z.object({ ...auditFilter, ...paging }),
    response: auditPage,
  }),
  xlsx: endpoint({
    method: 'GET',
    path: '/api/audit.xlsx',
    tag: 'audit',
    summary: { zh: '审计日志（筛选后）导出为 XLSX', en: 'The (filtered) audit log as XLSX' },
    access: ANALYST,
    // the whole filtered log: limit and offset, if given, are ignored
    query: z.object(auditFilter),
    response: { file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  }),
};
