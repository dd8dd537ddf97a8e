/**
 * One enterprise (一企一单): its explanation in a run (indicators, benchmarks, scores, adjustments, rank,
 * classes and why), and its page — identity, land, the figures each department sent, the year's run and
 * its history. A county operator sees the enterprises of its county, an enterprise itself (published
 * runs only); outside the scope the answer is the one for an unknown code.
 */
import { z } from 'zod';
import { ANY, classId, endpoint, lang, runRef, text } from './define.js';
import { classAdjustmentView, resultFlag, resultStatus, runView } from './runs.js';

export const explainedIndicator = z.object({
  id: z.string(),
  title: z.string(),
  unit: z.string(),
  value: z.number().nullable(),
  benchmark: z.number().nullable(),
  weight: z.number(),
  score: z.number(),
  basis: z.string().describe('How the score came about, in words'),
});
export type ExplainedIndicator = z.output<typeof explainedIndicator>;

/** GET /api/runs/:run/enterprises/:uscc (also `result` of the enterprise view). */
export const explanation = z.object({
  runId: z.number().int(),
  uscc: z.string(),
  name: z.string().nullable(),
  division: z.string().nullable(),
  divisionName: z.string().nullable(),
  industry: z.string().nullable(),
  industryName: z.string().nullable(),
  status: z.string(),
  statusText: z.string(),
  reasonText: z.string().nullable(),
  group: z.string().nullable(),
  groupTitle: z.string().nullable(),
  unit: z.string().nullable(),
  indicators: z.array(explainedIndicator),
  adjustments: z.array(z.object({ id: z.string(), title: z.string(), points: z.number() })),
  total: z.number().nullable(),
  rank: z.number().int().nullable(),
  unitSize: z.number().int().nullable(),
  initialClass: z.string().nullable(),
  adjustedClass: z.string().nullable(),
  classTitle: z.string().nullable(),
  why: z.array(z.string()).describe('Why this class, step by step'),
  methodologyId: z.string(),
  methodologyHash: z.string(),
  datasetVersion: z.string(),
});
export type Explanation = z.output<typeof explanation>;

export const landParcel = z.object({
  certificateNo: z.string().nullable(),
  areaMu: z.number().describe('亩'),
  tenure: z.enum(['owned', 'rented']),
  ownerUscc: z.string().nullable(),
  use: z.string().nullable(),
  source: z.string().nullable().describe('Where the parcel was read (department, file and row for imports)'),
  datasetId: z.number().int().nullable(),
});
export type LandParcel = z.output<typeof landParcel>;

export const sourceField = z.object({
  field: z.string(),
  label: text,
  unit: z.string(),
  value: z.union([z.number(), z.string()]).nullable().describe('Canonical units; null = missing'),
  header: z.string().nullable().describe("The file's header that gave it (imports only)"),
});
export type SourceField = z.output<typeof sourceField>;

/** One department's figures for the enterprise, with where they were read. */
export const sourceFigures = z.object({
  department: z.string(),
  label: text,
  file: z.string().nullable().describe("The file's name, or null (demo data, canonical record files)"),
  sheet: z.string().nullable(),
  rows: z.array(z.number().int()).describe('1-based rows of the file the figures come from'),
  fields: z.array(sourceField),
});
export type SourceFigures = z.output<typeof sourceFigures>;

export const historyItem = z.object({
  year: z.number().int(),
  runId: z.number().int(),
  methodologyId: z.string(),
  published: z.boolean(),
  status: resultStatus,
  total: z.number().nullable(),
  rank: z.number().int().nullable(),
  unitSize: z.number().int().nullable(),
  initialClass: classId.nullable(),
  adjustedClass: classId.nullable(),
  taxPerMu: z.number().nullable(),
  valueAddedPerMu: z.number().nullable(),
});
export type HistoryItem = z.output<typeof historyItem>;

/** GET /api/enterprises/:uscc?year=&lang= */
export const enterpriseView = z.object({
  uscc: z.string(),
  year: z
    .number()
    .int()
    .describe('The year shown (default: the latest year with a run or dataset naming the enterprise)'),
  identity: z.object({
    name: z.string().nullable(),
    division: z.string().nullable(),
    divisionName: z.string().nullable(),
    industry: z.string().nullable(),
    industryName: z.string().nullable(),
    aboveScale: z.boolean().nullable(),
    founded: z.number().int().nullable(),
    tenantOf: z.string().nullable(),
    flags: z.array(resultFlag),
    qualifications: z.array(
      z.object({ kind: z.string(), yearFrom: z.number().int(), yearTo: z.number().int().nullable() }),
    ),
  }),
  dataset: z
    .object({
      id: z.number().int(),
      year: z.number().int(),
      version: z.number().int(),
      source: z.string().nullable(),
    })
    .nullable(),
  land: z.array(landParcel),
  sources: z.array(sourceFigures),
  run: runView.nullable().describe("The year's latest run, or null when the year has none"),
  result: explanation.nullable().describe('The explanation in that run'),
  adjustments: z.array(classAdjustmentView),
  history: z.array(historyItem).describe("Per year with a run: the latest run's figures, oldest first"),
});
export type EnterpriseView = z.output<typeof enterpriseView>;

const language = lang.default('zh').describe('The language of texts (default zh)');
const uscc = z.string().describe('统一社会信用代码 (18 characters)');

export const enterpriseEndpoints = {
  view: endpoint({
    method: 'GET',
    path: '/api/enterprises/:uscc',
    tag: 'enterprises',
    summary: {
      zh: '一企一单：身份、用地、各部门数据、结果与历年',
      en: 'One enterprise: identity, land, sources, result and history',
    },
    access: ANY,
    params: z.object({ uscc }),
    query: z.object({
      year: z
        .string()
        .regex(/^\d{4}$/, 'a four-digit year')
        .transform(Number)
        .pipe(z.number().min(2000, '2000–2100').max(2100, '2000–2100'))
        .optional()
        .describe('The year shown (default: the latest with data)'),
      lang: language,
    }),
    response: enterpriseView,
  }),
  explanation: endpoint({
    method: 'GET',
    path: '/api/runs/:run/enterprises/:uscc',
    tag: 'enterprises',
    summary: { zh: '一家企业在一个批次中的得分说明', en: "One enterprise's explanation in a run" },
    access: ANY,
    params: z.object({ run: runRef.describe('A run id, or latest'), uscc }),
    query: z.object({ lang: language }),
    response: explanation,
  }),
};
