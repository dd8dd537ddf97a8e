/** 如何升档: the smallest change of each input alone that lifts the enterprise to the next class under this run's benchmarks. */
import { Card, Table, Typography } from 'antd';
import { api } from '../../api';
import { useMessages } from '../../catalogue';
import { useApi } from '../../components/common';
import { withUnit } from '../../components/format';
// not yet re-exported by web/src/contract.ts (the policy answers move to one definition per endpoint)
import type { MoveUpOptionView, MoveUpView } from '../../contract';
import { num } from '../../i18n';
import { inputLabel, signed } from './labels';
import { messages } from './messages';

export function MoveUpCard({ runId, uscc }: { runId: number; uscc: string }) {
  const { m, lang } = useMessages(messages);
  const state = useApi(
    () => api.get<MoveUpView>(`/api/runs/${runId}/enterprises/${encodeURIComponent(uscc)}/move-up`),
    [runId, uscc],
  );
  const u = state.data?.moveUp;
  if (state.error || !u) return null;
  const headline =
    u.status === 'top'
      ? m('up.top')
      : u.status === 'blocked_by_veto'
        ? m('up.veto', { vetoes: u.vetoes.join(m('up.sep')) })
        : u.status === 'no_slot'
          ? m('up.noSlot')
          : m(u.target?.strict ? 'up.okStrict' : 'up.ok', {
              from: u.currentClass ?? '',
              to: u.target?.class ?? '',
              target: num(u.target?.total ?? null, 2),
              total: num(u.total, 2),
              gap: num(u.gap, 2),
            });
  return (
    <Card size="small" title={m('up.title')} data-testid="card-move-up">
      <Typography.Paragraph style={{ marginBottom: 8 }}>{headline}</Typography.Paragraph>
      {u.status === 'ok' ? (
        <Table<MoveUpOptionView>
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={u.options.filter((o) => o.reason !== 'not_used')}
          columns={[
            {
              title: m('up.figure'),
              dataIndex: 'field',
              render: (f: string, o) => withUnit(inputLabel(f, lang), o.unit, lang),
            },
            {
              title: m('up.now'),
              dataIndex: 'current',
              align: 'right',
              render: (v: number | null) => num(v, 2),
            },
            {
              title: m('up.needed'),
              dataIndex: 'required',
              align: 'right',
              render: (v: number | null) => num(v, 2),
            },
            {
              title: m('up.change'),
              key: 'change',
              align: 'right',
              render: (_: unknown, o) =>
                o.reason === 'ok'
                  ? m('up.changeValue', {
                      change: o.change !== null && o.change > 0 ? `+${num(o.change, 2)}` : num(o.change, 2),
                      relative: o.relative !== null ? `${signed(o.relative * 100, 1)}%` : '—',
                    })
                  : o.reason === 'missing'
                    ? m('up.missing')
                    : m('up.unreachable'),
            },
          ]}
        />
      ) : null}
      {u.noSingleInput ? <Typography.Text type="secondary">{m('up.none')}</Typography.Text> : null}
    </Card>
  );
}
