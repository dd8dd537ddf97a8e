/**
 * The enterprise table as an XLSX download: every row matching the table's filters, in its order (no
 * paging), with Chinese headers that carry units, streamed — the positions are read in one query, the
 * rows 5,000 at a time, and the sheet is deflated as it is written — so 200,000 rows take a few MB.
 */
import { exportRows, orderedResultSeqs, flagNames, type ExportRow, type Run } from '../db/index.js';
import { tryT } from '../i18n/messages.js';
import { streamXlsx, type XlsxCell, type XlsxSheet } from '../ingest/xlsx-write.js';
import { codeNames } from '../reference/reference-data.js';
import type { Scope } from '../domain/access.js';
import { resolveRunIn } from './access.js';
import { runMethodology, yieldToEventLoop } from './evaluation.service.js';
import { resultFilter, type ResultQuery } from './runs.service.js';
import type { Store } from './store.js';

const ROWS_PER_BATCH = 5000;

const FLAG_ZH: Record<string, string> = {
  veto: '否决',
  protected: '保护',
  adjusted: '人工调整',
  tenant: '租用厂房',
  sublets: '出租厂房',
  above_scale: '规上',
  high_tech: '高新技术企业',
  specialised_sme: '专精特新',
  missing_data: '数据缺失',
};

/** The sheet's columns: header (with unit) and the value of a row. */
const COLUMNS: { header: string; width?: number; value: (r: ExportRow, x: RowContext) => XlsxCell }[] = [
  { header: '统一社会信用代码', width: 22, value: (r) => r.uscc },
  { header: '企业名称', width: 34, value: (r) => r.name },
  { header: '区县代码', width: 10, value: (r) => r.division },
  { header: '区县', width: 10, value: (r, x) => (r.division ? x.names.division(r.division) : null) },
  { header: '行业代码', width: 10, value: (r) => r.industry },
  { header: '行业', width: 24, value: (r, x) => (r.industry ? x.names.industry(r.industry) : null) },
  {
    header: '规模',
    width: 8,
    value: (r) => (r.aboveScale === null ? null : r.aboveScale === 1 ? '规上' : '规下'),
  },
  {
    header: '评价分组',
    width: 16,
    value: (r, x) => (r.groupId ? (x.groups.get(r.groupId) ?? r.groupId) : null),
  },
  { header: '状态', width: 12, value: (r) => tryT('zh', `status.${r.status}`) ?? r.status },
  {
    header: '未定档原因',
    width: 30,
    value: (r, x) =>
      r.reason ? (tryT('zh', `reason.${r.reason}`) ?? x.notGraded.get(r.reason) ?? r.reason) : null,
  },
  { header: '用地面积（亩）', value: (r) => r.landMu },
  { header: '税收实际贡献（万元）', value: (r) => r.tax },
  { header: '工业增加值（万元）', value: (r) => r.valueAdded },
  { header: '主营业务收入（万元）', value: (r) => r.revenue },
  { header: '综合能源消费量（吨标准煤）', value: (r) => r.energyTce },
  { header: '主要污染物排放量（吨）', value: (r) => r.emissionsT },
  { header: '从业人员平均人数（人）', value: (r) => r.employees },
  { header: 'R&D经费支出（万元）', value: (r) => r.rdSpend },
  { header: '用电量（万千瓦时）', value: (r) => r.electricity },
  { header: '亩均税收（万元/亩）', value: (r) => round(r.taxPerMu, 4) },
  { header: '亩均增加值（万元/亩）', value: (r) => round(r.valueAddedPerMu, 4) },
  { header: '综合得分（分）', value: (r) => round(r.total, 3) },
  { header: '排名', width: 8, value: (r) => r.rank },
  { header: '参评家数', width: 10, value: (r) => r.unitSize },
  { header: '初评等级', width: 10, value: (r) => r.initialClass },
  { header: '调档后等级', width: 10, value: (r) => r.adjustedClass },
  {
    header: '标记',
    width: 24,
    value: (r) =>
      flagNames(r.flags)
        .map((f) => FLAG_ZH[f] ?? f)
        .join('、') || null,
  },
];

interface RowContext {
  names: ReturnType<typeof codeNames>;
  groups: Map<string, string>;
  notGraded: Map<string, string>;
}

const round = (v: number | null, digits: number): number | null =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

/** The XLSX's column headers, in order (for tests and docs). */
export const EXPORT_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);

const ORDER_ZH: Record<string, string> = {
  seq: '数据顺序',
  uscc: '统一社会信用代码',
  total: '综合得分',
  rank: '排名',
  name: '企业名称',
  division: '区县',
  industry: '行业',
  land_mu: '用地面积',
  tax: '税收实际贡献',
  value_added: '工业增加值',
  tax_per_mu: '亩均税收',
  value_added_per_mu: '亩均增加值',
};

