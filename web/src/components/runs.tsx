/** Which run a page shows: `?run=N` in the address, else the latest run; a picker lists them all. */
import { memo } from 'react';
import { Select, Space, Tag, Typography } from 'antd';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useNavigation, useRouter } from '../router';
import { useApi, type Loaded } from './common';

export interface RunView {
  id: number;
  year: number;
  methodologyId: string;
  methodologyHash: string;
  datasetId: number;
  datasetVersion: number;
  datasetLabel: string;
  status: string;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
  summary?: unknown;
}

export function useRuns(): Loaded<{ items: RunView[] }> {
  return useApi(() => api.get<{ items: RunView[] }>('/api/runs'), []);
}

/** The run chosen in the address (`run`), else the latest. */
export function useCurrentRun(): { runs: Loaded<{ items: RunView[] }>; run: RunView | undefined } {
  const runs = useRuns();
  const { location } = useRouter();
  const want = Number(location.query.get('run') ?? NaN);
  const items = runs.data?.items ?? [];
  const run =
    items.find((r) => r.id === want) ?? [...items].sort((a, b) => b.year - a.year || b.id - a.id)[0];
  return { runs, run };
}

export function runLabel(r: RunView, lang: 'zh' | 'en'): string {
  return lang === 'zh'
    ? `${r.year} 年 · 第 ${r.id} 批 · ${r.methodologyId}${r.publishedAt ? ' · 已公示' : ''}`
    : `${r.year} · run ${r.id} · ${r.methodologyId}${r.publishedAt ? ' · published' : ''}`;
}

/** The run picker; memoised (a page's own changes of the address leave it alone). */
export const RunPicker = memo(function RunPicker({
  runs,
  run,
}: {
  runs: RunView[];
  run: RunView | undefined;
}) {
  const { lang, t } = useI18n();
  const { setQuery } = useNavigation();
  return (
    <Space>
      <Typography.Text type="secondary">{t('common.run')}</Typography.Text>
      <Select
        data-testid="run-picker"
        style={{ minWidth: 300 }}
        value={run?.id}
        options={[...runs]
          .sort((a, b) => b.year - a.year || b.id - a.id)
          .map((r) => ({ value: r.id, label: runLabel(r, lang) }))}
        onChange={(v: number) => setQuery({ run: v, page: undefined })}
      />
      {run?.publishedAt ? <Tag color="gold">{lang === 'zh' ? '公示中' : 'public notice'}</Tag> : null}
    </Space>
  );
});
