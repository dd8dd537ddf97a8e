/**
 * Runs (评价批次): the list, starting one, publishing it for notice (公示), manual class adjustments
 * (调档), class counts by county, the enterprise table (and its XLSX), the cockpit (驾驶舱) and the
 * comparison of two runs. One enterprise's explanation and page: contract/enterprises.ts; the jobs a
 * start queues: contract/jobs.ts.
 *
 * Units: money 万元, land 亩, energy 吨标准煤; `null` = missing (never 0); times ISO 8601 UTC.
 */
import { z } from 'zod';
import { ANALYST, ANY, STAFF, classId, endpoint, perKey, runRef, text } from './define.js';
import { jobAcceptedOf } from './jobs.js';
import { RESULT_FLAGS, RESULT_ORDERS } from '../../domain/results.js';

// ---- values many answers share (objections use them too; classId: define.ts) --------------------------------------------

export const resultStatus = z.enum(['graded', 'computed_not_graded', 'not_evaluated']);
export type ResultStatus = z.output<typeof resultStatus>;

/** A page of a longer list: how many match in all, and the slice asked for. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    total: z.number().int().describe('How many items match (all pages)'),
    limit: z.number().int(),
    offset: z.number().int(),
    items: z.array(item),
  });

/** Count per class (every class present, zeros included). */
const classCounts = perKey(classId.options, z.number().int());

/** A whole number in a query, decimal digits only (no `0x2`, ` 2`, `2e0`, `+2`, `2.0`), from min to max. */
export const intQuery = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().min(min, `${min}–${max}`).max(max, `${min}–${max}`));

/**
 * A whole number in a JSON body, from min to max: a number, or its decimal digits as a string (as
 * scripts write it; no `0x5`, `1e3`, blanks).
 */
export const wholeNumber = (min: number, max: number) =>
  z
    .union([z.number(), z.string().regex(/^-?\d{1,16}$/, 'decimal digits')])
    .transform(Number)
    .pipe(z.number().int('a whole number').min(min, `${min}–${max}`).max(max, `${min}–${max}`));

/** `?limit=` (1–1000, default 50) and `?offset=` (default 0) of a paged list. */
export const paging = {
  limit: intQuery(1, 1000).default(50).describe('Items per page, 1–1000 (default 50)'),
  offset: intQuery(0, Number.MAX_SAFE_INTEGER).default(0).describe('Items to skip (default 0)'),
};

const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A comma-separated list of allowed values in a query (`class=A,B`), blanks around items ignored,
 * parsed to the list of items (absent when none is given).
 */
export const listQuery = (values: readonly string[] | RegExp, rule: string) => {
  const item = Array.isArray(values) ? `(?:${values.map(escape).join('|')})` : (values as RegExp).source;
  const pattern = new RegExp(`^\\s*(?:${item}\\s*)?(?:,\\s*(?:${item}\\s*)?)*$`);
  return z
    .string()
    .regex(pattern, rule)
    .transform((v) => {
      const items = v
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
      return items.length > 0 ? items : undefined;
    })
    .optional();
};

// ---- a run ----------------------------------------------------------------------------------------------

/** A run's summary as stored (engine `RunSummary`, abridged to what clients use). */
export const runSummaryView = z.object({
  methodologyId: z.string(),
  methodologyHash: z.string(),
  datasetVersion: z.string(),
  dataYear: z.number().int(),
  records: z.number().int(),
  byStatus: perKey(resultStatus.options, z.number().int()),
  byReason: z.record(z.string(), z.number().int()).describe('Not-evaluated / not-graded reasons with counts'),
  classes: classCounts,
  initialClasses: classCounts,
  cells: z
    .array(z.unknown())
    .optional()
    .describe("Per ranking unit and group: benchmarks, extremes, cuts (the engine's StoredCell)"),
  byUnit: z
    .array(
      z.object({
        unit: z.string(),
        group: z.string(),
        evaluated: z.number().int(),
        graded: z.number().int(),
        classes: classCounts,
      }),
    )
    .optional()
    .describe('Adjusted class counts per ranking unit and group'),
});
export type RunSummaryView = z.output<typeof runSummaryView>;

