/**
 * Deciding an objection (county operators, city analysts): accept with the corrected figure — previewed
 * first (GET …/decision-preview: the new dataset version, the re-run, who changes class) and confirmed —
 * or reject with a reason the enterprise sees.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Radio, Space, message } from 'antd';
import { api, ApiError } from '../../api';
import type {
  JobView,
  ObjectionDecisionPreview,
  ObjectionDecisionResponse,
  ObjectionView,
  RunJobResult,
} from '../../contract';
import { useMessages } from '../../catalogue';
import { num } from '../../i18n';
import { ErrorBox } from '../common';
import { unitText } from '../format';
import { messages } from './messages';
import { Standing } from './status';

function PreviewPlace({ p }: { p: ObjectionDecisionPreview['enterprise']['now'] | null }) {
  if (!p) return <>—</>;
  return (
    <Space size={4}>
      <Standing p={p} />
    </Space>
  );
}

/** What accepting will do: shown before the operator confirms. */
function DecisionPreviewView({ p }: { p: ObjectionDecisionPreview }) {
  const { m, lang } = useMessages(messages);
  const o = p.others;
  const unit = unitText(p.correction.label.unit, lang);
  return (
    <Descriptions size="small" column={1} bordered data-testid="decision-preview">
      <Descriptions.Item label={m('preview.correction')}>
        <span className="num">
          {p.correction.label[lang]} {num(p.correction.from, 4)} → {num(p.correction.to, 4)} {unit}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={m('preview.dataset')}>
        <span data-testid="preview-base">{m('preview.base', { run: p.run.id, base: p.base.label })}</span>
        {p.newerDataset ? (
          <div style={{ color: '#8c8c8c' }} data-testid="preview-newer">
            {m('preview.newer', { label: p.newerDataset.label })}
          </div>
        ) : null}
      </Descriptions.Item>
      <Descriptions.Item label={m('preview.rerun')}>
        {m('preview.rerunWhat', { run: p.run.id, title: p.methodology.title[lang] })}
        {p.carriedAdjustments > 0 ? m('preview.carried', { n: p.carriedAdjustments }) : ''}
      </Descriptions.Item>
      <Descriptions.Item label={p.enterprise.name ?? p.enterprise.uscc}>
        <div data-testid="preview-now">
          {m('preview.now')}
          {m('colon')}
          <PreviewPlace p={p.enterprise.now} />
        </div>
        <div data-testid="preview-after">
          {m('preview.after')}
          {m('colon')}
          <PreviewPlace p={p.enterprise.after} />
        </div>
      </Descriptions.Item>
      <Descriptions.Item label={m('preview.others')}>
        <span data-testid="preview-others" data-changed={o.changed}>
          {o.changed === 0
            ? m('preview.noOther')
            : m('preview.otherChanges', {
                n: o.changed,
                up: o.up,
                down: o.down,
                other: o.other,
                county: p.enterprise.divisionName ?? m('preview.ownCounty'),
                inCounty: o.inCounty,
                otherCounties: o.otherCounties,
              })}
        </span>
      </Descriptions.Item>
    </Descriptions>
  );
}

type FormValues = { reason: string; correctedValue?: number };

export function DecisionForm({
  o,
  onDone,
}: {
  o: ObjectionView;
  onDone?: ((job: JobView<RunJobResult> | null) => void) | undefined;
}) {
  const { m, lang } = useMessages(messages);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [decision, setDecision] = useState<'accept' | 'reject'>('accept');
  // accepting is confirmed after the preview of what it will do
  const [preview, setPreview] = useState<{ p: ObjectionDecisionPreview; v: FormValues }>();
  const fail = (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
  const decide = async (v: FormValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<ObjectionDecisionResponse>(`/api/objections/${o.id}/decision`, {
        decision,
        reason: v.reason,
        ...(decision === 'accept' && v.correctedValue !== undefined
          ? { correctedValue: v.correctedValue }
          : {}),
      });
      void message.success(r.job ? m('decide.accepted') : m('decide.rejected'));
      setPreview(undefined);
      onDone?.(r.job);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = async (v: FormValues) => {
    if (decision === 'reject') return decide(v);
    setBusy(true);
    setError(undefined);
    try {
      const p = await api.get<ObjectionDecisionPreview>(`/api/objections/${o.id}/decision-preview`, {
        ...(v.correctedValue !== undefined ? { correctedValue: v.correctedValue } : {}),
      });
      setPreview({ p, v });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={m('decide.title')} data-testid="decision-form">
      {error ? <ErrorBox error={error} /> : null}
      {preview ? (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={m('decide.confirmWhat')} />
          <DecisionPreviewView p={preview.p} />
          <Space>
            <Button
              type="primary"
              loading={busy}
              onClick={() => void decide(preview.v)}
              data-testid="decision-confirm"
            >
              {m('decide.confirm')}
            </Button>
            <Button onClick={() => setPreview(undefined)} disabled={busy} data-testid="decision-back">
              {m('decide.back')}
            </Button>
          </Space>
        </Space>
      ) : (
        <Form
          layout="vertical"
          initialValues={{ correctedValue: o.claimedValue }}
          onFinish={(v: FormValues) => void submit(v)}
        >
          <Form.Item>
            <Radio.Group
              value={decision}
              aria-label={m('decide.choice')}
              onChange={(e) => setDecision(e.target.value as 'accept' | 'reject')}
            >
              <Radio.Button value="accept" data-testid="decision-accept">
                {m('decide.accept')}
              </Radio.Button>
              <Radio.Button value="reject" data-testid="decision-reject">
                {m('decide.reject')}
              </Radio.Button>
            </Radio.Group>
          </Form.Item>
          {decision === 'accept' ? (
            <Form.Item
              name="correctedValue"
              label={m('decide.corrected', { unit: unitText(o.fieldLabel.unit, lang) })}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} style={{ width: 200 }} data-testid="decision-value" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="reason"
            label={m('decide.reason')}
            rules={[{ required: true, whitespace: true, message: m('decide.reasonMissing') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="decision-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="decision-submit">
            {decision === 'accept' ? m('decide.preview') : m('decide.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
