/**
 * The shipped methodologies (评价办法): the list, the JSON Schema of methodology files, one as parsed and
 * as written, one as readable rules; and the check of an uploaded methodology file.
 */
import { z } from 'zod';
import { ANALYST, ANY, classId, endpoint, lang, text } from './define.js';
import { GOLDEN_STEPS } from '../../engine/golden/schema.js';
import { policyIssueView } from './policy.js';

/** One shipped methodology, as the lists of the web (the methodology page, starting a run) show it. */
export const methodologyListItem = z.object({
  id: z.string().describe('e.g. huangyan-2023'),
  version: z.number().int(),
  dataYear: z.number().int().describe('The year of data it evaluates'),
  title: text,
  hash: z.string().describe('SHA-256 of the file as shipped'),
});
export type MethodologyListItem = z.output<typeof methodologyListItem>;

export const methodologyList = z.object({ items: z.array(methodologyListItem) });
export type MethodologyList = z.output<typeof methodologyList>;

export const methodologyDetail = z.object({
  methodology: z
    .record(z.string(), z.unknown())
    .describe('The parsed methodology (GET /api/methodologies/schema describes it)'),
  hash: z.string(),
  text: z.string().describe('The methodology file as written'),
});
export type MethodologyDetail = z.output<typeof methodologyDetail>;

const titled = { id: z.string(), title: z.string() };

/** GET /api/methodologies/:id/rules?lang= — the methodology as readable rules, in one language. */
export const methodologyRules = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  source: z.string().nullable(),
  dataYear: z.number().int(),
  hash: z.string(),
  scope: z.object({
    industrial: z.string(),
    notGraded: z.array(z.object({ ...titled, when: z.string() })),
  }),
  groups: z.array(
    z.object({
      ...titled,
      when: z.string(),
      minLandMu: z.number().nullable(),
      indicators: z.array(
        z.object({
          ...titled,
          unit: z.string(),
          formula: z.string(),
          weight: z.number(),
          direction: z.enum(['higher_is_better', 'lower_is_better']),
          scoring: z.string(),
          benchmark: z.string().nullable(),
          onMissing: z.string(),
          onZeroDenominator: z.string(),
        }),
      ),
      classing: z.string().nullable(),
    }),
  ),
  adjustments: z.array(z.object({ ...titled, when: z.string().nullable(), points: z.string() })),
  classing: z.object({
    rankingUnit: z.string(),
    method: z.enum(['quota', 'threshold']),
    text: z.string(),
    ties: z.string(),
  }),
  vetoes: z.array(z.object({ ...titled, when: z.string(), atBest: classId })),
  protections: z.array(z.object({ ...titled, when: z.string(), atWorst: classId })),
  assumptions: z
    .array(z.object({ path: z.string(), where: z.string(), note: z.string() }))
    .describe('`path` as written in the file (groups.below.minLandMu); `where` the same in words'),
  text: z.string().describe('The whole methodology as text (what `mujun methodology show` prints)'),
});
export type MethodologyRules = z.output<typeof methodologyRules>;

/** POST /api/methodologies/validate (body: the file) → 200 valid, 422 invalid with its issues. */
export const methodologyValidation = z.object({ valid: z.boolean(), issues: z.array(policyIssueView) });
export type MethodologyValidation = z.output<typeof methodologyValidation>;

/** One golden test's result (methodologies/tests/<id>.tests.yaml, docs/methodology.md §6). */
const goldenValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const methodologyTestOutcome = z.object({
  name: z.string(),
  keywords: z.array(z.string()),
  passed: z.boolean(),
  checks: z.number().int().describe('Fields compared'),
  failures: z.array(
    z.object({
      record: z.string().nullable().describe('The test record’s label; null for class counts'),
      step: z
        .enum(GOLDEN_STEPS)
        .describe('The step of the evaluation the difference belongs to; the first failure is the earliest'),
      field: z.string(),
      expected: goldenValue,
      computed: goldenValue,
      margin: z.object({ absolute: z.number().optional(), relative: z.number().optional() }).optional(),
    }),
  ),
});
export type MethodologyTestOutcome = z.output<typeof methodologyTestOutcome>;

/** GET /api/methodologies/:id/tests: the methodology's shipped golden tests, run now. */
export const methodologyTestReport = z.object({
  file: z.string().describe('The test file, relative to the installation'),
  methodology: z.object({ id: z.string(), title: text, hash: z.string() }).nullable(),
  issues: z.array(policyIssueView).describe('Problems of the test file itself'),
  outcomes: z.array(methodologyTestOutcome),
  passed: z.number().int(),
  failed: z.number().int(),
});
export type MethodologyTestReport = z.output<typeof methodologyTestReport>;

const methodologyId = z.string().max(200).describe('A shipped methodology id');

export const methodologyEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/methodologies',
    tag: 'methodologies',
    summary: { zh: '随附的评价办法', en: 'The shipped methodologies' },
    access: ANY,
    response: methodologyList,
  }),
  schema: endpoint({
    method: 'GET',
    path: '/api/methodologies/schema',
    tag: 'methodologies',
    summary: { zh: '评价办法文件的 JSON Schema', en: 'The JSON Schema of methodology files' },
    access: ANY,
    response: z.record(z.string(), z.unknown()).describe('JSON Schema 2020-12'),
  }),
  one: endpoint({
    method: 'GET',
    path: '/api/methodologies/:id',
    tag: 'methodologies',
    summary: {
      zh: '一个评价办法：解析结果、哈希和原文',
      en: 'One methodology: parsed, its hash and its text',
    },
    access: ANY,
    params: z.object({ id: methodologyId }),
    response: methodologyDetail,
  }),
  rules: endpoint({
    method: 'GET',
    path: '/api/methodologies/:id/rules',
    tag: 'methodologies',
    summary: { zh: '一个评价办法的可读规则', en: 'One methodology as readable rules' },
    access: ANY,
    params: z.object({ id: methodologyId }),
    query: z.object({ lang: lang.default('zh').describe('zh (default) or en') }),
    response: methodologyRules,
  }),
  tests: endpoint({
    method: 'GET',
    path: '/api/methodologies/:id/tests',
    tag: 'methodologies',
    summary: {
      zh: '运行一个评价办法随附的测试用例（工作示例）并给出结果',
      en: 'Run the golden tests shipped with one methodology (its worked examples) and give the results',
    },
    access: ANY,
    params: z.object({ id: methodologyId }),
    response: methodologyTestReport,
  }),
  validate: endpoint({
    method: 'POST',
    path: '/api/methodologies/validate',
    tag: 'methodologies',
    summary: {
      zh: '检查评价办法文件（200 有效，422 无效并列出问题）',
      en: 'Check a methodology file (200 valid, 422 invalid with its issues)',
    },
    access: ANALYST,
    body: { text: 'The methodology file (YAML or JSON), 1 MB at most' },
    response: methodologyValidation,
  }),
};
