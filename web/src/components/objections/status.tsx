/** An objection's status tag, and a result's place (class, total, rank, run; draft if unpublished). */
import { Space, Tag } from 'antd';
import { useAuth } from '../../auth';
import type { ObjectionResultAt, ObjectionView } from '../../contract';
import { useMessages } from '../../catalogue';
import { num } from '../../i18n';
import { Link } from '../../router';
import { ClassTag } from '../common';
import { messages } from './messages';

export function StatusTag({ o }: { o: ObjectionView }) {
  const { m } = useMessages(messages);
  if (o.status === 'accepted')
    return (
      <Tag color="green" data-testid="objection-status" data-status="accepted">
        {m('status.accepted')}
      </Tag>
    );
  if (o.status === 'rejected')
    return (
      <Tag color="red" data-testid="objection-status" data-status="rejected">
        {m('status.rejected')}
      </Tag>
    );
  return (
    <Tag color={o.overdue ? 'volcano' : 'gold'} data-testid="objection-status" data-status="open">
      {o.overdue ? m('status.overdue') : m('status.open')}
    </Tag>
  );
}

/** Class, total and rank: `C 得分 61.2 · 排名 40/120`. */
export function Standing({
  p,
}: {
  p: { adjustedClass: string | null; total: number | null; rank: number | null; unitSize: number | null };
}) {
  const { m } = useMessages(messages);
  return (
    <>
      <ClassTag cls={p.adjustedClass} />
      <span className="num">
        {m('total')} {num(p.total, 3)} · {m('rank')} {p.rank ?? '—'}/{p.unitSize ?? '—'}
      </span>
    </>
  );
}

export function Place({ r }: { r: ObjectionResultAt | null }) {
  const { m } = useMessages(messages);
  const { can } = useAuth();
  if (!r) return <>—</>;
  return (
    <Space size={4}>
      <Standing p={r} />
      {can('runs.view') ? <Link to={`/runs?run=${r.runId}`}>#{r.runId}</Link> : <span>#{r.runId}</span>}
      {r.published ? null : (
        <Tag color="orange" data-testid="draft-tag">
          {m('draftTag')}
        </Tag>
      )}
    </Space>
  );
}

/** The re-run's line of an accepted objection: its result, pending publication, or in progress. */
export function After({ o }: { o: ObjectionView }) {
  const { m } = useMessages(messages);
  if (o.after) return <Place r={o.after} />;
  if (o.rerunPending) return <span data-testid="rerun-pending">{m('rerun.pending')}</span>;
  return <span data-testid="rerun-running">{m('rerun.running')}</span>;
}
