/**
 * Jobs: the long work a request starts (a run, an import's commit, a sensitivity analysis) as the
 * server reports it while it goes, until it is done or failed. Jobs live in the server's memory: a
 * restart forgets them.
 */
import { z } from 'zod';
import { STAFF, endpoint } from './define.js';

export const jobState = z.enum(['queued', 'running', 'done', 'failed']);
export type JobState = z.output<typeof jobState>;

/** A failed job's error, as an ApiError's `error` (`problems` for an unreadable import file). */
export const jobError = z.object({
  code: z.string(),
  message: z.string().describe('Chinese / English'),
  problems: z
    .array(z.object({ file: z.string(), rule: z.string(), zh: z.string(), en: z.string() }))
    .optional(),
});

/** A job, without its result. */
const jobBase = z.object({
  id: z.string().describe('j1, j2, …'),
  kind: z.enum(['run', 'import', 'sensitivity']),
  state: jobState,
  phase: z.string().nullable().describe('e.g. load | evaluate | persist (runs); read | store (imports)'),
  done: z.number().int().describe('Progress within the phase'),
  total: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: jobError.nullable(),
});

const RESULT = 'When done: { runId, … } for runs, the outcome for imports; null before';

/** A job whose result (when done) has the schema given. */
export const jobViewOf = <R extends z.ZodType>(result: R) =>
  jobBase.extend({ result: result.nullable().describe(RESULT) });

/** Any job (its result as the job's kind makes it). */
export const jobView = jobBase.extend({ result: z.unknown().describe(RESULT) });
export type JobView<R = unknown> = Omit<z.output<typeof jobView>, 'result'> & { result: R | null };

/** POST /api/runs → 202, POST /api/imports/:token/commit → 202. */
export interface JobAccepted<R = unknown> {
  job: JobView<R>;
}
export const jobAcceptedOf = <R extends z.ZodType>(result: R) => z.object({ job: jobViewOf(result) });

export const jobEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/jobs',
    tag: 'jobs',
    summary: { zh: '可见的任务，最新的在前', en: 'The jobs the caller may see, newest first' },
    access: STAFF,
    response: z.object({ items: z.array(jobView) }),
  }),
  view: endpoint({
    method: 'GET',
    path: '/api/jobs/:id',
    tag: 'jobs',
    summary: { zh: '一个任务的进度和结果', en: "One job's progress and result" },
    access: STAFF,
    params: z.object({ id: z.string().regex(/^j\d{1,15}$/, 'a job id: j and digits') }),
    response: jobView,
  }),
};
