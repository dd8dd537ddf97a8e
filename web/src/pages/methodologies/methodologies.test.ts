import { describe, expect, it } from 'vitest';
import { issuesByLine, issuesOf, titleOf, type Issue } from './methodologies';

const issue = (line: number | null, rule: string): Issue => ({
  path: 'groups.0',
  line,
  column: null,
  rule,
  zh: '错',
  en: 'wrong',
});

describe('methodology page helpers', () => {
  it('titles a methodology in the language asked, a plain title as it is', () => {
    const m = { id: 'x', version: 1, dataYear: 2024, hash: 'h' };
    expect(titleOf({ ...m, title: { zh: '黄岩', en: 'Huangyan' } }, 'en')).toBe('Huangyan');
    expect(titleOf({ ...m, title: 'plain' }, 'zh')).toBe('plain');
  });

  it('groups located issues by line and leaves the unlocated out', () => {
    const byLine = issuesByLine([issue(3, 'a'), issue(3, 'b'), issue(null, 'c'), issue(7, 'd')]);
    expect([...byLine.keys()]).toEqual([3, 7]);
    expect(byLine.get(3)!.map((i) => i.rule)).toEqual(['a', 'b']);
  });

  it('reads the issues of a 422 answer', () => {
    expect(issuesOf({ valid: false, issues: [issue(1, 'a')] })?.issues).toHaveLength(1);
    expect(issuesOf({ error: {} })).toBeUndefined();
    expect(issuesOf(null)).toBeUndefined();
  });
});
