/**
 * Step 4 of the import: what will be stored, the commit as a background job followed to its end, then
 * the dataset stored (or the identical one found) with the way on: evaluate the year.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import type { ImportPreview, ImportResult, JobAccepted, JobView } from '../../contract';
import { useMessages } from '../../catalogue';
import { ErrorBox } from '../../components/common';
import { fmtTime } from '../../components/format';
import { endpointMissing, JobProgress, useJob } from '../../components/jobs';
import { num } from '../../i18n';
import { useNavigation } from '../../router';
import { nextVersion, type DatasetItem } from './import';
import { messages } from './messages';
import { ExistingAlert } from './parts';

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));

export function CommitStep({
  preview,
  fileCount,
  yearDatasets,
  committed,
  setCommitted,
  onBack,
  onRestart,
  onDone,
}: {
  preview: ImportPreview;
  fileCount: number;
  yearDatasets: DatasetItem[];
  committed: JobView<ImportResult> | undefined;
  setCommitted: (j: JobView<ImportResult>) => void;
  onBack: () => void;
  onRestart: () => void;
  onDone: () => void;
}) {
  const { m } = useMessages(messages);
  const { navigate } = useNavigation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const { job, error: pollError } = useJob<ImportResult>(committed?.id, committed);
  const result = job?.state === 'done' ? job.result : null;
  const notified = useRef<string | null>(null);
  useEffect(() => {
    if (job?.state === 'done' && notified.current !== job.id) {
      notified.current = job.id;
      onDone();
    }
  }, [job, onDone]);
  const expired = Date.parse(preview.expiresAt) < Date.now();

  const commit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.post<JobAccepted<ImportResult>>(
        `/api/imports/${encodeURIComponent(preview.token)}/commit`,
      );
      setCommitted(res.job);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const hint = (e: ApiError) =>
    endpointMissing(e)
      ? m('commit.hint.missing')
      : e.status === 404
        ? m('commit.hint.expired')
        : e.status === 409
          ? m('commit.hint.twice')
          : m('commit.hint.other');
  const existing = preview.existingDataset;

  return (
    <Card size="small" data-testid="import-step-commit">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'y', label: m('dataYear'), children: preview.year },
            {
              key: 'f',
              label: m('files'),
              children: m('commit.files', { files: fileCount, tables: preview.files.length }),
            },
            { key: 'r', label: m('commit.enterprises'), children: num(preview.records.total, 0) },
            { key: 'x', label: m('commit.rejectedRows'), children: num(preview.rejections.length, 0) },
            {
              key: 'v',
              label: result ? m('commit.storedAs') : m('commit.willBe'),
              children: result
                ? `${result.dataset.year}/v${result.dataset.version}`
                : existing
                  ? m('commit.existing', { year: existing.year, version: existing.version })
                  : `${preview.year}/v${nextVersion(yearDatasets)}`,
            },
            {
              key: 'e',
              label: m('commit.validUntil'),
              children: (
                <span style={{ color: expired ? '#cf1322' : undefined }}>{fmtTime(preview.expiresAt)}</span>
              ),
            },
          ]}
        />
        {existing && !result ? <ExistingAlert preview={preview} /> : null}
        {expired && !committed ? <Alert type="warning" showIcon title={m('commit.expired')} /> : null}
        {!committed ? (
          <Space>
            <Button onClick={onBack} disabled={busy}>
              {m('back')}
            </Button>
            <Button type="primary" onClick={() => void commit()} loading={busy} data-testid="commit-button">
              {existing ? m('commit.anyway') : m('commit.submit')}
            </Button>
            <Typography.Text type="secondary">{m('commit.final')}</Typography.Text>
          </Space>
        ) : null}
        {error ? <ErrorBox error={error} hint={hint(error)} onRetry={() => void commit()} /> : null}
        {committed ? (
          <JobProgress
            job={job}
            pollError={pollError}
            doneText={m('commit.done')}
            failedHint={m('commit.failed')}
          />
        ) : null}
        {committed && (job?.state === 'failed' || pollError) ? (
          <Space>
            <Button onClick={() => void commit()} loading={busy} data-testid="commit-retry">
              {m('commit.retry')}
            </Button>
            <Button onClick={onRestart}>{m('restart')}</Button>
          </Space>
        ) : null}
        {result ? (
          <Result
            status="success"
            data-testid="import-done"
            style={{ padding: '8px 0' }}
            title={m(result.created ? 'commit.created' : 'commit.same', {
              year: result.dataset.year,
              version: result.dataset.version,
              id: result.dataset.id,
            })}
            subTitle={m('commit.summary', {
              records: num(result.records, 0),
              rejected: num(result.rejections.length, 0),
            })}
            extra={
              <Space wrap>
                <Button
                  type="primary"
                  data-testid="evaluate-year"
                  onClick={() => navigate(`/runs?start=1&year=${result.dataset.year}`)}
                >
                  {m('commit.evaluate', { year: result.dataset.year })}
                </Button>
                {result.rejectedXlsx ? (
                  <Button
                    icon={<DownloadOutlined />}
                    href={result.rejectedXlsx}
                    data-testid="rejected-download"
                  >
                    {m('commit.downloadRejected')}
                  </Button>
                ) : null}
                <Button onClick={onRestart}>{m('commit.more')}</Button>
              </Space>
            }
          />
        ) : null}
      </Space>
    </Card>
  );
}
