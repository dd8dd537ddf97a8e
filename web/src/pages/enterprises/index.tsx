/**
 * Enterprises of a run: searchable, sortable, filterable, paged on the server; the filters live in the
 * address (bookmarkable, drill-down target of the cockpit) and the XLSX export applies the same filters
 * to all pages on the server. The columns are in `columns.tsx`, the filters in `FilterBar.tsx`, the
 * address ↔ table state in `enterprises.ts`.
 */
import { useMemo, useState } from 'react';
import { Button, Checkbox, Popover, Space, Table, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { api, qs } from '../../api';
import { useMessages } from '../../catalogue';
import { ErrorBox, useApi } from '../../components/common';
import { RunBanner, RunPicker, useCurrentRun, useMethodologyTitles } from '../../components/runs';
import type { IndustryItem, ResultItem, ResultsPage } from '../../contract';
import { num, useI18n } from '../../i18n';
import { useRouter } from '../../router';
import { resultColumns, type GroupTitle } from './columns';
import {
  COLUMNS_KEY,
  filterKey,
  filtersOf,
  OPTIONAL_COLUMNS,
  PAGE_SIZES,
  shownColumns,
  tableQuery,
  tableState,
} from './enterprises';
import { FilterBar, type CountyOption } from './FilterBar';
import { messages } from './messages';

export type { ResultItem };

interface MethodologyView {
  methodology: {
    groups: GroupTitle[];
    scope?: { notGraded?: GroupTitle[] };
  };
}

function useShownColumns(): [Set<string>, (keys: string[]) => void] {
  const [shown, setShown] = useState<Set<string>>(() => shownColumns(localStorage.getItem(COLUMNS_KEY)));
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

export default function Enterprises() {
  const { t } = useI18n();
  const { m, lang } = useMessages(messages);
  const { location, setQuery } = useRouter();
  const { runs, run } = useCurrentRun();
  const q = location.query;
  const { page, size, order, dir } = tableState(q);
  // the same object while the filters stay the same (a page turn): the filter bar is not re-rendered
  const fk = filterKey(q);
  const filters = useMemo(() => filtersOf(fk), [fk]);

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
  const columns = useMemo(
    () => resultColumns({ t, m, lang, groups, notGraded, runId: run?.id, order, dir, shown }),
    [t, m, lang, groups, notGraded, run, order, dir, shown],
  );
  const columnNames: Record<string, string> = {
    uscc: t('common.uscc'),
    division: t('common.county'),
    industry: t('common.industry'),
    group: t('common.group'),
    tax_per_mu: m('name.taxPerMu'),
    value_added_per_mu: m('name.vaPerMu'),
    land_mu: m('name.land'),
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
          title={m('columns.shown')}
          content={
            <Checkbox.Group
              data-testid="column-options"
              aria-label={m('columns.shown')}
              style={{ display: 'grid', gap: 4 }}
              value={[...shown]}
              options={OPTIONAL_COLUMNS.map((k) => ({ value: k, label: columnNames[k] ?? k }))}
              onChange={(v) => setShown(v.map(String))}
            />
          }
        >
          <Button size="small" icon={<SettingOutlined />} data-testid="column-chooser">
            {m('columns')}
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
          showTotal: (n) => m('total', { n: num(n, 0) }),
        }}
        onChange={(p, _f, s) => {
          const sorter = Array.isArray(s) ? s[0] : s;
          setQuery(tableQuery(p.current, p.pageSize, sorter));
        }}
      />
    </Space>
  );
}