const list = (v: string | readonly string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : [...v];

/**
 * The table's filters and order in words, as the 说明 sheet shows them: 县区：南湖区；类别：A；排序：亩均税收
 * 从高到低. Codes become names (counties, industries, groups, statuses, flags); the default order is not
 * mentioned. Empty when nothing is filtered and the order is the default.
 */
export function describeFilters(
  q: Omit<ResultQuery, 'limit' | 'offset'>,
  ctx: { names: ReturnType<typeof codeNames>; groups: ReadonlyMap<string, string> },
): string {
  const parts: string[] = [];
  const divisions = list(q.division);
  if (divisions.length) parts.push(`县区：${divisions.map((d) => ctx.names.division(d) ?? d).join('、')}`);
  if (q.industry) {
    const name = /^\d+$/.test(q.industry) ? ctx.names.industry(q.industry) : null;
    parts.push(`行业：${q.industry}${name ? ` ${name}` : ''}`);
  }
  if (q.group) parts.push(`评价分组：${ctx.groups.get(q.group) ?? q.group}`);
  const classes = list(q.adjustedClass);
  if (classes.length) parts.push(`类别：${classes.map((c) => (c === 'none' ? '未定档' : c)).join('、')}`);
  if (q.initialClass) parts.push(`初评等级：${q.initialClass}`);
  if (q.status) parts.push(`状态：${tryT('zh', `status.${q.status}`) ?? q.status}`);
  if (q.flags?.length) parts.push(`标记：${q.flags.map((f) => FLAG_ZH[f] ?? f).join('、')}`);
  if (q.q) parts.push(`搜索：“${q.q}”`);
  const order = q.orderBy ?? 'seq';
  if (order !== 'seq' || q.direction === 'desc')
    parts.push(`排序：${ORDER_ZH[order] ?? order}${q.direction === 'desc' ? ' 从高到低' : ' 从低到高'}`);
  return parts.join('；');
}

/** A moment as the bureau reads it: China Standard Time (Asia/Shanghai), `2026-12-08 10:42`. */
export function localTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  const t = new Date(d.getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

export interface ResultsXlsx {
  run: Run;
  /** A download name: 亩均评价结果-<year>-运行<id>.xlsx (…-草稿.xlsx for an unpublished run) */
  fileName: string;
  /** An ASCII fallback name. */
  asciiName: string;
  body: AsyncGenerator<Buffer>;
}

/**
 * The filtered table of a run as an XLSX stream, of the scope's rows only. Bad filters and unknown runs
 * fail here, before the first byte, so that they answer as JSON errors.
 */
export async function resultsXlsx(
  store: Store,
  q: Omit<ResultQuery, 'limit' | 'offset'>,
  scope: Scope,
): Promise<ResultsXlsx> {
  const filter = { ...resultFilter(q), scope };
  const run = await resolveRunIn(store, q.runId, scope);
  const methodology = await runMethodology(store, run);
  const ctx: RowContext = {
    names: codeNames(),
    groups: new Map(methodology.groups.map((g) => [g.id, g.title.zh])),
    notGraded: new Map(methodology.scope.notGraded.map((r) => [r.id, r.title.zh])),
  };
  const seqs = await orderedResultSeqs(store.db, run.id, filter);
  const draft = run.publishedAt === null;
  const filters = describeFilters(q, ctx);
  const notes: XlsxSheet = {
    name: '说明',
    columns: [
      { header: '项目', width: 16 },
      { header: '内容', width: 80 },
    ],
    rows: [
      ['评价运行', `#${run.id}`],
      ['数据年份', run.year],
      [
        '评价办法',
        `${methodology.title.zh}（${run.methodologyId}，内容哈希 ${run.methodologyHash.slice(0, 12)}）`,
      ],
      ['数据版本', `${run.year}/v${run.datasetVersion}（数据集 #${run.datasetId}）`],
      [
        '状态',
        run.publishedAt
          ? `已公示（${localTime(run.publishedAt)}）`
          : '草稿（未公示）：结果尚未发布公示，可能改变，不得作为正式结果引用 / draft: not published, may change',
      ],
      ['筛选条件', filters || '（全部）'],
      [
        '数据范围',
        scope.kind === 'division'
          ? `${codeNames().division(scope.division)}（${scope.division}）`
          : scope.kind === 'enterprise'
            ? scope.uscc
            : '全市',
      ],
      ['行数', seqs.length],
      ['导出时间', `${localTime(new Date())}（北京时间）`],
      [
        '单位',
        '金额 万元；用地 亩；能耗 吨标准煤；排放 吨；用电 万千瓦时；亩均值 万元/亩；空白 = 数据缺失（不是零）',
      ],
    ],
  };
  async function* batches(): AsyncGenerator<XlsxCell[][]> {
    for (let a = 0; a < seqs.length; a += ROWS_PER_BATCH) {
      const rows = await exportRows(store.db, run.id, run.datasetId, seqs.slice(a, a + ROWS_PER_BATCH));
      yield rows.map((r) => COLUMNS.map((c) => c.value(r, ctx)));
      await yieldToEventLoop();
    }
  }
  return {
    run,
    fileName: `亩均评价结果-${run.year}-运行${run.id}${draft ? '-草稿' : ''}.xlsx`,
    asciiName: `mujun-results-${run.year}-run${run.id}${draft ? '-draft' : ''}.xlsx`,
    body: streamXlsx(
      {
        name: draft ? '评价结果（草稿）' : '评价结果',
        columns: COLUMNS.map((c) => ({ header: c.header, ...(c.width ? { width: c.width } : {}) })),
      },
      batches(),
      [notes],
    ),
  };
}
