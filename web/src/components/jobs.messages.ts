/** The words of a background job's progress: [中文, English]. */
import { defineMessages } from '../catalogue';

export const messages = defineMessages({
  lost: ['无法跟踪任务进度', 'Cannot follow the job'],
  lostUnknown: [
    '服务器不认识该任务（服务重启后任务记录会丢失）：请刷新列表查看结果是否已保存，必要时重新发起。',
    'The server does not know the job (jobs are forgotten when the server restarts): refresh the list to see whether the result was saved, and start again if needed.',
  ],
  lostOther: [
    '请确认服务器仍在运行，然后刷新页面。',
    'Check that the server is still running, then reload the page.',
  ],
  submitting: ['正在提交…', 'Submitting…'],
  queued: ['排队中…', 'Queued…'],
  step: ['第 {k}/{n} 步：{phase}', 'Step {k} of {n}: {phase}'],
  running: ['进行中…', 'Running…'],
  done: ['已完成', 'Done'],
  failed: ['失败', 'Failed'],
  rowsSoFar: ['已处理 {n} 行', '{n} rows so far'],
  seconds: ['用时 {n} 秒', '{n} s'],
  jobFailed: ['任务失败', 'The job failed'],
});
