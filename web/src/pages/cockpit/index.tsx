/**
 * 驾驶舱: a year's evaluation at a glance — class distribution per county (click a bar to drill down to
 * its enterprises), per-mu tax and value added per county against last year, the top and bottom
 * enterprises, and how complete each department's data is (`CockpitCards`). Every card names its source
 * and definition.
 */
import { Space, Typography } from 'antd';
import { api } from '../../api';
import { useMessages } from '../../catalogue';
import { Load, useApi } from '../../components/common';
import { RunBanner, RunPicker, useRuns } from '../../components/runs';
import type { Cockpit as CockpitData } from '../../contract';
import { useI18n } from '../../i18n';
import { useRouter } from '../../router';
import { CockpitCards } from './CockpitCards';
import { messages } from './messages';

export { worstFields } from './cockpit';

export default function Cockpit() {
  const { t } = useI18n();
  const { m } = useMessages(messages);
  const { location } = useRouter();
  // the cockpit's own request names the run (`latest` by default): it does not wait for the list of runs
  const runParam = location.query.get('run') ?? 'latest';
  const runs = useRuns();
  const data = useApi(() => api.get<CockpitData>(`/api/runs/${runParam}/cockpit`), [runParam]);
  const run = data.data?.run;
  const noRun = data.error?.status === 404 && runParam === 'latest';
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {t('cockpit.title')}
          {run ? (
            <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
              {m('dataOf', { year: run.year })}
            </Typography.Text>
          ) : null}
        </Typography.Title>
        {runs.data && run ? (
          <RunPicker runs={runs.data.items} run={runs.data.items.find((r) => r.id === run.id)} />
        ) : null}
      </Space>
      {run && data.data ? <RunBanner run={run} title={data.data.methodologyTitle} /> : null}
      {noRun ? (
        <Typography.Text>{t('error.noRun')}</Typography.Text>
      ) : (
        <Load state={data}>{(d) => <CockpitCards d={d} />}</Load>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {m('footnote')}
      </Typography.Text>
    </Space>
  );
}
