/**
 * Background jobs (evaluation runs, import commits): `useJob(id)` polls GET /api/jobs/:id about every
 * 500 ms until the job is done or failed; `JobProgress` shows its phase and progress, and on failure the
 * error in the user's language with what to do next.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Progress, Space, Spin, Typography } from 'antd';
import { api, ApiError } from '../api';
import type { JobView } from '../contract';
import { say, useMessages } from '../catalogue';
import { num } from '../i18n';
import { messages } from './jobs.messages';
import { jobPercent, jobSteps, jobTitle, phaseLabel } from './job-phases';

export interface JobState<R> {
  job: JobView<R> | undefined;
  /** Polling failed (unknown job, server gone …). */
  error: ApiError | undefined;
  /** done or failed, or polling gave up. */
  finished: boolean;
}

const TERMINAL = new Set(['done', 'failed']);

/**
 * Polls a job until it ends. `initial` (the job of the 202 answer) is shown until the first poll answers.
 * Network errors are retried a few times before giving up; an unknown job (404) ends polling at once.
 */
export function useJob<R = unknown>(
  id: string | null | undefined,
  initial?: JobView<R>,
  intervalMs = 500,
): JobState<R> {
  const [job, setJob] = useState<JobView<R> | undefined>(initial);
  const [error, setError] = useState<ApiError>();
  const first = useRef(initial);
  first.current = initial;
  useEffect(() => {
    setError(undefined);
    setJob(first.current && first.current.id === id ? first.current : undefined);
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      try {
        const j = await api.get<JobView<R>>(`/api/jobs/${encodeURIComponent(id)}`);
        if (stopped) return;
        failures = 0;
        setJob(j);
        if (TERMINAL.has(j.state)) return;
      } catch (e) {
        if (stopped) return;
        const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'client');
        failures++;
        if (err.status === 404 || err.status === 400 || failures >= 10) {
          setError(err);
          return;
        }
      }
      timer = setTimeout(() => void poll(), failures > 0 ? intervalMs * 2 : intervalMs);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, intervalMs]);
  const finished = error !== undefined || (job !== undefined && TERMINAL.has(job.state));
  return { job, error, finished };
}

/** The job's error as an ApiError (its message is `中文 / English`). */
export function jobError(job: JobView<unknown>): ApiError | undefined {
  if (job.state !== 'failed') return undefined;
  const fallback = `${say(messages, 'zh', 'jobFailed')} / ${say(messages, 'en', 'jobFailed')}`;
  return new ApiError(job.error?.message ?? fallback, 0, job.error?.code ?? 'failed');
}

function seconds(from: string | null, to: string | null): number | null {
  if (!from) return null;
  const a = Date.parse(from);
  const b = to ? Date.parse(to) : Date.now();
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, (b - a) / 1000) : null;
}

/**
 * A job's state: queued, the phase with a progress bar (phase i of n, done / total), done, or failed with
 * the error and `failedHint` (what to do next). `pollError` is shown when the job could not be followed.
 */
export function JobProgress({
  job,
  pollError,
  failedHint,
  doneText,
  testId = 'job-progress',
}: {
  job: JobView<unknown> | undefined;
  pollError?: ApiError | undefined;
  failedHint?: ReactNode;
  doneText?: ReactNode;
  testId?: string;
}) {
  const { m, lang } = useMessages(messages);
  if (pollError)
    return (
      <Alert
        data-testid={testId}
        data-state="lost"
        type="error"
        showIcon
        title={m('lost')}
        description={
          <>
            <div data-testid="error-message">{pollError.text(lang)}</div>
            <div style={{ marginTop: 4 }}>{pollError.status === 404 ? m('lostUnknown') : m('lostOther')}</div>
          </>
        }
      />
    );
  if (!job)
    return (
      <div data-testid={testId} data-state="starting">
        <Spin size="small" /> <Typography.Text type="secondary">{m('submitting')}</Typography.Text>
      </div>
    );
  const phases = jobSteps(job.kind);
  const k = phases.findIndex((p) => p.id === job.phase);
  const secs = seconds(job.startedAt, job.finishedAt);
  const failed = job.state === 'failed';
  const err = jobError(job);
  return (
    <div data-testid={testId} data-state={job.state} data-phase={job.phase ?? ''}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap size={12}>
          <Typography.Text strong>
            {job.state === 'queued'
              ? m('queued')
              : job.state === 'running'
                ? k >= 0
                  ? m('step', { k: k + 1, n: phases.length, phase: phaseLabel(job.kind, job.phase, lang) })
                  : phaseLabel(job.kind, job.phase, lang) || m('running')
                : job.state === 'done'
                  ? (doneText ?? m('done'))
                  : m('failed')}
          </Typography.Text>
          {job.state === 'running' && job.total > 0 ? (
            <Typography.Text type="secondary" className="num">
              {num(job.done, 0)} / {num(job.total, 0)}
            </Typography.Text>
          ) : job.state === 'running' && job.done > 0 ? (
            <Typography.Text type="secondary" className="num">
              {m('rowsSoFar', { n: num(job.done, 0) })}
            </Typography.Text>
          ) : null}
          {secs !== null ? (
            <Typography.Text type="secondary" className="num">
              {m('seconds', { n: num(secs, 1) })}
            </Typography.Text>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="job-title">
            {jobTitle(job.kind, lang)}
          </Typography.Text>
        </Space>
        <Progress
          percent={jobPercent(job)}
          status={failed ? 'exception' : job.state === 'done' ? 'success' : 'active'}
          size="small"
        />
        {failed && err ? (
          <Alert
            type="error"
            showIcon
            title={m('jobFailed')}
            description={
              <>
                <div data-testid="error-message">{err.text(lang)}</div>
                {failedHint ? <div style={{ marginTop: 4 }}>{failedHint}</div> : null}
              </>
            }
          />
        ) : null}
      </Space>
    </div>
  );
}

/** The server does not have this endpoint (an older server: update and restart it). */
export function endpointMissing(e: ApiError | undefined): boolean {
  return !!e && e.status === 404 && e.message.includes('no such endpoint');
}
