/**
 * Differentiated resources (资源要素差别化配置): the shipped policies, applying one to a run (stored, or
 * computed on the fly) with its totals and a paged ledger (JSON or XLSX), what-if, sensitivity (a job)
 * and how an enterprise moves up. docs/policy.md lists them with examples.
 *
 * Units: money 万元, land 亩, energy 吨标准煤, emissions 吨; quota changes are negative for a cut.
 */
import { z } from 'zod';
import { NUMERIC_FIELDS } from '../../domain/fields.js';
import { ANALYST, ANY, CITY, STAFF, classId, endpoint, id, lang, perKey, runRef, text } from './define.js';
import { jobViewOf } from './jobs.js';
import { intQuery, listQuery, wholeNumber } from './runs.js';
import { INSTRUMENT_KINDS } from '../../policy/schema.js';
import { CLASS_IDS } from '../../engine/classes.js';

const int = z.number().int();
const num = z.number();
const classes = perKey(CLASS_IDS, int).describe('Class → enterprises');

export const instrumentKind = z.enum(INSTRUMENT_KINDS);
export type InstrumentKind = z.output<typeof instrumentKind>;

// ───────────────────────────── policies ─────────────────────────────

/** GET /api/policies */
export const policyList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      version: int,
      title: text,
      hash: z.string(),
      instruments: z.array(z.object({ id: z.string(), kind: instrumentKind, title: text })),
    }),
  ),
});
export type PolicyList = z.output<typeof policyList>;

/** GET /api/policies/:id — the parsed policy (see policies/policy.schema.json), its hash and text. */
export const policyDetail = z.object({
  policy: z
    .looseObject({
      id: z.string(),
      version: int,
      title: text,
      instruments: z.array(z.unknown()),
      assumptions: z.array(z.unknown()),
    })
    .describe('The parsed policy (policies/policy.schema.json)'),
  hash: z.string(),
  text: z.string().describe('The policy file as written'),
});
export type PolicyDetail = z.output<typeof policyDetail>;

/** One problem of a policy file. */
export const policyIssueView = z.object({
  severity: z.enum(['error', 'warning']),
  path: z.string(),
  line: int.nullable(),
  column: int.nullable(),
  rule: z.string(),
  zh: z.string(),
  en: z.string(),
});
export type PolicyIssueView = z.output<typeof policyIssueView>;

/** POST /api/policies/validate (body: the file) → 200 valid, 422 invalid. */
export const policyValidation = z.object({ valid: z.boolean(), issues: z.array(policyIssueView) });
export type PolicyValidation = z.output<typeof policyValidation>;

// ───────────────────────────── applying a policy ─────────────────────────────

/** Per county (or for the city: division null): the Jiaxing-shaped totals. */
export const policyTotalsView = z.object({
  division: z.string().nullable(),
  name: z.string().nullable().describe('County name (GB/T 2260); null for the city'),
  enterprises: int.describe('Graded enterprises'),
  classes,
  affected: int.describe('Graded enterprises with at least one amount'),
  reliefWan: num,
  rewardWan: num,
  electricitySurchargeWan: num,
  waterSurchargeWan: num,
  emissionFeeSurchargeWan: num,
  surchargeWan: num,
  netFiscalWan: num.describe('surcharges − relief − rewards, 万元'),
  landGrantMu: num,
  landCutMu: num,
  energyGrantTce: num,
  energyCutTce: num,
  emissionGrantT: num,
  emissionCutT: num,
  missing: int.describe('Rules that applied but lacked an input'),
  byInstrument: z.array(
    z.object({
      id: z.string(),
      kind: instrumentKind,
      unit: z.string(),
      enterprises: int,
      amount: num,
      missing: int,
    }),
  ),
});
export type PolicyTotalsView = z.output<typeof policyTotalsView>;

export const ledgerItemView = z.object({
  instrument: z.string(),
  kind: instrumentKind,
  title: z.string(),
  rule: int,
  ruleClass: classId,
  consecutiveYears: int,
  amount: num.nullable().describe('In `unit`; null when an input is missing'),
  unit: z.string(),
  basis: z.string().describe('How the amount came about, in words, with the numbers'),
});
export type LedgerItemView = z.output<typeof ledgerItemView>;

