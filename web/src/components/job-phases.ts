/**
 * The phases of background jobs and the progress they make of the whole: pure, so that the progress bar's
 * arithmetic is tested without a browser (test/job-phases.test.ts).
 */
type Lang = 'zh' | 'en';

/** What the bar reads of a job (GET /api/jobs/:id). */
export interface JobProgressView {
  kind: string;
  state: string;
  phase: string | null;
  done: number;
  total: number;
}

interface Step {
  id: string;
  zh: string;
  en: string;
  /** Rough share of the job's time: storing the results is most of a run. */
  share: number;
}

/** The steps of each kind of job, in order, in both languages. */
const STEPS: Record<string, Step[]> = {
  run: [
    { id: 'load', zh: '读取数据', en: 'loading the data', share: 0.15 },
    { id: 'evaluate', zh: '计算得分与定档', en: 'scoring and classing', share: 0.15 },
    { id: 'persist', zh: '保存结果', en: 'saving the results', share: 0.65 },
    { id: 'analyze', zh: '更新查询统计', en: 'refreshing query statistics', share: 0.05 },
  ],
  import: [
    { id: 'read', zh: '读取文件', en: 'reading the files', share: 0.5 },
    { id: 'store', zh: '写入数据集', en: 'storing the dataset', share: 0.5 },
  ],
};

/** Phases some jobs of a kind add after its steps (shown by name; the bar stays near its end). */
const AFTER: Record<string, Omit<Step, 'share'>[]> = {
  // a re-run after an accepted objection carries the earlier run's manual adjustments over
  run: [{ id: 'adjust', zh: '沿用人工调整', en: 'carrying manual adjustments over' }],
};

const KINDS: Record<string, { zh: string; en: string }> = {
  run: { zh: '评价计算', en: 'Evaluation run' },
  import: { zh: '数据导入', en: 'Data import' },
  sensitivity: { zh: '敏感性分析', en: 'Sensitivity analysis' },
};

/** What a job does, in words (a progress bar names it so, not by its id "j1"). */
export function jobTitle(kind: string, lang: Lang): string {
  const k = KINDS[kind];
  return k ? (lang === 'zh' ? k.zh : k.en) : lang === 'zh' ? '后台任务' : 'Background job';
}

/** The ordered steps of a kind of job (for "step k of n"). */
export function jobSteps(kind: string): readonly Step[] {
  return STEPS[kind] ?? [];
}

export function phaseLabel(kind: string, phase: string | null, lang: Lang): string {
  if (!phase) return '';
  const p = jobSteps(kind).find((x) => x.id === phase) ?? AFTER[kind]?.find((x) => x.id === phase);
  return p ? (lang === 'zh' ? p.zh : p.en) : phase;
}

/** Overall progress 0–100: each step fills its share of the bar, by its own progress where it reports one. */
export function jobPercent(job: JobProgressView): number {
  if (job.state === 'done') return 100;
  const steps = jobSteps(job.kind);
  const within = job.total > 0 ? Math.min(1, job.done / job.total) : 0;
  const k = steps.findIndex((p) => p.id === job.phase);
  if (k < 0) return AFTER[job.kind]?.some((p) => p.id === job.phase) ? 99 : Math.round(within * 100);
  const all = steps.reduce((a, p) => a + p.share, 0);
  const before = steps.slice(0, k).reduce((a, p) => a + p.share, 0);
  return Math.min(99, Math.round(((before + steps[k]!.share * within) / all) * 100));
}
