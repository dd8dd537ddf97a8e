/**
 * Reads a golden-test file (`mujun.methodology-tests/v1`) with the located, bilingual problems every rule
 * file of Mujun reports (`domain/rule-file.ts`), plus its own checks: record labels unique within a test,
 * every expectation naming a record of its test.
 */
import {
  describeZodIssue,
  formatRuleIssue,
  parseRuleFile,
  type CheckedIssue,
} from '../../domain/rule-file.js';
import { goldenFileSchema, type GoldenFile } from './schema.js';

export function parseGoldenFile(text: string): { file: GoldenFile | null; issues: CheckedIssue[] } {
  const r = parseRuleFile(
    text,
    { zh: '评价办法测试文件', en: 'a methodology test file' },
    goldenFileSchema,
    (zi, raw, add) =>
      describeZodIssue(zi, raw, (path, rule, zh, en, key) => add('error', path, rule, zh, en, key)),
    (value, _raw, add) => {
      value.tests.forEach((t, k) => {
        const seen = new Set<string>();
        t.records.forEach((r, j) => {
          if (seen.has(r.id))
            add(
              'error',
              ['tests', k, 'records', j, 'id'],
              'duplicate_record',
              `记录标签“${r.id}”在本测试中重复`,
              `record label "${r.id}" is used twice in this test`,
            );
          seen.add(r.id);
        });
        for (const id of Object.keys(t.expect ?? {}))
          if (!seen.has(id))
            add(
              'error',
              ['tests', k, 'expect'],
              'unknown_record',
              `预期结果引用了本测试中不存在的记录“${id}”`,
              `the expectation names a record "${id}" this test does not have`,
              id,
            );
      });
    },
  );
  return { file: r.value, issues: r.issues };
}

/** One line per problem: `file:line:col path — 中文 / English [rule]`. */
export function formatGoldenIssue(file: string, i: CheckedIssue): string {
  return formatRuleIssue(file, i, i.severity === 'error' ? '错误 error' : '提示 warning');
}
