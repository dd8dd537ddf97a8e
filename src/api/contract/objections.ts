/**
 * Objections (异议): an enterprise files one against a figure of its own in a published run during the
 * notice (公示), with evidence files; its county operator (or a city analyst) previews what accepting
 * would do, then accepts — a corrected dataset version and a re-run — or rejects it, with a reason;
 * everybody sees the objections of their scope and their outcome.
 */
import { z } from 'zod';
import { ANALYST_OR_COUNTY, ANY, ENTERPRISE, classId, endpoint, id, runRef, text } from './define.js';
import { jobViewOf } from './jobs.js';
import { intQuery, pageOf, runJobResult } from './runs.js';

export const objectionStatus = z.enum(['open', 'accepted', 'rejected']);
export type ObjectionStatus = z.output<typeof objectionStatus>;

/** The enterprise's class and rank in a run, as every objection answer shows it. */
const place = {
  status: z.string(),
  total: z.number().nullable(),
  rank: z.number().int().nullable(),
  unitSize: z.number().int().nullable(),
  initialClass: classId.nullable(),
  adjustedClass: classId.nullable(),
};

/** The enterprise in a run: in the objected run (before) and in the re-run (after). */
export const objectionResultAt = z.object({
  runId: z.number().int(),
  ...place,
  published: z
    .boolean()
    .describe(
      'Whether that run is published (a draft re-run is labelled; an enterprise never gets its figures)',
    ),
});
export type ObjectionResultAt = z.output<typeof objectionResultAt>;

/** A record field's name for people, and its unit. */
const fieldLabel = text.extend({ unit: z.string() });

export const objectionView = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  uscc: z.string(),
  name: z.string().nullable(),
  division: z.string().nullable(),
  field: z.string().describe('The figure objected to (a record field: land_mu, tax, value_added…)'),
  fieldLabel,
  currentValue: z
    .number()
    .nullable()
    .describe('The stored figure when the objection was filed (null = missing)'),
  claimedValue: z.number(),
  explanation: z.string(),
  status: objectionStatus,
  filedBy: z.string(),
  filedAt: z.string(),
  deadline: z.string().describe('The end of the public notice: objections are filed before it'),
  respondBy: z.string().describe('The county answers by then; `overdue` when it has not'),
  overdue: z.boolean(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable().describe('Why it was accepted or rejected'),
  correctedValue: z.number().nullable().describe('Accepted: the figure now stored'),
  datasetId: z.number().int().nullable().describe('Accepted: the new dataset version'),
  rerunId: z.number().int().nullable().describe('Accepted: the run that re-evaluated it'),
  evidence: z.array(
    z.object({
      seq: z.number().int(),
      fileName: z.string(),
      contentType: z.string(),
      bytes: z.number().int(),
      sha256: z.string(),
    }),
  ),
  before: objectionResultAt.nullable(),
  after: objectionResultAt
    .nullable()
    .describe('Null for the enterprise itself while the re-run is a draft (`rerunPending`)'),
  rerunPending: z
    .boolean()
    .describe('The re-run is stored but not published yet: its result awaits publication'),
});
export type ObjectionView = z.output<typeof objectionView>;

/** GET /api/objections (the caller's county or enterprise only), newest first. */
export const objectionList = pageOf(objectionView);
export type ObjectionList = z.output<typeof objectionList>;

/** The longest reason of a decision (characters). */
export const MAX_DECISION_REASON_CHARS = 2_000;

/** POST /api/objections/:id/decision body. */
export const objectionDecisionRequest = z.object({
  decision: z.enum(['accept', 'reject']),
  reason: z
    .string()
    .refine(
      (s) => [...s].length <= MAX_DECISION_REASON_CHARS,
      `too long: ${MAX_DECISION_REASON_CHARS.toLocaleString('en')} characters at most`,
    )
    .describe('Why (required, at most 2,000 characters)'),
  correctedValue: z
    .number()
    .nullable()
    .optional()
    .describe('When accepting: the figure to store (default: the one claimed)'),
});
export type ObjectionDecisionRequest = z.input<typeof objectionDecisionRequest>;

/** The enterprise's place in a decision preview. */
export const objectionPreviewPlace = z.object(place);
export type ObjectionPreviewPlace = z.output<typeof objectionPreviewPlace>;

/**
 * What accepting will do, computed by the engine and not stored: the dataset version it builds on (the
 * objected run's, never a newer import), the run and methodology it re-runs, the enterprise's class now
 * and after, and how many other enterprises would change class (in its county and in the others).
 */
