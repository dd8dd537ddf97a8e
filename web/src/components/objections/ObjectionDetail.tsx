/** One objection: what was claimed and why, the evidence, the deadlines, the outcome; the decision form. */
import { useEffect, useRef, useState } from 'react';
import { Descriptions, Space, Typography } from 'antd';
import { useAuth } from '../../auth';
import type { JobView, ObjectionView, RunJobResult } from '../../contract';
import { useMessages } from '../../catalogue';
import { num } from '../../i18n';
import { Link } from '../../router';
import { fmtTime, unitText } from '../format';
import { JobProgress, useJob } from '../jobs';
import { DecisionForm } from './Decision';
import { messages } from './messages';
import { After, Place, StatusTag } from './status';

export function ObjectionDetail({ o, onChanged }: { o: ObjectionView; onChanged?: () => void }) {
  const { m, lang } = useMessages(messages);
  const { can } = useAuth();
  const unit = unitText(o.fieldLabel.unit, lang);
  // after an acceptance: follow the re-run job, then read the objection again (issue 11, item 24)
  const [job, setJob] = useState<JobView<RunJobResult>>();
  const followed = useJob<RunJobResult>(job?.id, job);
  const jobEnded = followed.finished;
  const reloadedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!job || !jobEnded || reloadedFor.current === job.id) return;
    reloadedFor.current = job.id;
    onChanged?.();
  }, [job, jobEnded, onChanged]);
  // accepted but not linked to its re-run yet (opened while it runs): look again shortly
  const running = o.status === 'accepted' && o.rerunId === null && !(job && !jobEnded);
  useEffect(() => {
    if (!running || !onChanged) return;
    const t = setTimeout(onChanged, 1500);
    return () => clearTimeout(t);
  }, [running, onChanged, o]);
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid={`objection-${o.id}`}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={m('enterprise')}>
          <Link to={`/enterprise/${o.uscc}`}>{o.name ?? o.uscc}</Link> · {o.uscc}
        </Descriptions.Item>
        <Descriptions.Item label={m('figure')}>
          {o.fieldLabel[lang]}
          {m('colon')}
          <span className="num">
            {num(o.currentValue, 4)} → {num(o.claimedValue, 4)} {unit}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={m('explanation')}>
          <Typography.Paragraph
            style={{ margin: 0, whiteSpace: 'pre-wrap' }}
            data-testid="objection-explanation"
          >
            {o.explanation}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={m('evidence')}>
          {o.evidence.length === 0
            ? '—'
            : o.evidence.map((e) => (
                <div key={e.seq}>
                  <a href={`/api/objections/${o.id}/evidence/${e.seq}`} data-testid="objection-evidence">
                    {e.fileName}
                  </a>{' '}
                  <Typography.Text type="secondary">({Math.ceil(e.bytes / 1024)} KB)</Typography.Text>
                </div>
              ))}
        </Descriptions.Item>
        <Descriptions.Item label={m('filed')}>
          {o.filedBy} · {fmtTime(o.filedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={m('deadlines')}>
          {m('noticeEnds')} {fmtTime(o.deadline)}
          {m('semicolon')}
          {m('answerBy')} {fmtTime(o.respondBy)}
        </Descriptions.Item>
        <Descriptions.Item label={m('status')}>
          <StatusTag o={o} />
          {o.decidedAt ? (
            <span>
              {o.decidedBy} · {fmtTime(o.decidedAt)}
            </span>
          ) : null}
        </Descriptions.Item>
        {o.reason ? (
          <Descriptions.Item label={m('decision')}>
            <span data-testid="objection-reason">{o.reason}</span>
            {o.correctedValue !== null ? (
              <div className="num">
                {m('correctedTo')} {num(o.correctedValue, 4)} {unit}
                {o.datasetId ? m('inDataset', { id: o.datasetId }) : ''}
              </div>
            ) : null}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={m('result')}>
          <div data-testid="objection-before">
            {m('before')}
            {m('colon')}
            <Place r={o.before} />
          </div>
          {o.status === 'accepted' ? (
            <div data-testid="objection-after">
              {m('afterRerun')}
              {m('colon')}
              <After o={o} />
            </div>
          ) : null}
        </Descriptions.Item>
      </Descriptions>
      {job && !(jobEnded && o.rerunId !== null) ? (
        <JobProgress job={followed.job} pollError={followed.error} testId="rerun-progress" />
      ) : null}
      {o.status === 'open' && can('objection.decide') ? (
        <DecisionForm
          o={o}
          onDone={(j) => {
            if (j) setJob(j);
            onChanged?.();
          }}
        />
      ) : null}
    </Space>
  );
}
