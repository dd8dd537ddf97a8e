/**
 * Step 1 of the import: the data year and the departmental files (CSV/XLSX), uploaded for a preview with
 * the upload's progress; what cannot be read is said per file, with what to do next.
 */
import { useRef } from 'react';
import {
  Alert,
  Button,
  Card,
  InputNumber,
  Progress,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DeleteOutlined, InboxOutlined } from '@ant-design/icons';
import type { ApiError } from '../../api';
import { useMessages, type Say } from '../../catalogue';
import { endpointMissing } from '../../components/jobs';
import { fileSize, type UploadProgress } from '../../components/upload';
import { ACCEPT, nextVersion, type DatasetItem } from './import';
import { messages } from './messages';

type M = Say<typeof messages>;

export function uploadHint(e: ApiError, m: M): string | undefined {
  if (e.code === 'no_files') return m('hint.noFiles');
  if (e.code === 'no_year') return m('hint.noYear');
  if (e.status === 413 || e.code === 'too_large') return m('hint.tooLarge');
  if (endpointMissing(e)) return m('hint.noPreview');
  if (e.status === 422) return m('hint.unreadable');
  if (e.status === 400) return m('hint.bad');
  return undefined;
}

interface Problem {
  file: string;
  rule: string;
  zh: string;
  en: string;
}

export function UploadStep({
  year,
  setYear,
  files,
  setFiles,
  progress,
  error,
  yearDatasets,
  onPreview,
  onCancel,
  hasPreview,
  onNext,
}: {
  year: number | null;
  setYear: (y: number | null) => void;
  files: File[];
  setFiles: (f: File[]) => void;
  progress: UploadProgress | null;
  error: ApiError | undefined;
  yearDatasets: DatasetItem[];
  onPreview: () => void;
  onCancel: () => void;
  hasPreview: boolean;
  onNext: () => void;
}) {
  const { m, lang } = useMessages(messages);
  const uploading = progress !== null;
  const total = files.reduce((a, f) => a + f.size, 0);
  // beforeUpload runs once per file of a multiple choice: collect them through a ref, not stale state
  const current = useRef(files);
  current.current = files;
  const problems = (error?.detail as { error?: { problems?: Problem[] } })?.error?.problems ?? [];

  return (
    <Card size="small" data-testid="import-step-files">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap align="center">
          <label htmlFor="import-year">{m('dataYear')}</label>
          <InputNumber
            id="import-year"
            data-testid="import-year"
            min={2000}
            max={2100}
            precision={0}
            value={year}
            onChange={(v) => setYear(v)}
            disabled={uploading}
            status={year ? undefined : 'error'}
            aria-describedby="import-year-hint"
          />
          <Typography.Text type="secondary" id="import-year-hint">
            {yearDatasets.length > 0
              ? m('files.yearHas', {
                  versions: yearDatasets.map((d) => `v${d.version}`).join(m('listSep')),
                  next: nextVersion(yearDatasets),
                })
              : m('files.yearHint')}
          </Typography.Text>
        </Space>
        <Upload.Dragger
          data-testid="upload-input"
          multiple
          accept={ACCEPT.join(',')}
          disabled={uploading}
          showUploadList={false}
          fileList={[]}
          aria-label={m('files.dropLabel')}
          beforeUpload={(file) => {
            const have = current.current;
            if (
              !have.some(
                (f) => f.name === file.name && f.size === file.size && f.lastModified === file.lastModified,
              )
            ) {
              const next = [...have, file];
              current.current = next;
              setFiles(next);
            }
            return false;
          }}
        >
          <p className="ant-upload-drag-icon" style={{ marginBottom: 4 }}>
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{m('files.drop')}</p>
          <p className="ant-upload-hint">{m('files.dropHint')}</p>
        </Upload.Dragger>
        {files.length > 0 ? (
          <Table
            data-testid="upload-files"
            size="small"
            rowKey={(f) => `${f.name}-${f.size}-${f.lastModified}`}
            pagination={false}
            dataSource={files}
            columns={[
              {
                title: m('file'),
                dataIndex: 'name',
                render: (v: string) => {
                  const ok = ACCEPT.some((x) => v.toLowerCase().endsWith(x));
                  const bad = problems.filter((p) => p.file === v || p.file.startsWith(`${v} [`));
                  return (
                    <Space wrap size={4}>
                      <span>{v}</span>
                      {ok ? null : <Tag color="orange">{m('files.badType')}</Tag>}
                      {bad.map((p, k) => (
                        <Tag color="red" key={k}>
                          {p[lang]}
                        </Tag>
                      ))}
                    </Space>
                  );
                },
              },
              {
                title: m('files.size'),
                dataIndex: 'size',
                width: 100,
                align: 'right',
                render: (v: number) => fileSize(v),
              },
              {
                title: '',
                key: 'remove',
                width: 48,
                render: (_: unknown, f: File) => (
                  <Button
                    type="text"
                    size="small"
                    icon={<DeleteOutlined />}
                    disabled={uploading}
                    aria-label={m('files.remove', { name: f.name })}
                    onClick={() => setFiles(files.filter((x) => x !== f))}
                  />
                ),
              },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{m('files.count', { n: files.length })}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {fileSize(total)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} />
              </Table.Summary.Row>
            )}
          />
        ) : null}
        {progress ? (
          <div data-testid="upload-progress">
            {progress.sent ? (
              <Space>
                <Spin size="small" />
                <span>{m('files.working', { size: fileSize(total), n: files.length })}</span>
              </Space>
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }} size={0}>
                <Typography.Text>
                  {m('files.uploading', {
                    loaded: fileSize(progress.loaded),
                    total: fileSize(progress.total),
                  })}
                </Typography.Text>
                <Progress
                  percent={progress.total ? Math.floor((progress.loaded / progress.total) * 100) : 0}
                  status="active"
                  size="small"
                />
              </Space>
            )}
          </div>
        ) : null}
        {error ? (
          <Alert
            data-testid="upload-error"
            type="error"
            showIcon
            title={
              error.status === 422
                ? m('files.unreadable')
                : error.code === 'no_files' || error.code === 'no_year'
                  ? m('files.notReady')
                  : m('files.failed')
            }
            description={
              <>
                <div data-testid="error-message">
                  {problems.length > 0
                    ? m('files.nUnreadable', { n: new Set(problems.map((p) => p.file)).size })
                    : error.text(lang)}
                </div>
                {problems.length > 0 ? (
                  <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
                    {problems.map((p, k) => (
                      <li key={k}>
                        <b>{p.file}</b>
                        {m('colon')}
                        {p[lang]}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {uploadHint(error, m) ?? (error.code === 'network' ? m('hint.network') : null)}
              </>
            }
          />
        ) : null}
        <Space>
          <Button
            type="primary"
            data-testid="preview-button"
            onClick={onPreview}
            loading={uploading}
            disabled={!year}
          >
            {m('files.preview')}
          </Button>
          {uploading ? <Button onClick={onCancel}>{m('files.cancel')}</Button> : null}
          {hasPreview && !uploading ? <Button onClick={onNext}>{m('files.seeRecognition')}</Button> : null}
          {files.length === 0 ? (
            <Typography.Text type="secondary">{m('files.chooseFirst')}</Typography.Text>
          ) : null}
        </Space>
      </Space>
    </Card>
  );
}