export const objectionDecisionPreview = z.object({
  objectionId: z.number().int(),
  run: z.object({
    id: z.number().int(),
    year: z.number().int(),
    datasetLabel: z.string(),
    published: z.boolean(),
  }),
  methodology: z.object({ id: z.string(), hash: z.string(), title: text }),
  base: z.object({
    id: z.number().int(),
    year: z.number().int(),
    version: z.number().int(),
    label: z.string(),
    note: z.string().nullable(),
  }),
  newerDataset: z
    .object({ id: z.number().int(), label: z.string() })
    .nullable()
    .describe("The year's newest dataset version when it is not the base: it is not used"),
  correction: z.object({
    field: z.string(),
    label: fieldLabel,
    from: z.number().nullable(),
    to: z.number(),
  }),
  enterprise: z.object({
    uscc: z.string(),
    name: z.string().nullable(),
    division: z.string().nullable(),
    divisionName: z.string().nullable(),
    now: objectionPreviewPlace.nullable(),
    after: objectionPreviewPlace.nullable(),
  }),
  others: z.object({
    changed: z.number().int(),
    up: z.number().int(),
    down: z.number().int(),
    other: z.number().int().describe('Into or out of a class (graded ↔ not graded)'),
    inCounty: z.number().int(),
    otherCounties: z.number().int(),
  }),
  carriedAdjustments: z
    .number()
    .int()
    .describe('Manual adjustments of the objected run carried over to the re-run (each keeps its author)'),
});
export type ObjectionDecisionPreview = z.output<typeof objectionDecisionPreview>;

/** Accepting starts the re-run as a job. */
export const objectionDecisionResponse = z.object({
  objection: objectionView,
  job: jobViewOf(runJobResult).nullable(),
});
export type ObjectionDecisionResponse = z.output<typeof objectionDecisionResponse>;

const objection = z.object({ id });

export const objectionEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/objections',
    tag: 'objections',
    summary: { zh: '可见的异议，最新的在前', en: 'The objections the caller may see, newest first' },
    access: ANY,
    query: z.object({
      run: runRef.optional().describe('Only this run’s (latest: every run)'),
      status: objectionStatus.optional(),
      uscc: z.string().optional().describe('Only this enterprise’s'),
      limit: intQuery(1, 500).default(50).describe('Items per page, 1–500 (default 50)'),
      offset: intQuery(0, Number.MAX_SAFE_INTEGER).default(0).describe('Items to skip (default 0)'),
    }),
    response: objectionList,
  }),
  view: endpoint({
    method: 'GET',
    path: '/api/objections/:id',
    tag: 'objections',
    summary: { zh: '一项异议及其结果', en: 'One objection and its outcome' },
    access: ANY,
    params: objection,
    response: objectionView,
  }),
  evidence: endpoint({
    method: 'GET',
    path: '/api/objections/:id/evidence/:seq',
    tag: 'objections',
    summary: { zh: '一份证明材料（下载）', en: 'One evidence file (a download)' },
    access: ANY,
    params: z.object({
      id,
      seq: z
        .string()
        .regex(/^[1-9]\d{0,2}$/, 'a whole number from 1 to 100 in decimal digits')
        .transform(Number)
        .refine((n) => n <= 100, 'at most 100'),
    }),
    response: { file: 'application/octet-stream' },
  }),
  file: endpoint({
    method: 'POST',
    path: '/api/runs/:run/objections',
    tag: 'objections',
    summary: {
      zh: '企业在公示期内对本企业的数据提出异议（附证明材料）',
      en: 'An enterprise objects to a figure of its own during the notice (with evidence)',
    },
    access: ENTERPRISE,
    params: z.object({ run: runRef }),
    body: {
      multipart:
        'Fields `field` (a record field: land_mu, tax, value_added, revenue, energy_tce, emissions_t, employees, rd_spend, electricity), `claimedValue` (a decimal number as written, in the field’s unit), `explanation` (at most 5,000 characters); files `evidence` (PDF, PNG or JPEG: at most 5, 10 MB each, 20 MB in all)',
    },
    response: objectionView,
    status: 201,
  }),
  decide: endpoint({
    method: 'POST',
    path: '/api/objections/:id/decision',
    tag: 'objections',
    summary: {
      zh: '受理（更正数据并重新评价）或驳回异议',
      en: 'Accept (correct the figure and re-run) or reject an objection',
    },
    access: ANALYST_OR_COUNTY,
    params: objection,
    body: objectionDecisionRequest,
    response: objectionDecisionResponse,
  }),
  preview: endpoint({
    method: 'GET',
    path: '/api/objections/:id/decision-preview',
    tag: 'objections',
    summary: {
      zh: '受理异议将带来的变化（不保存）',
      en: 'What accepting an objection would change (nothing stored)',
    },
    access: ANALYST_OR_COUNTY,
    params: objection,
    query: z.object({
      correctedValue: z
        .string()
        .optional()
        .describe('The figure to store, an unsigned decimal number (default: the one claimed)'),
    }),
    response: objectionDecisionPreview,
  }),
};