export const runView = z.object({
  id: z.number().int(),
  year: z.number().int().describe('Data year'),
  methodologyId: z.string(),
  methodologyHash: z.string(),
  datasetId: z.number().int(),
  datasetVersion: z.number().int(),
  datasetLabel: z.string().describe('`2023/v1`'),
  status: z.string().describe("'draft' until published, then 'published'"),
  published: z.boolean().describe('Whether the run is published (公示): pages label a draft'),
  createdBy: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  noticeUntil: z.string().nullable().describe('End of the public notice (公示) period, when published'),
  publishedBy: z.string().nullable(),
  resultHash: z.string().nullable(),
  resultsRevision: z
    .number()
    .int()
    .describe('Goes up by one whenever a stored result changes (a manual adjustment); 0 as evaluated'),
  summary: runSummaryView.nullable(),
});
export type RunView = z.output<typeof runView>;

export const runList = z.object({ items: z.array(runView) });
export type RunList = z.output<typeof runList>;

export const runJobResult = z.object({
  runId: z.number().int(),
  records: z.number().int(),
  graded: z.number().int(),
});
export type RunJobResult = z.output<typeof runJobResult>;

/** POST /api/runs body. */
export const startRunRequest = z.object({
  methodology: z.string().max(200).describe('A methodology id of GET /api/methodologies'),
  year: wholeNumber(2000, 2100).describe(
    "Data year; the year's latest dataset is evaluated unless datasetId is given",
  ),
  datasetId: wholeNumber(1, 2_147_483_647).optional(),
  force: z
    .boolean()
    .optional()
    .describe('Start even when a run of the same dataset version, methodology content and year is stored'),
});
export type StartRunRequest = z.input<typeof startRunRequest>;

/**
 * POST /api/runs → 409 when an identical run (same dataset version, same methodology hash, same year)
 * is stored and `force` was not set: the existing run, so the page can offer it or ask to confirm.
 */
export const repeatRunConflict = z.object({
  error: z.object({ code: z.literal('repeat_run'), message: z.string() }),
  run: runView,
});
export type RepeatRunConflict = z.output<typeof repeatRunConflict>;

/** POST /api/runs/:run/publish body. */
export const publishRequest = z.object({
  noticeDays: wholeNumber(1, 30).optional().describe('Length of the public notice in days, 1–30 (default 7)'),
});
export type PublishRequest = z.input<typeof publishRequest>;

export const publishResponse = z.object({ run: runView });
export type PublishResponse = z.output<typeof publishResponse>;

/** The longest reason of a manual adjustment (characters). */
export const MAX_ADJUSTMENT_REASON_CHARS = 2_000;

/** POST /api/runs/:run/adjustments body. */
export const adjustmentRequest = z.object({
  uscc: z.string().max(100).describe('The enterprise (统一社会信用代码)'),
  toClass: classId,
  reason: z
    .string()
    .refine(
      (s) => [...s].length <= MAX_ADJUSTMENT_REASON_CHARS,
      `too long: ${MAX_ADJUSTMENT_REASON_CHARS.toLocaleString('en')} characters at most`,
    )
    .describe('Why (required, at most 2,000 characters)'),
});
export type AdjustmentRequest = z.input<typeof adjustmentRequest>;

