/** Each department's figures with the file, sheet and rows they were read from; the land parcels. */
import { Card, Descriptions, Empty, Table, Typography } from 'antd';
import { useMessages } from '../../catalogue';
import { withUnit } from '../../components/format';
import type { LandParcel, SourceFigures } from '../../contract';
import { num } from '../../i18n';
import { fieldValue, landSource, sourceName } from './labels';
import { messages } from './messages';

export function SourcesCard({
  sources,
  divisionName,
}: {
  sources: SourceFigures[];
  divisionName: string | null;
}) {
  const { m, lang } = useMessages(messages);
  const where = (s: SourceFigures) =>
    s.file
      ? `${sourceName(s.file, lang)}${s.sheet ? ` · ${s.sheet}` : ''}${
          s.rows.length ? m('src.rows', { rows: s.rows.join(m('src.rowSep')) }) : ''
        }`
      : m('src.recordFile');
  return (
    <Card size="small" title={m('sources.title')} style={{ height: '100%' }} data-testid="card-sources">
      {sources.length === 0 ? <Empty description={m('sources.none')} /> : null}
      {sources.map((s) => (
        <div key={s.department} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{s.label[lang]}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
            {where(s)}
          </Typography.Text>
          <Descriptions size="small" column={2}>
            {s.fields.map((f) => (
              <Descriptions.Item key={f.field} label={withUnit(f.label[lang], f.unit, lang)}>
                {f.field === 'division' && divisionName
                  ? divisionName
                  : f.field === 'founded' && typeof f.value === 'number'
                    ? String(f.value)
                    : fieldValue(f.value, f.unit, lang)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </div>
      ))}
    </Card>
  );
}

export function LandCard({ land }: { land: LandParcel[] }) {
  const { m, lang } = useMessages(messages);
  const total = land.reduce((s, p) => s + p.areaMu, 0);
  return (
    <Card size="small" title={m('land')} style={{ height: '100%' }} data-testid="card-land">
      <Table<LandParcel>
        size="small"
        pagination={false}
        rowKey={(p, i) => `${p.certificateNo ?? ''}-${i ?? 0}`}
        dataSource={land}
        locale={{ emptyText: m('land.none') }}
        columns={[
          {
            title: m('land.certificate'),
            dataIndex: 'certificateNo',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: m('land.area'),
            dataIndex: 'areaMu',
            align: 'right',
            render: (v: number) => num(v, 2),
          },
          {
            title: m('land.tenure'),
            dataIndex: 'tenure',
            render: (v: string) => m(v === 'owned' ? 'land.owned' : 'land.rented'),
          },
          {
            title: m('land.source'),
            dataIndex: 'source',
            render: (v: string | null) => landSource(v, lang),
          },
        ]}
        summary={() =>
          land.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{m('total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {num(total, 2)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}
