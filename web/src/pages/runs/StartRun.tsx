/**
 * Starting a run: the data year (and version), the methodology, then the run as a background job with
 * its progress; an identical run already stored is offered instead (409 repeat_run) until confirmed.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Form, Result, Select, Space } from 'antd';
import { api, ApiError } from '../../api';
import { useMessages } from '../../catalogue';
import type {
  JobAccepted,
  JobView,
  RepeatRunConflict,
  RunJobResult,
  RunView,
  StartRunRequest,
} from '../../contract';
import { ErrorBox, Load, useApi } from '../../components/common';
import { fmtDate, fmtTime } from '../../components/format';
import { endpointMissing, JobProgress, useJob } from '../../components/jobs';
import { num } from '../../i18n';
import { Link, useRouter } from '../../router';
import { messages } from './messages';
import {
  latestPerYear,
  proposedMethodology,
  startHint,
  type DatasetItem,
  type MethodologyItem,
} from './runs';

export function StartRun({
  runs,
  methodologies,
  onFinished,
  onClose,
}: {
  /** The runs as listed (a run published since it was made here is no longer offered for publishing). */
  runs: RunView[];
  methodologies: MethodologyItem[] | undefined;
  onFinished: () => void;
  onClose: () => void;
}) {
  const { m, lang } = useMessages(messages);
  const { location, setQuery, navigate } = useRouter();
  const q = location.query;
  const datasets = useApi(() => api.get<{ items: DatasetItem[] }>('/api/datasets'), []);
  const years = useMemo(() => latestPerYear(datasets.data?.items ?? []), [datasets.data]);
  const qYear = Number(q.get('year') ?? NaN);
  const year = Number.isFinite(qYear) ? qYear : years[0]?.year;
  const yearKnown = years.some((d) => d.year === year);
  const versions = (datasets.data?.items ?? [])
    .filter((d) => d.year === year)
    .sort((a, b) => b.version - a.version);
  const [datasetId, setDatasetId] = useState<number>();
  const methodology = q.get('methodology') ?? proposedMethodology(methodologies, year);
  const chosen = methodologies?.find((x) => x.id === methodology);

  const jobId = q.get('job');
  const [initial, setInitial] = useState<JobView<RunJobResult>>();
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError>();
  /** An identical run is stored (409 repeat_run): it, until the user confirms or changes the choice. */
  const [repeat, setRepeat] = useState<{ run: RunView; message: string }>();
  const { job, error: pollError } = useJob<RunJobResult>(jobId, initial);
  const running = !!jobId && !pollError && (!job || job.state === 'queued' || job.state === 'running');
  const notified = useRef<string | null>(null);
  useEffect(() => {
    if (job && (job.state === 'done' || job.state === 'failed') && notified.current !== job.id) {
      notified.current = job.id;
      onFinished();
    }
  }, [job, onFinished]);

  const submit = async (force = false) => {
    if (!methodology || year === undefined) return;
    setSubmitting(true);
    setSubmitError(undefined);
    setRepeat(undefined);
    try {
      const body: StartRunRequest = {
        methodology,
        year,
        ...(datasetId ? { datasetId } : {}),
        ...(force ? { force: true } : {}),
      };
      const res = await api.post<JobAccepted<RunJobResult>>('/api/runs', body);
      setInitial(res.job);
      setQuery({ start: 1, year, methodology, job: res.job.id }, { replace: true });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'client');
      const detail = err.detail as Partial<RepeatRunConflict> | undefined;
      if (err.status === 409 && err.code === 'repeat_run' && detail?.run)
        setRepeat({ run: detail.run, message: err.message });
      else setSubmitError(err);
    } finally {
      setSubmitting(false);
    }
  };

  const runId = job?.state === 'done' ? job.result?.runId : undefined;
  const madeRun = runId !== undefined ? runs.find((r) => r.id === runId) : undefined;
  const doneText = () => {
    if (!job?.result) return undefined;
    const counts = { records: num(job.result.records, 0), graded: num(job.result.graded, 0) };
    if (!madeRun?.published) return m('start.done.draft', counts);
    const until = madeRun.noticeUntil ? m('start.done.until', { until: fmtDate(madeRun.noticeUntil) }) : '';
    return m('start.done.published', { ...counts, at: fmtTime(madeRun.publishedAt), until });
  };

  return (
    <Card
      size="small"
      title={m('list.start')}
      data-testid="start-run-form"
      extra={
        <Button size="small" type="text" onClick={onClose} disabled={running} data-testid="start-run-close">
          {m('close')}
        </Button>
      }
    >
      <Load state={datasets} hint={m('start.datasetsUnreadable')}>
        {() =>
          years.length === 0 ? (
            <Alert
              type="warning"
              showIcon
              title={m('start.noDatasets')}
              description={
                <>
                  {m('start.noDatasets.before')}
                  <Link to="/import">{m('start.noDatasets.link')}</Link>
                  {m('start.noDatasets.after')}
                </>
              }
            />
          ) : (
            <Form
              layout="inline"
              style={{ rowGap: 8 }}
              disabled={running || submitting}
              onFinish={() => void submit()}
            >
              <Form.Item label={m('start.year')} htmlFor="start-run-year" required>
                <Select
                  id="start-run-year"
                  aria-label={m('start.year')}
                  data-testid="start-run-year"
                  style={{ width: 220 }}
                  value={year}
                  options={years.map((d) => ({
                    value: d.year,
                    label: m('start.yearOption', {
                      year: d.year,
                      version: d.version,
                      count: num(d.recordCount, 0),
                    }),
                  }))}
                  onChange={(v: number) => {
                    setDatasetId(undefined);
                    setQuery({ year: v, methodology: undefined, job: undefined }, { replace: true });
                  }}
                />
              </Form.Item>
              {versions.length > 1 ? (
                <Form.Item label={m('start.version')} htmlFor="start-run-version">
                  <Select
                    id="start-run-version"
                    aria-label={m('start.version')}
                    style={{ width: 240 }}
                    value={datasetId ?? versions[0]?.id}
                    options={versions.map((d, k) => ({
                      value: d.id,
                      label:
                        m('start.versionOption', { version: d.version, at: fmtTime(d.createdAt) }) +
                        (k === 0 ? m('start.latest') : ''),
                    }))}
                    onChange={(v: number) => setDatasetId(v === versions[0]?.id ? undefined : v)}
                  />
                </Form.Item>
              ) : null}
              <Form.Item label={m('col.methodology')} htmlFor="start-run-methodology" required>
                <Select
                  id="start-run-methodology"
                  aria-label={m('col.methodology')}
                  data-testid="start-run-methodology"
                  style={{ width: 420 }}
                  loading={!methodologies}
                  value={methodology}
                  options={(methodologies ?? []).map((x) => ({
                    value: x.id,
                    label: m('start.methodologyOption', { title: x.title[lang], id: x.id }),
                  }))}
                  onChange={(v: string) => setQuery({ methodology: v, job: undefined }, { replace: true })}
                />
              </Form.Item>
              <Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={submitting}
                  disabled={!methodology || year === undefined || running || !yearKnown}
                  data-testid="start-run-submit"
                >
                  {m('start.submit')}
                </Button>
              </Form.Item>
            </Form>
          )
        }
      </Load>
      {datasets.data && year !== undefined && !yearKnown ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          data-testid="start-run-no-dataset"
          title={m('start.noYear', { year })}
          description={
            <>
              {m('start.noYear.before')}
              <Link to={`/import?year=${year}`}>{m('start.noYear.link', { year })}</Link>
              {m('start.noYear.after')}
            </>
          }
        />
      ) : null}
      {chosen && year !== undefined && yearKnown && chosen.dataYear !== year ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title={m('start.otherYear', { meant: chosen.dataYear, year })}
        />
      ) : null}
      {submitError ? (
        <div style={{ marginTop: 8 }}>
          <ErrorBox
            error={submitError}
            hint={m(startHint(submitError, endpointMissing(submitError)))}
            onRetry={() => void submit()}
          />
        </div>
      ) : null}
      {repeat ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          data-testid="repeat-run"
          title={m('start.repeat', {
            id: repeat.run.id,
            year: repeat.run.year,
            dataset: repeat.run.datasetLabel,
          })}
          description={m('start.repeat.hint')}
          action={
            <Space orientation="vertical">
              <Button size="small" onClick={() => navigate(`/cockpit?run=${repeat.run.id}`)}>
                {m('start.repeat.open', { id: repeat.run.id })}
              </Button>
              <Button size="small" danger data-testid="repeat-run-force" onClick={() => void submit(true)}>
                {m('start.repeat.force')}
              </Button>
            </Space>
          }
        />
      ) : null}
      {jobId ? (
        <div style={{ marginTop: 12 }}>
          <JobProgress
            job={job}
            pollError={pollError}
            doneText={m('start.finished')}
            failedHint={
              job?.error?.code === 'not_found' ? m('start.failed.noDataset') : m('start.failed.other')
            }
          />
        </div>
      ) : null}
      {job?.state === 'done' ? (
        <Result
          status="success"
          style={{ padding: '16px 0 0' }}
          title={runId !== undefined ? m('start.ready', { id: runId }) : m('start.finishedTitle')}
          subTitle={
            job.result ? (
              <span data-testid="run-done-state" data-published={madeRun?.published ? 'true' : 'false'}>
                {doneText()}
              </span>
            ) : undefined
          }
          extra={
            <Space wrap>
              {runId !== undefined ? (
                <Button
                  type="primary"
                  data-testid="open-cockpit"
                  onClick={() => navigate(`/cockpit?run=${runId}`)}
                >
                  {m('start.openCockpit')}
                </Button>
              ) : null}
              {runId !== undefined ? (
                <Button onClick={() => navigate(`/enterprises?run=${runId}`)}>
                  {m('start.openEnterprises')}
                </Button>
              ) : null}
              <Button onClick={onClose}>{m('close')}</Button>
            </Space>
          }
        />
      ) : null}
    </Card>
  );
}
