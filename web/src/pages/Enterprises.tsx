/**
 * Enterprises of a run: searchable, sortable, filterable, paged on the server; the filters live in the
 * address (bookmarkable, drill-down target of the cockpit) and the XLSX export applies the same filters
 * to all pages on the server.
 */
import { memo, useMemo, useState } from 'react';
import { Button, Card, Checkbox, Input, Popover, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { api, qs } from '../api';
import { ClassTag, ErrorBox, useApi } from '../components/common';
import { RunBanner, RunPicker, useCurrentRun, useMethodologyTitles } from '../components/runs';
import type { IndustryItem, ResultItem, ResultsPage } from '../contract';
import { num, useI18n } from '../i18n';
import { flagLabel } from './Enterprise';
import { Link, useNavigation, useRouter } from '../router';

export type { ResultItem };

interface CountyOption {
  division: string | null;
  name: string | null;
}

interface MethodologyView {
  methodology: {
    groups: { id: string; title: { zh: string; en: string } }[];
    scope?: { notGraded?: { id: string; title: { zh: string; en: string } }[] };
  };
}

/**
 * The table's columns a user may show or hide (the name always shows, fixed at the left). The default
 * set fits 1366 px: rank, classes and status are seen without scrolling.
 */
const OPTIONAL_COLUMNS = [
  'uscc',
  'division',
  'industry',
  'group',
  'tax_per_mu',
  'value_added_per_mu',
  'land_mu',
  'total',
  'rank',
  'initialClass',
  'adjustedClass',
  'status',
] as const;
const DEFAULT_HIDDEN = new Set<string>(['uscc', 'industry', 'value_added_per_mu']);
const COLUMNS_KEY = 'mujun.enterprises.columns';

function useShownColumns(): [Set<string>, (keys: string[]) => void] {
  const [shown, setShown] = useState<Set<string>>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as unknown;
      if (Array.isArray(saved)) return new Set(saved.filter((k): k is string => typeof k === 'string'));
    } catch {
      // a broken saved choice: the default
    }
    return new Set(OPTIONAL_COLUMNS.filter((k) => !DEFAULT_HIDDEN.has(k)));
  });
  const set = (keys: string[]) => {
    setShown(new Set(keys));
    try {
      localStorage.setItem(COLUMNS_KEY, JSON.stringify(keys));
    } catch {
      // private mode: the choice lasts for the page only
    }
  };
  return [shown, set];
}

/** A not-graded rule's title without its trailing "只计算不定档" (the status says it already). */
function notGradedText(title: { zh: string; en: string }, lang: 'zh' | 'en'): string {
  return lang === 'zh'
    ? title.zh.replace(/只计算不定档$/, '')
    : title.en.replace(/\s+(are|is) computed but not graded$/, '');
}

const FILTERS = ['division', 'industry', 'group', 'class', 'status', 'flags', 'q'] as const;
const PAGE_SIZES = [20, 50, 100];
const FLAGS = [
  'veto',
  'protected',
  'adjusted',
  'tenant',
  'sublets',
  'above_scale',
  'high_tech',
  'specialised_sme',
  'missing_data',
];

