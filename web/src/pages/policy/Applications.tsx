/** The applications stored for the run: who, when, which policy, the totals, the ledger to download. */
import { Card, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { DownloadOutlined } from '@ant-design/icons';
import type * as P from '../../contract';
import { useMessages } from '../../catalogue';
import { ErrorBox, type Loaded } from '../../components/common';
import { num } from '../../i18n';
import { messages } from './messages';
import { DraftTag } from './parts';
import { when } from './policy';

type Row = P.PolicyApplicationRecordView;
const city = (r: Row) => (r.totals as { city?: P.PolicyTotalsView } | null)?.city;

export function Applications({
  state,
  policyTitle,
}: {
  state: Loaded<P.PolicyApplicationList>;
  policyTitle: (id: string) => string;
}) {
  const { m, lang } = useMessages(messages);
  const columns: ColumnsType<Row> = [
    { title: m('stored.no'), dataIndex: 'id', render: (v: number) => `#${v}` },
    { title: m('stored.by'), dataIndex: 'createdBy' },
    { title: m('stored.at'), dataIndex: 'createdAt', render: (v: string) => when(v, lang) },
    {
      title: m('run'),
      dataIndex: 'runId',
      render: (v: number, r) => (
        <>
          {m('runN', { id: v })}
          <DraftTag draft={r.draft} />
        </>
      ),
    },
    {
      title: m('apply.policy'),
      dataIndex: 'policyId',
      render: (v: string, r) => (
        <Tooltip title={`${v} · ${r.policyHash.slice(0, 12)}`}>
          <span>{policyTitle(v)}</span>
        </Tooltip>
      ),
    },
    { title: m('col.relief'), align: 'right', render: (_: unknown, r) => num(city(r)?.reliefWan) },
    { title: m('col.rewards'), align: 'right', render: (_: unknown, r) => num(city(r)?.rewardWan) },
    { title: m('col.surcharges'), align: 'right', render: (_: unknown, r) => num(city(r)?.surchargeWan) },
    { title: m('col.netFiscal'), align: 'right', render: (_: unknown, r) => num(city(r)?.netFiscalWan) },
    {
      title: m('stored.ledger'),
      render: (_: unknown, r) => (
        <a
          href={`/api/policy-applications/${r.id}/ledger.xlsx?lang=${lang}`}
          data-testid="stored-xlsx"
          aria-label={m('stored.download', { id: r.id })}
        >
          <DownloadOutlined /> XLSX
        </a>
      ),
    },
  ];
  return (
    <Card size="small" title={m('stored.title')}>
      {state.error ? (
        <ErrorBox error={state.error} onRetry={state.reload} />
      ) : (
        <Table<Row>
          size="small"
          rowKey="id"
          pagination={false}
          loading={state.loading}
          columns={columns}
          dataSource={state.data?.items ?? []}
          data-testid="stored-applications"
          locale={{ emptyText: m('stored.empty') }}
        />
      )}
    </Card>
  );
}
