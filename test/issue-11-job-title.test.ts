/** Issue 11 item 26: a progress bar names what the job does ("评价计算"), not its id ("任务 j1"). */
import { describe, expect, it } from 'vitest';
import { jobTitle } from '../web/src/components/job-phases.js';

describe('job titles (issue 11 item 26)', () => {
  it('names each kind of job in Chinese and English, never by its id', () => {
    expect(jobTitle('run', 'zh')).toBe('评价计算');
    expect(jobTitle('run', 'en')).toBe('Evaluation run');
    expect(jobTitle('import', 'zh')).toBe('数据导入');
    expect(jobTitle('sensitivity', 'zh')).toBe('敏感性分析');
    expect(jobTitle('something-new', 'zh')).toBe('后台任务');
    for (const k of ['run', 'import', 'sensitivity', 'x'])
      for (const lang of ['zh', 'en'] as const) expect(jobTitle(k, lang)).not.toMatch(/\bj\d+|任务 /);
  });
});
