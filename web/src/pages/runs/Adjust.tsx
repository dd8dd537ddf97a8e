/**
 * Manual class adjustments (调档) of a run: the form (USCC checked and the enterprise shown as it is
 * typed, the target class, a required reason), a confirmation (an adjustment is kept for good), and the
 * run's adjustments so far.
 */
import { useState } from 'react';
import { Alert, Button, Drawer, Form, Input, Modal, Radio, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { api, ApiError } from '../../api';
import { useMessages } from '../../catalogue';
import type {
  AdjustmentList,
  AdjustmentResponse,
  ClassAdjustmentView,
  ClassId,
  Explanation,
  RunView,
} from '../../contract';
import { ClassTag, ErrorBox, Load, useApi } from '../../components/common';
import { fmtTime } from '../../components/format';
import { endpointMissing } from '../../components/jobs';
import { Link } from '../../router';
import { messages } from './messages';
import { CLASSES } from './runs';

const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Whether `s` has the shape of a unified social credit code (18 capitals and digits, no I O S V Z). */
export const looksLikeUscc = (s: string): boolean => USCC_RE.test(s);

export function AdjustDrawer({
  runId,
  run,
  initialUscc,
  onClose,
  onSaved,
}: {
  runId: number;
  run: RunView | undefined;
  initialUscc: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { m, lang } = useMessages(messages);
  const [uscc, setUscc] = useState(initialUscc.toUpperCase());
  const [toClass, setToClass] = useState<ClassId>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [touched, setTouched] = useState(false);
  const list = useApi(() => api.get<AdjustmentList>(`/api/runs/${runId}/adjustments`), [runId]);
  const usccOk = looksLikeUscc(uscc);
  const firm = useApi(
    () =>
      usccOk
        ? api.get<Explanation>(`/api/runs/${runId}/enterprises/${encodeURIComponent(uscc)}`, { lang })
        : null,
    [runId, uscc, usccOk, lang],
  );
  const firmData = usccOk && firm.data?.uscc === uscc ? firm.data : undefined;
  const firmError = usccOk && !firm.loading ? firm.error : undefined;

  const [confirming, setConfirming] = useState(false);
  /** Checks the form, then asks to confirm: an adjustment is recorded for good. */
  const ask = () => {
    setTouched(true);
    if (!usccOk || !toClass || reason.trim().length === 0) return;
    setConfirming(true);
  };
  const save = async () => {
    if (!usccOk || !toClass || reason.trim().length === 0) return;
    setConfirming(false);
    setBusy(true);
    setError(undefined);
    try {
      await api.post<AdjustmentResponse>(`/api/runs/${runId}/adjustments`, {
        uscc,
        toClass,
        reason: reason.trim(),
      });
      setReason('');
      setToClass(undefined);
      setTouched(false);
      list.reload();
      firm.reload();
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<ClassAdjustmentView> = [
    { title: m('adjust.col.when'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtTime(v) },
    {
      title: m('adjust.col.enterprise'),
      dataIndex: 'uscc',
      render: (v: string) => <Link to={`/enterprise/${v}?run=${runId}`}>{v}</Link>,
    },
    {
      title: m('adjust.col.change'),
      key: 'change',
      width: 100,
      render: (_: unknown, a) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <ClassTag cls={a.fromClass} /> → <ClassTag cls={a.toClass} />
        </span>
      ),
    },
    { title: m('adjust.col.reason'), dataIndex: 'reason' },
    { title: m('adjust.col.by'), dataIndex: 'createdBy', width: 80 },
  ];

  const usccHelp = () => {
    if (touched && !usccOk) return m('adjust.uscc.bad');
    if (firmError) return firmError.status === 404 ? m('adjust.uscc.unknown') : firmError.text(lang);
    if (!firmData) return undefined;
    return (
      m('adjust.uscc.firm', {
        name: firmData.name ?? '',
        division: firmData.divisionName ?? '',
        initial: firmData.initialClass ?? '—',
        now: firmData.adjustedClass ?? '—',
      }) + (firmData.adjustedClass ? '' : ` (${firmData.statusText})`)
    );
  };
  const errorHint = (e: ApiError) =>
    endpointMissing(e)
      ? m('adjust.hint.missing')
      : e.status === 404
        ? m('adjust.hint.notFound')
        : e.status === 409
          ? m('adjust.hint.conflict')
          : m('adjust.hint.other');

  return (
    <Drawer
      open
      size="large"
      onClose={onClose}
      title={run ? m('adjust.title', { id: run.id, year: run.year }) : m('adjust.titleNoRun', { id: runId })}
      data-testid="adjust-drawer"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Alert type="info" showIcon title={m('adjust.intro')} />
        {run?.publishedAt ? <Alert type="warning" showIcon title={m('adjust.published')} /> : null}
        <Form layout="vertical" onFinish={ask} disabled={busy}>
          <Form.Item
            label={m('adjust.uscc')}
            htmlFor="adjust-uscc"
            required
            validateStatus={touched && !usccOk ? 'error' : firmError ? 'warning' : undefined}
            help={usccHelp()}
          >
            <Input
              id="adjust-uscc"
              data-testid="adjust-uscc"
              value={uscc}
              maxLength={18}
              placeholder="91330400MA2B…"
              onChange={(e) => setUscc(e.target.value.trim().toUpperCase())}
            />
          </Form.Item>
          <Form.Item
            label={m('adjust.toClass')}
            required
            validateStatus={touched && !toClass ? 'error' : undefined}
            help={touched && !toClass ? m('adjust.toClass.missing') : undefined}
          >
            <Radio.Group
              data-testid="adjust-class"
              aria-label={m('adjust.toClass')}
              value={toClass}
              onChange={(e) => setToClass(e.target.value as ClassId)}
              optionType="button"
              options={CLASSES.map((k) => ({
                value: k,
                label: k,
                disabled: firmData?.adjustedClass === k,
              }))}
            />
          </Form.Item>
          <Form.Item
            label={m('adjust.reason')}
            htmlFor="adjust-reason"
            required
            validateStatus={touched && reason.trim() === '' ? 'error' : undefined}
            help={touched && reason.trim() === '' ? m('adjust.reason.missing') : undefined}
          >
            <Input.TextArea
              id="adjust-reason"
              data-testid="adjust-reason"
              rows={3}
              maxLength={500}
              showCount
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={m('adjust.reason.example')}
            />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 12 }}>
              <ErrorBox error={error} hint={errorHint(error)} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="adjust-submit">
            {m('adjust.submit')}
          </Button>
        </Form>
        <Modal
          open={confirming}
          title={m('adjust.confirm.title')}
          okText={m('adjust.confirm.ok')}
          cancelText={m('adjust.confirm.back')}
          onOk={() => void save()}
          onCancel={() => setConfirming(false)}
          okButtonProps={{ danger: true, ...{ 'data-testid': 'adjust-confirm-ok' } }}
          data-testid="adjust-confirm"
        >
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Text data-testid="adjust-confirm-firm">
              {m('adjust.confirm.firm')}
              <b>{firmData?.name ?? uscc}</b>
              {firmData?.name ? m('adjust.confirm.code', { uscc }) : ''}
              {firmData?.divisionName ? ` · ${firmData.divisionName}` : ''}
            </Typography.Text>
            <Typography.Text data-testid="adjust-confirm-change">
              {m('adjust.confirm.class')}
              <ClassTag cls={firmData?.adjustedClass ?? null} /> → <ClassTag cls={toClass ?? null} />
              {run ? m('adjust.confirm.run', { id: run.id }) : ''}
            </Typography.Text>
            <Typography.Text data-testid="adjust-confirm-reason">
              {m('adjust.confirm.reason')}
              {reason.trim()}
            </Typography.Text>
            <Alert type="warning" showIcon title={m('adjust.confirm.forGood')} />
          </Space>
        </Modal>
        <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
          {m('adjust.list')}
        </Typography.Title>
        <Load state={list}>
          {(d) => (
            <Table
              data-testid="adjustments-table"
              size="small"
              rowKey="id"
              dataSource={d.items}
              columns={columns}
              pagination={d.items.length > 10 ? { pageSize: 10 } : false}
              locale={{ emptyText: m('adjust.none') }}
            />
          )}
        </Load>
      </Space>
    </Drawer>
  );
}
