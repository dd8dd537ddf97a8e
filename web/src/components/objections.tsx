/**
 * Objections (异议) in the web app: an enterprise files one against a figure of its statement during the
 * public notice (with an explanation and PDF/PNG/JPEG evidence); its county operator (or a city analyst)
 * accepts — the corrected figure goes into a new dataset version and a re-run — or rejects with a reason;
 * everybody sees the outcome, the deadlines and, once re-run, the class before and after.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
  message,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api';
import { useAuth } from '../auth';
import type {
  EnterpriseView,
  JobView,
  ObjectionDecisionPreview,
  ObjectionDecisionResponse,
  ObjectionList,
  ObjectionPreviewPlace,
  ObjectionResultAt,
  ObjectionView,
  RunJobResult,
} from '../contract';
import { num, useI18n } from '../i18n';
import { Link } from '../router';
import { ClassTag, ErrorBox, useApi } from './common';
import { fmtTime } from './format';
import { JobProgress, useJob } from './jobs';

/** The figures open to objection (src/services/objections.service.ts), with their labels and units. */
export const OBJECTION_FIELDS: { field: string; zh: string; en: string; unit: string }[] = [
  { field: 'land_mu', zh: '用地面积', en: 'land', unit: '亩' },
  { field: 'tax', zh: '税收实际贡献', en: 'tax paid', unit: '万元' },
  { field: 'value_added', zh: '工业增加值', en: 'value added', unit: '万元' },
  { field: 'revenue', zh: '主营业务收入', en: 'revenue', unit: '万元' },
  { field: 'energy_tce', zh: '综合能源消费量', en: 'energy use', unit: '吨标准煤' },
  { field: 'emissions_t', zh: '主要污染物排放量', en: 'emissions', unit: '吨' },
  { field: 'employees', zh: '从业人员平均人数', en: 'employees', unit: '人' },
  { field: 'rd_spend', zh: 'R&D 经费支出', en: 'R&D spending', unit: '万元' },
  { field: 'electricity', zh: '用电量', en: 'electricity', unit: '万千瓦时' },
];

export function StatusTag({ o }: { o: ObjectionView }) {
  const { pick } = useI18n();
  if (o.status === 'accepted')
    return (
      <Tag color="green" data-testid="objection-status" data-status="accepted">
        {pick('已采纳', 'accepted')}
      </Tag>
    );
  if (o.status === 'rejected')
    return (
      <Tag color="red" data-testid="objection-status" data-status="rejected">
        {pick('已驳回', 'rejected')}
      </Tag>
    );
  return (
    <Tag color={o.overdue ? 'volcano' : 'gold'} data-testid="objection-status" data-status="open">
      {o.overdue ? pick('待处理（已逾期）', 'open (overdue)') : pick('待处理', 'open')}
    </Tag>
  );
}

