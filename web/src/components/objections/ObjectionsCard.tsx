/**
 * On an enterprise's statement: its objections in the statement's run, and — for the enterprise itself,
 * while the run is on public notice — the button to file one.
 */
import { useState } from 'react';
import { Alert, Button, Card, Empty, Space } from 'antd';
import { api } from '../../api';
import { useAuth } from '../../auth';
import type { EnterpriseView, ObjectionList } from '../../contract';
import { useMessages } from '../../catalogue';
import { ErrorBox, useApi } from '../common';
import { fmtTime } from '../format';
import { FileObjection } from './FileObjection';
import { messages } from './messages';
import { ObjectionDetail } from './ObjectionDetail';

export function ObjectionsCard({ v }: { v: EnterpriseView }) {
  const { m } = useMessages(messages);
  const { user, can } = useAuth();
  const [filing, setFiling] = useState(false);
  const runId = v.run?.id;
  const list = useApi(
    () =>
      runId ? api.get<ObjectionList>('/api/objections', { run: runId, uscc: v.uscc, limit: 100 }) : null,
    [runId, v.uscc],
  );
  if (!v.run) return null;
  const noticeOpen = v.run.noticeUntil !== null && Date.parse(v.run.noticeUntil) > Date.now();
  const mine = user?.role === 'enterprise' && user.uscc === v.uscc;
  const items = list.data?.items ?? [];
  if (!mine && items.length === 0) return null;
  return (
    <Card
      size="small"
      className="no-print"
      title={m('title')}
      data-testid="card-objections"
      extra={
        mine && can('objection.file') ? (
          <Button
            type="primary"
            size="small"
            disabled={!noticeOpen}
            onClick={() => setFiling(true)}
            data-testid="file-objection"
          >
            {m('card.file')}
          </Button>
        ) : null
      }
    >
      {mine ? (
        <Alert
          type={noticeOpen ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          title={
            !v.run.publishedAt
              ? m('card.notPublished')
              : noticeOpen
                ? m('card.noticeOpen', { until: fmtTime(v.run.noticeUntil) })
                : m('card.noticeEnded', { until: fmtTime(v.run.noticeUntil) })
          }
        />
      ) : null}
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {items.length === 0 ? (
        <Empty description={m('card.none')} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {items.map((o) => (
            <ObjectionDetail key={o.id} o={o} onChanged={list.reload} />
          ))}
        </Space>
      )}
      {filing ? (
        <FileObjection
          v={v}
          onCancel={() => setFiling(false)}
          onDone={() => {
            setFiling(false);
            list.reload();
          }}
        />
      ) : null}
    </Card>
  );
}
