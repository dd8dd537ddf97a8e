/**
 * The audit trail for the city analyst (ADR 0011): every write — logins and failed logins, logouts,
 * account and permission changes, imports, runs, publishing, adjustments, policy applications,
 * objections and their decisions — with who, when, what and the state before and after, append-only
 * (a trigger refuses UPDATE, DELETE and TRUNCATE on `audit_log`), paged and filtered, or as XLSX.
 */
import { countAudit, listAudit, type AuditEntry, type AuditFilter } from '../db/index.js';
import { writeXlsx, type XlsxCell } from '../ingest/xlsx-write.js';
import { requireCityWide, type Scope } from './access.js';
import { ServiceError } from './errors.js';
import type { Store } from './store.js';

/** The actions written to the audit log, with their names for people. */
export const AUDIT_ACTIONS: Readonly<Record<string, { zh: string; en: string }>> = {
  'auth.login': { zh: '登录', en: 'logged in' },
  'auth.login_failed': { zh: '登录失败', en: 'failed login' },
  'auth.logout': { zh: '退出登录', en: 'logged out' },
  'auth.password_failed': { zh: '修改密码时当前密码错误', en: 'wrong current password when changing it' },
  'user.create': { zh: '创建账号', en: 'account created' },
  'user.role': { zh: '更改角色', en: 'role changed' },
  'user.disable': { zh: '停用账号', en: 'account disabled' },
  'user.enable': { zh: '启用账号', en: 'account enabled' },
  'user.password': { zh: '设置密码', en: 'password set' },
  'token.create': { zh: '创建 API 令牌', en: 'API token created' },
  'token.revoke': { zh: '撤销 API 令牌', en: 'API tokens revoked' },
  'dataset.import': { zh: '导入数据', en: 'data imported' },
  'run.create': { zh: '评价运行', en: 'run stored' },
  'run.publish': { zh: '公示', en: 'run published' },
  'class.adjust': { zh: '人工调档', en: 'class adjusted' },
  'policy.apply': { zh: '政策应用', en: 'policy applied' },
  'objection.file': { zh: '提出异议', en: 'objection filed' },
  'objection.accept': { zh: '采纳异议', en: 'objection accepted' },
  'objection.reject': { zh: '驳回异议', en: 'objection rejected' },
};

export interface AuditQuery {
  actor?: string;
  action?: string;
  subject?: string;
  from?: string;
  to?: string;
}

export interface AuditItem extends AuditEntry {
  label: { zh: string; en: string } | null;
}

/**
 * Whether `t` is a date (`2024-05-01`) or a time (`2024-05-01T08:00`, `…:30`, `…:30.5`, with `Z` or an
 * offset) that exists on the calendar and the clock: Date.parse would take `2026-02-30` as 2 March, and
 * the database would refuse it (22008) in the middle of the query.
 */
export function isCalendarTime(t: string): boolean {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/.exec(
      t,
    );
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return false;
  return true;
}

const bad = (name: string, zh: string, en: string): never => {
  throw new ServiceError(`参数 ${name}：${zh} / parameter ${name}: ${en}`);
};

/** The filter of a query, each value checked (a 400 naming the parameter). */
export function auditFilter(q: AuditQuery): AuditFilter {
  const text = (name: string, v: string | undefined): string | undefined => {
    if (v === undefined || v.trim() === '') return undefined;
    if (v.length > 200) bad(name, '过长（最多 200 个字符）', 'too long (200 characters at most)');
    return v.trim();
  };
  const time = (name: string, v: string | undefined): string | undefined => {
    const t = text(name, v);
    if (t === undefined) return undefined;
    if (!isCalendarTime(t))
      bad(name, `“${t}”不是日期（如 2024-05-01）`, `"${t}" is not a date (e.g. 2024-05-01)`);
    return t;
  };
  const action = text('action', q.action);
  if (action !== undefined && !/^[a-z_]+(\.[a-z_]+)*(\.\*?)?$/.test(action))
    bad(
      'action',
      `“${action}”不是操作名（如 run.publish 或 auth.*）`,
      `"${action}" is not an action (e.g. run.publish or auth.*)`,
    );
  const actor = text('actor', q.actor);
  const subject = text('subject', q.subject);
  const from = time('from', q.from);
  const to = time('to', q.to);
  return {
    ...(actor !== undefined ? { actor } : {}),
    ...(action !== undefined ? { action } : {}),
    ...(subject !== undefined ? { subject } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

const withLabel = (e: AuditEntry): AuditItem => ({ ...e, label: AUDIT_ACTIONS[e.action] ?? null });

/** A page of the audit log, newest first. City-wide accounts only. */
export async function auditPage(
  store: Store,
  q: AuditQuery & { limit: number; offset: number },
  scope: Scope,
): Promise<{ total: number; limit: number; offset: number; items: AuditItem[] }> {
  requireCityWide(scope);
  const filter = auditFilter(q);
  const total = await countAudit(store.db, filter);
  const items = await listAudit(store.db, { ...filter, limit: q.limit, offset: q.offset });
  return { total, limit: q.limit, offset: q.offset, items: items.map(withLabel) };
}

/** Rows an export holds at most (narrow the filter for more). */
export const AUDIT_EXPORT_MAX = 100_000;

/** The matching entries as an XLSX workbook (newest first), with a sheet saying what was asked. */
export async function auditXlsx(
  store: Store,
  q: AuditQuery,
  describe: string,
  scope: Scope,
): Promise<Buffer> {
  requireCityWide(scope);
  const filter = auditFilter(q);
  const total = await countAudit(store.db, filter);
  const entries = await listAudit(store.db, { ...filter, limit: AUDIT_EXPORT_MAX, offset: 0 });
  const json = (v: unknown): XlsxCell => (v === null || v === undefined ? null : JSON.stringify(v));
  return writeXlsx([
    {
      name: '审计日志',
      columns: [
        { header: '编号', width: 8 },
        { header: '时间（UTC）', width: 26 },
        { header: '操作人', width: 16 },
        { header: '操作', width: 18 },
        { header: '操作说明', width: 14 },
        { header: '对象', width: 30 },
        { header: '操作前', width: 50 },
        { header: '操作后', width: 60 },
      ],
      rows: entries.map((e) => [
        e.id,
        e.at,
        e.actor,
        e.action,
        AUDIT_ACTIONS[e.action]?.zh ?? null,
        e.subject,
        json(e.before),
        json(e.after),
      ]),
    },
    {
      name: '说明',
      columns: [
        { header: '项目', width: 16 },
        { header: '内容', width: 80 },
      ],
      rows: [
        ['筛选条件', describe || '（全部）'],
        ['匹配条数', total],
        [
          '导出条数',
          total > entries.length
            ? `${entries.length}（上限 ${AUDIT_EXPORT_MAX}，请缩小筛选范围）`
            : entries.length,
        ],
        ['导出时间', new Date().toISOString()],
        ['说明', '审计日志只可追加，不可修改或删除；操作前/操作后为 JSON。'],
      ],
    },
  ]);
}
