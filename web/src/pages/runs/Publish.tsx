/** Publishing a run for public notice (公示): the notice period, then once for good; a second time is a 409. */
import { useState } from 'react';
import { Alert, InputNumber, Modal, Space, Typography } from 'antd';
import { api, ApiError } from '../../api';
import { useMessages } from '../../catalogue';
import type { PublishResponse, RunView } from '../../contract';
import { ErrorBox } from '../../components/common';
import { daysFromNow } from '../../components/format';
import { endpointMissing } from '../../components/jobs';
import { messages } from './messages';
import { datasetLabel } from './runs';

/** A notice lasts 1 to 30 days. */
export const validNoticeDays = (days: number | null | undefined): days is number =>
  !!days && Number.isInteger(days) && days >= 1 && days <= 30;

export function PublishDialog({
  run,
  onClose,
  onDone,
  onConflict,
}: {
  run: RunView;
  onClose: () => void;
  onDone: (r: RunView) => void;
  /** The run turned out to be published already (the list is stale). */
  onConflict: () => void;
}) {
  const { m, lang } = useMessages(messages);
  const [days, setDays] = useState<number | null>(7);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const valid = validNoticeDays(days);
  const ok = async () => {
    if (!validNoticeDays(days)) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.post<PublishResponse>(`/api/runs/${run.id}/publish`, { noticeDays: days });
      onDone(res.run);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'client');
      setError(err);
      if (err.status === 409) onConflict();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={m('publish.title', { id: run.id })}
      okText={m('publish.ok')}
      cancelText={m('cancel')}
      onOk={() => void ok()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: !valid || error?.status === 409, ...{ 'data-testid': 'publish-confirm' } }}
      data-testid="publish-dialog"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>
          {m('publish.what', { year: run.year, methodology: run.methodologyId, dataset: datasetLabel(run) })}
        </Typography.Paragraph>
        <Space>
          <label htmlFor="publish-days">{m('publish.days')}</label>
          <InputNumber
            id="publish-days"
            data-testid="publish-days"
            aria-label={m('publish.days')}
            min={1}
            max={30}
            precision={0}
            value={days}
            onChange={(v) => setDays(v)}
            suffix={m('publish.daysUnit')}
          />
          <Typography.Text type="secondary">
            {valid ? m('publish.until', { date: daysFromNow(days) }) : m('publish.range')}
          </Typography.Text>
        </Space>
        {error ? (
          error.status === 409 ? (
            <Alert
              data-testid="publish-conflict"
              type="warning"
              showIcon
              title={m('publish.conflict')}
              description={
                <>
                  <div data-testid="error-message">{error.text(lang)}</div>
                  <div style={{ marginTop: 4 }}>{m('publish.conflict.hint')}</div>
                </>
              }
            />
          ) : (
            <ErrorBox
              error={error}
              hint={endpointMissing(error) ? m('publish.hint.missing') : m('publish.hint.other')}
            />
          )
        ) : null}
      </Space>
    </Modal>
  );
}
