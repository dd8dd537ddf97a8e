/**
 * The shapes of the policy endpoints' responses and request bodies (资源要素差别化配置: policies,
 * applications and their ledger, what-if, sensitivity, how to move up), for the web app and any other
 * client. Type-only, importing nothing, like contract.ts: a client imports it without server code.
 * policy.routes.ts annotates every reply with one of these types, so a change here that the server does
 * not follow fails to compile. docs/policy.md lists the endpoints with examples.
 *
 * Units: money 万元, land 亩, energy 吨标准煤, emissions 吨; quota changes are negative for a cut.
 */

export type ClassId = 'A' | 'B' | 'C' | 'D';
export type Lang = 'zh' | 'en';

export interface Bilingual {
  zh: string;
  en: string;
}

export type InstrumentKind =
  | 'land_use_tax_relief'
  | 'reward'
  | 'electricity_surcharge'
  | 'water_surcharge'
  | 'emission_fee_surcharge'
  | 'land_quota'
  | 'energy_quota'
  | 'emission_quota';

// ───────────────────────────── policies ─────────────────────────────

/** GET /api/policies */
export interface PolicyList {
  items: {
    id: string;
    version: number;
    title: Bilingual;
    hash: string;
    instruments: { id: string; kind: InstrumentKind; title: Bilingual }[];
  }[];
}

/** GET /api/policies/:id — the parsed policy (see policies/policy.schema.json), its hash and text. */
export interface PolicyDetail {
  policy: {
    id: string;
    version: number;
    title: Bilingual;
    instruments: unknown[];
    assumptions: unknown[];
  } & Record<string, unknown>;
  hash: string;
  text: string;
}

/** One problem of a policy file. */
export interface PolicyIssueView {
  severity: 'error' | 'warning';
  path: string;
  line: number | null;
  column: number | null;
  rule: string;
  zh: string;
  en: string;
}

/** POST /api/policies/validate (body: the file) → 200 valid, 422 invalid. */
export interface PolicyValidation {
  valid: boolean;
  issues: PolicyIssueView[];
}

// ───────────────────────────── applying a policy ─────────────────────────────

/** Per county (or for the city: division null): the Jiaxing-shaped totals. */
export interface PolicyTotalsView {
  division: string | null;
  /** County name (GB/T 2260); null for the city. */
  name: string | null;
  /** Graded enterprises. */
  enterprises: number;
  classes: Record<ClassId, number>;
  /** Graded enterprises with at least one amount. */
  affected: number;
  reliefWan: number;
  rewardWan: number;
  electricitySurchargeWan: number;
  waterSurchargeWan: number;
  emissionFeeSurchargeWan: number;
  surchargeWan: number;
  /** surcharges − relief − rewards. */
  netFiscalWan: number;
  landGrantMu: number;
  landCutMu: number;
  energyGrantTce: number;
  energyCutTce: number;
  emissionGrantT: number;
  emissionCutT: number;
  /** Rules that applied but lacked an input. */
  missing: number;
  byInstrument: {
    id: string;
    kind: InstrumentKind;
    unit: string;
    enterprises: number;
    amount: number;
    missing: number;
  }[];
}

export interface LedgerItemView {
  instrument: string;
  kind: InstrumentKind;
  title: string;
  rule: number;
  ruleClass: ClassId;
  consecutiveYears: number;
  /** In `unit`; null when an input is missing. */
  amount: number | null;
  unit: string;
  basis: string;
}

/** One enterprise's ledger row. */
export interface LedgerRowView {
  seq: number;
  uscc: string;
  name: string | null;
  division: string | null;
  class: ClassId | null;
  /** Consecutive data years in this class, this one included. */
  streak: number;
  items: LedgerItemView[];
  /**
   * The sums: null where an amount of the kind applies but cannot be computed for want of an input (the
   * item's `basis` says which); show nothing there, not 0.
   */
  reliefWan: number | null;
  rewardWan: number | null;
  surchargeWan: number | null;
  /** relief + rewards − surcharges. */
  netBenefitWan: number | null;
  landMu: number | null;
  energyTce: number | null;
  emissionT: number | null;
  /** Amounts that could not be computed. */
  missing: number;
}