function Place({ r }: { r: ObjectionResultAt | null }) {
  const { pick } = useI18n();
  const { can } = useAuth();
  if (!r) return <>—</>;
  return (
    <Space size={4}>
      <ClassTag cls={r.adjustedClass} />
      <span className="num">
        {pick('得分', 'total')} {num(r.total, 3)} · {pick('排名', 'rank')} {r.rank ?? '—'}/{r.unitSize ?? '—'}
      </span>
      {can('runs.view') ? <Link to={`/runs?run=${r.runId}`}>#{r.runId}</Link> : <span>#{r.runId}</span>}
      {r.published ? null : (
        <Tag color="orange" data-testid="draft-tag">
          {pick('草稿，未公示', 'draft, not published')}
        </Tag>
      )}
    </Space>
  );
}

/** The re-run's line of an accepted objection: its result, pending publication, or in progress. */
function After({ o }: { o: ObjectionView }) {
  const { pick } = useI18n();
  if (o.after) return <Place r={o.after} />;
  if (o.rerunPending)
    return (
      <span data-testid="rerun-pending">
        {pick('已重新评价，结果待公示后可见', 'Re-evaluated; the result is shown once it is published')}
      </span>
    );
  return <span data-testid="rerun-running">{pick('重新评价进行中…', 're-run in progress…')}</span>;
}

/** One objection: what was claimed and why, the evidence, the deadlines, the outcome; the decision form. */
export function ObjectionDetail({ o, onChanged }: { o: ObjectionView; onChanged?: () => void }) {
  const { pick, lang } = useI18n();
  const { can } = useAuth();
  const unit = o.fieldLabel.unit;
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
        <Descriptions.Item label={pick('企业', 'Enterprise')}>
          <Link to={`/enterprise/${o.uscc}`}>{o.name ?? o.uscc}</Link> · {o.uscc}
        </Descriptions.Item>
        <Descriptions.Item label={pick('异议指标', 'Figure')}>
          {pick(o.fieldLabel.zh, o.fieldLabel.en)}：
          <span className="num">
            {num(o.currentValue, 4)} → {num(o.claimedValue, 4)} {unit}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={pick('理由', 'Explanation')}>
          <Typography.Paragraph
            style={{ margin: 0, whiteSpace: 'pre-wrap' }}
            data-testid="objection-explanation"
          >
            {o.explanation}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={pick('证明材料', 'Evidence')}>
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
        <Descriptions.Item label={pick('提出', 'Filed')}>
          {o.filedBy} · {fmtTime(o.filedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={pick('期限', 'Deadlines')}>
          {pick('公示截止', 'notice ends')} {fmtTime(o.deadline)}；{pick('答复期限', 'answer by')}{' '}
          {fmtTime(o.respondBy)}
        </Descriptions.Item>
        <Descriptions.Item label={pick('状态', 'Status')}>
          <StatusTag o={o} />
          {o.decidedAt ? (
            <span>
              {o.decidedBy} · {fmtTime(o.decidedAt)}
            </span>
          ) : null}
        </Descriptions.Item>
        {o.reason ? (
          <Descriptions.Item label={pick('处理意见', 'Decision')}>
            <span data-testid="objection-reason">{o.reason}</span>
            {o.correctedValue !== null ? (
              <div className="num">
                {pick('更正为', 'corrected to')} {num(o.correctedValue, 4)} {unit}
                {o.datasetId ? pick(`（数据集 #${o.datasetId}）`, ` (dataset #${o.datasetId})`) : ''}
              </div>
            ) : null}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={pick('评价结果', 'Result')}>
          <div data-testid="objection-before">
            {pick('原结果', 'before')}：<Place r={o.before} />
          </div>
          {o.status === 'accepted' ? (
            <div data-testid="objection-after">
              {pick('重新评价', 'after re-run')}：<After o={o} />
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
          lang={lang}
          onDone={(j) => {
            if (j) setJob(j);
            onChanged?.();
          }}
        />
      ) : null}
    </Space>
  );
}

function PreviewPlace({ p }: { p: ObjectionPreviewPlace | null }) {
  const { pick } = useI18n();
  if (!p) return <>—</>;
  return (
    <Space size={4}>
      <ClassTag cls={p.adjustedClass} />
      <span className="num">
        {pick('得分', 'total')} {num(p.total, 3)} · {pick('排名', 'rank')} {p.rank ?? '—'}/{p.unitSize ?? '—'}
      </span>
    </Space>
  );
}

/** What accepting will do (GET …/decision-preview): shown before the operator confirms. */
function DecisionPreviewView({ p }: { p: ObjectionDecisionPreview }) {
  const { pick } = useI18n();
  const o = p.others;
  const unit = p.correction.label.unit;
  return (
    <Descriptions size="small" column={1} bordered data-testid="decision-preview">
      <Descriptions.Item label={pick('更正', 'Correction')}>
        <span className="num">
          {pick(p.correction.label.zh, p.correction.label.en)} {num(p.correction.from, 4)} →{' '}
          {num(p.correction.to, 4)} {unit}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={pick('数据版本', 'Dataset version')}>
        <span data-testid="preview-base">
          {pick(
            `在第 ${p.run.id} 批评价所用的数据版本 ${p.base.label} 上更正，生成新的数据版本`,
            `corrected in dataset ${p.base.label}, the one run ${p.run.id} used, as a new version`,
          )}
        </span>
        {p.newerDataset ? (
          <div style={{ color: '#8c8c8c' }} data-testid="preview-newer">
            {pick(
              `（较新的数据版本 ${p.newerDataset.label} 不被使用）`,
              `(the newer dataset ${p.newerDataset.label} is not used)`,
            )}
          </div>
        ) : null}
      </Descriptions.Item>
      <Descriptions.Item label={pick('重新评价', 'Re-run')}>
        {pick(
          `按第 ${p.run.id} 批的评价办法“${p.methodology.title.zh}”重新评价全部企业，结果为草稿，发布后公示`,
          `all enterprises re-evaluated with run ${p.run.id}'s methodology "${p.methodology.title.en}"; the result is a draft until published`,
        )}
        {p.carriedAdjustments > 0
          ? pick(
              `；沿用 ${p.carriedAdjustments} 项人工调档（保留原调整人）`,
              `; ${p.carriedAdjustments} manual adjustment(s) carried over (their authors kept)`,
            )
          : ''}
      </Descriptions.Item>
      <Descriptions.Item label={p.enterprise.name ?? p.enterprise.uscc}>
        <div data-testid="preview-now">
          {pick('现在', 'now')}：<PreviewPlace p={p.enterprise.now} />
        </div>
        <div data-testid="preview-after">
          {pick('更正后', 'after')}：<PreviewPlace p={p.enterprise.after} />
        </div>
      </Descriptions.Item>
      <Descriptions.Item label={pick('其他企业', 'Other enterprises')}>
        <span data-testid="preview-others" data-changed={o.changed}>
          {o.changed === 0
            ? pick('其他企业的等级都不变', 'no other enterprise changes class')
            : pick(
                `另有 ${o.changed} 家企业等级将变化（升 ${o.up}、降 ${o.down}、其他 ${o.other}）：${p.enterprise.divisionName ?? '本区县'} ${o.inCounty} 家，其他区县 ${o.otherCounties} 家`,
                `${o.changed} other enterprise(s) change class (${o.up} up, ${o.down} down, ${o.other} other): ${o.inCounty} in ${p.enterprise.divisionName ?? 'its county'}, ${o.otherCounties} in other counties`,
              )}
        </span>
      </Descriptions.Item>
    </Descriptions>
  );
}

function DecisionForm({
  o,
  onDone,
}: {
  o: ObjectionView;
  lang: string;
  onDone?: ((job: JobView<RunJobResult> | null) => void) | undefined;
}) {
  const { pick, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [decision, setDecision] = useState<'accept' | 'reject'>('accept');
  // accepting is confirmed after the preview of what it will do
  const [preview, setPreview] = useState<{ p: ObjectionDecisionPreview; v: FormValues }>();
  type FormValues = { reason: string; correctedValue?: number };
  const fail = (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
  const decide = async (v: FormValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<ObjectionDecisionResponse>(`/api/objections/${o.id}/decision`, {
        decision,
        reason: v.reason,
        ...(decision === 'accept' && v.correctedValue !== undefined
          ? { correctedValue: v.correctedValue }
          : {}),
      });
      void message.success(
        r.job ? pick('已采纳，正在重新评价', 'Accepted; re-run started') : pick('已驳回', 'Rejected'),
      );
      setPreview(undefined);
      onDone?.(r.job);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = async (v: FormValues) => {
    if (decision === 'reject') return decide(v);
    setBusy(true);
    setError(undefined);
    try {
      const p = await api.get<ObjectionDecisionPreview>(`/api/objections/${o.id}/decision-preview`, {
        ...(v.correctedValue !== undefined ? { correctedValue: v.correctedValue } : {}),
      });
      setPreview({ p, v });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={pick('处理异议', 'Decide')} data-testid="decision-form">
      {error ? <ErrorBox error={error} /> : null}
      {preview ? (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Alert
            type="warning"
            showIcon
            title={pick('采纳后将执行以下操作，请确认：', 'Accepting will do the following; please confirm:')}
          />
          <DecisionPreviewView p={preview.p} />
          <Space>
            <Button
              type="primary"
              loading={busy}
              onClick={() => void decide(preview.v)}
              data-testid="decision-confirm"
            >
              {pick('确认采纳并重新评价', 'Confirm: accept and re-run')}
            </Button>
            <Button onClick={() => setPreview(undefined)} disabled={busy} data-testid="decision-back">
              {pick('返回修改', 'Back')}
            </Button>
          </Space>
        </Space>
      ) : (
        <Form
          layout="vertical"
          initialValues={{ correctedValue: o.claimedValue }}
          onFinish={(v: FormValues) => void submit(v)}
        >
          <Form.Item>
            <Radio.Group
              value={decision}
              onChange={(e) => setDecision(e.target.value as 'accept' | 'reject')}
            >
              <Radio.Button value="accept" data-testid="decision-accept">
                {pick('采纳（更正数据并重新评价）', 'Accept (correct and re-run)')}
              </Radio.Button>
              <Radio.Button value="reject" data-testid="decision-reject">
                {pick('驳回', 'Reject')}
              </Radio.Button>
            </Radio.Group>
          </Form.Item>
          {decision === 'accept' ? (
            <Form.Item
              name="correctedValue"
              label={`${pick('更正后的数值', 'Corrected figure')}（${o.fieldLabel.unit}）`}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} style={{ width: 200 }} data-testid="decision-value" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="reason"
            label={pick('处理意见（必填，企业可见）', 'Reason (required; the enterprise sees it)')}
            rules={[{ required: true, whitespace: true, message: pick('请填写理由', 'Give a reason') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="decision-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="decision-submit">
            {decision === 'accept'
              ? pick('预览采纳结果', 'Preview the acceptance')
              : lang === 'zh'
                ? '提交'
                : 'Submit'}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** The form an enterprise fills to object to one of its figures. */
function FileObjection({
  v,
  onDone,
  onCancel,
}: {
  v: EnterpriseView;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { pick, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [files, setFiles] = useState<File[]>([]);
  const [form] = Form.useForm<{ field: string; claimedValue: number; explanation: string }>();
  const field = Form.useWatch('field', form);
  const chosen = OBJECTION_FIELDS.find((x) => x.field === field);
  const submit = async (f: { field: string; claimedValue: number; explanation: string }) => {
    setBusy(true);
    setError(undefined);
    const form = new FormData();
    form.append('field', f.field);
    form.append('claimedValue', String(f.claimedValue));
    form.append('explanation', f.explanation);
    for (const file of files) form.append('evidence', file);
    try {
      await api.postForm<ObjectionView>(`/api/runs/${v.run!.id}/objections`, form);
      void message.success(pick('异议已提交', 'Objection filed'));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    } finally {
      setBusy(false);
    }
  };
  const current = (field: string): number | null => {
    for (const s of v.sources)
      for (const x of s.fields) if (x.field === field && typeof x.value === 'number') return x.value;
    return null;
  };
  return (
    <Modal
      open
      title={pick('对本企业数据提出异议', 'Object to a figure')}
      onCancel={onCancel}
      footer={null}
      data-testid="objection-form"
    >
      {error ? <ErrorBox error={error} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(f: { field: string; claimedValue: number; explanation: string }) => void submit(f)}
      >
        <Form.Item name="field" label={pick('异议指标', 'Figure')} rules={[{ required: true }]}>
          <Select
            data-testid="objection-field"
            options={OBJECTION_FIELDS.map((x) => ({
              value: x.field,
              label: `${lang === 'zh' ? x.zh : x.en}（${pick('现为', 'now')} ${num(current(x.field), 4)} ${x.unit}）`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="claimedValue"
          label={
            <span data-testid="objection-value-label">
              {chosen
                ? pick(`应为（${chosen.unit}）`, `Should be (in ${chosen.unit})`)
                : pick('应为（请先选择指标）', 'Should be (choose the figure first)')}
            </span>
          }
          extra={
            chosen ? (
              <span data-testid="objection-value-unit">
                {pick(
                  `请按平台的单位“${chosen.unit}”填写${chosen.unit === '万元' ? '：税务、统计部门文件中以元计的金额，除以 10,000' : ''}。`,
                  `Give the figure in the platform's unit, ${chosen.unit}${chosen.unit === '万元' ? ' (10,000 yuan): divide an amount in yuan from a tax or statistics file by 10,000' : ''}.`,
                )}
              </span>
            ) : null
          }
          rules={[{ required: true }]}
        >
          <InputNumber
            min={0}
            style={{ width: 200 }}
            data-testid="objection-value"
            {...(chosen ? { suffix: chosen.unit } : {})}
          />
        </Form.Item>
        <Form.Item
          name="explanation"
          label={pick('理由', 'Explanation')}
          rules={[{ required: true, whitespace: true, message: pick('请说明理由', 'Explain why') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="objection-explanation-input" />
        </Form.Item>
        <Form.Item
          label={pick(
            '证明材料（PDF、PNG、JPEG；每个至多 10 MB，至多 5 个）',
            'Evidence (PDF, PNG, JPEG; 10 MB each, 5 at most)',
          )}
        >
          <Upload
            multiple
            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            beforeUpload={(f) => {
              setFiles((xs) => [...xs, f]);
              return false;
            }}
            onRemove={(f) => setFiles((xs) => xs.filter((x) => x.name !== f.name))}
            fileList={files.map((f, k) => ({ uid: String(k), name: f.name, status: 'done' as const }))}
          >
            <Button icon={<UploadOutlined />} data-testid="objection-evidence-button">
              {pick('选择文件', 'Choose files')}
            </Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="objection-submit">
          {pick('提交异议', 'File the objection')}
        </Button>
      </Form>
    </Modal>
  );
}

/**
 * On an enterprise's statement: its objections in the statement's run, and — for the enterprise itself,
 * while the run is on public notice — the button to file one.
 */
export function ObjectionsCard({ v }: { v: EnterpriseView }) {
  const { pick } = useI18n();
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
      title={pick('异议', 'Objections')}
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
            {pick('提出异议', 'Object to a figure')}
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
              ? pick('本批次尚未公示。', 'This run is not published yet.')
              : noticeOpen
                ? pick(
                    `公示期至 ${fmtTime(v.run.noticeUntil)}：对本企业数据有异议的，请在此之前提出并附证明材料。`,
                    `Public notice until ${fmtTime(v.run.noticeUntil)}: object to a figure before then, with evidence.`,
                  )
                : pick(
                    `公示期已于 ${fmtTime(v.run.noticeUntil)} 结束，不能再提出异议。`,
                    `The notice ended at ${fmtTime(v.run.noticeUntil)}: objections are closed.`,
                  )
          }
        />
      ) : null}
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {items.length === 0 ? (
        <Empty description={pick('没有异议', 'No objections')} />
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
