/**
 * The per-enterprise ledger of an application: each sum with, where it cannot be computed, why (the
 * bases of the amounts lacking their input); each row expands to every amount's basis; filtered by class
 * and county in the address, paged on the server.
 */
import type { ReactNode } from 'react';
import { Card, Descriptions, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import type * as P from '../../contract';
import { useMessages } from '../../catalogue';
import { ClassTag } from '../../components/common';
import { num } from '../../i18n';
import { Link, useRouter } from '../../router';
import { messages } from './messages';
import { DraftTag } from './parts';
import { CLASSES, missingReason, NET_KINDS, SURCHARGE_KINDS } from './policy';

/** A sum of the ledger that cannot be computed (an input is missing): no figure, and why. */
function NotComputable({ row, kinds }: { row: P.LedgerRowView; kinds: readonly P.InstrumentKind[] }) {
  const { m, lang } = useMessages(messages);
  const why = missingReason(row, kinds, lang);
  return (
    <Tooltip title={why}>
      <Typography.Text type="secondary" data-testid="ledger-missing" data-reason={why}>
        — {m('ledger.noData')}
      </Typography.Text>
    </Tooltip>
  );
}

const sum =
  (kinds: readonly P.InstrumentKind[]) =>
  (v: number | null, r: P.LedgerRowView): ReactNode =>
    v === null ? <NotComputable row={r} kinds={kinds} /> : num(v);

export function Ledger({
  a,
  page,
  pageSize,
  actions,
}: {
  a: P.PolicyApplicationView;
  page: number;
  pageSize: number;
  actions: ReactNode;
}) {
  const { m } = useMessages(messages);
  const { location, setQuery } = useRouter();
  const columns: ColumnsType<P.LedgerRowView> = [
    {
      title: m('enterprise'),
      dataIndex: 'name',
      render: (v: string | null, r) => (
        <Link to={`/enterprise/${r.uscc}?run=${a.run.id}`}>{v ?? r.uscc}</Link>
      ),
    },
    {
      title: m('county'),
      dataIndex: 'division',
      render: (v: string | null) => (v ? (a.countyNames[v] ?? v) : '—'),
    },
    {
      title: m('class'),
      dataIndex: 'class',
      render: (v: string, r) => (
        <>
          <ClassTag cls={v} />
          {r.streak > 1 ? <Tag>{m('ledger.streak', { n: r.streak })}</Tag> : null}
        </>
      ),
    },
    { title: m('col.relief'), dataIndex: 'reliefWan', align: 'right', render: sum(['land_use_tax_relief']) },
    { title: m('col.rewards'), dataIndex: 'rewardWan', align: 'right', render: sum(['reward']) },
    { title: m('col.surcharges'), dataIndex: 'surchargeWan', align: 'right', render: sum(SURCHARGE_KINDS) },
    {
      title: m('col.netBenefit'),
      dataIndex: 'netBenefitWan',
      align: 'right',
      render: (v: number | null, r) =>
        v === null ? (
          <NotComputable row={r} kinds={NET_KINDS} />
        ) : (
          <Typography.Text type={v < 0 ? 'danger' : undefined}>{num(v)}</Typography.Text>
        ),
    },
    { title: m('col.land'), dataIndex: 'landMu', align: 'right', render: sum(['land_quota']) },
    { title: m('col.energy'), dataIndex: 'energyTce', align: 'right', render: sum(['energy_quota']) },
    { title: m('col.emissions'), dataIndex: 'emissionT', align: 'right', render: sum(['emission_quota']) },
  ];
  return (
    <Card
      size="small"
      title={
        <>
          {m('ledger.title', { n: a.ledger.total })}
          <DraftTag draft={a.draft} />
        </>
      }
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder={m('class')}
            aria-label={m('ledger.classFilter')}
            style={{ width: 100 }}
            value={location.query.get('class') ?? undefined}
            options={CLASSES.map((c) => ({ value: c, label: c }))}
            onChange={(v?: string) => setQuery({ class: v, page: undefined })}
          />
          <Select
            allowClear
            placeholder={m('county')}
            aria-label={m('ledger.countyFilter')}
            style={{ width: 140 }}
            value={location.query.get('division') ?? undefined}
            options={a.totals.counties.map((c) => ({ value: c.division ?? '', label: c.name ?? c.division }))}
            onChange={(v?: string) => setQuery({ division: v, page: undefined })}
          />
          {actions}
        </Space>
      }
    >
      <Table<P.LedgerRowView>
        size="small"
        rowKey="seq"
        columns={columns}
        dataSource={a.ledger.items}
        data-testid="ledger-table"
        expandable={{
          expandedRowRender: (r) => (
            <Descriptions size="small" column={1}>
              {r.items.map((it) => (
                <Descriptions.Item key={it.instrument} label={it.title}>
                  {it.basis}
                </Descriptions.Item>
              ))}
            </Descriptions>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: a.ledger.total,
          showSizeChanger: false,
          onChange: (p) => setQuery({ page: p }),
        }}
      />
    </Card>
  );
}
