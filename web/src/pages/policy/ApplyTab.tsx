/**
 * A policy applied to a run: the run and policy pickers, a published run's figures (or a draft preview
 * of an unpublished one, labelled), the city's and the counties' totals, the ledger, storing the
 * application, and the applications stored for the run.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, message, Popconfirm, Select, Space, Typography } from 'antd';
import { DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { api, ApiError, qs } from '../../api';
import { useAuth } from '../../auth';
import type * as P from '../../contract';
import { useMessages } from '../../catalogue';
import { ErrorBox, Load, useApi } from '../../components/common';
import { RunPicker, useCurrentRun, type RunView } from '../../components/runs';
import { useI18n } from '../../i18n';
import { Link, useNavigation, useRouter } from '../../router';
import { Applications } from './Applications';
import { CityFigures, CountyTotals } from './Figures';
import { Ledger } from './Ledger';
import { messages } from './messages';

export function usePolicies() {
  return useApi(() => api.get<P.PolicyList>('/api/policies'), []);
}

/**
 * The run is not published: what the page can do instead — preview the figures as a draft, or (an
 * analyst) publish the run on the runs page; others are told the run is not yet published.
 */
function Unpublished({ run }: { run: RunView }) {
  const { m } = useMessages(messages);
  const { setQuery } = useNavigation();
  const { can } = useAuth();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="policy-unpublished"
      title={m('apply.unpublished', { id: run.id, year: run.year })}
      description={
        <Space direction="vertical" size={8}>
          <span>{m('apply.unpublished.why')}</span>
          <Space wrap>
            <Button
              type="primary"
              data-testid="policy-preview-draft"
              onClick={() => setQuery({ draft: '1' })}
            >
              {m('apply.previewDraft')}
            </Button>
            {can('run.publish') ? (
              <Link to={`/runs?run=${run.id}`}>
                <span data-testid="policy-go-publish">{m('apply.goPublish')}</span>
              </Link>
            ) : (
              <Typography.Text type="secondary" data-testid="policy-wait-publish">
                {m('apply.waitPublish')}
              </Typography.Text>
            )}
          </Space>
        </Space>
      }
    />
  );
}

export function ApplyTab() {
  const { t } = useI18n();
  const { m, lang } = useMessages(messages);
  const { location, setQuery } = useRouter();
  const { runs, run } = useCurrentRun();
  const policies = usePolicies();
  const policyId = location.query.get('policy') ?? policies.data?.items[0]?.id;
  const draft = location.query.get('draft') === '1';
  const cls = location.query.get('class') ?? undefined;
  const division = location.query.get('division') ?? undefined;
  const page = Number(location.query.get('page') ?? 1);
  const pageSize = 20;
  const published = run ? run.publishedAt !== null : false;
  // an unpublished run is asked for only as a draft preview: nothing is requested to be refused
  const ask = run && policyId && (published || draft);
  const filter = { class: cls, division, draft: draft && !published ? 1 : undefined, lang };
  const state = useApi(
    () =>
      ask
        ? api.get<P.PolicyApplicationView>(`/api/runs/${run.id}/policy/${policyId}`, {
            ...filter,
            limit: pageSize,
            offset: (page - 1) * pageSize,
          })
        : null,
    [run?.id, policyId, draft, published, cls, division, page, lang],
  );
  const stored = useApi(
    () => (run ? api.get<P.PolicyApplicationList>(`/api/runs/${run.id}/policy-applications`) : null),
    [run?.id],
  );
  const [saving, setSaving] = useState(false);
  const { can } = useAuth();
  const save = async () => {
    if (!run || !policyId) return;
    setSaving(true);
    try {
      const r = await api.post<P.PolicyApplicationView>(`/api/runs/${run.id}/policy-applications`, {
        policy: policyId,
        draft: !published,
        limit: 0,
      });
      const id = r.application?.id ?? '';
      if (r.existing) void message.info(m('apply.storedBefore', { id }));
      else void message.success(m('apply.stored', { id }));
      stored.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setSaving(false);
    }
  };
  const refused = state.error?.code === 'run_not_published';
  const policyTitle = (id: string) => policies.data?.items.find((p) => p.id === id)?.title[lang] ?? id;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <RunPicker runs={runs.data?.items ?? []} run={run} />
        <Select
          data-testid="policy-picker"
          aria-label={m('apply.policy')}
          style={{ minWidth: 300 }}
          value={policyId}
          options={(policies.data?.items ?? []).map((p) => ({ value: p.id, label: p.title[lang] }))}
          onChange={(v: string) => setQuery({ policy: v, page: undefined })}
        />
        {run && !published ? (
          <Checkbox
            checked={draft}
            data-testid="policy-draft-checkbox"
            onChange={(e) => setQuery({ draft: e.target.checked ? '1' : undefined, page: undefined })}
          >
            {m('apply.draftCheckbox')}
          </Checkbox>
        ) : null}
      </Space>
      {runs.error ? <ErrorBox error={runs.error} onRetry={runs.reload} /> : null}
      {runs.data && !run ? <Alert type="info" showIcon title={t('error.noRun')} /> : null}
      {run && (refused || (!published && !draft)) ? (
        <Unpublished run={run} />
      ) : ask ? (
        <Load state={state}>
          {(a) => (
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              {a.draft ? (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="draft-banner"
                  title={m('apply.draftBanner', { id: a.run.id })}
                />
              ) : null}
              <CityFigures city={a.totals.city} draft={a.draft} />
              <CountyTotals a={a} />
              <Ledger
                a={a}
                page={page}
                pageSize={pageSize}
                actions={
                  <Space>
                    <Button
                      icon={<DownloadOutlined />}
                      href={`${a.ledgerXlsx}${a.ledgerXlsx.includes('?') ? '&' : '?'}${qs({ lang, class: cls, division }).slice(1)}`}
                      data-testid="ledger-xlsx"
                    >
                      {m('apply.exportLedger')}
                    </Button>
                    {can('policy.apply') ? (
                      <Popconfirm
                        title={m('apply.storeQ')}
                        description={
                          <div style={{ maxWidth: 360 }}>
                            {m('apply.storeWhat', {
                              id: a.run.id,
                              policy: a.policy.title[lang],
                              draft: a.draft ? m('apply.storeWhat.draft') : '',
                            })}
                          </div>
                        }
                        okText={m('apply.storeOk')}
                        cancelText={m('cancel')}
                        okButtonProps={{ 'data-testid': 'save-application-confirm' }}
                        onConfirm={() => void save()}
                      >
                        <Button icon={<SaveOutlined />} loading={saving} data-testid="save-application">
                          {m('apply.store')}
                        </Button>
                      </Popconfirm>
                    ) : null}
                  </Space>
                }
              />
            </Space>
          )}
        </Load>
      ) : null}
      {run ? <Applications state={stored} policyTitle={policyTitle} /> : null}
    </Space>
  );
}