/** One enterprise's ledger row: a sum is null where an amount applies but lacks an input (not 0). */
export const ledgerRowView = z.object({
  seq: int,
  uscc: z.string(),
  name: z.string().nullable(),
  division: z.string().nullable(),
  class: classId.nullable(),
  streak: int.describe('Consecutive data years in this class, this one included'),
  items: z.array(ledgerItemView),
  reliefWan: num.nullable(),
  rewardWan: num.nullable(),
  surchargeWan: num.nullable(),
  netBenefitWan: num.nullable().describe('relief + rewards − surcharges'),
  landMu: num.nullable(),
  energyTce: num.nullable(),
  emissionT: num.nullable(),
  missing: int.describe('Amounts that could not be computed'),
});
export type LedgerRowView = z.output<typeof ledgerRowView>;

export const historyRunView = z.object({ year: int, runId: int });
export type HistoryRunView = z.output<typeof historyRunView>;

export const policyApplicationRecordView = z.object({
  id: int,
  runId: int,
  policyId: z.string(),
  policyHash: z.string(),
  draft: z.boolean(),
  history: z.array(historyRunView).readonly(),
  ledgerHash: z.string(),
  totals: z.unknown().describe('The totals as stored (those of the view: counties and city)'),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type PolicyApplicationRecordView = z.output<typeof policyApplicationRecordView>;

/**
 * POST /api/runs/:run/policy-applications → 201 (stored) or 200 (save: false, or stored before);
 * GET /api/runs/:run/policy/:policyId (computed, not stored); GET /api/policy-applications/:id.
 */
export const policyApplicationView = z.object({
  run: z.object({ id: int, year: int, publishedAt: z.string().nullable(), methodologyId: z.string() }),
  draft: z.boolean().describe('The run is not published: a preview, not a basis for payment or charges'),
  policy: z.object({ id: z.string(), hash: z.string(), title: text }),
  history: z
    .array(historyRunView)
    .describe('Runs of the earlier years read for consecutive years in a class'),
  application: policyApplicationRecordView.nullable().describe('The stored application, or null'),
  existing: z.boolean().describe('The same application was stored already: nothing new stored (200)'),
  countyNames: z.record(z.string(), z.string()).describe('County code → name'),
  verified: z
    .boolean()
    .nullable()
    .describe('Read back: whether the recomputed ledger matches the stored hash'),
  ledgerHash: z.string(),
  totals: z.object({ counties: z.array(policyTotalsView), city: policyTotalsView }),
  ledger: z.object({ total: int, limit: int, offset: int, items: z.array(ledgerRowView) }),
  ledgerXlsx: z.string().describe('Where the XLSX ledger is'),
});
export type PolicyApplicationView = z.output<typeof policyApplicationView>;

/** Whole numbers of a body: a number or its decimal digits (as scripts write them). */
const limit = (max: number) => wholeNumber(0, max);
const runId = wholeNumber(1, 2_147_483_647);

/** POST /api/runs/:run/policy-applications */
export const applyPolicyRequest = z
  .object({
    policy: z.string().max(200).optional().describe('A shipped policy id …'),
    text: z.string().optional().describe('… or the text of a policy file (YAML or JSON)'),
    draft: z.boolean().optional().describe('Allow an unpublished run (labelled as a draft preview)'),
    save: z.boolean().optional().describe('Store the application (default true)'),
    createdBy: z.string().optional().describe('Ignored: the account that asks is recorded'),
    lang: lang.optional(),
    limit: limit(1000).optional().describe('Ledger rows in the answer (default 50)'),
  })
  .refine((b) => b.policy !== undefined || b.text !== undefined, {
    message: 'give policy (a shipped id) or text (a policy file)',
    path: ['policy'],
  });
export type ApplyPolicyRequest = z.output<typeof applyPolicyRequest>;

/** GET /api/runs/:run/policy-applications */
export const policyApplicationList = z.object({ items: z.array(policyApplicationRecordView) });
export type PolicyApplicationList = z.output<typeof policyApplicationList>;

// ───────────────────────────── what-if ─────────────────────────────

/**
 * POST /api/whatif. What is compared: the dataset of `run`; else of the year's latest published run
 * (else its latest run); `datasetId` names a dataset directly. `format: 'xlsx'` answers the workbook of
 * every change instead of JSON.
 */
export const whatIfRequest = z.object({
  run: runId.optional().describe('The run whose dataset (and, without methodology, methodology) is compared'),
  year: wholeNumber(2000, 2100).optional().describe("Data year; default the methodology's year"),
  datasetId: runId.optional(),
  methodology: z.string().max(200).optional().describe("Shipped id; default the run's"),
  methodologyB: z.string().max(200).optional(),
  policy: z.string().max(200).optional().describe('Shipped id (default jiaxing-demo-2024)'),
  policyB: z.string().max(200).optional(),
  limit: limit(1000).optional().describe('Enterprises listed as changed and as hardest hit (default 20)'),
  offset: wholeNumber(0, 2_147_483_647).optional().describe('Where the page of changed enterprises starts'),
  format: z.enum(['json', 'xlsx']).optional(),
  lang: lang.optional(),
});
export type WhatIfRequest = z.output<typeof whatIfRequest>;

export const fiscalSideView = z.object({
  reliefWan: num,
  rewardWan: num,
  surchargeWan: num,
  netFiscalWan: num,
  landGrantMu: num,
  energyGrantTce: num,
  energyCutTce: num,
  emissionGrantT: num,
  emissionCutT: num,
  classes,
});
export type FiscalSideView = z.output<typeof fiscalSideView>;

export const fiscalRowView = z.object({
  division: z.string().nullable(),
  a: fiscalSideView,
  b: fiscalSideView,
  delta: fiscalSideView,
  movedUp: int,
  movedDown: int,
});
export type FiscalRowView = z.output<typeof fiscalRowView>;

export const classChangeView = z.object({
  seq: int,
  uscc: z.string(),
  name: z.string().nullable(),
  division: z.string().nullable(),
  from: classId.nullable(),
  to: classId.nullable(),
  netBenefitA: num,
  netBenefitB: num,
  deltaWan: num,
});
export type ClassChangeView = z.output<typeof classChangeView>;

const sideNames = z.object({
  methodology: z.string(),
  methodologyHash: z.string(),
  policy: z.string(),
  policyHash: z.string(),
});

export const whatIfView = z.object({
  run: z
    .object({ id: int, year: int, methodologyId: z.string(), publishedAt: z.string().nullable() })
    .nullable()
    .describe('The run whose dataset was compared, or null'),
  records: int,
  transition: z
    .object({
      labels: z.array(z.enum(['A', 'B', 'C', 'D', 'none'])).readonly(),
      counts: z.array(z.array(int)),
    })
    .describe('counts[from][to] over the labels'),
  changedCount: int,
  movedUp: int,
  movedDown: int,
  changedOffset: int,
  changed: z.array(classChangeView).describe('Largest drops first, then by county and code'),
  fiscal: z.object({ counties: z.array(fiscalRowView), city: fiscalRowView }),
  hardestHit: z.array(classChangeView),
  dataset: z.object({ id: int, year: int, version: int, records: int }),
  a: sideNames,
  b: sideNames,
  history: z.array(historyRunView),
  countyNames: z.record(z.string(), z.string()),
});
export type WhatIfView = z.output<typeof whatIfView>;

// ───────────────────────────── sensitivity ─────────────────────────────

/** POST /api/sensitivity → 202 { job } (poll GET /api/jobs/:id). */
export const sensitivityRequest = z.object({
  run: runId.optional().describe('Run id (default the latest)'),
  draws: wholeNumber(1, 100_000),
  seed: wholeNumber(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).optional().describe('Default 1'),
  weights: num.describe('Relative bound of the weights: 0.1 = ±10 %'),
  data: num.describe('Relative bound of the data'),
  dataFields: z
    .array(z.enum(NUMERIC_FIELDS))
    .optional()
    .describe('Record fields perturbed (default: every input of the indicators)'),
  minStability: num
    .optional()
    .describe('Fragile below this share of draws with the base class (default 0.9)'),
  limit: limit(10_000).optional(),
  createdBy: z.string().optional().describe('Ignored: the account that asks is recorded'),
});
/** The request as a client writes it (`dataFields` as field names). */
export type SensitivityRequest = Omit<z.output<typeof sensitivityRequest>, 'dataFields'> & {
  dataFields?: string[];
};

export const fragileEnterpriseView = z.object({
  seq: int,
  uscc: z.string(),
  name: z.string().nullable(),
  division: z.string().nullable(),
  baseClass: classId,
  stability: num,
  counts: perKey([...CLASS_IDS, 'none'], int).describe('Draws per outcome'),
  best: classId.nullable(),
  worst: classId.nullable(),
  atStake: z.boolean().describe('A penalty is at stake (base C/D, or C/D in some draws)'),
});
export type FragileEnterpriseView = z.output<typeof fragileEnterpriseView>;

export const sensitivityView = z.object({
  runId: int,
  draft: z.boolean(),
  methodology: z.string(),
  countyNames: z.record(z.string(), z.string()),
  fieldLabels: z.record(z.string(), z.object({ zh: z.string(), en: z.string(), unit: z.string() })),
  records: int,
  workers: int,
  ms: num,
  draws: int,
  seed: int,
  weights: num,
  data: num,
  dataFields: z.array(z.string()),
  minStability: num,
  graded: int,
  fragileCount: int,
  byClass: perKey(CLASS_IDS, z.object({ graded: int, fragile: int })),
  fragile: z.array(fragileEnterpriseView),
});
export type SensitivityView = z.output<typeof sensitivityView>;

export const sensitivityJobView = jobViewOf(sensitivityView).extend({
  kind: z.literal('sensitivity'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type SensitivityJobView = z.output<typeof sensitivityJobView>;

export const sensitivityAccepted = z.object({ job: sensitivityJobView });
export type SensitivityAccepted = z.output<typeof sensitivityAccepted>;

// ───────────────────────────── how to move up ─────────────────────────────

export const moveUpOptionView = z.object({
  field: z.string(),
  unit: z.string(),
  current: num.nullable(),
  required: num.nullable().describe('The value the field would need'),
  change: num.nullable(),
  relative: num.nullable().describe('change ÷ |current|'),
  direction: z.enum(['increase', 'decrease']).nullable(),
  totalAfter: num.nullable(),
  reason: z.enum(['ok', 'missing', 'not_used', 'not_reachable']),
});
export type MoveUpOptionView = z.output<typeof moveUpOptionView>;

export const moveUpResultView = z.object({
  status: z.enum(['ok', 'top', 'blocked_by_veto', 'no_slot']),
  currentClass: classId,
  target: z.object({ class: classId, total: num, strict: z.boolean(), rank: int.nullable() }).nullable(),
  total: num,
  gap: num.nullable(),
  vetoes: z.array(z.string()),
  manual: z.boolean().describe('The class was set by a manual adjustment'),
  options: z.array(moveUpOptionView),
  noSingleInput: z.boolean(),
});
export type MoveUpResultView = z.output<typeof moveUpResultView>;

/** GET /api/runs/:run/enterprises/:uscc/move-up?fields=tax,land_mu */
export const moveUpView = z.object({
  runId: int,
  draft: z.boolean(),
  uscc: z.string(),
  name: z.string().nullable(),
  division: z.string().nullable(),
  status: z.string(),
  group: z.string().nullable(),
  unit: z.string().nullable(),
  rank: int.nullable(),
  unitSize: int.nullable(),
  moveUp: moveUpResultView.nullable().describe('Null when the enterprise is not graded'),
});
export type MoveUpView = z.output<typeof moveUpView>;

// ───────────────────────────── the endpoints ─────────────────────────────

/** `true`/`1` or `false`/`0`. */
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .describe('true or false (1 or 0)');

/** Which rows of the ledger: a county, a class, only those with an amount. */
const ledgerFilter = {
  division: z
    .string()
    .regex(/^\d{6}$/, 'a six-digit division code')
    .optional()
    .describe('Only this county'),
  class: classId.optional().describe('Only this class'),
  affected: flag.optional().describe('Only enterprises with an amount'),
  lang: lang.optional().describe('Language of the texts (default zh)'),
};
const ledgerQuery = z.object({
  ...ledgerFilter,
  limit: intQuery(0, 1000).optional().describe('Ledger rows (default 50)'),
  offset: intQuery(0, 2_147_483_647).optional(),
});
const draft = flag.optional().describe('Allow an unpublished run (a draft preview)');

const policyId = z.string().max(200).describe('A shipped policy id');
const runParams = z.object({ run: runRef });
const applicationParams = z.object({ id });
const onTheFlyParams = z.object({ run: runRef, policyId });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Record fields, comma-separated (`tax,land_mu`). */
const fieldList = listQuery(NUMERIC_FIELDS, 'record fields (tax, land_mu, …), comma-separated');

export const policyEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/policies',
    tag: 'policies',
    summary: { zh: '随附的资源要素配置政策', en: 'The shipped resource allocation policies' },
    access: ANY,
    response: policyList,
  }),
  schema: endpoint({
    method: 'GET',
    path: '/api/policies/schema',
    tag: 'policies',
    summary: { zh: '政策文件的 JSON Schema', en: 'The JSON Schema of policy files' },
    access: ANY,
    response: z.record(z.string(), z.unknown()).describe('JSON Schema 2020-12'),
  }),
  one: endpoint({
    method: 'GET',
    path: '/api/policies/:id',
    tag: 'policies',
    summary: { zh: '一项政策：解析结果、哈希和原文', en: 'One policy: parsed, its hash and its text' },
    access: ANY,
    params: z.object({ id: policyId }),
    response: policyDetail,
  }),
  validate: endpoint({
    method: 'POST',
    path: '/api/policies/validate',
    tag: 'policies',
    summary: {
      zh: '检查政策文件（200 有效，422 无效并列出问题）',
      en: 'Check a policy file (200 valid, 422 invalid with its issues)',
    },
    access: ANALYST,
    body: { text: 'The policy file (YAML or JSON), 1 MB at most' },
    response: policyValidation,
  }),
  apply: endpoint({
    method: 'POST',
    path: '/api/runs/:run/policy-applications',
    tag: 'policies',
    summary: {
      zh: '对评价批次应用政策（保存则 201，同一应用已保存或不保存则 200）',
      en: 'Apply a policy to a run (201 stored; 200 when stored before or not saved)',
    },
    access: ANALYST,
    params: runParams,
    body: applyPolicyRequest,
    response: policyApplicationView,
    status: 201,
  }),
  applications: endpoint({
    method: 'GET',
    path: '/api/runs/:run/policy-applications',
    tag: 'policies',
    summary: { zh: '评价批次已保存的政策应用', en: 'The stored policy applications of a run' },
    access: STAFF,
    params: runParams,
    response: policyApplicationList,
  }),
  application: endpoint({
    method: 'GET',
    path: '/api/policy-applications/:id',
    tag: 'policies',
    summary: {
      zh: '一项已保存的政策应用（重新计算并核对台账）',
      en: 'One stored policy application (recomputed, its ledger checked)',
    },
    access: STAFF,
    params: applicationParams,
    query: ledgerQuery,
    response: policyApplicationView,
  }),
  applicationLedgerXlsx: endpoint({
    method: 'GET',
    path: '/api/policy-applications/:id/ledger.xlsx',
    tag: 'policies',
    summary: { zh: '已保存政策应用的台账（XLSX）', en: 'The ledger of a stored application (XLSX)' },
    access: STAFF,
    params: applicationParams,
    query: z.object(ledgerFilter),
    response: { file: XLSX },
  }),
  onTheFly: endpoint({
    method: 'GET',
    path: '/api/runs/:run/policy/:policyId',
    tag: 'policies',
    summary: {
      zh: '对评价批次即时计算随附政策（不保存）',
      en: 'A shipped policy computed on a run (nothing stored)',
    },
    access: STAFF,
    params: onTheFlyParams,
    query: ledgerQuery.extend({ draft }),
    response: policyApplicationView,
  }),
  onTheFlyLedgerXlsx: endpoint({
    method: 'GET',
    path: '/api/runs/:run/policy/:policyId/ledger.xlsx',
    tag: 'policies',
    summary: { zh: '即时计算的台账（XLSX）', en: 'The ledger computed on the fly (XLSX)' },
    access: STAFF,
    params: onTheFlyParams,
    query: z.object({ ...ledgerFilter, draft }),
    response: { file: XLSX },
  }),
  whatIf: endpoint({
    method: 'POST',
    path: '/api/whatif',
    tag: 'policies',
    summary: {
      zh: '假设分析：两种评价办法或政策下的等级与财政变化（JSON 或 XLSX）',
      en: 'What-if: classes and fiscal effect under two methodologies or policies (JSON or XLSX)',
    },
    access: CITY,
    body: whatIfRequest,
    response: whatIfView,
  }),
  sensitivity: endpoint({
    method: 'POST',
    path: '/api/sensitivity',
    tag: 'policies',
    summary: {
      zh: '敏感性分析：权重和数据扰动下等级不稳定的企业（后台任务）',
      en: 'Sensitivity: enterprises whose class is fragile under perturbed weights and data (a job)',
    },
    access: ANALYST,
    body: sensitivityRequest,
    response: sensitivityAccepted,
    status: 202,
  }),
  moveUp: endpoint({
    method: 'GET',
    path: '/api/runs/:run/enterprises/:uscc/move-up',
    tag: 'policies',
    summary: {
      zh: '企业如何升一档：各项投入需要的变化',
      en: 'How an enterprise moves up a class: the change each input needs',
    },
    access: ANY,
    params: z.object({ run: runRef, uscc: z.string().max(18).describe('The enterprise (USCC)') }),
    query: z.object({
      fields: fieldList.describe('Comma-separated record fields to try (default the usual ones)'),
    }),
    response: moveUpView,
  }),
};
