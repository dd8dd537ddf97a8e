/**
 * 审计日志 Audit trail (city analysts): every write and login with who, when, what and before/after,
 * newest first, filtered by user, action, object and dates (in the address), paged on the server, and
 * exported as XLSX with the same filters. Each change reads as words — `field: old → new`, times local,
 * roles and states named, fingerprints (hashes) shortened with the whole on hover — never raw JSON.
 */
import { Button, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { DownloadOutlined } from '@ant-design/icons';
import { api, qs } from '../api';
import { ErrorBox, useApi } from '../components/common';
import { fmtTime } from '../components/format';
import type { AuditItem, AuditPage } from '../contract';
import { useI18n } from '../i18n';
import { useRouter } from '../router';

const ACTIONS: { value: string; zh: string; en: string }[] = [
  { value: 'auth.*', zh: '登录与退出（全部）', en: 'logins and logouts (all)' },
  { value: 'auth.login_failed', zh: '登录失败', en: 'failed logins' },
  { value: 'auth.password_failed', zh: '改密码时密码错误', en: 'wrong passwords when changing it' },
  { value: 'user.*', zh: '账号与权限变更', en: 'accounts and permissions' },
  { value: 'token.*', zh: 'API 令牌', en: 'API tokens' },
  { value: 'dataset.import', zh: '导入数据', en: 'imports' },
  { value: 'run.*', zh: '评价运行与公示', en: 'runs and publishing' },
  { value: 'class.adjust', zh: '人工调档', en: 'adjustments' },
  { value: 'policy.apply', zh: '政策应用', en: 'policy applications' },
  { value: 'objection.*', zh: '异议及处理', en: 'objections and decisions' },
];

const PAGE = 50;

type Pick = (zh: string, en: string) => string;

/** The words of the fields audit entries record (services append them; unknown ones keep their key). */
const FIELDS: Record<string, [string, string]> = {
  username: ['用户名', 'user name'],
  role: ['角色', 'role'],
  division: ['区县', 'county'],
  uscc: ['统一社会信用代码', 'USCC'],
  disabled: ['停用', 'disabled'],
  tokensRevoked: ['撤销的 API 令牌', 'API tokens revoked'],
  password: ['密码', 'password'],
  tokenId: ['令牌编号', 'token no.'],
  name: ['名称', 'name'],
  expiresAt: ['有效期至', 'valid until'],
  revoked: ['撤销的令牌数', 'tokens revoked'],
  ip: ['访问地址', 'address'],
  attempt: ['第几次尝试', 'attempt'],
  reason: ['原因', 'reason'],
  adjustedClass: ['等级', 'class'],
  methodology: ['评价办法', 'methodology'],
  methodologyHash: ['评价办法指纹', 'methodology fingerprint'],
  dataset: ['数据版本', 'dataset'],
  resultHash: ['结果指纹', 'results fingerprint'],
  policy: ['政策', 'policy'],
  policyHash: ['政策指纹', 'policy fingerprint'],
  ledgerHash: ['台账指纹', 'ledger fingerprint'],
  draft: ['草稿', 'draft'],
  status: ['状态', 'status'],
  value: ['原值', 'value'],
  currentValue: ['当前值', 'current value'],
  claimedValue: ['申报值', 'claimed value'],
  correctedValue: ['更正值', 'corrected value'],
  field: ['指标', 'figure'],
  evidence: ['证明材料', 'evidence'],
  publishedAt: ['公示时间', 'published'],
  noticeUntil: ['公示截止', 'notice until'],
  noticeDays: ['公示天数', 'days of notice'],
  year: ['年度', 'year'],
  version: ['版本', 'version'],
  records: ['企业数', 'enterprises'],
  parcels: ['地块数', 'parcels'],
  source: ['来源', 'source'],
  contentHash: ['内容指纹', 'content fingerprint'],
  files: ['文件', 'files'],
  rejected: ['被拒行数', 'rows rejected'],
  rejectionsStored: ['保存的被拒行', 'rejected rows kept'],
  run: ['评价批次', 'run'],
  objection: ['异议', 'objection'],
  carriedOverFrom: ['沿用自', 'carried over from'],
  author: ['调整人', 'made by'],
  adjustment: ['人工调整', 'adjustment'],
};

/** Coded values said in words. */
const WORDS: Record<string, [string, string]> = {
  analyst: ['市经信局分析员', 'city analyst'],
  county: ['区县操作员', 'county operator'],
  enterprise: ['企业', 'enterprise'],
  leader: ['领导', 'leader'],
  open: ['待处理', 'open'],
  accepted: ['已采纳', 'accepted'],
  rejected: ['已驳回', 'rejected'],
  published: ['已公示', 'published'],
  set: ['已设置', 'set'],
  removed: ['已移除', 'removed'],
  unknown_user: ['无此用户', 'no such user'],
  no_password: ['未设密码', 'no password'],
};

const WORDS_OF: Record<string, Record<string, [string, string]>> = {
  reason: { password: ['密码错误', 'wrong password'], disabled: ['账号已停用', 'account disabled'] },
  status: { draft: ['草稿', 'draft'] },
};

const PLAIN = new Set(['year', 'version', 'run', 'dataset', 'tokenId', 'objection', 'adjustment', 'attempt']);
const HASH = /^[0-9a-f]{32,}$/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** One recorded value, in words: times local, hashes shortened (whole on hover), codes named. */
function Value({ k, v, pick }: { k: string; v: unknown; pick: Pick }) {
  if (v === null || v === undefined || v === '') return <>—</>;
  if (typeof v === 'boolean') return <>{v ? pick('是', 'yes') : pick('否', 'no')}</>;
  if (typeof v === 'number')
    // years and numbers of things (run #12, version 3) without thousands separators
    return <span className="num">{PLAIN.has(k) ? String(v) : v.toLocaleString('zh-CN')}</span>;
  if (typeof v === 'string') {
    const w = WORDS_OF[k]?.[v] ?? WORDS[v];
    if (w) return <>{pick(w[0], w[1])}</>;
    if (TIME.test(v)) return <>{fmtTime(v)}</>;
    if (HASH.test(v) || /hash$|sha256$/i.test(k))
      return (
        <Tooltip title={v}>
          <Typography.Text code data-testid="audit-hash">
            {v.slice(0, 8)}…
          </Typography.Text>
        </Tooltip>
      );
    return <>{v}</>;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return <>{pick('无', 'none')}</>;
    const text = (x: unknown): string =>
      typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : '…';
    const names = v.map((x: unknown) => {
      if (x === null || typeof x !== 'object') return text(x);
      const o = x as Record<string, unknown>;
      return text(o.name ?? o.fileName ?? o.file);
    });
    return (
      <>
        {pick(`${v.length} 项：`, `${v.length}: `) + names.slice(0, 5).join('、') + (v.length > 5 ? '…' : '')}
      </>
    );
  }
  if (typeof v === 'object')
    return (
      <>
        {Object.entries(v as Record<string, unknown>).map(([kk, x], i) => (
          <span key={kk}>
            {i > 0 ? '，' : ''}
            {label(kk, pick)} <Value k={kk} v={x} pick={pick} />
          </span>
        ))}
      </>
    );
  return <>—</>;
}

const label = (k: string, pick: Pick): string => {
  const f = FIELDS[k];
  return f ? pick(f[0], f[1]) : k;
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** An entry's change, one line per field: `field: old → new` (or the value, when only one side has it). */
function Change({ before, after, pick }: { before: unknown; after: unknown; pick: Pick }) {
  const obj = (v: unknown): Record<string, unknown> | null =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const b = obj(before);
  const a = obj(after);
  if (!b && !a) {
    if ((before === null || before === undefined) && (after === null || after === undefined)) return null;
    return (
      <span>
        <Value k="" v={before} pick={pick} /> → <Value k="" v={after} pick={pick} />
      </span>
    );
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  // with both sides: the fields that changed (all of them when none did)
  const shown = b && a ? keys.filter((k) => !same(b[k], a[k])) : keys;
  return (
    <Space orientation="vertical" size={0} data-testid="audit-change">
      {(shown.length > 0 ? shown : keys).map((k) => (
        <span key={k}>
          <Typography.Text type="secondary">{label(k, pick)}：</Typography.Text>
          {b && k in b && a && k in a ? (
            <>
              <Typography.Text delete type="secondary">
                <Value k={k} v={b[k]} pick={pick} />
              </Typography.Text>{' '}
              → <Value k={k} v={a[k]} pick={pick} />
            </>
          ) : (
            <Value k={k} v={(a && k in a ? a : b)![k]} pick={pick} />
          )}
        </span>
      ))}
    </Space>
  );
}

/** `run:12/enterprise:9133…` in words. */
function subjectText(s: string | null, pick: Pick): string {
  if (!s) return '—';
  const NOUN: Record<string, [string, string]> = {
    run: ['评价批次 #', 'run #'],
    user: ['账号 #', 'account #'],
    dataset: ['数据版本 #', 'dataset #'],
    objection: ['异议 #', 'objection #'],
    enterprise: ['企业 ', 'enterprise '],
    application: ['政策应用 #', 'policy application #'],
  };
  return s
    .split('/')
    .map((part) => {
      const i = part.indexOf(':');
      const n = NOUN[part.slice(0, i)];
      return n && i > 0 ? pick(n[0], n[1]) + part.slice(i + 1) : part;
    })
    .join(' · ');
}

export default function Audit() {
  const { pick } = useI18n();
  const { location, setQuery } = useRouter();
  const q = location.query;
  const filter = {
    actor: q.get('actor') ?? undefined,
    action: q.get('action') ?? undefined,
    subject: q.get('subject') ?? undefined,
    from: q.get('from') ?? undefined,
    to: q.get('to') ?? undefined,
  };
  const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
  const data = useApi(
    () => api.get<AuditPage>('/api/audit', { ...filter, limit: PAGE, offset: (page - 1) * PAGE }),
    [location.query.toString()],
  );
  const columns: ColumnsType<AuditItem> = [
    { title: '#', dataIndex: 'id', width: 70, render: (v: number) => <span className="num">{v}</span> },
    { title: pick('时间', 'When'), dataIndex: 'at', width: 150, render: (v: string) => fmtTime(v) },
    { title: pick('操作人', 'Who'), dataIndex: 'actor', width: 130 },
    {
      title: pick('操作', 'What'),
      key: 'action',
      width: 170,
      render: (_: unknown, e) => (
        <Space orientation="vertical" size={0}>
          <Tag
            color={
              e.action === 'auth.login_failed' ? 'red' : e.action.startsWith('user.') ? 'purple' : 'blue'
            }
          >
            {e.label ? pick(e.label.zh, e.label.en) : e.action}
          </Tag>
        </Space>
      ),
    },
    {
      title: pick('对象', 'Object'),
      dataIndex: 'subject',
      width: 220,
      ellipsis: true,
      render: (v: string | null) => subjectText(v, pick),
    },
    {
      title: pick('操作前 → 操作后', 'Before → after'),
      key: 'change',
      render: (_: unknown, e) => (
        <div style={{ fontSize: 12, wordBreak: 'break-word' }}>
          <Change before={e.before} after={e.after} pick={pick} />
        </div>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="audit-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {pick('审计日志', 'Audit trail')}
          <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
            {pick('只可追加，不可修改或删除', 'append-only: never changed or deleted')}
          </Typography.Text>
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href={`/api/audit.xlsx${qs(filter)}`} data-testid="audit-xlsx">
          {pick('导出 XLSX', 'Export XLSX')}
        </Button>
      </Space>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={pick('操作人（用户名）', 'Who (user name)')}
          defaultValue={filter.actor}
          style={{ width: 200 }}
          onSearch={(v) => setQuery({ actor: v || undefined, page: undefined })}
          data-testid="audit-actor"
        />
        <Select
          allowClear
          placeholder={pick('操作类型', 'Action')}
          style={{ width: 220 }}
          value={filter.action}
          options={ACTIONS.map((a) => ({ value: a.value, label: pick(a.zh, a.en) }))}
          onChange={(v: string | undefined) => setQuery({ action: v, page: undefined })}
          data-testid="audit-action"
        />
        <Input.Search
          allowClear
          placeholder={pick('对象，如 run:3', 'Object, e.g. run:3')}
          defaultValue={filter.subject}
          style={{ width: 200 }}
          onSearch={(v) => setQuery({ subject: v || undefined, page: undefined })}
        />
        <Input
          type="date"
          value={filter.from ?? ''}
          onChange={(e) => setQuery({ from: e.target.value || undefined, page: undefined })}
          style={{ width: 150 }}
          aria-label={pick('起始日期', 'From')}
        />
        <Input
          type="date"
          value={filter.to ?? ''}
          onChange={(e) => setQuery({ to: e.target.value || undefined, page: undefined })}
          style={{ width: 150 }}
          aria-label={pick('截止日期（不含）', 'To (exclusive)')}
        />
      </Space>
      {data.error ? <ErrorBox error={data.error} onRetry={data.reload} /> : null}
      <Table<AuditItem>
        rowKey="id"
        size="small"
        loading={data.loading}
        columns={columns}
        dataSource={data.data?.items ?? []}
        data-testid="audit-table"
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => pick(`共 ${n} 条`, `${n} entries`),
          onChange: (p) => setQuery({ page: p === 1 ? undefined : p }),
        }}
      />
    </Space>
  );
}
