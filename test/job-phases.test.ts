/** The job progress bar's arithmetic (web/src/components/job-phases.ts): shares of the bar per step. */
import { describe, expect, it } from 'vitest';
import { jobPercent, jobSteps, phaseLabel } from '../web/src/components/job-phases.js';

const run = (phase: string | null, done = 0, total = 0, state = 'running') => ({
  kind: 'run',
  state,
  phase,
  done,
  total,
});

describe('job progress', () => {
  it('fills each step of a run by its share: load 15 %, evaluate 15 %, persist 65 %, analyze 5 %', () => {
    expect(jobSteps('run').map((s) => s.id)).toEqual(['load', 'evaluate', 'persist', 'analyze']);
    expect(jobPercent(run('load'))).toBe(0);
    expect(jobPercent(run('evaluate'))).toBe(15);
    // half of the results stored: 15 + 15 + 65 / 2 = 62.5 → 63
    expect(jobPercent(run('persist', 100_000, 200_000))).toBe(63);
    expect(jobPercent(run('persist', 200_000, 200_000))).toBe(95);
    expect(jobPercent(run('analyze'))).toBe(95);
    expect(jobPercent(run('analyze', 0, 0, 'done'))).toBe(100);
  });
  it('keeps a re-run carrying adjustments over near the end, and names the phase in both languages', () => {
    expect(jobPercent(run('adjust'))).toBe(99);
    expect(phaseLabel('run', 'adjust', 'zh')).toBe('沿用人工调整');
    expect(phaseLabel('run', 'analyze', 'en')).toBe('refreshing query statistics');
    expect(phaseLabel('run', 'something-new', 'zh')).toBe('something-new');
  });
  it('splits an import evenly between reading and storing, and never shows 100 % before the end', () => {
    expect(jobPercent({ kind: 'import', state: 'running', phase: 'store', done: 1, total: 4 })).toBe(63);
    expect(jobPercent({ kind: 'import', state: 'running', phase: 'store', done: 4, total: 4 })).toBe(99);
  });
});
