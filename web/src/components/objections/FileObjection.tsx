/** The form an enterprise fills to object to one of its figures: the figure, the value, why, evidence. */
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Modal, Select, Upload, message } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import type { EnterpriseView, ObjectionView } from '../../contract';
import { say, useMessages } from '../../catalogue';
import { num } from '../../i18n';
import { ErrorBox } from '../common';
import { unitText } from '../format';
import { OBJECTION_FIELDS } from './fields';
import { fieldWords, messages } from './messages';

type Filed = { field: string; claimedValue: number; explanation: string };

export function FileObjection({
  v,
  onDone,
  onCancel,
}: {
  v: EnterpriseView;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { m, lang } = useMessages(messages);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [files, setFiles] = useState<File[]>([]);
  const [form] = Form.useForm<Filed>();
  const field = Form.useWatch('field', form);
  const chosen = OBJECTION_FIELDS.find((x) => x.field === field);
  const unit = chosen ? unitText(chosen.unit, lang) : '';
  const submit = async (f: Filed) => {
    setBusy(true);
    setError(undefined);
    const body = new FormData();
    body.append('field', f.field);
    body.append('claimedValue', String(f.claimedValue));
    body.append('explanation', f.explanation);
    for (const file of files) body.append('evidence', file);
    try {
      await api.postForm<ObjectionView>(`/api/runs/${v.run!.id}/objections`, body);
      void message.success(m('file.filed'));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    } finally {
      setBusy(false);
    }
  };
  const current = (name: string): number | null => {
    for (const s of v.sources)
      for (const x of s.fields) if (x.field === name && typeof x.value === 'number') return x.value;
    return null;
  };
  return (
    <Modal open title={m('file.title')} onCancel={onCancel} footer={null} data-testid="objection-form">
      {error ? <ErrorBox error={error} /> : null}
      <Form form={form} layout="vertical" onFinish={(f: Filed) => void submit(f)}>
        <Form.Item name="field" label={m('figure')} rules={[{ required: true }]}>
          <Select
            data-testid="objection-field"
            options={OBJECTION_FIELDS.map((x) => ({
              value: x.field,
              label: m('file.option', {
                label: say(fieldWords, lang, x.field as keyof typeof fieldWords),
                value: num(current(x.field), 4),
                unit: unitText(x.unit, lang),
              }),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="claimedValue"
          label={
            <span data-testid="objection-value-label">
              {chosen ? m('file.shouldBe', { unit }) : m('file.shouldBeFirst')}
            </span>
          }
          extra={
            chosen ? (
              <span data-testid="objection-value-unit">
                {m(chosen.unit === '万元' ? 'file.unitHintWan' : 'file.unitHint', { unit })}
              </span>
            ) : null
          }
          rules={[{ required: true }]}
        >
          <InputNumber
            min={0}
            style={{ width: 200 }}
            data-testid="objection-value"
            {...(chosen ? { suffix: unit } : {})}
          />
        </Form.Item>
        <Form.Item
          name="explanation"
          label={m('explanation')}
          rules={[{ required: true, whitespace: true, message: m('file.explainWhy') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="objection-explanation-input" />
        </Form.Item>
        <Form.Item label={m('file.evidence')}>
          <Upload
            multiple
            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            beforeUpload={(f) => {
              setFiles((xs) => [...xs, f]);
              return false;
            }}
            onRemove={(f) => setFiles((xs) => xs.filter((x) => x.name !== f.name))}
            fileList={files.map((f, k) => ({ uid: String(k), name: f.name, status: 'done' as const }))}
          >
            <Button icon={<UploadOutlined />} data-testid="objection-evidence-button">
              {m('file.choose')}
            </Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="objection-submit">
          {m('file.submit')}
        </Button>
      </Form>
    </Modal>
  );
}
