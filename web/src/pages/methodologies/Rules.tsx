/** A methodology as readable rules, in the page's language (the server writes the text: `?lang=`). */
import { Alert, Card, Col, Descriptions, List, Row, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api';
import { useMessages } from '../../catalogue';
import { Load, useApi } from '../../components/common';
import { withUnit } from '../../components/format';
import type { MethodologyRules } from '../../contract';
import { num } from '../../i18n';
import { messages } from './messages';

export function Rules({ id }: { id: string }) {
  const { m, lang } = useMessages(messages);
  const rules = useApi(
    () => api.get<MethodologyRules>(`/api/methodologies/${id}/rules`, { lang }),
    [id, lang],
  );
  const when = (w: string | null) => (w ? m('when', { when: w }) : '');
  return (
    <Load state={rules}>
      {(r) => (
        <Space
          direction="vertical"
          size={12}
          style={{ width: '100%' }}
          data-testid="methodology-rules"
          data-methodology={r.id}
        >
          <Card size="small">
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {r.title} <Tag>v{r.version}</Tag>
            </Typography.Title>
            {r.description ? <Typography.Paragraph>{r.description}</Typography.Paragraph> : null}
            <Descriptions size="small" column={{ xs: 1, lg: 3 }}>
              <Descriptions.Item label={m('dataYear')}>{r.dataYear}</Descriptions.Item>
              <Descriptions.Item label={m('source')}>{r.source ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={m('hash')}>
                <Typography.Text code>{r.hash.slice(0, 12)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={m('scope')} span={3}>
                {r.scope.industrial}
              </Descriptions.Item>
              <Descriptions.Item label={m('classing')} span={3}>
                {m('classing.text', {
                  text: r.classing.text,
                  unit: r.classing.rankingUnit,
                  ties: r.classing.ties,
                })}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {r.groups.map((g) => (
            <Card
              key={g.id}
              size="small"
              title={m('group', { title: g.title })}
              extra={<Typography.Text type="secondary">{g.when}</Typography.Text>}
            >
              <Table
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={g.indicators}
                columns={[
                  {
                    title: m('col.indicator'),
                    dataIndex: 'title',
                    render: (v: string, x) => withUnit(v, x.unit, lang),
                  },
                  { title: m('col.formula'), dataIndex: 'formula' },
                  {
                    title: m('col.weight'),
                    dataIndex: 'weight',
                    align: 'right',
                    render: (v: number) => num(v, 2),
                  },
                  {
                    title: m('col.direction'),
                    dataIndex: 'direction',
                    render: (v: string) =>
                      m(v === 'higher_is_better' ? 'direction.higher' : 'direction.lower'),
                  },
                  { title: m('col.scoring'), dataIndex: 'scoring' },
                  {
                    title: m('col.benchmark'),
                    dataIndex: 'benchmark',
                    render: (v: string | null) => v ?? '—',
                  },
                  {
                    title: m('col.missing'),
                    key: 'missing',
                    render: (_: unknown, x) => `${x.onMissing}${m('sep')}${x.onZeroDenominator}`,
                  },
                ]}
              />
              {g.classing ? (
                <Typography.Paragraph style={{ marginTop: 8 }}>{g.classing}</Typography.Paragraph>
              ) : null}
              {g.minLandMu !== null ? (
                <Typography.Text type="secondary">{m('minLand', { mu: g.minLandMu })}</Typography.Text>
              ) : null}
            </Card>
          ))}
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={8}>
              <RuleList
                title={m('adjustments')}
                items={r.adjustments.map(
                  (a) => m('adjustment.item', { title: a.title, points: a.points }) + when(a.when),
                )}
              />
            </Col>
            <Col xs={24} lg={8}>
              <RuleList
                title={m('vetoes')}
                items={r.vetoes.map((v) => m('veto.item', { title: v.title, cls: v.atBest, when: v.when }))}
              />
            </Col>
            <Col xs={24} lg={8}>
              <RuleList
                title={m('protections')}
                items={r.protections.map((v) =>
                  m('protection.item', { title: v.title, cls: v.atWorst, when: v.when }),
                )}
              />
            </Col>
          </Row>
          {r.scope.notGraded.length > 0 ? (
            <RuleList title={m('notGraded')} items={r.scope.notGraded.map((x) => x.title + when(x.when))} />
          ) : null}
          {r.assumptions.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={m('assumptions')}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {r.assumptions.map((a) => (
                    <li key={a.path} title={a.path}>
                      <Typography.Text strong>{m('assumption.where', { where: a.where })}</Typography.Text>
                      {a.note}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Card size="small" title={m('file')}>
            <pre style={{ maxHeight: 360, overflow: 'auto', fontSize: 12, margin: 0 }}>{r.text}</pre>
          </Card>
        </Space>
      )}
    </Load>
  );
}

function RuleList({ title, items }: { title: string; items: string[] }) {
  const { m } = useMessages(messages);
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{m('none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(x) => <List.Item style={{ padding: '2px 0' }}>{x}</List.Item>}
        />
      )}
    </Card>
  );
}