export interface HistoryRunView {
  year: number;
  runId: number;
}

export interface PolicyApplicationRecordView {
  id: number;
  runId: number;
  policyId: string;
  policyHash: string;
  draft: boolean;
  history: readonly HistoryRunView[];
  ledgerHash: string;
  totals: unknown;
  createdBy: string;
  createdAt: string;
}

/**
 * POST /api/runs/:run/policy-applications → 201 (stored) or 200 (save: false);
 * GET /api/runs/:run/policy/:policyId (computed, not stored); GET /api/policy-applications/:id.
 */
export interface PolicyApplicationView {
  run: { id: number; year: number; publishedAt: string | null; methodologyId: string };
  /** The run is not published: a preview, not a basis for payment or charges. */
  draft: boolean;
  policy: { id: string; hash: string; title: Bilingual };
  /** Runs of the earlier years read for consecutive years in a class. */
  history: HistoryRunView[];
  /** The stored application, or null. */
  application: PolicyApplicationRecordView | null;
  /**
   * Storing found the same application stored already (same run, policy version, draft flag and ledger):
   * nothing new was stored (200, not 201) and `application` is the one stored first.
   */
  existing: boolean;
  /** County code → name for the counties of the totals and the ledger. */
  countyNames: Record<string, string>;
  /** Read back: whether the recomputed ledger matches the stored hash; null otherwise. */
  verified: boolean | null;
  ledgerHash: string;
  totals: { counties: PolicyTotalsView[]; city: PolicyTotalsView };
  ledger: { total: number; limit: number; offset: number; items: LedgerRowView[] };
  /** Where the XLSX ledger is. */
  ledgerXlsx: string;
}

/** POST /api/runs/:run/policy-applications */
export interface ApplyPolicyRequest {
  /** A shipped policy id … */
  policy?: string;
  /** … or the text of a policy file (YAML or JSON). */
  text?: string;
  /** Allow an unpublished run (labelled as a draft preview). */
  draft?: boolean;
  /** Store the application (default true). */
  save?: boolean;
  createdBy?: string;
  lang?: Lang;
  limit?: number;
}

/** GET /api/runs/:run/policy-applications */
export interface PolicyApplicationList {
  items: PolicyApplicationRecordView[];
}

// ───────────────────────────── what-if ─────────────────────────────

/**
 * POST /api/whatif. What is compared: the dataset of `run`; else of the year's latest published run
 * (else its latest run); `datasetId` names a dataset directly. `format: 'xlsx'` answers the workbook of
 * every change instead of JSON.
 */
export interface WhatIfRequest {
  /** The run whose dataset (and, without `methodology`, methodology) is compared. */
  run?: number;
  /** Data year (its latest published run's dataset); default the methodology's year. */
  year?: number;
  datasetId?: number;
  /** Shipped ids; methodology A defaults to the run's. */
  methodology?: string;
  methodologyB?: string;
  policy?: string;
  policyB?: string;
  /** Enterprises listed as changed and as hardest hit (default 20, at most 1000). */
  limit?: number;
  /** Where the page of changed enterprises starts. */
  offset?: number;
  format?: 'json' | 'xlsx';
  lang?: Lang;
}

export interface FiscalSideView {
  reliefWan: number;
  rewardWan: number;
  surchargeWan: number;
  netFiscalWan: number;
  landGrantMu: number;
  energyGrantTce: number;
  energyCutTce: number;
  emissionGrantT: number;
  emissionCutT: number;
  classes: Record<ClassId, number>;
}

export interface FiscalRowView {
  division: string | null;
  a: FiscalSideView;
  b: FiscalSideView;
  delta: FiscalSideView;
  movedUp: number;
  movedDown: number;
}

export interface ClassChangeView {
  seq: number;
  uscc: string;
  name: string | null;
  division: string | null;
  from: ClassId | null;
  to: ClassId | null;
  netBenefitA: number;
  netBenefitB: number;
  deltaWan: number;
}

