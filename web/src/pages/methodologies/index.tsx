/**
 * 评价办法: each shipped methodology as readable rules (`Rules`: scope, groups, indicators with weights
 * and benchmarks, classing, adjustments, vetoes, protections, demo assumptions, its file as text), and
 * the validation of an uploaded file whose errors are shown at their line in the file (`Validate`).
 */
import { Empty, Select, Space, Tabs, Typography } from 'antd';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useMessages } from '../../catalogue';
import { ErrorBox, useApi } from '../../components/common';
import { useCurrentRun } from '../../components/runs';
import { useI18n } from '../../i18n';
import { useRouter } from '../../router';
import { messages } from './messages';
import { titleOf, type MethodologyListItem } from './methodologies';
import { Rules } from './Rules';
import { Validate } from './Validate';
import { Tests } from './Tests';

export default function Methodologies() {
  const { t } = useI18n();
  const { m, lang } = useMessages(messages);
  const { location, setQuery } = useRouter();
  const { can } = useAuth();
  const list = useApi(() => api.get<{ items: MethodologyListItem[] }>('/api/methodologies'), []);
  // without ?id= the page opens on the methodology of the run the role sees by default (the cockpit's)
  const { runs, run } = useCurrentRun();
  const runMethodology =
    run && list.data?.items.some((x) => x.id === run.methodologyId) ? run.methodologyId : undefined;
  const id =
    location.query.get('id') ??
    runMethodology ??
    (runs.data || runs.error ? list.data?.items[0]?.id : undefined);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.methodologies')}
        </Typography.Title>
        <Select
          data-testid="methodology-picker"
          aria-label={m('picker')}
          style={{ minWidth: 320 }}
          value={id}
          options={(list.data?.items ?? []).map((x) => ({
            value: x.id,
            label: m('option', { title: titleOf(x, lang), id: x.id }),
          }))}
          onChange={(v: string) => setQuery({ id: v })}
        />
      </Space>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      <Tabs
        items={[
          { key: 'rules', label: m('rules'), children: id ? <Rules id={id} /> : <Empty /> },
          { key: 'tests', label: m('tests'), children: id ? <Tests id={id} /> : <Empty /> },
          ...(can('methodology.validate')
            ? [{ key: 'validate', label: m('validate'), children: <Validate /> }]
            : []),
        ]}
      />
    </Space>
  );
}
