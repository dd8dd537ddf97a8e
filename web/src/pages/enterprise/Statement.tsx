/**
 * The statement's layout: name and year, identity, the class and why, indicators, how to move up,
 * objections, each department's figures, land, history.
 */
import type { ReactNode } from 'react';
import { Button, Card, Col, Descriptions, Empty, List, Row, Select, Space, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useMessages } from '../../catalogue';
import { ClassTag, SourcedCard } from '../../components/common';
import { ObjectionsCard } from '../../components/objections';
import type { EnterpriseView } from '../../contract';
import { num, useI18n } from '../../i18n';
import { useNavigation } from '../../router';
import { HistoryCard } from './History';
import { IndicatorChart, IndicatorTable } from './Indicators';
import { flagLabel } from './labels';
import { messages } from './messages';
import { MoveUpCard } from './MoveUp';
import { LandCard, SourcesCard } from './Sources';

export function Statement({ v }: { v: EnterpriseView }) {
  const { t } = useI18n();
  const { m, lang } = useMessages(messages);
  const { setQuery } = useNavigation();
  const r = v.result;
  const years = v.history.map((h) => h.year);
  const draft = v.run !== null && !v.run.published;
  const source = v.run
    ? m('source', { id: v.run.id, methodology: v.run.methodologyId, dataset: v.run.datasetLabel }) +
      (draft ? m('source.draft') : '')
    : undefined;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} className="print-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {/* the name alone (a proper name, in its own language); the draft label beside it */}
            <span data-testid="enterprise-name">{v.identity.name ?? v.uscc}</span>
            {draft ? (
              <Tag
                color="orange"
                style={{ marginLeft: 12, verticalAlign: 'middle' }}
                data-testid="draft-label"
              >
                {m('draft')}
              </Tag>
            ) : null}
          </Typography.Title>
          <Typography.Text type="secondary">
            {m('subtitle', { title: t('enterprise.title'), year: v.year, uscc: v.uscc })}
          </Typography.Text>
        </div>
        <Space className="no-print">
          {years.length > 1 ? (
            <Select
              aria-label={m('year')}
              value={v.year}
              style={{ width: 120 }}
              options={[...new Set(years)].map((y) => ({ value: y, label: String(y) }))}
              onChange={(y: number) => setQuery({ year: y, run: undefined })}
            />
          ) : null}
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
            {t('common.print')}
          </Button>
        </Space>
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={m('identity')} style={{ height: '100%' }}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('common.uscc')}>{v.uscc}</Descriptions.Item>
              <Descriptions.Item label={t('common.county')}>
                {v.identity.divisionName ?? v.identity.division ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('common.industry')}>
                {v.identity.industry ? `${v.identity.industry} ${v.identity.industryName ?? ''}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={m('scale')}>
                {v.identity.aboveScale === null
                  ? '—'
                  : m(v.identity.aboveScale ? 'scale.above' : 'scale.below')}
              </Descriptions.Item>
              {v.identity.tenantOf ? (
                <Descriptions.Item label={m('tenantOf')}>{v.identity.tenantOf}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={m('flags')}>
                <Space size={4} wrap>
                  {v.identity.flags.map((f) => (
                    <Tag key={f}>{flagLabel(f, lang)}</Tag>
                  ))}
                  {v.identity.qualifications.map((q) => (
                    <Tag color="blue" key={q.kind + q.yearFrom}>
                      {flagLabel(q.kind, lang)} {q.yearFrom}
                      {q.yearTo ? `–${q.yearTo}` : '–'}
                    </Tag>
                  ))}
                  {v.identity.flags.length + v.identity.qualifications.length === 0 ? '—' : null}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <ClassCard v={v} source={source} />
        </Col>
      </Row>
      {r && r.indicators.length > 0 ? (
        <SourcedCard
          testId="card-indicators"
          title={m('indicators.title')}
          source={source}
          definition={m('indicators.def')}
        >
          <Row gutter={12}>
            <Col xs={24} xl={10} className="print-hide">
              <IndicatorChart items={r.indicators} />
            </Col>
            <Col xs={24} xl={14} className="print-full">
              <IndicatorTable items={r.indicators} />
            </Col>
          </Row>
        </SourcedCard>
      ) : null}
      {v.run && r?.status === 'graded' ? <MoveUpCard runId={v.run.id} uscc={v.uscc} /> : null}
      <ObjectionsCard v={v} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <SourcesCard sources={v.sources} divisionName={v.identity.divisionName} />
        </Col>
        <Col xs={24} lg={12}>
          <LandCard land={v.land} />
        </Col>
      </Row>
      <HistoryCard history={v.history} />
    </Space>
  );
}

function ClassCard({ v, source }: { v: EnterpriseView; source: string | undefined }) {
  const { t } = useI18n();
  const { m } = useMessages(messages);
  const r = v.result;
  if (!r)
    return (
      <Card size="small" title={m('result')} style={{ height: '100%' }}>
        <Empty description={m('result.none')} />
      </Card>
    );
  const figure = (label: string, value: ReactNode, className: string, testId?: string) => (
    <div>
      <div style={{ color: '#8c8c8c' }}>{label}</div>
      <div className={className} data-testid={testId}>
        {value}
      </div>
    </div>
  );
  return (
    <SourcedCard testId="card-class" title={m('result.title')} source={source}>
      <Space size={24} wrap style={{ marginBottom: 8 }}>
        <div>
          <div style={{ color: '#8c8c8c' }}>{t('common.status')}</div>
          <div>{r.statusText}</div>
        </div>
        {figure(t('common.total'), num(r.total, 2), 'kpi num')}
        {figure(t('common.rank'), r.rank ? `${r.rank} / ${r.unitSize ?? '—'}` : '—', 'kpi num')}
        {figure(t('common.initialClass'), <ClassTag cls={r.initialClass} />, 'kpi')}
        {figure(t('common.adjustedClass'), <ClassTag cls={r.adjustedClass} />, 'kpi', 'adjusted-class')}
      </Space>
      {r.reasonText ? <Typography.Paragraph type="danger">{r.reasonText}</Typography.Paragraph> : null}
      <List
        size="small"
        data-testid="why"
        header={<b>{m('why')}</b>}
        dataSource={r.why}
        renderItem={(w, i) => (
          <List.Item style={{ padding: '2px 0' }}>
            {i + 1}. {w}
          </List.Item>
        )}
      />
      {r.adjustments.length > 0 ? (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          <b>{m('points')}</b>
          {r.adjustments.map((a) => `${a.title} ${a.points > 0 ? '+' : ''}${a.points}`).join(m('points.sep'))}
        </Typography.Paragraph>
      ) : null}
      {/* a manual adjustment (调档) is one of the steps above (who, when, from → to, reason): not repeated */}
    </SourcedCard>
  );
}
