/**
 * Long work started over HTTP (evaluating and storing a run, committing an import) runs as a job: the
 * request answers 202 at once with the job, and the client polls it for its phase, progress and
 * result. Jobs of one store run one after another, in the order submitted (the embedded database
 * answers one statement at a time anyway, and two 200,000-firm runs at once would only double the
 * memory). Jobs live in the server's memory: a restart forgets them (what they stored stays stored).
 */
import { inScope, scopeOf, type Principal, type Scope } from '../domain/access.js';
import { STATUS_CODES } from '../engine/index.js';
import { ServiceError } from './errors.js';
import { ImportError } from './import.service.js';
import type { Store } from './store.js';

export type JobKind = 'run' | 'import' | 'sensitivity';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobError {
  code: string;
  message: string;
  problems?: { file: string; rule: string; zh: string; en: string }[];
}

export interface JobView<R = unknown> {
  id: string;
  kind: JobKind;
  state: JobState;
  phase: string | null;
  done: number;
  total: number;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: R | null;
  error: JobError | null;
}

/** What a job's work reports as it goes. */
export interface JobProgress {
  phase(name: string): void;
  progress(done: number, total: number): void;
}

/**
 * What a job's work may return instead of its plain result: the result as the city sees it (`all`) and
 * how a narrower scope sees it. A county operator polling a re-run it started is told its county's counts,
 * never the city's (issue 11, item 9): every read is scoped, job results too.
 */
export class ScopedResult<R> {
  constructor(
    readonly all: R,
    readonly forScope: (scope: Scope) => R,
  ) {}
}

/** The result of a run job: the run, its records and graded ones, counted within each viewer's scope. */
export interface RunCounts {
  runId: number;
  records: number;
  graded: number;
}

/** A run job's result for `runId` from the evaluated run, scoped per viewer (see ScopedResult). */
export function runJobResult(
  runId: number,
  run: {
    status: ArrayLike<number>;
    batch: { uscc: readonly string[]; division: readonly (string | null)[] };
  },
): ScopedResult<RunCounts> {
  const graded = STATUS_CODES.indexOf('graded');
  const count = (scope: Scope): RunCounts => {
    let records = 0;
    let g = 0;
    for (let i = 0; i < run.status.length; i++) {
      if (!inScope(scope, { division: run.batch.division[i] ?? null, uscc: run.batch.uscc[i]! })) continue;
      records++;
      if (run.status[i] === graded) g++;
    }
    return { runId, records, graded: g };
  };
  return new ScopedResult(count({ kind: 'all' }), count);
}

/** Finished jobs kept for polling, oldest dropped first. */
const KEEP_FINISHED = 200;

export class JobQueue {
  private readonly jobs = new Map<string, JobView>();
  /** The scoped views of results that have them (ScopedResult), by job id. */
  private readonly scoped = new Map<string, (scope: Scope) => unknown>();
  private tail: Promise<void> = Promise.resolve();
  private next = 1;

  /** Queues `work`; returns the job as it is now (queued). */
  submit<R>(
    kind: JobKind,
    createdBy: string,
    work: (p: JobProgress) => Promise<R | ScopedResult<R>>,
  ): JobView<R> {
    const job: JobView<R> = {
      id: `j${this.next++}`,
      kind,
      state: 'queued',
      phase: null,
      done: 0,
      total: 0,
      createdBy,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      result: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    this.prune();
    const p: JobProgress = {
      phase: (name) => {
        job.phase = name;
        job.done = 0;
        job.total = 0;
      },
      progress: (done, total) => {
        job.done = done;
        job.total = total;
      },
    };
    this.tail = this.tail.then(async () => {
      job.state = 'running';
      job.startedAt = new Date().toISOString();
      try {
        const r = await work(p);
        if (r instanceof ScopedResult) {
          job.result = r.all;
          this.scoped.set(job.id, r.forScope);
        } else job.result = r;
        job.state = 'done';
      } catch (e) {
        job.state = 'failed';
        job.error = jobError(e);
      } finally {
        job.finishedAt = new Date().toISOString();
      }
    });
    return { ...job };
  }

  /** A copy of the job (its result as `who` may see it, when given), or undefined. */
  get(id: string, who?: Principal): JobView | undefined {
    const j = this.jobs.get(id);
    return j ? this.viewFor(j, who) : undefined;
  }

  /** Every job kept (those `who` may see, as they may see them, when given), newest first. */
  list(who?: Principal): JobView[] {
    return [...this.jobs.values()]
      .filter((j) => !who || mayseeJob(who, j))
      .reverse()
      .map((j) => this.viewFor(j, who));
  }

  /** A copy of the job; for a viewer narrower than the city, the result in the viewer's scope. */
  private viewFor(j: JobView, who: Principal | undefined): JobView {
    const scope = who ? scopeOf(who) : null;
    const forScope = this.scoped.get(j.id);
    if (!scope || scope.kind === 'all' || j.result === null) return { ...j };
    // a result without a scoped view is not shown outside the city (none such reaches a county today)
    return { ...j, result: forScope ? forScope(scope) : null };
  }

  /** Resolves when every job submitted so far has finished. */
  async idle(): Promise<void> {
    let t: Promise<void>;
    do {
      t = this.tail;
      await t;
    } while (t !== this.tail);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state === 'done' || j.state === 'failed');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(j.id);
      this.scoped.delete(j.id);
    }
  }
}

function jobError(e: unknown): JobError {
  if (e instanceof ServiceError) return { code: e.code, message: e.message };
  if (e instanceof ImportError)
    return { code: 'unreadable_file', message: e.message, problems: [...e.problems] };
  console.error(e);
  const detail = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `服务器内部错误 / internal server error: ${detail}` };
}

const queues = new WeakMap<Store, JobQueue>();

/** The job queue of a store (one per open store). */
export function jobsOf(store: Store): JobQueue {
  let q = queues.get(store);
  if (!q) {
    q = new JobQueue();
    queues.set(store, q);
  }
  return q;
}

/** City-wide accounts see every job; others the jobs they started (a job's result may name anybody). */
const mayseeJob = (who: Principal, j: JobView): boolean =>
  scopeOf(who).kind === 'all' || j.createdBy === who.username;

/** The job (if `who`, when given, may see it), or a 404. */
export function jobView(store: Store, id: string, who?: Principal): JobView {
  const j = jobsOf(store).get(id, who);
  if (!j || (who && !mayseeJob(who, j)))
    throw new ServiceError(
      `没有任务 ${id}（服务重启后任务记录会清空）/ no job ${id} (jobs are forgotten when the server restarts)`,
      'not_found',
    );
  return j;
}