export default function Enterprises() {
  const { t, lang, pick } = useI18n();
  const { location, setQuery } = useRouter();
  const { runs, run } = useCurrentRun();
  const q = location.query;
  const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
  const size = PAGE_SIZES.includes(Number(q.get('size'))) ? Number(q.get('size')) : 20;
  const order = q.get('order') ?? 'seq';
  const dir = q.get('dir') === 'desc' ? 'desc' : 'asc';
  // the same object while the filters stay the same (a page turn): the filter bar is not re-rendered
  const filterKey = JSON.stringify(FILTERS.map((k) => q.get(k) ?? ''));
  const filters = useMemo(() => {
    const values = JSON.parse(filterKey) as string[];
    const f: Record<string, string> = {};
    FILTERS.forEach((k, i) => {
      if (values[i]) f[k] = values[i];
    });
    return f;
  }, [filterKey]);

  const results = useApi(
    () =>
      run
        ? api.get<ResultsPage>(`/api/runs/${run.id}/results`, {
            ...filters,
            limit: size,
            offset: (page - 1) * size,
            order,
            dir,
          })
        : null,
    [run?.id, JSON.stringify(filters), page, size, order, dir],
  );
  const counties = useApi(
    () => (run ? api.get<{ counties: CountyOption[] }>(`/api/runs/${run.id}/counties`) : null),
    [run?.id],
  );
  const methodology = useApi(
    () => (run ? api.get<MethodologyView>(`/api/methodologies/${run.methodologyId}`) : null),
    [run?.methodologyId],
  );
  const industries = useApi(
    () => api.get<{ items: IndustryItem[] }>('/api/reference/industries', { level: 2, parent: 'C' }),
    [],
  );

  const groups = useMemo(() => methodology.data?.methodology.groups ?? [], [methodology.data]);
  const notGraded = useMemo(
    () => new Map((methodology.data?.methodology.scope?.notGraded ?? []).map((r) => [r.id, r.title])),
    [methodology.data],
  );
  const titles = useMethodologyTitles();
  const [shown, setShown] = useShownColumns();
  const columns = useMemo((): ColumnsType<ResultItem> => {
    const cols: ColumnsType<ResultItem> = [
      {
        title: t('common.name'),
        dataIndex: 'name',
        key: 'name',
        sorter: true,
        width: 210,
        fixed: 'left',
        ellipsis: true,
        render: (v: string | null, r) => (
          <Link to={`/enterprise/${r.uscc}${run ? `?run=${run.id}` : ''}`}>{v ?? r.uscc}</Link>
        ),
      },
      { title: t('common.uscc'), dataIndex: 'uscc', key: 'uscc', sorter: true, width: 180 },
      {
        title: t('common.county'),
        dataIndex: 'division',
        key: 'division',
        sorter: true,
        width: 88,
        render: (v: string | null, r) => r.divisionName ?? v ?? '—',
      },
      {
        title: t('common.industry'),
        dataIndex: 'industry',
        key: 'industry',
        sorter: true,
        width: 170,
        ellipsis: true,
        render: (v: string | null, r) => (v ? `${v} ${r.industryName ?? ''}` : '—'),
      },
      {
        title: t('common.group'),
        dataIndex: 'groupId',
        key: 'group',
        width: 104,
        ellipsis: true,
        render: (v: string | null) => {
          const g = groups.find((x) => x.id === v);
          return g ? pick(g.title.zh, g.title.en) : (v ?? '—');
        },
      },
      {
        title: pick('亩均税收（万元/亩）', 'Tax per mu (10k yuan/mu)'),
        dataIndex: 'taxPerMu',
        key: 'tax_per_mu',
        sorter: true,
        align: 'right',
        width: 100,
        render: (v: number | null) => <span className="num">{num(v, 2)}</span>,
      },
      {
        title: pick('亩均增加值（万元/亩）', 'Value added per mu (10k yuan/mu)'),
        dataIndex: 'valueAddedPerMu',
        key: 'value_added_per_mu',
        sorter: true,
        align: 'right',
        width: 110,
        render: (v: number | null) => <span className="num">{num(v, 2)}</span>,
      },
      {
        title: pick('用地（亩）', 'Land (mu)'),
        dataIndex: 'landMu',
        key: 'land_mu',
        sorter: true,
        align: 'right',
        width: 84,
        render: (v: number | null) => <span className="num">{num(v, 2)}</span>,
      },
      {
        title: t('common.total'),
        dataIndex: 'total',
        key: 'total',
        sorter: true,
        align: 'right',
        width: 84,
        render: (v: number | null) => <span className="num">{num(v, 2)}</span>,
      },
      {
        title: t('common.rank'),
        dataIndex: 'rank',
        key: 'rank',
        sorter: true,
        align: 'right',
        width: 88,
        render: (v: number | null, r) => (v ? `${v} / ${r.unitSize ?? '—'}` : '—'),
      },
      {
        title: t('common.initialClass'),
        dataIndex: 'initialClass',
        key: 'initialClass',
        width: 64,
        render: (v: string | null) => <ClassTag cls={v} />,
      },
      {
        title: t('common.adjustedClass'),
        dataIndex: 'adjustedClass',
        key: 'adjustedClass',
        width: 96,
        // plain elements in the cells: every Ant Design component in a cell runs its style hooks on each
        // render, and a page of the table has hundreds of cells
        render: (v: string | null, r) => (
          <span style={{ whiteSpace: 'nowrap' }}>
            <ClassTag cls={v} />
            {v && r.initialClass && v !== r.initialClass ? (
              <span className="class-tag">{pick('已调档', 'adjusted')}</span>
            ) : null}
          </span>
        ),
      },
      {
        title: t('common.status'),
        dataIndex: 'status',
        key: 'status',
        width: 170,
        render: (v: ResultItem['status'], r) =>
          v === 'graded' ? (
            t('common.graded')
          ) : (
            <span className={v === 'not_evaluated' ? 'text-danger' : 'text-secondary'}>
              {v === 'not_evaluated' ? t('common.notEvaluated') : t('common.computedNotGraded')}
              {r.reason
                ? `：${notGraded.has(r.reason) ? notGradedText(notGraded.get(r.reason)!, lang) : reasonLabel(r.reason, lang)}`
                : ''}
            </span>
          ),
      },
    ];
    for (const c of cols) if (c.key === order) c.sortOrder = dir === 'desc' ? 'descend' : 'ascend';
    return cols.filter((c) => c.key === 'name' || shown.has(String(c.key)));
  }, [t, pick, lang, groups, notGraded, run, order, dir, shown]);
  const columnNames: Record<string, string> = {
    uscc: t('common.uscc'),
    division: t('common.county'),
    industry: t('common.industry'),
    group: t('common.group'),
    tax_per_mu: pick('亩均税收', 'Tax per mu'),
    value_added_per_mu: pick('亩均增加值', 'Value added per mu'),
    land_mu: pick('用地', 'Land'),
    total: t('common.total'),
    rank: t('common.rank'),
    initialClass: t('common.initialClass'),
    adjustedClass: t('common.adjustedClass'),
    status: t('common.status'),
  };

  const exportHref = run
    ? `/api/runs/${run.id}/results.xlsx${qs({ ...filters, order, dir, lang })}`
    : undefined;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('enterprises.title')}
        </Typography.Title>
        {runs.data ? <RunPicker runs={runs.data.items} run={run} /> : null}
      </Space>
      {run ? <RunBanner run={run} title={titles.get(run.methodologyId)} /> : null}
      {runs.error ? <ErrorBox error={runs.error} onRetry={runs.reload} /> : null}
      {runs.data && runs.data.items.length === 0 ? (
        <Typography.Text>{t('error.noRun')}</Typography.Text>
      ) : null}
      <FilterBar
        filters={filters}
        counties={counties.data?.counties}
        industries={industries.data?.items}
        groups={groups}
        exportHref={exportHref}
      />
      {results.error ? <ErrorBox error={results.error} onRetry={results.reload} /> : null}
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Popover
          trigger="click"
          placement="bottomRight"
          title={pick('显示的列', 'Columns shown')}
          content={
            <Checkbox.Group
              data-testid="column-options"
              style={{ display: 'grid', gap: 4 }}
              value={[...shown]}
              options={OPTIONAL_COLUMNS.map((k) => ({ value: k, label: columnNames[k] ?? k }))}
              onChange={(v) => setShown(v.map(String))}
            />
          }
        >
          <Button size="small" icon={<SettingOutlined />} data-testid="column-chooser">
            {pick('列', 'Columns')}
          </Button>
        </Popover>
      </Space>
      <Table<ResultItem>
        data-testid="results-table"
        rowKey="seq"
        size="small"
        // the spinner only when an answer takes a while: a quick page turn repaints the rows once
        loading={{ spinning: results.loading, delay: 150 }}
        columns={columns}
        // no "click to sort" tooltip on the nine sortable headers: each is a tooltip re-rendered with
        // every page (the arrows say it)
        showSorterTooltip={false}
        dataSource={results.data?.items ?? []}
        // Ant Design would animate its own body to the first row over 450 ms, measuring the layout every
        // frame; the body does not scroll vertically here (the router takes the page back to its top)
        scroll={{ x: 'max-content', scrollToFirstRowOnChange: false }}
        pagination={{
          current: page,
          pageSize: size,
          total: results.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (n) => (lang === 'zh' ? `共 ${num(n, 0)} 家` : `${num(n, 0)} enterprises`),
        }}
        onChange={(p, _f, s) => {
          const sorter = Array.isArray(s) ? s[0] : s;
          const key = sorter?.order ? String(sorter.columnKey) : 'seq';
          setQuery({
            page: p.current === 1 ? undefined : p.current,
            size: p.pageSize === 20 ? undefined : p.pageSize,
            order: key === 'seq' ? undefined : key,
            dir: sorter?.order === 'descend' ? 'desc' : undefined,
          });
        }}
      />
    </Space>
  );
}

