/**
 * 数据导入: a wizard in four steps, one file each — (1) `UploadStep`: the data year and the departmental
 * files (CSV/XLSX) uploaded for a preview; (2) `RecognitionStep`: per file, the department recognised,
 * the header row, how each column was mapped and the first rows as read; (3) `ReconciliationStep`: rows
 * read = accepted + rejected + skipped per file, coverage per department, conflicts, rejected rows;
 * (4) `CommitStep`: commit as a background job, then evaluate the year. This file holds the wizard's
 * state (the files, the preview and its token, the sheet chosen per workbook).
 */
import { useRef, useState } from 'react';
import { Button, Card, Space, Steps, Typography } from 'antd';
import { api, ApiError } from '../../api';
import type { ImportPreview, ImportResult, JobView } from '../../contract';
import { useMessages } from '../../catalogue';
import { useApi } from '../../components/common';
import { fileSize, postFormWithProgress, type UploadProgress } from '../../components/upload';
import { useRouter } from '../../router';
import { CommitStep } from './CommitStep';
import { bilingual, datasetsOfYear, initialYear, MAX_BYTES, type DatasetItem } from './import';
import { messages } from './messages';
import { RecognitionStep } from './RecognitionStep';
import { ReconciliationStep } from './ReconciliationStep';
import { UploadStep } from './UploadStep';

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));

export default function ImportWizard() {
  const { m } = useMessages(messages);
  const [step, setStep] = useState(0);
  const { location } = useRouter();
  const [year, setYear] = useState<number | null>(() => initialYear(location.query.get('year'), new Date()));
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
      setUploadError(new ApiError(bilingual('err.noFiles'), 0, 'no_files'));
      return;
    }
    if (!year) {
      setUploadError(new ApiError(bilingual('err.noYear'), 0, 'no_year'));
      return;
    }
    const total = files.reduce((a, f) => a + f.size, 0);
    if (total > MAX_BYTES) {
      setUploadError(new ApiError(bilingual('err.tooLarge', { size: fileSize(total) }), 413, 'too_large'));
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

  const yearDatasets = datasetsOfYear(datasets.data?.items ?? [], year);

  const steps = [
    { title: m('steps.files'), content: m('steps.files.sub') },
    { title: m('steps.recognition'), content: m('steps.recognition.sub') },
    { title: m('steps.reconciliation'), content: m('steps.reconciliation.sub') },
    { title: m('steps.commit'), content: m('steps.commit.sub') },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {m('title')}
        </Typography.Title>
        {preview || files.length > 0 ? (
          <Button onClick={reset} disabled={uploading} data-testid="import-restart">
            {m('restart')}
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
        <UploadStep
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
        <RecognitionStep
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
        <ReconciliationStep preview={preview} onNext={() => setStep(3)} onBack={() => setStep(1)} />
      ) : null}
      {step === 3 && preview ? (
        <CommitStep
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
