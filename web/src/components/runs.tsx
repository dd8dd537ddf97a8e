/**
 * Which run a page shows: `?run=N` in the address, else the default run (analysts: the newest; other
 * roles: the newest published one); a picker lists them all by number, year, methodology title and
 * whether published, and a banner says which run the figures are of — a draft (草稿) plainly.
 */
import { memo } from 'react';
import { Alert, Select, Space, Tag, Typography } from 'antd';
import { api } from '../api';
import { useAuth } from '../auth';
import type { RunView } from '../contract';
import { say, useMessages } from '../catalogue';
import { useI18n } from '../i18n';
import { useNavigation, useRouter } from '../router';
import { useApi, type Loaded } from './common';
import { runMessages } from './runs.messages';

export type { RunView };

interface MethodologyTitle {
  id: string;
  title: { zh: string; en: string };
}

export function useRuns(): Loaded<{ items: RunView[] }> {
  return useApi(() => api.get<{ items: RunView[] }>('/api/runs'), []);
}

/** The shipped methodologies' titles by id (pickers name a run's methodology by its title). */
export function useMethodologyTitles(): Map<string, { zh: string; en: string }> {
  const list = useApi(() => api.get<{ items: MethodologyTitle[] }>('/api/methodologies'), []);
  return new Map((list.data?.items ?? []).map((m) => [m.id, m.title]));
}

const newestFirst = (a: RunView, b: RunView) => b.year - a.year || b.id - a.id;

/** The run a page opens on without `?run=`: analysts the newest, others the newest published. */
export function defaultRun(items: readonly RunView[], analyst: boolean): RunView | undefined {
  const sorted = [...items].sort(newestFirst);
  return (analyst ? undefined : sorted.find((r) => r.published)) ?? sorted[0];
}

/** The run chosen in the address (`run`), else the default run. */
export function useCurrentRun(): { runs: Loaded<{ items: RunView[] }>; run: RunView | undefined } {
  const runs = useRuns();
  const { location } = useRouter();
  const { can } = useAuth();
  const want = Number(location.query.get('run') ?? NaN);
  const items = runs.data?.items ?? [];
  const run = items.find((r) => r.id === want) ?? defaultRun(items, can('run.start'));
  return { runs, run };
}

/** `2023 年 · 第 12 批 · 黄岩区… · 草稿` — the methodology by its title when known. */
export function runLabel(r: RunView, lang: 'zh' | 'en', title?: { zh: string; en: string }): string {
  const methodology = title ? title[lang] : r.methodologyId;
  return say(runMessages, lang, r.published ? 'label.published' : 'label.draft', {
    year: r.year,
    id: r.id,
    methodology,
  });
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
  const { m } = useMessages(runMessages);
  const { setQuery } = useNavigation();
  const titles = useMethodologyTitles();
  return (
    <Space>
      <Typography.Text type="secondary">{t('common.run')}</Typography.Text>
      <Select
        data-testid="run-picker"
        aria-label={t('common.run')}
        style={{ minWidth: 360 }}
        popupMatchSelectWidth={false}
        value={run?.id}
        options={[...runs].sort(newestFirst).map((r) => ({
          value: r.id,
          label: runLabel(r, lang, titles.get(r.methodologyId)),
        }))}
        onChange={(v: number) => setQuery({ run: v, page: undefined })}
      />
      {run ? (
        run.published ? (
          <Tag color="gold">{m('picker.notice')}</Tag>
        ) : (
          <Tag color="orange">{m('picker.draft')}</Tag>
        )
      ) : null}
    </Space>
  );
});

/**
 * Which run the page's figures are of: number, year, methodology title, dataset version, published or
 * draft. A draft is a warning: its figures are not the published result.
 */
export function RunBanner({ run, title }: { run: RunView; title?: { zh: string; en: string } }) {
  const { m, lang } = useMessages(runMessages);
  const what = m('banner.what', {
    id: run.id,
    year: run.year,
    methodology: title ? title[lang] : run.methodologyId,
    dataset: run.datasetLabel,
  });
  return run.published ? (
    <Typography.Text type="secondary" data-testid="run-banner" data-published="true">
      {what} · {m('banner.published')}
    </Typography.Text>
  ) : (
    <Alert
      type="warning"
      showIcon
      data-testid="run-banner"
      data-published="false"
      title={m('banner.draft', { what })}
      description={m('banner.draft.hint')}
    />
  );
}
