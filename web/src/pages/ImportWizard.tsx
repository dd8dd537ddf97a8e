/**
 * 数据导入: a wizard in four steps — (1) choose the data year and the departmental files (CSV/XLSX) and
 * upload them for a preview; (2) per file, the department recognised, the header row, how each column
 * was mapped (field, unit and where the unit came from) and the first rows as read; (3) the
 * reconciliation (rows read = accepted + rejected + skipped per file, coverage per department,
 * conflicts) and the rejected rows; (4) commit as a background job, then evaluate the year.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  InputNumber,
  Progress,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Steps,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import {
  CheckCircleTwoTone,
  CloseCircleTwoTone,
  DeleteOutlined,
  DownloadOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import { api, ApiError } from '../api';
import type {
  ColumnMapping,
  ImportPreview,
  ImportResult,
  JobAccepted,
  JobView,
  PreviewFile,
  RejectionView,
} from '../contract';
import { ErrorBox, useApi } from '../components/common';
import { fmtTime } from '../components/format';
import { endpointMissing, JobProgress, useJob } from '../components/jobs';
import { fileSize, postFormWithProgress, type UploadProgress } from '../components/upload';
import { num, pct, useI18n } from '../i18n';
import { Link, useNavigation, useRouter } from '../router';

type Pick = (zh: string, en: string) => string;

/** The departments that send files, in both languages. */
const DEPARTMENTS: Record<string, [string, string]> = {
  'market-regulation': ['市场监管', 'market regulation'],
  tax: ['税务', 'tax'],
  statistics: ['统计', 'statistics'],
  power: ['电力', 'power'],
  environment: ['生态环境', 'environment'],
  'natural-resources': ['自然资源', 'natural resources'],
  registry: ['企业名录', 'registry'],
};

function deptLabel(id: string | null | undefined, pick: Pick): string {
  if (!id) return pick('未识别', 'not recognised');
  const d = DEPARTMENTS[id];
  return d ? pick(d[0], d[1]) : id;
}

const ACCEPT = ['.csv', '.xlsx', '.xls', '.txt', '.tsv'];
const MAX_BYTES = 512 * 1024 * 1024;
const SKIP_LABELS: Record<string, [string, string]> = {
  blank: ['空行', 'blank'],
  summary: ['合计行', 'totals'],
  note: ['注释行', 'notes'],
  header_repeat: ['重复表头', 'repeated header'],
};

/** The reconciliation as the merge reports it (typed `unknown` in the contract; read defensively). */
interface Reconciliation {
  year?: number;
  files?: {
    file: string;
    sheet: string | null;
    profile: string;
    department: string;
    headerRow: number;
    rowsRead: number;
    accepted: number;
    rejected: number;
    skipped: Record<string, number> | number;
    enterprises?: number;
    unmapped?: string[];
    warnings?: { rule: string; column: string | null; zh: string; en: string }[];
  }[];
  problems?: { file: string; sheet?: string | null; rule: string; zh: string; en: string }[];
  notices?: { rule: string; column: string | null; zh: string; en: string; file: string | null }[];
  departments?: string[];
  coverage?: Record<string, number>;
  missing?: Record<string, string[] | number>;
  conflicts?: {
    uscc: string;
    field: string;
    kept: SourceValue;
    other: SourceValue;
  }[];
  totals?: { rowsRead: number; accepted: number; rejected: number; skipped: number; records: number };
  /** The preview cuts `missing` and `conflicts` to 1,000 entries and gives the full counts here. */
  missingCounts?: Record<string, number>;
  conflictCount?: number;
}

interface SourceValue {
  source: string;
  file: string | null;
  sheet: string | null;
  row: number | null;
  value: string | number;
}

interface DatasetItem {
  id: number;
  year: number;
  version: number;
  recordCount: number;
  createdAt: string;
}

interface FileRow {
  file: string;
  sheet: string | null;
  department: string;
  rowsRead: number;
  accepted: number;
  rejected: number;
  skipped: Record<string, number> | number;
  skippedN: number;
}

const skippedOf = (s: Record<string, number> | number | undefined): number =>
  typeof s === 'number' ? s : Object.values(s ?? {}).reduce((a, b) => a + b, 0);

const missingOf = (m: string[] | number | undefined): number =>
  typeof m === 'number' ? m : (m?.length ?? 0);

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));

