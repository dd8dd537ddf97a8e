/**
 * Sensitivity: how stable each enterprise's class is when weights and data are perturbed (a background
 * job): the fragile enterprises, by class, to review before any penalty.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { api, ApiError } from '../../api';
import type * as P from '../../contract';
import { useMessages } from '../../catalogue';
import { ClassTag, ErrorBox } from '../../components/common';
import { CLASS_COLORS } from '../../components/EChart';
import { JobProgress, useJob } from '../../components/jobs';
import { RunPicker, useCurrentRun } from '../../components/runs';
import { num, pct } from '../../i18n';
import { Link } from '../../router';
import { messages } from './messages';
import { DraftTag } from './parts';
import { CLASSES } from './policy';

export function SensitivityTab() {
  const { m, lang } = useMessages(messages);
  const { runs, run } = useCurrentRun();
  const [form, setForm] = useState({ draws: 1000, seed: 1, weights: 0.1, data: 0.05, minStability: 0.9 });
  const [job, setJob] = useState<P.SensitivityJobView>();
  const [error, setError] = useState<ApiError>();
  const followed = useJob<P.SensitivityView>(job?.id, job);
  const start = async () => {
    if (!run) return;
    setError(undefined);
    try {
      const r = await api.post<P.SensitivityAccepted>('/api/sensitivity', {
        run: run.id,
        ...form,
        limit: 200,
      });
      setJob(r.job);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    }
  };
  const result = followed.job?.state === 'done' ? followed.job.result : null;
  const columns: ColumnsType<P.FragileEnterpriseView> = [
    {
      title: m('enterprise'),
      dataIndex: 'name',
      render: (v: string | null, r) => (
        <Link to={`/enterprise/${r.uscc}?run=${result?.runId ?? ''}`}>{v ?? r.uscc}</Link>
      ),
    },
    {
      title: m('county'),
      dataIndex: 'division',
      render: (v: string | null) => (v ? (result?.countyNames[v] ?? v) : '—'),
    },
    { title: m('sens.baseClass'), dataIndex: 'baseClass', render: (v: string) => <ClassTag cls={v} /> },
    { title: m('sens.stability'), dataIndex: 'stability', align: 'right', render: (v: number) => pct(v) },
    {
      title: m('sens.perClass'),
      render: (_: unknown, r) => (
        <Space size={4}>
          {CLASSES.map((c) =>
            r.counts[c] > 0 ? <Tag key={c} color={CLASS_COLORS[c]}>{`${c} ${r.counts[c]}`}</Tag> : null,
          )}
          {r.counts.none > 0 ? <Tag>{m('sens.noneN', { n: r.counts.none })}</Tag> : null}
        </Space>
      ),
    },
    {
      title: m('sens.atStake'),
      dataIndex: 'atStake',
      render: (v: boolean) => (v ? <Tag color="red">{m('sens.reviewFirst')}</Tag> : null),
    },
  ];
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <RunPicker runs={runs.data?.items ?? []} run={run} />
      <Card size="small">
        <Form layout="inline">
          <Form.Item label={m('sens.draws')} htmlFor="sensitivity-draws">
            <InputNumber
              id="sensitivity-draws"
              min={1}
              max={100000}
              value={form.draws}
              onChange={(v) => setForm({ ...form, draws: v ?? 1000 })}
            />
          </Form.Item>
          <Form.Item label={m('sens.seed')} htmlFor="sensitivity-seed">
            <InputNumber
              id="sensitivity-seed"
              value={form.seed}
              onChange={(v) => setForm({ ...form, seed: v ?? 1 })}
            />
          </Form.Item>
          <Form.Item label={m('sens.weights')} htmlFor="sensitivity-weights">
            <InputNumber
              id="sensitivity-weights"
              min={0}
              max={0.99}
              step={0.01}
              value={form.weights}
              onChange={(v) => setForm({ ...form, weights: v ?? 0 })}
            />
          </Form.Item>
          <Form.Item label={m('sens.data')} htmlFor="sensitivity-data">
            <InputNumber
              id="sensitivity-data"
              min={0}
              max={0.99}
              step={0.01}
              value={form.data}
              onChange={(v) => setForm({ ...form, data: v ?? 0 })}
            />
          </Form.Item>
          <Form.Item label={m('sens.threshold')} htmlFor="sensitivity-threshold">
            <InputNumber
              id="sensitivity-threshold"
              min={0.01}
              max={1}
              step={0.05}
              value={form.minStability}
              onChange={(v) => setForm({ ...form, minStability: v ?? 0.9 })}
            />
          </Form.Item>
          <Button type="primary" onClick={() => void start()} data-testid="sensitivity-run" disabled={!run}>
            {m('sens.run')}
          </Button>
        </Form>
      </Card>
      {error ? <ErrorBox error={error} /> : null}
      {job ? <JobProgress job={followed.job} pollError={followed.error} /> : null}
      {result ? (
        <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="sensitivity-result">
          {result.draft ? <Alert type="warning" showIcon title={m('sens.draft')} /> : null}
          <Card
            size="small"
            title={
              <>
                {m('sens.of', { id: result.runId })}
                <DraftTag draft={result.draft} />
              </>
            }
          >
            <Row gutter={16}>
              <Col span={6}>
                <Statistic title={m('sens.graded')} value={result.graded} />
              </Col>
              <Col span={6}>
                <Statistic title={m('sens.fragile')} value={result.fragileCount} />
              </Col>
              {CLASSES.map((c) => (
                <Col span={3} key={c}>
                  <Statistic
                    title={m('sens.classFragile', { cls: c })}
                    value={`${result.byClass[c].fragile} / ${result.byClass[c].graded}`}
                  />
                </Col>
              ))}
            </Row>
            <Typography.Text type="secondary">
              {m('sens.summary', {
                draws: result.draws,
                seed: result.seed,
                weights: pct(result.weights, 0),
                data: pct(result.data, 0),
                fields: result.dataFields.map((f) => result.fieldLabels[f]?.[lang] ?? f).join(m('listSep')),
                min: pct(result.minStability, 0),
                secs: num(result.ms / 1000, 1),
              })}
            </Typography.Text>
          </Card>
          <Card size="small" title={m('sens.fragileTitle')}>
            <Table<P.FragileEnterpriseView>
              size="small"
              rowKey="seq"
              columns={columns}
              dataSource={result.fragile}
              data-testid="fragile-table"
            />
          </Card>
        </Space>
      ) : null}
    </Space>
  );
}