export interface WhatIfView {
  /** The run whose dataset was compared, or null (a dataset asked for by id, or a year without runs). */
  run: { id: number; year: number; methodologyId: string; publishedAt: string | null } | null;
  records: number;
  /** counts[from][to] over labels A, B, C, D, none. */
  transition: { labels: readonly ('A' | 'B' | 'C' | 'D' | 'none')[]; counts: number[][] };
  changedCount: number;
  movedUp: number;
  movedDown: number;
  /** Where this page of `changed` starts (largest drops first, then by county and code). */
  changedOffset: number;
  changed: ClassChangeView[];
  fiscal: { counties: FiscalRowView[]; city: FiscalRowView };
  hardestHit: ClassChangeView[];
  dataset: { id: number; year: number; version: number; records: number };
  a: { methodology: string; methodologyHash: string; policy: string; policyHash: string };
  b: { methodology: string; methodologyHash: string; policy: string; policyHash: string };
  history: HistoryRunView[];
  countyNames: Record<string, string>;
}

// ───────────────────────────── sensitivity ─────────────────────────────

/** POST /api/sensitivity → 202 { job } (poll GET /api/jobs/:id). */
export interface SensitivityRequest {
  /** Run id (default the latest). */
  run?: number;
  draws: number;
  seed?: number;
  /** Relative bounds: 0.1 = ±10 %. */
  weights: number;
  data: number;
  /** Record fields perturbed (default: every input of the indicators). */
  dataFields?: string[];
  /** Fragile below this share of draws with the base class (default 0.9). */
  minStability?: number;
  limit?: number;
  createdBy?: string;
}

export interface FragileEnterpriseView {
  seq: number;
  uscc: string;
  name: string | null;
  division: string | null;
  baseClass: ClassId;
  stability: number;
  counts: Record<ClassId | 'none', number>;
  best: ClassId | null;
  worst: ClassId | null;
  /** A penalty is at stake (base C/D, or C/D in some draws). */
  atStake: boolean;
}

export interface SensitivityView {
  runId: number;
  draft: boolean;
  methodology: string;
  /** County code → name. */
  countyNames: Record<string, string>;
  /** Labels and units of `dataFields`. */
  fieldLabels: Record<string, { zh: string; en: string; unit: string }>;
  records: number;
  workers: number;
  ms: number;
  draws: number;
  seed: number;
  weights: number;
  data: number;
  dataFields: string[];
  minStability: number;
  graded: number;
  fragileCount: number;
  byClass: Record<ClassId, { graded: number; fragile: number }>;
  fragile: FragileEnterpriseView[];
}

export interface SensitivityJobView {
  id: string;
  kind: 'sensitivity';
  state: 'queued' | 'running' | 'done' | 'failed';
  phase: string | null;
  done: number;
  total: number;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: SensitivityView | null;
  error: { code: string; message: string } | null;
}

export interface SensitivityAccepted {
  job: SensitivityJobView;
}

// ───────────────────────────── how to move up ─────────────────────────────

export interface MoveUpOptionView {
  field: string;
  unit: string;
  current: number | null;
  required: number | null;
  change: number | null;
  relative: number | null;
  direction: 'increase' | 'decrease' | null;
  totalAfter: number | null;
  reason: 'ok' | 'missing' | 'not_used' | 'not_reachable';
}

export interface MoveUpResultView {
  status: 'ok' | 'top' | 'blocked_by_veto' | 'no_slot';
  currentClass: ClassId;
  target: { class: ClassId; total: number; strict: boolean; rank: number | null } | null;
  total: number;
  gap: number | null;
  vetoes: string[];
  manual: boolean;
  options: MoveUpOptionView[];
  noSingleInput: boolean;
}

/** GET /api/runs/:run/enterprises/:uscc/move-up?fields=tax,land_mu */
export interface MoveUpView {
  runId: number;
  draft: boolean;
  uscc: string;
  name: string | null;
  division: string | null;
  status: string;
  group: string | null;
  unit: string | null;
  rank: number | null;
  unitSize: number | null;
  /** Null when the enterprise is not graded. */
  moveUp: MoveUpResultView | null;
}