/**
 * Search, filters and export. Memoised: turning a page or changing the order leaves the filters (the
 * same object) and so this bar untouched.
 */
const FilterBar = memo(function FilterBar({
  filters,
  counties,
  industries,
  groups,
  exportHref,
}: {
  filters: Record<string, string>;
  counties: CountyOption[] | undefined;
  industries: IndustryItem[] | undefined;
  groups: MethodologyView['methodology']['groups'];
  exportHref: string | undefined;
}) {
  const { t, lang, pick } = useI18n();
  const { setQuery } = useNavigation();
  const [search, setSearch] = useState(filters.q ?? '');
  return (
    <Card size="small">
      <Space wrap>
        <Input.Search
          data-testid="search"
          allowClear
          placeholder={t('common.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setQuery({ q: v.trim(), page: undefined })}
          style={{ width: 260 }}
        />
        <Select
          data-testid="filter-division"
          allowClear
          placeholder={t('common.county')}
          style={{ width: 140 }}
          value={filters.division}
          options={(counties ?? [])
            .filter((c) => c.division)
            .map((c) => ({ value: c.division!, label: c.name ?? c.division! }))}
          onChange={(v?: string) => setQuery({ division: v, page: undefined })}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('common.industry')}
          style={{ width: 220 }}
          value={filters.industry}
          options={(industries ?? []).map((i) => ({
            value: i.code,
            label: `${i.code} ${i.name}`,
          }))}
          onChange={(v?: string) => setQuery({ industry: v, page: undefined })}
        />
        <Select
          allowClear
          placeholder={t('common.group')}
          style={{ width: 160 }}
          value={filters.group}
          options={groups.map((g) => ({ value: g.id, label: pick(g.title.zh, g.title.en) }))}
          onChange={(v?: string) => setQuery({ group: v, page: undefined })}
        />
        <Select
          data-testid="filter-class"
          allowClear
          placeholder={t('common.class')}
          style={{ width: 100 }}
          value={filters.class}
          options={['A', 'B', 'C', 'D'].map((c) => ({ value: c, label: c }))}
          onChange={(v?: string) => setQuery({ class: v, page: undefined })}
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          style={{ width: 150 }}
          value={filters.status}
          options={[
            { value: 'graded', label: t('common.graded') },
            { value: 'computed_not_graded', label: t('common.computedNotGraded') },
            { value: 'not_evaluated', label: t('common.notEvaluated') },
          ]}
          onChange={(v?: string) => setQuery({ status: v, page: undefined })}
        />
        <Select
          allowClear
          placeholder={pick('标记', 'Flag')}
          style={{ width: 150 }}
          value={filters.flags}
          options={FLAGS.map((f) => ({ value: f, label: flagLabel(f, lang) }))}
          onChange={(v?: string) => setQuery({ flags: v, page: undefined })}
        />
        <Button
          icon={<DownloadOutlined />}
          href={exportHref}
          disabled={!exportHref}
          data-testid="export-xlsx"
        >
          {t('common.export')}
        </Button>
      </Space>
    </Card>
  );
});

const REASONS: Record<string, [string, string]> = {
  invalid_uscc: ['信用代码无效', 'invalid USCC'],
  duplicate_uscc: ['信用代码重复', 'duplicate USCC'],
  invalid_value: ['数值无法读取', 'unreadable value'],
  missing_division: ['缺少区县', 'county missing'],
  unknown_division: ['区县代码不存在', 'unknown county'],
  missing_industry: ['缺少行业代码', 'industry missing'],
  unknown_industry: ['行业代码不存在', 'unknown industry'],
  non_industrial: ['非工业行业', 'not industrial'],
  land_missing: ['缺少用地面积', 'land missing'],
  land_not_positive: ['用地面积不大于 0', 'land ≤ 0'],
  no_group: ['不属于评价分组', 'no group'],
  below_land_threshold: ['用地低于纳入门槛', 'land below threshold'],
};

export function reasonLabel(code: string, lang: 'zh' | 'en'): string {
  const p = REASONS[code];
  return p ? p[lang === 'zh' ? 0 : 1] : code;
}
