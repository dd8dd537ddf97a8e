/**
 * Search, filters and export of the enterprise table. Memoised: turning a page or changing the order
 * leaves the filters (the same object) and so this bar untouched.
 */
import { memo, useState } from 'react';
import { Button, Card, Input, Select, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMessages } from '../../catalogue';
import type { IndustryItem } from '../../contract';
import { useI18n } from '../../i18n';
import { useNavigation } from '../../router';
import { flagLabel } from '../enterprise/labels';
import type { GroupTitle } from './columns';
import { FLAGS } from './enterprises';
import { messages } from './messages';

export interface CountyOption {
  division: string | null;
  name: string | null;
}

export const FilterBar = memo(function FilterBar({
  filters,
  counties,
  industries,
  groups,
  exportHref,
}: {
  filters: Record<string, string>;
  counties: CountyOption[] | undefined;
  industries: IndustryItem[] | undefined;
  groups: readonly GroupTitle[];
  exportHref: string | undefined;
}) {
  const { t } = useI18n();
  const { m, lang } = useMessages(messages);
  const { setQuery } = useNavigation();
  const [search, setSearch] = useState(filters.q ?? '');
  return (
    <Card size="small">
      <Space wrap>
        <Input.Search
          data-testid="search"
          aria-label={t('common.search')}
          allowClear
          placeholder={t('common.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setQuery({ q: v.trim(), page: undefined })}
          style={{ width: 260 }}
        />
        <Select
          data-testid="filter-division"
          aria-label={t('common.county')}
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
          data-testid="filter-industry"
          aria-label={t('common.industry')}
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
          data-testid="filter-group"
          aria-label={t('common.group')}
          allowClear
          placeholder={t('common.group')}
          style={{ width: 160 }}
          value={filters.group}
          options={groups.map((g) => ({ value: g.id, label: g.title[lang] }))}
          onChange={(v?: string) => setQuery({ group: v, page: undefined })}
        />
        <Select
          data-testid="filter-class"
          aria-label={t('common.class')}
          allowClear
          placeholder={t('common.class')}
          style={{ width: 100 }}
          value={filters.class}
          options={['A', 'B', 'C', 'D'].map((c) => ({ value: c, label: c }))}
          onChange={(v?: string) => setQuery({ class: v, page: undefined })}
        />
        <Select
          data-testid="filter-status"
          aria-label={t('common.status')}
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
          data-testid="filter-flags"
          aria-label={m('flag')}
          allowClear
          placeholder={m('flag')}
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