export const classAdjustmentView = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  uscc: z.string(),
  fromClass: z.string().nullable(),
  toClass: z.string(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ClassAdjustmentView = z.output<typeof classAdjustmentView>;

export const adjustmentResponse = z.object({ adjustment: classAdjustmentView });
export type AdjustmentResponse = z.output<typeof adjustmentResponse>;

export const adjustmentList = z.object({ items: z.array(classAdjustmentView) });
export type AdjustmentList = z.output<typeof adjustmentList>;

export const countyClasses = z.object({
  division: z.string().nullable(),
  name: z.string().nullable(),
  classes: classCounts,
  initialClasses: classCounts,
  graded: z.number().int(),
});
export type CountyClasses = z.output<typeof countyClasses>;

export const countiesResponse = z.object({ run: runView, counties: z.array(countyClasses) });
export type CountiesResponse = z.output<typeof countiesResponse>;

// ---- the enterprise table -----------------------------------------------------------------------------

/**
 * Flags a result can carry (filter `flags=veto,adjusted` = all of them):
 * veto — a veto capped its class; protected — a protection raised it; adjusted — manually adjusted;
 * tenant — on rented land of another enterprise (tenant_of); sublets — sublets to tenants;
 * above_scale — 规上; high_tech — 高新技术企业; specialised_sme — 专精特新; missing_data — an indicator
 * was scored by a missing-value rule.
 */
export const resultFlag = z.enum(RESULT_FLAGS);
export type ResultFlag = z.output<typeof resultFlag>;

/** Sort keys of GET /api/runs/:run/results (`order=`), each with `dir=asc|desc`. */
export const resultOrder = z.enum(RESULT_ORDERS);
export type ResultOrder = z.output<typeof resultOrder>;

export const resultItem = z.object({
  seq: z.number().int().describe("Position in the run (the record's row in the dataset, 0-based)"),
  uscc: z.string(),
  name: z.string().nullable(),
  division: z.string().nullable(),
  divisionName: z.string().nullable(),
  industry: z.string().nullable(),
  industryName: z.string().nullable(),
  status: resultStatus,
  reason: z.string().nullable().describe('Why not graded / not evaluated (a reason code or a rule id)'),
  groupId: z.string().nullable(),
  unitKey: z.string().nullable(),
  total: z.number().nullable(),
  rank: z.number().int().nullable(),
  unitSize: z.number().int().nullable(),
  initialClass: classId.nullable(),
  adjustedClass: classId.nullable(),
  landMu: z.number().nullable().describe('亩'),
  tax: z.number().nullable().describe('万元'),
  valueAdded: z.number().nullable().describe('万元'),
  taxPerMu: z.number().nullable().describe('万元/亩 = tax ÷ land_mu (land > 0)'),
  valueAddedPerMu: z.number().nullable().describe('万元/亩 = value_added ÷ land_mu (land > 0)'),
  flags: z.array(resultFlag),
});
export type ResultItem = z.output<typeof resultItem>;

export const resultsPage = pageOf(resultItem).extend({ run: runView });
export type ResultsPage = z.output<typeof resultsPage>;

const SIX_DIGITS = /\d{6}/;

/** The enterprise table's filters and order (the page and its XLSX). */
export const resultFilterQuery = z.object({
  division: listQuery(SIX_DIGITS, '6-digit county codes, separated by commas').describe(
    'County codes (any of them), comma-separated',
  ),
  industry: z.string().optional().describe('A section letter (门类) or a 2–4 digit industry code prefix'),
  group: z.string().optional().describe("An evaluation group of the run's methodology"),
  class: listQuery(['A', 'B', 'C', 'D', 'none'], 'A, B, C, D or none, separated by commas').describe(
    'Adjusted classes (any of them); none = no class',
  ),
  initialClass: classId.optional(),
  status: resultStatus.optional(),
  flags: listQuery(
    resultFlag.options,
    `flags separated by commas: ${resultFlag.options.join(', ')}`,
  ).describe('Flags, all of them required'),
  q: z.string().optional().describe('Search in names and codes (100 characters at most)'),
  order: resultOrder.optional(),
  dir: z.enum(['asc', 'desc']).optional(),
});

// ---- the cockpit ----------------------------------------------------------------------------------------

/** Where a card's figures come from. */
export const cardSource = z.object({
  runId: z.number().int().nullable(),
  year: z.number().int(),
  methodologyId: z.string().nullable(),
  datasetVersion: z.string().nullable().describe('`2023/v1`'),
  datasetId: z.number().int().nullable(),
  published: z.boolean().describe("Whether the run is published; a draft's cards say 草稿（未公示）"),
  definition: text.describe('How the figure is defined'),
});
export type CardSource = z.output<typeof cardSource>;

export const cockpitCounty = z.object({
  division: z.string().nullable(),
  name: z.string().nullable(),
  classes: classCounts.describe('Adjusted classes'),
  initialClasses: classCounts,
  graded: z.number().int(),
  computedNotGraded: z.number().int(),
  notEvaluated: z.number().int(),
});
export type CockpitCounty = z.output<typeof cockpitCounty>;

const perMuNumbers = z.object({
  graded: z.number().int().describe('Graded enterprises counted'),
  landMu: z.number().describe('Σ land (亩) over graded enterprises'),
  taxPerMu: z.number().nullable().describe('Σ tax ÷ Σ land over graded enterprises, 万元/亩 (null: no land)'),
  valueAddedPerMu: z.number().nullable().describe('Σ value added ÷ Σ land, 万元/亩'),
});

export const perMuFigure = z.object({
  division: z.string().nullable(),
  name: z.string().nullable(),
  ...perMuNumbers.shape,
  lastYear: perMuNumbers.nullable().describe("The same county in last year's run, or null"),
});
export type PerMuFigure = z.output<typeof perMuFigure>;

export const cockpitEnterprise = z.object({
  uscc: z.string(),
  name: z.string().nullable(),
  division: z.string().nullable(),
  divisionName: z.string().nullable(),
  industry: z.string().nullable(),
  industryName: z.string().nullable(),
  groupId: z.string().nullable(),
  total: z.number(),
  rank: z.number().int().nullable(),
  unitSize: z.number().int().nullable(),
  adjustedClass: classId.nullable(),
  taxPerMu: z.number().nullable(),
  valueAddedPerMu: z.number().nullable(),
});
export type CockpitEnterprise = z.output<typeof cockpitEnterprise>;

export const coverageItem = z.object({
  field: z.string().describe('Canonical field (tax, land_mu …)'),
  label: text,
  unit: z.string(),
  department: z
    .string()
    .describe('market-regulation, tax, statistics, power, environment, natural-resources'),
  present: z.number().int().describe('Records that have a value'),
  records: z.number().int(),
  missing: z.number().int().describe('Records that lack it (records − present)'),
  missingShare: z.number().nullable().describe('missing ÷ records (0–1), null when there are no records'),
});
export type CoverageItem = z.output<typeof coverageItem>;

export const departmentCoverage = z.object({
  department: z.string(),
  label: text,
  present: z.number().int().describe("Records with at least one of the department's fields"),
  records: z.number().int(),
});
export type DepartmentCoverage = z.output<typeof departmentCoverage>;

export const cockpit = z.object({
  run: runView,
  methodologyTitle: text.describe("The run's methodology title"),
  area: z
    .object({ kind: z.enum(['city', 'county', 'enterprise']), division: z.string().nullable(), name: text })
    .describe("Whose figures these are: the city, or the asker's county"),
  lastYearRun: runView.nullable().describe('The latest run of year − 1 with the same methodology id'),
  classes: z.object({ source: cardSource, counties: z.array(cockpitCounty), city: cockpitCounty }),
  perMu: z.object({
    source: cardSource,
    lastYearSource: cardSource.nullable(),
    counties: z.array(perMuFigure),
    city: perMuFigure,
  }),
  top: z.object({ source: cardSource, items: z.array(cockpitEnterprise) }),
  bottom: z.object({ source: cardSource, items: z.array(cockpitEnterprise) }),
  coverage: z.object({
    source: cardSource,
    records: z.number().int(),
    fields: z.array(coverageItem),
    mostMissing: z.array(coverageItem).describe('Up to three fields most often missing, the largest first'),
    departments: z.array(departmentCoverage),
  }),
});
export type Cockpit = z.output<typeof cockpit>;

// ---- comparing runs -------------------------------------------------------------------------------------

/** A class, `none` (in the run but not graded) or `absent` (not in the run). */
export const classKey = z.enum(['A', 'B', 'C', 'D', 'none', 'absent']);
export type ClassKey = z.output<typeof classKey>;

export const movedItem = z.object({
  uscc: z.string(),
  name: z.string().nullable(),
  division: z.string().nullable(),
  divisionName: z.string().nullable(),
  from: classKey,
  to: classKey,
  totalA: z.number().nullable(),
  totalB: z.number().nullable(),
  adjustedA: z.boolean().describe("A manual adjustment (调档) set the enterprise's class in run a"),
  adjustedB: z.boolean().describe("A manual adjustment (调档) set the enterprise's class in run b"),
});
export type MovedItem = z.output<typeof movedItem>;

export const runComparison = z.object({
  a: runView,
  b: runView,
  basis: z.enum(['adjusted', 'initial']),
  matrix: perKey(classKey.options, perKey(classKey.options, z.number().int())).describe(
    'matrix[from][to] = enterprises (every key present, zeros included)',
  ),
  byDivision: z.array(
    z.object({
      division: z.string().nullable(),
      name: z.string().nullable(),
      same: z.number().int(),
      up: z.number().int(),
      down: z.number().int(),
      other: z.number().int().describe('Moved between a class and none/absent'),
    }),
  ),
  moved: pageOf(movedItem),
});
export type RunComparison = z.output<typeof runComparison>;

// ---- endpoints ------------------------------------------------------------------------------------------

const runParam = z.object({ run: runRef.describe('A run id, or latest') });

export const runEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/runs',
    tag: 'runs',
    summary: { zh: '可见的评价批次，最新的在前', en: 'The runs the caller may see, newest first' },
    access: ANY,
    response: runList,
  }),
  start: endpoint({
    method: 'POST',
    path: '/api/runs',
    tag: 'runs',
    summary: {
      zh: '发起评价（任务）；已有相同批次时答 409 并给出该批次，除非 force',
      en: 'Start a run (a job); 409 with the identical stored run unless force',
    },
    access: ANALYST,
    body: startRunRequest,
    response: jobAcceptedOf(runJobResult),
    status: 202,
  }),
  view: endpoint({
    method: 'GET',
    path: '/api/runs/:run',
    tag: 'runs',
    summary: { zh: '一个评价批次及其汇总', en: 'One run and its summary' },
    access: ANY,
    params: runParam,
    response: runView,
  }),
  publish: endpoint({
    method: 'POST',
    path: '/api/runs/:run/publish',
    tag: 'runs',
    summary: { zh: '公示评价结果（只能一次）', en: 'Publish a run for public notice (once)' },
    access: ANALYST,
    params: runParam,
    body: publishRequest,
    response: publishResponse,
  }),
  adjustments: endpoint({
    method: 'GET',
    path: '/api/runs/:run/adjustments',
    tag: 'runs',
    summary: { zh: '批次中的人工调档，最早的在前', en: 'The manual adjustments of a run, oldest first' },
    access: STAFF,
    params: runParam,
    response: adjustmentList,
  }),
  adjust: endpoint({
    method: 'POST',
    path: '/api/runs/:run/adjustments',
    tag: 'runs',
    summary: { zh: '人工调档（须填理由）', en: "Adjust an enterprise's class by hand (with a reason)" },
    access: ANALYST,
    params: runParam,
    body: adjustmentRequest,
    response: adjustmentResponse,
    status: 201,
  }),
  counties: endpoint({
    method: 'GET',
    path: '/api/runs/:run/counties',
    tag: 'runs',
    summary: { zh: '各区县的等级分布', en: 'Class counts by county' },
    access: STAFF,
    params: runParam,
    response: countiesResponse,
  }),
  results: endpoint({
    method: 'GET',
    path: '/api/runs/:run/results',
    tag: 'runs',
    summary: { zh: '企业结果表（筛选、排序、分页）', en: 'The enterprise table: filtered, ordered, paged' },
    access: STAFF,
    params: runParam,
    query: resultFilterQuery.extend(paging),
    response: resultsPage,
  }),
  resultsXlsx: endpoint({
    method: 'GET',
    path: '/api/runs/:run/results.xlsx',
    tag: 'runs',
    summary: {
      zh: '企业结果表导出为 Excel（同样的筛选）',
      en: 'The enterprise table as XLSX (same filters)',
    },
    access: STAFF,
    params: runParam,
    query: resultFilterQuery,
    response: { file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  }),
  cockpit: endpoint({
    method: 'GET',
    path: '/api/runs/:run/cockpit',
    tag: 'runs',
    summary: {
      zh: '驾驶舱：等级、亩均、前后名单、数据覆盖',
      en: 'The cockpit: classes, per-mu, top and bottom, coverage',
    },
    access: STAFF,
    params: runParam,
    query: z.object({
      size: intQuery(1, 100)
        .default(10)
        .describe('Enterprises in the top and bottom lists, 1–100 (default 10)'),
      group: z.string().optional().describe('Only this evaluation group in the top and bottom lists'),
    }),
    response: cockpit,
  }),
  compare: endpoint({
    method: 'GET',
    path: '/api/runs/:a/compare/:b',
    tag: 'runs',
    summary: { zh: '两个批次的等级变动', en: 'How classes moved between two runs' },
    access: STAFF,
    params: z.object({
      a: runRef.describe('The first run (or latest)'),
      b: runRef.describe('The second run'),
    }),
    query: z.object({
      basis: z.enum(['adjusted', 'initial']).optional().describe('Which class to compare (default adjusted)'),
      from: listQuery(classKey.options, 'A, B, C, D, none or absent, separated by commas').describe(
        'Only moves from these classes',
      ),
      to: listQuery(classKey.options, 'A, B, C, D, none or absent, separated by commas').describe(
        'Only moves to these classes',
      ),
      division: z
        .string()
        .regex(/^\d{6}$/, 'a 6-digit county code')
        .optional(),
      ...paging,
    }),
    response: runComparison,
  }),
};