export default function ImportWizard() {
  const { pick } = useI18n();
  const [step, setStep] = useState(0);
  const { location } = useRouter();
  const [year, setYear] = useState<number | null>(() => {
    const q = Number(location.query.get('year'));
    return Number.isInteger(q) && q >= 2000 && q <= 2100 ? q : new Date().getFullYear() - 1;
  });
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploadError, setUploadError] = useState<ApiError>();
  const [preview, setPreview] = useState<ImportPreview>();
  /** The sheet chosen per workbook (by file name); a workbook not named here is read sheet by sheet. */
  const [sheetChoice, setSheetChoice] = useState<Record<string, string>>({});
  const [committed, setCommitted] = useState<JobView<ImportResult>>();
  const abort = useRef<(() => void) | null>(null);
  const uploading = progress !== null;
  const datasets = useApi(() => api.get<{ items: DatasetItem[] }>('/api/datasets'), []);

  const discard = () => {
    if (preview && !committed)
      api.del(`/api/imports/${encodeURIComponent(preview.token)}`).catch(() => undefined);
    setPreview(undefined);
    setCommitted(undefined);
  };

  const startPreview = async (sheets: Record<string, string> = sheetChoice) => {
    setUploadError(undefined);
    if (files.length === 0) {
      setUploadError(new ApiError('还没有选择文件 / no files chosen', 0, 'no_files'));
      return;
    }
    if (!year) {
      setUploadError(new ApiError('请填写数据年度 / enter the data year', 0, 'no_year'));
      return;
    }
    const total = files.reduce((a, f) => a + f.size, 0);
    if (total > MAX_BYTES) {
      setUploadError(
        new ApiError(
          `文件合计 ${fileSize(total)}，超过 512 MB 上限 / the files add up to ${fileSize(total)}, more than 512 MB`,
          413,
          'too_large',
        ),
      );
      return;
    }
    discard();
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    setProgress({ loaded: 0, total, sent: false });
    const choice = new URLSearchParams();
    for (const [file, sheet] of Object.entries(sheets)) choice.append('sheet', `${file}:${sheet}`);
    const req = postFormWithProgress<ImportPreview>(
      `/api/imports/preview${choice.size > 0 ? `?${choice.toString()}` : ''}`,
      form,
      { year },
      setProgress,
    );
    abort.current = req.abort;
    try {
      const p = await req.promise;
      setPreview(p);
      setStep(1);
    } catch (e) {
      const err = toApiError(e);
      if (err.code !== 'aborted') setUploadError(err);
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  const reset = () => {
    discard();
    setSheetChoice({});
    setFiles([]);
    setUploadError(undefined);
    setStep(0);
    datasets.reload();
  };

  const yearDatasets = (datasets.data?.items ?? [])
    .filter((d) => d.year === year)
    .sort((a, b) => b.version - a.version);

  const steps = [
    { title: pick('选择文件', 'Choose files'), content: pick('年度与部门文件', 'year and files') },
    { title: pick('识别结果', 'Recognition'), content: pick('表头与列映射', 'headers and columns') },
    {
      title: pick('核对', 'Reconciliation'),
      content: pick('行数、覆盖、冲突、拒绝', 'rows, coverage, conflicts'),
    },
    { title: pick('提交', 'Commit'), content: pick('保存为数据集', 'store as a dataset') },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {pick('数据导入', 'Data import')}
        </Typography.Title>
        {preview || files.length > 0 ? (
          <Button onClick={reset} disabled={uploading} data-testid="import-restart">
            {pick('重新开始', 'Start over')}
          </Button>
        ) : null}
      </Space>
      <Card size="small">
        <Steps
          data-testid="import-steps"
          current={step}
          size="small"
          onChange={(s) => setStep(s)}
          items={steps.map((s, k) => ({
            ...s,
            disabled: k > 0 && (!preview || uploading || (committed !== undefined && k < 3)),
          }))}
        />
      </Card>
      {step === 0 ? (
        <ChooseFiles
          year={year}
          setYear={(y) => {
            if (preview) discard();
            setYear(y);
          }}
          files={files}
          setFiles={(f) => {
            if (preview) discard();
            setUploadError(undefined);
            setSheetChoice({});
            setFiles(f);
          }}
          progress={progress}
          error={uploadError}
          yearDatasets={yearDatasets}
          onPreview={() => void startPreview()}
          onCancel={() => abort.current?.()}
          hasPreview={!!preview}
          onNext={() => setStep(1)}
        />
      ) : null}
      {step === 1 && preview ? (
        <Recognition
          preview={preview}
          onNext={() => setStep(2)}
          onBack={() => setStep(0)}
          busy={uploading}
          sheetChoice={sheetChoice}
          onChooseSheet={(file, sheet) => {
            const next = { ...sheetChoice };
            if (sheet === null) delete next[file];
            else next[file] = sheet;
            setSheetChoice(next);
            void startPreview(next);
          }}
        />
      ) : null}
      {step === 2 && preview ? (
        <Reconcile preview={preview} onNext={() => setStep(3)} onBack={() => setStep(1)} />
      ) : null}
      {step === 3 && preview ? (
        <Commit
          preview={preview}
          fileCount={files.length}
          yearDatasets={yearDatasets}
          committed={committed}
          setCommitted={(j) => setCommitted(j)}
          onBack={() => setStep(2)}
          onRestart={reset}
          onDone={datasets.reload}
        />
      ) : null}
    </Space>
  );
}

// ───────────────────────────── step 1: year and files ─────────────────────────────

function uploadHint(e: ApiError, pick: Pick): string | undefined {
  if (e.code === 'no_files')
    return pick(
      '请把各部门导出的文件（CSV 或 XLSX，可多选）拖到上面的框里，或点击框选择文件。',
      'Drag the departments’ files (CSV or XLSX, several at once) onto the box above, or click it to choose them.',
    );
  if (e.code === 'no_year')
    return pick(
      '数据年度是这些数据所属的年份，例如 2023。',
      'The data year is the year the figures are of, e.g. 2023.',
    );
  if (e.status === 413 || e.code === 'too_large')
    return pick(
      '请分批上传，或删去与评价无关的工作表后再试。',
      'Upload in several batches, or remove sheets the evaluation does not need, then retry.',
    );
  if (endpointMissing(e))
    return pick(
      '这台服务器还不支持导入预览：请更新并重启 mujun serve，或在命令行用 mujun import 导入。',
      'This server has no import preview yet: update and restart mujun serve, or import with mujun import on the command line.',
    );
  if (e.status === 422)
    return pick(
      '以上文件无法读取，本次没有导入任何数据。请用 Excel 或 WPS 打开这些文件，另存为 .xlsx（或 UTF-8 / GBK 编码的 CSV），确认没有加密或损坏，然后移除旧文件、加入新文件后重新上传。',
      'The files above cannot be read; nothing was imported. Open them in Excel or WPS, save them as .xlsx (or CSV in UTF-8 / GBK), make sure they are neither encrypted nor damaged, then replace them and upload again.',
    );
  if (e.status === 400)
    return pick('请按提示修改后重新上传。', 'Correct as the message says, then upload again.');
  return undefined;
}

function ChooseFiles({
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
  const { pick, lang } = useI18n();
  const uploading = progress !== null;
  const total = files.reduce((a, f) => a + f.size, 0);
  // beforeUpload runs once per file of a multiple choice: collect them through a ref, not stale state
  const current = useRef(files);
  current.current = files;
  const problems = ((
    error?.detail as { error?: { problems?: { file: string; rule: string; zh: string; en: string }[] } }
  )?.error?.problems ?? []) as { file: string; rule: string; zh: string; en: string }[];

  return (
    <Card size="small" data-testid="import-step-files">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap align="center">
          <span>{pick('数据年度', 'Data year')}</span>
          <InputNumber
            data-testid="import-year"
            min={2000}
            max={2100}
            precision={0}
            value={year}
            onChange={(v) => setYear(v)}
            disabled={uploading}
            status={year ? undefined : 'error'}
          />
          <Typography.Text type="secondary">
            {yearDatasets.length > 0
              ? pick(
                  `该年度已有数据集 ${yearDatasets.map((d) => `v${d.version}`).join('、')}；新文件将保存为 v${(yearDatasets[0]?.version ?? 0) + 1}（内容完全相同则不新建）。`,
                  `The year has dataset ${yearDatasets.map((d) => `v${d.version}`).join(', ')}; new files become v${(yearDatasets[0]?.version ?? 0) + 1} (identical files create nothing).`,
                )
              : pick(
                  '数据所属年份（通常为评价年度的上一年）。',
                  'The year the figures are of (usually the year before the evaluation).',
                )}
          </Typography.Text>
        </Space>
        <Upload.Dragger
          data-testid="upload-input"
          multiple
          accept={ACCEPT.join(',')}
          disabled={uploading}
          showUploadList={false}
          fileList={[]}
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
          <p className="ant-upload-text">
            {pick(
              '把部门文件拖到这里，或点击选择（可多选）',
              'Drop the departments’ files here, or click to choose (several at once)',
            )}
          </p>
          <p className="ant-upload-hint">
            {pick(
              '市场监管、税务、统计、电力、生态环境、自然资源等部门导出的 CSV 或 XLSX；表头会自动识别，GBK 编码的 CSV 也可以。',
              'CSV or XLSX as exported by market regulation, tax, statistics, power, environment, natural resources…; headers are recognised, GBK CSV is fine.',
            )}
          </p>
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
                title: pick('文件', 'File'),
                dataIndex: 'name',
                render: (v: string) => {
                  const ok = ACCEPT.some((x) => v.toLowerCase().endsWith(x));
                  const bad = problems.filter((p) => p.file === v || p.file.startsWith(`${v} [`));
                  return (
                    <Space wrap size={4}>
                      <span>{v}</span>
                      {ok ? null : (
                        <Tag color="orange">{pick('可能无法读取的类型', 'type may not be readable')}</Tag>
                      )}
                      {bad.map((p, k) => (
                        <Tag color="red" key={k}>
                          {pick(p.zh, p.en)}
                        </Tag>
                      ))}
                    </Space>
                  );
                },
              },
              {
                title: pick('大小', 'Size'),
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
                    aria-label={pick('移除', 'remove')}
                    onClick={() => setFiles(files.filter((x) => x !== f))}
                  />
                ),
              },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  {pick(`共 ${files.length} 个文件`, `${files.length} files`)}
                </Table.Summary.Cell>
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
                <span>
                  {pick(
                    `已上传 ${fileSize(total)}，服务器正在读取、识别和核对 ${files.length} 个文件…`,
                    `Uploaded ${fileSize(total)}; the server is reading, recognising and reconciling ${files.length} files…`,
                  )}
                </span>
              </Space>
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }} size={0}>
                <Typography.Text>
                  {pick('正在上传', 'Uploading')} {fileSize(progress.loaded)} / {fileSize(progress.total)}
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
                ? pick('有文件无法读取', 'Some files cannot be read')
                : error.code === 'no_files' || error.code === 'no_year'
                  ? pick('还不能上传', 'Not ready to upload')
                  : pick('上传失败', 'The upload failed')
            }
            description={
              <>
                <div data-testid="error-message">
                  {problems.length > 0
                    ? pick(
                        `${new Set(problems.map((p) => p.file)).size} 个文件无法读取：`,
                        `${new Set(problems.map((p) => p.file)).size} file(s) cannot be read:`,
                      )
                    : error.text(lang)}
                </div>
                {problems.length > 0 ? (
                  <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
                    {problems.map((p, k) => (
                      <li key={k}>
                        <b>{p.file}</b>：{pick(p.zh, p.en)}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {uploadHint(error, pick) ??
                  (error.code === 'network'
                    ? pick(
                        '无法连接服务器：请确认 mujun serve 正在运行，然后重试。',
                        'Cannot reach the server: check that mujun serve is running, then retry.',
                      )
                    : null)}
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
            {pick('上传并识别', 'Upload and recognise')}
          </Button>
          {uploading ? <Button onClick={onCancel}>{pick('取消上传', 'Cancel')}</Button> : null}
          {hasPreview && !uploading ? (
            <Button onClick={onNext}>{pick('查看识别结果', 'See the recognition')}</Button>
          ) : null}
          {files.length === 0 ? (
            <Typography.Text type="secondary">{pick('请先选择文件', 'Choose files first')}</Typography.Text>
          ) : null}
        </Space>
      </Space>
    </Card>
  );
}

// ───────────────────────────── step 2: recognition ─────────────────────────────

function reconFiles(preview: ImportPreview): NonNullable<Reconciliation['files']> {
  return ((preview.reconciliation ?? {}) as Reconciliation).files ?? [];
}

/** A field's words (the code only when the preview has none for it). */
function fieldWords(preview: ImportPreview, field: string, pick: Pick): string {
  const l = preview.fieldLabels?.[field];
  return l ? pick(l.zh, l.en) : field;
}

function Recognition({
  preview,
  onNext,
  onBack,
  busy,
  sheetChoice,
  onChooseSheet,
}: {
  preview: ImportPreview;
  onNext: () => void;
  onBack: () => void;
  busy: boolean;
  sheetChoice: Record<string, string>;
  onChooseSheet: (file: string, sheet: string | null) => void;
}) {
  const { pick } = useI18n();
  const rec = (preview.reconciliation ?? {}) as Reconciliation;
  const rfiles = reconFiles(preview);
  const extra = (f: PreviewFile) =>
    rfiles.find((r) => r.file === f.file && (r.sheet ?? null) === (f.sheet ?? null));
  const problems = rec.problems ?? [];

  const overview: ColumnsType<PreviewFile> = [
    {
      title: pick('文件', 'File'),
      dataIndex: 'file',
      ellipsis: true,
      render: (v: string, f) => (
        <span>
          {v}
          {f.sheet ? <Typography.Text type="secondary"> · {f.sheet}</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: pick('识别为', 'Recognised as'),
      key: 'dept',
      width: 170,
      render: (_: unknown, f) =>
        f.department ? (
          <Space size={4}>
            <Tag color="blue">{deptLabel(f.department, pick)}</Tag>
            {f.profile && f.profile !== f.department ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {f.profile}
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          <Tag color="red">{pick('未识别', 'not recognised')}</Tag>
        ),
    },
    {
      title: pick('表头行', 'Header row'),
      dataIndex: 'headerRow',
      width: 80,
      align: 'right',
      render: (v: number | null) => v ?? '—',
    },
    {
      title: pick('读取行数', 'Rows read'),
      dataIndex: 'rowsRead',
      width: 90,
      align: 'right',
      render: (v: number) => num(v, 0),
    },
    {
      title: pick('接受', 'Accepted'),
      dataIndex: 'accepted',
      width: 80,
      align: 'right',
      render: (v: number) => num(v, 0),
    },
    {
      title: pick('拒绝', 'Rejected'),
      dataIndex: 'rejected',
      width: 80,
      align: 'right',
      render: (v: number) => (v ? <Typography.Text type="danger">{num(v, 0)}</Typography.Text> : '0'),
    },
    {
      title: pick('跳过', 'Skipped'),
      dataIndex: 'skipped',
      width: 80,
      align: 'right',
      render: (v: number) => num(v, 0),
    },
  ];

  const mappingColumns: ColumnsType<ColumnMapping> = [
    { title: pick('文件中的表头', 'Header in the file'), dataIndex: 'header' },
    {
      title: pick('读作', 'Read as'),
      dataIndex: 'field',
      render: (v: string) => (
        <Tooltip title={v}>
          <span data-testid="mapping-field">{fieldWords(preview, v, pick)}</span>
        </Tooltip>
      ),
    },
    { title: pick('单位', 'Unit'), dataIndex: 'unit', width: 80, render: (v: string | null) => v ?? '—' },
    {
      title: pick('单位来源', 'Unit from'),
      dataIndex: 'unitFrom',
      width: 110,
      render: (v: string | null) =>
        v === 'header' ? (
          <Tag color="green">{pick('表头注明', 'the header')}</Tag>
        ) : v === 'default' ? (
          <Tooltip
            title={pick(
              '表头没有写单位，按该部门模板的默认单位读取：请核对数量级是否正确。',
              'The header names no unit, so the department template’s default unit is used: check the magnitudes.',
            )}
          >
            <Tag color="orange">{pick('模板默认', 'default')}</Tag>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={pick(
            '以下表格没有导入（整张表无法使用）',
            'These tables were not imported (unusable as a whole)',
          )}
          description={
            <>
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {problems.map((p, k) => (
                  <li key={k}>
                    <b>
                      {p.file}
                      {p.sheet ? ` · ${p.sheet}` : ''}
                    </b>
                    ：{pick(p.zh, p.en)}
                  </li>
                ))}
              </ul>
              {pick(
                '其余文件可以继续。若这些表格需要导入，请修正后回到第 1 步重新上传。',
                'The other files can go on. If these tables are needed, correct them and upload again from step 1.',
              )}
            </>
          }
        />
      ) : null}
      {preview.existingDataset ? <ExistingAlert preview={preview} /> : null}
      {(preview.workbooks ?? []).length > 0 ? (
        <Card
          size="small"
          title={pick('工作簿的工作表', 'Sheets of the workbooks')}
          data-testid="preview-sheets"
        >
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            {(preview.workbooks ?? []).map((w) => (
              <Space key={w.file} wrap size={6} data-testid={`sheets-${w.file}`}>
                <Typography.Text strong>{w.file}</Typography.Text>
                {w.sheets.map((sh) => (
                  <Tag
                    key={sh.name}
                    color={
                      sh.status === 'imported' ? 'green' : sh.status === 'no_header' ? 'orange' : 'default'
                    }
                    data-testid="sheet-status"
                  >
                    {sh.name}：
                    {sh.status === 'imported'
                      ? pick('已读取', 'read')
                      : sh.status === 'no_header'
                        ? pick('无表头，跳过', 'no header, skipped')
                        : pick('未读取', 'not read')}
                  </Tag>
                ))}
                {w.sheets.length > 1 ? (
                  <Select
                    size="small"
                    style={{ minWidth: 200 }}
                    disabled={busy}
                    data-testid={`sheet-choice-${w.file}`}
                    value={sheetChoice[w.file] ?? ''}
                    onChange={(v: string) => onChooseSheet(w.file, v === '' ? null : v)}
                    options={[
                      { value: '', label: pick('读取每个工作表（默认）', 'Every sheet (default)') },
                      ...w.sheets.map((sh) => ({
                        value: sh.name,
                        label: pick(`只读“${sh.name}”`, `Only “${sh.name}”`),
                      })),
                    ]}
                  />
                ) : null}
              </Space>
            ))}
          </Space>
        </Card>
      ) : null}
      <Card
        size="small"
        title={pick(`上传的文件（${preview.year} 年度）`, `Files uploaded (data of ${preview.year})`)}
      >
        <Table
          data-testid="preview-files"
          size="small"
          rowKey={(f) => `${f.file}|${f.sheet ?? ''}`}
          pagination={false}
          dataSource={preview.files}
          columns={overview}
          scroll={{ x: 820 }}
        />
      </Card>
      <Card size="small" title={pick('各文件的列映射与前几行', 'Column mapping and first rows per file')}>
        {preview.files.length === 0 ? (
          <Empty description={pick('没有可读的表格', 'No readable table')} />
        ) : (
          <Tabs
            data-testid="preview-tabs"
            items={preview.files.map((f, k) => {
              const r = extra(f);
              const sampleKeys = [...new Set(f.sample.flatMap((s) => Object.keys(s.cells)))];
              return {
                key: String(k),
                label: (
                  <span>
                    {f.department ? (
                      deptLabel(f.department, pick)
                    ) : (
                      <Typography.Text type="danger">{pick('未识别', 'unknown')}</Typography.Text>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                      {f.file.length > 24 ? `${f.file.slice(0, 22)}…` : f.file}
                    </Typography.Text>
                  </span>
                ),
                children: (
                  <Space
                    orientation="vertical"
                    size={8}
                    style={{ width: '100%' }}
                    data-testid={`preview-file-${k}`}
                  >
                    <Descriptions
                      size="small"
                      column={{ xs: 1, md: 2, xl: 4 }}
                      items={[
                        {
                          key: 'f',
                          label: pick('文件', 'File'),
                          children: f.sheet ? `${f.file} · ${f.sheet}` : f.file,
                        },
                        {
                          key: 'd',
                          label: pick('部门', 'Department'),
                          children: deptLabel(f.department, pick),
                        },
                        { key: 'p', label: pick('模板', 'Profile'), children: f.profile ?? '—' },
                        { key: 'h', label: pick('表头在第几行', 'Header row'), children: f.headerRow ?? '—' },
                      ]}
                    />
                    {!f.department ? (
                      <Alert
                        type="error"
                        showIcon
                        title={pick(
                          '这个文件的表头与任何部门模板都不匹配，不会被导入。请确认它是部门导出的原始表格（表头含“统一社会信用代码”等列）；如果是新的格式，请让管理员在 profiles/ 中增加模板。',
                          'This file’s header matches no department template and will not be imported. Make sure it is the department’s original export (with columns such as 统一社会信用代码); for a new layout ask the administrator to add a template under profiles/.',
                        )}
                      />
                    ) : null}
                    {r?.warnings?.length ? (
                      <Alert
                        type="warning"
                        showIcon
                        title={
                          <ul style={{ margin: 0, paddingLeft: 16 }}>
                            {r.warnings.map((w, j) => (
                              <li key={j}>{pick(w.zh, w.en)}</li>
                            ))}
                          </ul>
                        }
                      />
                    ) : null}
                    <Row gutter={[12, 12]}>
                      <Col xs={24} xl={10}>
                        <Table
                          data-testid="preview-columns"
                          size="small"
                          rowKey={(c) => `${c.header}|${c.field}`}
                          pagination={false}
                          dataSource={f.columns}
                          columns={mappingColumns}
                          scroll={{ y: 300 }}
                        />
                        {r?.unmapped?.length ? (
                          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
                            {pick('未使用的列：', 'Columns not used: ')}
                            {r.unmapped.map((u) => (
                              <Tag key={u}>{u}</Tag>
                            ))}
                          </Typography.Paragraph>
                        ) : null}
                      </Col>
                      <Col xs={24} xl={14}>
                        <Table
                          data-testid="preview-sample"
                          size="small"
                          rowKey="row"
                          pagination={false}
                          dataSource={f.sample}
                          scroll={{ x: Math.max(600, sampleKeys.length * 120), y: 300 }}
                          title={() => pick('前几行（按文件原样）', 'First rows (as in the file)')}
                          columns={[
                            { title: pick('行', 'Row'), dataIndex: 'row', width: 56, fixed: 'left' },
                            ...sampleKeys.map((h) => ({
                              title: h,
                              key: h,
                              width: 120,
                              ellipsis: true,
                              render: (_: unknown, s: PreviewFile['sample'][number]) => s.cells[h] ?? '',
                            })),
                          ]}
                        />
                      </Col>
                    </Row>
                  </Space>
                ),
              };
            })}
          />
        )}
      </Card>
      {preview.records.sample.length > 0 ? (
        <Card
          size="small"
          title={pick(
            `合并后的企业记录（共 ${num(preview.records.total, 0)} 家，显示前 ${preview.records.sample.length} 家，统一单位）`,
            `Merged enterprise records (${num(preview.records.total, 0)} in all, first ${preview.records.sample.length}, canonical units)`,
          )}
        >
          <RecordsSample sample={preview.records.sample} labels={preview.fieldLabels ?? {}} />
        </Card>
      ) : null}
      <Space>
        <Button onClick={onBack}>{pick('上一步', 'Back')}</Button>
        <Button type="primary" onClick={onNext} data-testid="to-reconcile">
          {pick('下一步：核对', 'Next: reconciliation')}
        </Button>
      </Space>
    </Space>
  );
}

function RecordsSample({
  sample,
  labels,
}: {
  sample: Record<string, string | number | null>[];
  labels: ImportPreview['fieldLabels'];
}) {
  const { pick } = useI18n();
  const keys = [...new Set(sample.flatMap((s) => Object.keys(s)))];
  const title = (k: string) => {
    const l = labels[k];
    if (!l) return k;
    return (
      <Tooltip title={k}>
        {pick(l.zh, l.en)}
        {l.unit ? `（${l.unit}）` : ''}
      </Tooltip>
    );
  };
  return (
    <Table
      data-testid="preview-records"
      size="small"
      rowKey={(r) => String(r.uscc ?? JSON.stringify(r))}
      pagination={false}
      dataSource={sample}
      scroll={{ x: Math.max(800, keys.length * 110), y: 260 }}
      columns={keys.map((k, i) => ({
        title: title(k),
        dataIndex: k,
        width: k === 'name' ? 200 : k === 'uscc' ? 180 : 110,
        ellipsis: true,
        fixed: i === 0 ? ('left' as const) : undefined,
        align: sample.some((r) => typeof r[k] === 'number') ? ('right' as const) : undefined,
        render: (v: string | number | null) =>
          v === null || v === undefined ? (
            <span style={{ color: '#bfbfbf' }}>—</span>
          ) : typeof v === 'number' ? (
            num(v, 2)
          ) : (
            v
          ),
      }))}
    />
  );
}

function ExistingAlert({ preview }: { preview: ImportPreview }) {
  const { pick } = useI18n();
  const d = preview.existingDataset;
  if (!d) return null;
  return (
    <Alert
      data-testid="existing-dataset"
      type="info"
      showIcon
      title={pick(
        `这些文件与已导入的数据集 ${d.year}/v${d.version}（#${d.id}）完全相同：提交不会产生任何变化。`,
        `These files are identical to dataset ${d.year}/v${d.version} (#${d.id}), imported already: committing changes nothing.`,
      )}
      description={
        <>
          {pick('可以直接', 'You can ')}
          <Link to={`/runs?start=1&year=${d.year}`}>
            {pick('用该数据集发起评价', 'evaluate that dataset')}
          </Link>
          {pick('，或换一批文件。', ', or choose other files.')}
        </>
      }
    />
  );
}

// ───────────────────────────── step 3: reconciliation ─────────────────────────────

function Reconcile({
  preview,
  onNext,
  onBack,
}: {
  preview: ImportPreview;
  onNext: () => void;
  onBack: () => void;
}) {
  const { pick } = useI18n();
  const rec = (preview.reconciliation ?? {}) as Reconciliation;
  const [fileFilter, setFileFilter] = useState<string>();
  const files = rec.files ?? [];
  const records = rec.totals?.records ?? preview.records.total;
  const totals = rec.totals ?? {
    rowsRead: preview.files.reduce((a, f) => a + f.rowsRead, 0),
    accepted: preview.files.reduce((a, f) => a + f.accepted, 0),
    rejected: preview.files.reduce((a, f) => a + f.rejected, 0),
    skipped: preview.files.reduce((a, f) => a + f.skipped, 0),
    records,
  };
  const departments = rec.departments ?? Object.keys(rec.coverage ?? {});
  const rejections = useMemo(
    () => preview.rejections.filter((r) => !fileFilter || r.file === fileFilter),
    [preview.rejections, fileFilter],
  );
  const rejectionFiles = [...new Set(preview.rejections.map((r) => r.file))];
  const totalRejected = Math.max(preview.rejections.length, totals.rejected);
  const conflictCount = rec.conflictCount ?? rec.conflicts?.length ?? 0;

  const fileRows: FileRow[] = files.length
    ? files.map((f) => ({
        file: f.file,
        sheet: f.sheet,
        department: f.department,
        rowsRead: f.rowsRead,
        accepted: f.accepted,
        rejected: f.rejected,
        skipped: f.skipped,
        skippedN: skippedOf(f.skipped),
      }))
    : preview.files.map((f) => ({
        file: f.file,
        sheet: f.sheet,
        department: f.department ?? '',
        rowsRead: f.rowsRead,
        accepted: f.accepted,
        rejected: f.rejected,
        skipped: f.skipped,
        skippedN: f.skipped,
      }));

  const rejectedColumns: ColumnsType<RejectionView> = [
    { title: pick('文件', 'File'), dataIndex: 'file', width: 150, ellipsis: true },
    { title: pick('工作表', 'Sheet'), dataIndex: 'sheet', width: 80, render: (v: string | null) => v ?? '—' },
    { title: pick('行', 'Row'), dataIndex: 'row', width: 60, align: 'right' },
    {
      title: pick('列', 'Column'),
      dataIndex: 'column',
      width: 130,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: pick('值', 'Value'),
      dataIndex: 'value',
      width: 190,
      ellipsis: true,
      render: (v: string | null) => (v === null ? '—' : <Typography.Text code>{v}</Typography.Text>),
    },
    { title: pick('规则', 'Rule'), dataIndex: 'rule', width: 130, ellipsis: true },
    { title: pick('说明', 'Message'), key: 'msg', render: (_: unknown, r) => pick(r.zh, r.en) },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        {[
          { k: 'rowsRead', t: pick('读取行数', 'Rows read'), v: totals.rowsRead },
          { k: 'accepted', t: pick('接受', 'Accepted'), v: totals.accepted },
          { k: 'rejected', t: pick('拒绝', 'Rejected'), v: totals.rejected, danger: totals.rejected > 0 },
          { k: 'skipped', t: pick('跳过（空行、合计行等）', 'Skipped (blank, totals…)'), v: totals.skipped },
          { k: 'records', t: pick('合并后企业', 'Enterprises merged'), v: records },
        ].map((s) => (
          <Col key={s.k} flex="1 1 200px">
            <Card size="small">
              <Statistic
                title={s.t}
                value={num(s.v, 0)}
                valueStyle={s.danger ? { color: '#cf1322' } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={pick(
              '各文件行数核对：读取 = 接受 + 拒绝 + 跳过',
              'Rows per file: read = accepted + rejected + skipped',
            )}
          >
            <Table
              data-testid="recon-files"
              size="small"
              rowKey={(f) => `${f.file}|${f.sheet ?? ''}`}
              pagination={false}
              dataSource={fileRows}
              scroll={{ x: 640 }}
              columns={[
                {
                  title: pick('文件', 'File'),
                  dataIndex: 'file',
                  ellipsis: true,
                  render: (v: string, f) => (
                    <span>
                      {v}
                      {f.sheet ? <Typography.Text type="secondary"> · {f.sheet}</Typography.Text> : null}
                    </span>
                  ),
                },
                {
                  title: pick('部门', 'Dept.'),
                  dataIndex: 'department',
                  width: 90,
                  render: (v: string) => deptLabel(v, pick),
                },
                {
                  title: pick('读取', 'Read'),
                  dataIndex: 'rowsRead',
                  width: 70,
                  align: 'right',
                  render: (v: number) => num(v, 0),
                },
                {
                  title: pick('接受', 'Acc.'),
                  dataIndex: 'accepted',
                  width: 70,
                  align: 'right',
                  render: (v: number) => num(v, 0),
                },
                {
                  title: pick('拒绝', 'Rej.'),
                  dataIndex: 'rejected',
                  width: 70,
                  align: 'right',
                  render: (v: number) => num(v, 0),
                },
                {
                  title: pick('跳过', 'Skip'),
                  key: 'skipped',
                  width: 70,
                  align: 'right',
                  render: (_: unknown, f) =>
                    typeof f.skipped === 'object' && f.skippedN > 0 ? (
                      <Tooltip
                        title={Object.entries(f.skipped)
                          .filter(([, n]) => n > 0)
                          .map(
                            ([k, n]) =>
                              `${SKIP_LABELS[k] ? pick(SKIP_LABELS[k][0], SKIP_LABELS[k][1]) : k} ${n}`,
                          )
                          .join('，')}
                      >
                        <u style={{ textDecorationStyle: 'dotted' }}>{num(f.skippedN, 0)}</u>
                      </Tooltip>
                    ) : (
                      num(f.skippedN, 0)
                    ),
                },
                {
                  title: pick('核对', 'Check'),
                  key: 'check',
                  width: 60,
                  align: 'center',
                  render: (_: unknown, f) =>
                    f.rowsRead === f.accepted + f.rejected + f.skippedN ? (
                      <CheckCircleTwoTone twoToneColor="#52c41a" />
                    ) : (
                      <Tooltip
                        title={pick(
                          '行数对不上：请把此文件交给管理员检查。',
                          'The rows do not add up: pass the file to the administrator.',
                        )}
                      >
                        <CloseCircleTwoTone twoToneColor="#cf1322" />
                      </Tooltip>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={pick('各部门覆盖的企业', 'Enterprises covered per department')}>
            {departments.length === 0 ? (
              <Empty description={pick('没有覆盖信息', 'No coverage figures')} />
            ) : (
              <Table
                data-testid="recon-coverage"
                size="small"
                rowKey={(d) => d}
                pagination={false}
                dataSource={departments}
                columns={[
                  {
                    title: pick('部门', 'Department'),
                    key: 'd',
                    render: (_: unknown, d: string) => deptLabel(d, pick),
                  },
                  {
                    title: pick('覆盖（家）', 'Covered (firms)'),
                    key: 'c',
                    align: 'right',
                    render: (_: unknown, d: string) => num(rec.coverage?.[d], 0),
                  },
                  {
                    title: pick('占比', 'Share'),
                    key: 'p',
                    align: 'right',
                    render: (_: unknown, d: string) => {
                      const c = rec.coverage?.[d];
                      return c === undefined || !records ? '—' : pct(c / records);
                    },
                  },
                  {
                    title: pick('缺少（家）', 'Missing (firms)'),
                    key: 'm',
                    align: 'right',
                    render: (_: unknown, d: string) => {
                      const m = rec.missing?.[d];
                      const n = rec.missingCounts?.[d] ?? missingOf(m);
                      if (m === undefined) return '—';
                      return Array.isArray(m) && n > 0 ? (
                        <Tooltip title={`${m.slice(0, 10).join('\n')}${n > 10 ? '\n…' : ''}`}>
                          <Typography.Text type="warning">{num(n, 0)}</Typography.Text>
                        </Tooltip>
                      ) : (
                        num(n, 0)
                      );
                    },
                  },
                ]}
              />
            )}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {pick(
                '缺少某部门数据的企业，相关指标按评价办法的缺失值规则处理（可能不参评）。',
                'For enterprises a department does not cover, the indicators follow the methodology’s missing-value rules (they may not be graded).',
              )}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      {rec.notices?.length ? (
        <Alert
          type="info"
          showIcon
          title={pick('说明', 'Notes')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {rec.notices.map((n, k) => (
                <li key={k}>
                  {n.file ? <b>{n.file}：</b> : null}
                  {pick(n.zh, n.en)}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {rec.conflicts?.length ? (
        <Card
          size="small"
          title={pick(
            `部门之间不一致的数据（${num(conflictCount, 0)} 处${conflictCount > rec.conflicts.length ? `，列出前 ${num(rec.conflicts.length, 0)} 处` : ''}；采用第一个来源的值）`,
            `Departments disagreeing (${num(conflictCount, 0)}${conflictCount > rec.conflicts.length ? `, first ${num(rec.conflicts.length, 0)} listed` : ''}; the first source’s value is kept)`,
          )}
        >
          <Table
            data-testid="recon-conflicts"
            size="small"
            rowKey={(c) => `${c.uscc}|${c.field}|${c.other.source}|${c.other.row ?? ''}`}
            dataSource={rec.conflicts}
            pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            columns={[
              { title: pick('统一社会信用代码', 'USCC'), dataIndex: 'uscc', width: 180 },
              {
                title: pick('字段', 'Field'),
                dataIndex: 'field',
                width: 120,
                render: (v: string) => <Tooltip title={v}>{fieldWords(preview, v, pick)}</Tooltip>,
              },
              {
                title: pick('采用的值', 'Value kept'),
                key: 'kept',
                render: (_: unknown, c) => <SourceCell v={c.kept} />,
              },
              {
                title: pick('另一来源的值', 'Other value'),
                key: 'other',
                render: (_: unknown, c) => <SourceCell v={c.other} />,
              },
            ]}
          />
        </Card>
      ) : null}
      <Card
        size="small"
        title={pick(
          `被拒绝的行（${num(totalRejected, 0)} 行，不会导入）`,
          `Rejected rows (${num(totalRejected, 0)}, not imported)`,
        )}
        extra={
          preview.rejections.length > 0 ? (
            <Space wrap>
              {rejectionFiles.length > 1 ? (
                <Select
                  allowClear
                  size="small"
                  style={{ width: 200 }}
                  placeholder={pick('全部文件', 'All files')}
                  value={fileFilter}
                  onChange={(v?: string) => setFileFilter(v)}
                  options={rejectionFiles.map((f) => ({ value: f, label: f }))}
                />
              ) : null}
              <Button
                size="small"
                icon={<DownloadOutlined />}
                href={`/api/imports/${encodeURIComponent(preview.token)}/rejections.xlsx`}
                data-testid="rejected-download"
              >
                {pick('下载全部（XLSX）', 'Download all (XLSX)')}
              </Button>
            </Space>
          ) : undefined
        }
      >
        {preview.rejections.length === 0 ? (
          <Typography.Text type="success" data-testid="rejected-none">
            {pick('没有被拒绝的行。', 'No row was rejected.')}
          </Typography.Text>
        ) : (
          <>
            <Table
              data-testid="rejected-table"
              size="small"
              rowKey={(r) => `${r.file}|${r.sheet ?? ''}|${r.row}|${r.column ?? ''}|${r.rule}`}
              dataSource={rejections}
              columns={rejectedColumns}
              scroll={{ x: 1000 }}
              pagination={{ pageSize: 10, showSizeChanger: true, pageSizeOptions: [10, 20, 50] }}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
              {totalRejected > preview.rejections.length
                ? pick(
                    `表中只列出前 ${num(preview.rejections.length, 0)} 行，全部 ${num(totalRejected, 0)} 行请下载 XLSX。`,
                    `The table lists the first ${num(preview.rejections.length, 0)}; download the XLSX for all ${num(totalRejected, 0)}.`,
                  )
                : null}
              {pick(
                '被拒绝的行不会导入。请把这些行退回数据来源部门更正；更正后连同其他文件重新上传即可（会生成新的数据集版本）。',
                'Rejected rows are not imported. Send them back to the department that supplied them; upload the corrected files with the others again (a new dataset version).',
              )}
            </Typography.Paragraph>
          </>
        )}
      </Card>
      <Space>
        <Button onClick={onBack}>{pick('上一步', 'Back')}</Button>
        <Button type="primary" onClick={onNext} data-testid="to-commit">
          {pick('下一步：提交', 'Next: commit')}
        </Button>
      </Space>
    </Space>
  );
}

function SourceCell({ v }: { v: SourceValue }) {
  const { pick } = useI18n();
  return (
    <span>
      <b>{typeof v.value === 'number' ? num(v.value, 4) : v.value}</b>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {deptLabel(v.source, pick)}
        {v.file ? ` · ${v.file}` : ''}
        {v.sheet ? ` · ${v.sheet}` : ''}
        {v.row !== null ? pick(` · 第 ${v.row} 行`, ` · row ${v.row}`) : ''}
      </Typography.Text>
    </span>
  );
}

// ───────────────────────────── step 4: commit ─────────────────────────────

function Commit({
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
  const { pick } = useI18n();
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
      ? pick(
          '这台服务器还不支持提交预览：请更新并重启 mujun serve，或在命令行用 mujun import 导入这些文件。',
          'This server cannot commit a preview yet: update and restart mujun serve, or import the files with mujun import.',
        )
      : e.status === 404
        ? pick(
            '预览已过期或服务器已重启：请点“重新开始”，再上传一次这些文件。',
            'The preview has expired or the server restarted: click “Start over” and upload the files again.',
          )
        : e.status === 409
          ? pick(
              '该预览已经提交过了：请到“评价批次”使用该数据集。',
              'This preview was committed already: use the dataset under “Runs”.',
            )
          : pick(
              '请稍后重试；如仍失败，请把错误告诉管理员。',
              'Retry later; if it fails again, pass the error to the administrator.',
            );

  return (
    <Card size="small" data-testid="import-step-commit">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'y', label: pick('数据年度', 'Data year'), children: preview.year },
            {
              key: 'f',
              label: pick('文件', 'Files'),
              children: pick(
                `${fileCount} 个（${preview.files.length} 张表）`,
                `${fileCount} (${preview.files.length} tables)`,
              ),
            },
            { key: 'r', label: pick('合并后企业', 'Enterprises'), children: num(preview.records.total, 0) },
            {
              key: 'x',
              label: pick('被拒绝的行', 'Rejected rows'),
              children: num(preview.rejections.length, 0),
            },
            {
              key: 'v',
              label: result ? pick('已保存为', 'Stored as') : pick('将保存为', 'Will be stored as'),
              children: result
                ? `${result.dataset.year}/v${result.dataset.version}`
                : preview.existingDataset
                  ? pick(
                      `已有 ${preview.existingDataset.year}/v${preview.existingDataset.version}（不新建）`,
                      `existing ${preview.existingDataset.year}/v${preview.existingDataset.version} (nothing new)`,
                    )
                  : `${preview.year}/v${(yearDatasets[0]?.version ?? 0) + 1}`,
            },
            {
              key: 'e',
              label: pick('预览有效至', 'Preview valid until'),
              children: (
                <span style={{ color: expired ? '#cf1322' : undefined }}>{fmtTime(preview.expiresAt)}</span>
              ),
            },
          ]}
        />
        {preview.existingDataset && !result ? <ExistingAlert preview={preview} /> : null}
        {expired && !committed ? (
          <Alert
            type="warning"
            showIcon
            title={pick(
              '预览已过期：请点“重新开始”再上传一次。',
              'The preview has expired: click “Start over” and upload again.',
            )}
          />
        ) : null}
        {!committed ? (
          <Space>
            <Button onClick={onBack} disabled={busy}>
              {pick('上一步', 'Back')}
            </Button>
            <Button type="primary" onClick={() => void commit()} loading={busy} data-testid="commit-button">
              {preview.existingDataset
                ? pick('仍然提交', 'Commit anyway')
                : pick('提交导入', 'Commit the import')}
            </Button>
            <Typography.Text type="secondary">
              {pick(
                '提交后数据集不可修改；更正数据请再导入一次（生成新版本）。',
                'A stored dataset never changes; to correct data, import again (a new version).',
              )}
            </Typography.Text>
          </Space>
        ) : null}
        {error ? <ErrorBox error={error} hint={hint(error)} onRetry={() => void commit()} /> : null}
        {committed ? (
          <JobProgress
            job={job}
            pollError={pollError}
            doneText={pick('导入完成', 'Import finished')}
            failedHint={pick(
              '数据没有保存。请回到第 3 步检查被拒绝的行和冲突，修正文件后点“重新开始”再导入；如仍失败，请把错误和任务编号告诉管理员。',
              'Nothing was stored. Go back to step 3 to check the rejected rows and conflicts, correct the files, then “Start over”; if it fails again, pass the error and the job id to the administrator.',
            )}
          />
        ) : null}
        {committed && (job?.state === 'failed' || pollError) ? (
          <Space>
            <Button onClick={() => void commit()} loading={busy} data-testid="commit-retry">
              {pick('重试提交', 'Retry the commit')}
            </Button>
            <Button onClick={onRestart}>{pick('重新开始', 'Start over')}</Button>
          </Space>
        ) : null}
        {result ? (
          <Result
            status="success"
            data-testid="import-done"
            style={{ padding: '8px 0' }}
            title={
              result.created
                ? pick(
                    `已保存为数据集 ${result.dataset.year}/v${result.dataset.version}（#${result.dataset.id}）`,
                    `Stored as dataset ${result.dataset.year}/v${result.dataset.version} (#${result.dataset.id})`,
                  )
                : pick(
                    `与已有数据集 ${result.dataset.year}/v${result.dataset.version}（#${result.dataset.id}）相同，没有新建`,
                    `Identical to dataset ${result.dataset.year}/v${result.dataset.version} (#${result.dataset.id}); nothing new was stored`,
                  )
            }
            subTitle={pick(
              `${num(result.records, 0)} 家企业；被拒绝 ${num(result.rejections.length, 0)} 行。`,
              `${num(result.records, 0)} enterprises; ${num(result.rejections.length, 0)} rows rejected.`,
            )}
            extra={
              <Space wrap>
                <Button
                  type="primary"
                  data-testid="evaluate-year"
                  onClick={() => navigate(`/runs?start=1&year=${result.dataset.year}`)}
                >
                  {pick(`评价 ${result.dataset.year} 年度`, `Evaluate ${result.dataset.year}`)}
                </Button>
                {result.rejectedXlsx ? (
                  <Button
                    icon={<DownloadOutlined />}
                    href={result.rejectedXlsx}
                    data-testid="rejected-download"
                  >
                    {pick('下载被拒绝的行（XLSX）', 'Download the rejected rows (XLSX)')}
                  </Button>
                ) : null}
                <Button onClick={onRestart}>{pick('再导入一批', 'Import more files')}</Button>
              </Space>
            }
          />
        ) : null}
      </Space>
    </Card>
  );
}
