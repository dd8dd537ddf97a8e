/**
 * The shapes of the JSON API's responses and request bodies, for the web app (`web/`) and any other
 * client. Type-only: this file imports nothing and exports no runtime value, so a client can import it
 * without pulling in server code. Every route annotates its reply with one of these types, so a change
 * here that the server does not follow fails to compile. docs/api.md lists the endpoints.
 *
 * Conventions: money in 万元, land in 亩, energy in 吨标准煤 (tce), emissions in 吨, electricity in
 * 万千瓦时 (methodology.md); `null` = missing (never 0); times are ISO 8601 UTC strings.
 */

// ───────────────────────────── common ─────────────────────────────

export type ClassId = 'A' | 'B' | 'C' | 'D';
export type ResultStatus = 'graded' | 'computed_not_graded' | 'not_evaluated';
export type Lang = 'zh' | 'en';

/** Text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/**
 * Every error: HTTP 400 (bad parameter, named in the message), 401 (not logged in), 403 (role not allowed,
 * CSRF token missing), 404, 409 (conflict), 413 (too large), 415 (wrong content type), 422 (unreadable
 * upload), 429 (too many login attempts).
 */
export interface ApiError {
  error: {
    /**
     * invalid · unauthenticated · forbidden · csrf · cross_origin · not_found · conflict ·
     * payload_too_large · unsupported_media_type · unreadable_file · too_many_requests · internal.
     */
    code: string;
    /** `中文 / English`. */
    message: string;
    /** For `unreadable_file`: each file's problem. */
    problems?: { file: string; rule: string; zh: string; en: string }[];
    /** For `too_many_requests`: seconds until the next attempt is allowed (also header Retry-After). */
    retryAfter?: number;
  };
}

// ───────────────────────────── accounts ─────────────────────────────

/** analyst 市经信局分析员 · county 区县操作员 · enterprise 企业 · leader 领导 (read-only). */
export type Role = 'analyst' | 'county' | 'enterprise' | 'leader';

/** The account a request acts as. */
export interface Me {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  roleLabel: Bilingual;
  /** The county of a county operator (6-digit code). */
  division: string | null;
  /** The USCC of an enterprise account. */
  uscc: string | null;
}

/** `POST /api/auth/login` body. */
export interface LoginRequest {
  username: string;
  password: string;
}

/** Also sets the cookies `mujun_session` (HttpOnly) and `mujun_csrf`. */
export interface LoginResponse {
  user: Me;
  /** Send it back as header `X-CSRF-Token` with every POST, PATCH and DELETE. */
  csrfToken: string;
  expiresAt: string;
}

export interface MeResponse {
  user: Me;
  /** The session's CSRF token; null when authenticated by an API token. */
  csrfToken: string | null;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  division: string | null;
  uscc: string | null;
  disabled: boolean;
  /** False for accounts that use API tokens only. */
  hasPassword: boolean;
  createdBy: string;
  createdAt: string;
}

export interface UserList {
  items: UserView[];
}

/** An API token as analysts see it (GET /api/tokens): never the token itself, only what it is. */
export interface TokenView {
  id: number;
  userId: number;
  username: string;
  /** What it is for, as its maker named it. */
  name: string;
  createdBy: string;
  createdAt: string;
  /** null: until revoked. */
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Whether it still opens the API; `user_disabled`: its account is disabled. */
  state: 'active' | 'expired' | 'revoked' | 'user_disabled';
}

export interface TokenList {
  items: TokenView[];
}

/** DELETE /api/tokens/:id: the token as it is now (revoked). */
export interface TokenRevokeResponse {
  token: TokenView;
}

// ───────────────────────────── audit trail ─────────────────────────────

/** One entry of the audit log: who, when, what, and the state before and after (any JSON). */
export interface AuditItem {
  id: number;
  at: string;
  /** A user name; `cli:<os user>` for the command line; the name tried, for a failed login. */
  actor: string;
  /** e.g. auth.login, auth.login_failed, user.role, dataset.import, run.publish, class.adjust, objection.accept. */
  action: string;
  /** e.g. run:12, run:12/enterprise:9133…, user:3, objection:5. */
  subject: string | null;
  before: unknown;
  after: unknown;
  /** The action's name for people, when known. */
  label: Bilingual | null;
}

/** GET /api/audit?actor=&action=&subject=&from=&to=&limit=&offset= (newest first). */
export type AuditPage = Page<AuditItem>;

// ───────────────────────────── objections (异议) ─────────────────────────────

export type ObjectionStatus = 'open' | 'accepted' | 'rejected';

/** The enterprise in a run: in the objected run (before) and in the re-run (after). */
export interface ObjectionResultAt {
  runId: number;
  status: string;
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: ClassId | null;
  adjustedClass: ClassId | null;
  /** Whether that run is published (a draft re-run is labelled; an enterprise never gets its figures). */
  published: boolean;
}

export interface ObjectionView {
  id: number;
  runId: number;
  uscc: string;
  name: string | null;
  division: string | null;
  /** The figure objected to (a record field: land_mu, tax, value_added…) and its label and unit. */
  field: string;
  fieldLabel: Bilingual & { unit: string };
  /** The stored figure when the objection was filed (null = missing), and the figure claimed. */
  currentValue: number | null;
  claimedValue: number;
  explanation: string;
  status: ObjectionStatus;
  filedBy: string;
  filedAt: string;
  /** The end of the public notice: objections are filed before it. */
  deadline: string;
  /** The county answers by then; `overdue` when it has not. */
  respondBy: string;
  overdue: boolean;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why it was accepted or rejected. */
  reason: string | null;
  /** Accepted: the figure now stored, the new dataset version, and the run that re-evaluated it. */
  correctedValue: number | null;
  datasetId: number | null;
  rerunId: number | null;
  evidence: readonly { seq: number; fileName: string; contentType: string; bytes: number; sha256: string }[];
  before: ObjectionResultAt | null;
  /** Null for the enterprise itself while the re-run is a draft (`rerunPending`). */
  after: ObjectionResultAt | null;
  /** The re-run is stored but not published yet: its result awaits publication. */
  rerunPending: boolean;
}

/** GET /api/objections?run=&status=&limit=&offset= (the caller's county or enterprise only). */
export type ObjectionList = Page<ObjectionView>;

/** POST /api/objections/:id/decision body. */
export interface ObjectionDecisionRequest {
  decision: 'accept' | 'reject';
  reason: string;
  /** When accepting: the figure to store (default: the one claimed). */
  correctedValue?: number;
}

/** The enterprise's place in a decision preview. */
export interface ObjectionPreviewPlace {
  status: string;
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: ClassId | null;
  adjustedClass: ClassId | null;
}

/**
 * GET /api/objections/:id/decision-preview?correctedValue= (county operators, analysts): what accepting
 * will do, computed by the engine and not stored — the dataset version it builds on (the objected run's,
 * never a newer import), the run and methodology it re-runs, the enterprise's class now and after, and
 * how many other enterprises would change class (in its county and in the others).
 */
export interface ObjectionDecisionPreview {
  objectionId: number;
  run: { id: number; year: number; datasetLabel: string; published: boolean };
  methodology: { id: string; hash: string; title: Bilingual };
  base: { id: number; year: number; version: number; label: string; note: string | null };
  /** The year's newest dataset version when it is not the base: it is not used. */
  newerDataset: { id: number; label: string } | null;
  correction: { field: string; label: Bilingual & { unit: string }; from: number | null; to: number };
  enterprise: {
    uscc: string;
    name: string | null;
    division: string | null;
    divisionName: string | null;
    now: ObjectionPreviewPlace | null;
    after: ObjectionPreviewPlace | null;
  };
  others: {
    changed: number;
    up: number;
    down: number;
    other: number;
    inCounty: number;
    otherCounties: number;
  };
  /** Manual adjustments of the objected run carried over to the re-run (each keeps its author). */
  carriedAdjustments: number;
}

/** Accepting starts the re-run as a job. */
export interface ObjectionDecisionResponse {
  objection: ObjectionView;
  job: JobView<RunJobResult> | null;
}

export interface Page<T> {
  /** How many items match (all pages). */
  total: number;
  limit: number;
  offset: number;
  items: T[];
}

// ───────────────────────────── reference data ─────────────────────────────

export interface DivisionItem {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parentCode: string | null;
}

export interface IndustryItem {
  code: string;
  name: string;
  /** 1 门类 (letter), 2 大类 (2 digits), 3 中类, 4 小类. */
  level: 1 | 2 | 3 | 4;
  parentCode: string | null;
}

/** GET /api/reference/divisions, GET /api/reference/industries */
export interface ReferenceList<T> {
  items: T[];
}

// ───────────────────────────── runs ─────────────────────────────

/** A run's summary as stored (engine `RunSummary`, abridged to what clients use). */
export interface RunSummaryView {
  methodologyId: string;
  methodologyHash: string;
  datasetVersion: string;
  dataYear: number;
  records: number;
  byStatus: Record<ResultStatus, number>;
  /** Not-evaluated / not-graded reasons with counts. */
  byReason: Record<string, number>;
  classes: Record<ClassId, number>;
  initialClasses: Record<ClassId, number>;
  /** Per ranking unit and group: benchmarks, extremes, cuts (see the engine's `StoredCell`). */
  cells?: unknown[];
  /** Adjusted class counts per ranking unit and group. */
  byUnit?: {
    unit: string;
    group: string;
    evaluated: number;
    graded: number;
    classes: Record<ClassId, number>;
  }[];
}

export interface RunView {
  id: number;
  /** Data year. */
  year: number;
  methodologyId: string;
  methodologyHash: string;
  datasetId: number;
  datasetVersion: number;
  /** `2023/v1`. */
  datasetLabel: string;
  /** 'draft' until published, then 'published'. */
  status: string;
  /** Whether the run is published (公示): pages label a draft wherever its figures appear. */
  published: boolean;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
  /** End of the public notice (公示) period, when published. */
  noticeUntil: string | null;
  publishedBy: string | null;
  resultHash: string | null;
  /** Goes up by one whenever a stored result of the run changes (a manual adjustment); 0 as evaluated. */
  resultsRevision: number;
  summary: RunSummaryView | null;
}

/** GET /api/runs */
export interface RunList {
  items: RunView[];
}

/** POST /api/runs body. */
export interface StartRunRequest {
  /** A methodology id of GET /api/methodologies. */
  methodology: string;
  /** Data year; the year's latest dataset is evaluated unless `datasetId` is given. */
  year: number;
  datasetId?: number;
}

/** POST /api/runs/:run/publish body. */
export interface PublishRequest {
  /** Length of the public notice in days, 1–30 (default 7). */
  noticeDays?: number;
}

/** POST /api/runs/:run/publish → 200. */
export interface PublishResponse {
  run: RunView;
}

/** POST /api/runs/:run/adjustments body. */
export interface AdjustmentRequest {
  uscc: string;
  toClass: ClassId;
  reason: string;
}

export interface ClassAdjustmentView {
  id: number;
  runId: number;
  uscc: string;
  fromClass: string | null;
  toClass: string;
  /** Start even when a run of the same dataset version, methodology content and year is stored. */
  force?: boolean;
}

/**
 * POST /api/runs → 409 when an identical run (same dataset version, same methodology hash, same year)
 * is stored and `force` was not set: the existing run, so the page can offer it or ask to confirm.
 */
export interface RepeatRunConflict {
  error: { code: 'repeat_run'; message: string };
  run: RunView;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/** POST /api/runs/:run/adjustments → 201; GET /api/runs/:run/adjustments → `{ items }`. */
export interface AdjustmentResponse {
  adjustment: ClassAdjustmentView;
}

export interface AdjustmentList {
  items: ClassAdjustmentView[];
}

/** GET /api/runs/:run/counties */
export interface CountyClasses {
  division: string | null;
  name: string | null;
  classes: Record<ClassId, number>;
  initialClasses: Record<ClassId, number>;
  graded: number;
}

export interface CountiesResponse {
  run: RunView;
  counties: CountyClasses[];
}

// ───────────────────────────── results (the enterprise table) ─────────────────────────────

/**
 * Flags a result can carry (filter `flags=veto,adjusted` = all of them):
 * veto — a veto capped its class; protected — a protection raised it; adjusted — manually adjusted;
 * tenant — on rented land of another enterprise (tenant_of); sublets — sublets to tenants;
 * above_scale — 规上; high_tech — 高新技术企业; specialised_sme — 专精特新; missing_data — an indicator
 * was scored by a missing-value rule.
 */
export type ResultFlag =
  | 'veto'
  | 'protected'
  | 'adjusted'
  | 'tenant'
  | 'sublets'
  | 'above_scale'
  | 'high_tech'
  | 'specialised_sme'
  | 'missing_data';

/** Sort keys of GET /api/runs/:run/results (`order=`), each with `dir=asc|desc`. */
export type ResultOrder =
  | 'seq'
  | 'total'
  | 'rank'
  | 'name'
  | 'uscc'
  | 'division'
  | 'industry'
  | 'land_mu'
  | 'tax'
  | 'value_added'
  | 'tax_per_mu'
  | 'value_added_per_mu';

export interface ResultItem {
  /** Position in the run (the record's row in the dataset, 0-based). */
  seq: number;
  uscc: string;
  name: string | null;
  division: string | null;
  divisionName: string | null;
  industry: string | null;
  industryName: string | null;
  status: ResultStatus;
  /** Why not graded / not evaluated (a reason code or a not-graded rule id). */
  reason: string | null;
  groupId: string | null;
  unitKey: string | null;
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: ClassId | null;
  adjustedClass: ClassId | null;
  /** 亩 */
  landMu: number | null;
  /** 万元 */
  tax: number | null;
  /** 万元 */
  valueAdded: number | null;
  /** 万元/亩 = tax ÷ land_mu (land > 0) */
  taxPerMu: number | null;
  /** 万元/亩 = value_added ÷ land_mu (land > 0) */
  valueAddedPerMu: number | null;
  flags: ResultFlag[];
}

/** GET /api/runs/:run/results */
export interface ResultsPage extends Page<ResultItem> {
  run: RunView;
}

// ───────────────────────────── cockpit (驾驶舱) ─────────────────────────────

/** Where a card's figures come from. */
export interface CardSource {
  runId: number | null;
  year: number;
  methodologyId: string | null;
  /** `2023/v1` */
  datasetVersion: string | null;
  datasetId: number | null;
  /** How the figure is defined. */
  definition: Bilingual;
}

export interface CockpitCounty {
  division: string | null;
  name: string | null;
  /** Adjusted classes. */
  classes: Record<ClassId, number>;
  initialClasses: Record<ClassId, number>;
  graded: number;
  computedNotGraded: number;
  notEvaluated: number;
}

export interface PerMuFigure {
  division: string | null;
  name: string | null;
  /** Graded enterprises counted. */
  graded: number;
  /** Σ land (亩) over graded enterprises. */
  landMu: number;
  /** Σ tax ÷ Σ land over graded enterprises, 万元/亩 (null when no land). */
  taxPerMu: number | null;
  /** Σ value added ÷ Σ land over graded enterprises with value added, 万元/亩. */
  valueAddedPerMu: number | null;
  /** Whether the run is published; a draft's cards say 草稿（未公示）. */
  published: boolean;
  /** The same county in last year's run, or null when there is none. */
  lastYear: {
    graded: number;
    landMu: number;
    taxPerMu: number | null;
    valueAddedPerMu: number | null;
  } | null;
}

export interface CockpitEnterprise {
  uscc: string;
  name: string | null;
  division: string | null;
  divisionName: string | null;
  industry: string | null;
  industryName: string | null;
  groupId: string | null;
  total: number;
  rank: number | null;
  unitSize: number | null;
  adjustedClass: ClassId | null;
  taxPerMu: number | null;
  valueAddedPerMu: number | null;
}

export interface CoverageItem {
  /** Canonical field (`tax`, `land_mu` …). */
  field: string;
  label: Bilingual;
  unit: string;
  /** Department that sends it: market-regulation, tax, statistics, power, environment, natural-resources. */
  department: string;
  /** Records that have a value. */
  present: number;
  records: number;
}

export interface DepartmentCoverage {
  department: string;
  label: Bilingual;
  /** Records with at least one of the department's fields (or its provenance, for imports). */
  present: number;
  records: number;
}

/** GET /api/runs/:run/cockpit */
export interface Cockpit {
  run: RunView;
  /** The latest run of year − 1 with the same methodology id, if any. */
  lastYearRun: RunView | null;
  classes: { source: CardSource; counties: CockpitCounty[]; city: CockpitCounty };
  perMu: {
    source: CardSource;
    lastYearSource: CardSource | null;
    counties: PerMuFigure[];
    city: PerMuFigure;
  };
  top: { source: CardSource; items: CockpitEnterprise[] };
  bottom: { source: CardSource; items: CockpitEnterprise[] };
  coverage: {
    source: CardSource;
  /** Records that lack it (records − present). */
  missing: number;
  /** missing ÷ records (0–1), null when there are no records. */
  missingShare: number | null;
    records: number;
    fields: CoverageItem[];
    departments: DepartmentCoverage[];
  };
}

// ───────────────────────────── one enterprise (一企一单) ─────────────────────────────

export interface ExplainedIndicator {
  id: string;
  title: string;
  unit: string;
  value: number | null;
  /** The run's methodology title (the picker and the banner name it). */
  methodologyTitle: Bilingual;
  /** Whose figures these are: the city, or the asker's county (its name labels the totals). */
  area: { kind: 'city' | 'county' | 'enterprise'; division: string | null; name: Bilingual };
  benchmark: number | null;
  weight: number;
  score: number;
  /** How the score came about, in words. */
  basis: string;
}

/** GET /api/runs/:run/enterprises/:uscc (also `result` of the enterprise view). */
export interface Explanation {
  runId: number;
  uscc: string;
  name: string | null;
  division: string | null;
  divisionName: string | null;
  industry: string | null;
    /** Up to three fields most often missing, the largest share of records lacking them first. */
    mostMissing: CoverageItem[];
  industryName: string | null;
  status: string;
  statusText: string;
  reasonText: string | null;
  group: string | null;
  groupTitle: string | null;
  unit: string | null;
  indicators: ExplainedIndicator[];
  adjustments: { id: string; title: string; points: number }[];
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: string | null;
  adjustedClass: string | null;
  classTitle: string | null;
  /** Why this class, step by step. */
  why: string[];
  methodologyId: string;
  methodologyHash: string;
  datasetVersion: string;
}

export interface LandParcel {
  certificateNo: string | null;
  /** 亩 */
  areaMu: number;
  tenure: 'owned' | 'rented';
  ownerUscc: string | null;
  use: string | null;
  /** Where the parcel was read (department, file and row for imports). */
  source: string | null;
  datasetId: number | null;
}

export interface SourceField {
  field: string;
  label: Bilingual;
  unit: string;
  /** Canonical units; null = missing. */
  value: number | string | null;
  /** The file's header that gave it (imports only). */
  header: string | null;
}

/** One department's figures for the enterprise, with where they were read. */
export interface SourceFigures {
  department: string;
  label: Bilingual;
  /** The file's name, or null (demo data, canonical record files). */
  file: string | null;
  sheet: string | null;
  /** 1-based rows of the file the figures come from (several when summed: meters, parcels). */
  rows: number[];
  fields: SourceField[];
}

export interface HistoryItem {
  year: number;
  runId: number;
  methodologyId: string;
  published: boolean;
  status: ResultStatus;
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: ClassId | null;
  adjustedClass: ClassId | null;
  taxPerMu: number | null;
  valueAddedPerMu: number | null;
}

/** GET /api/enterprises/:uscc?year=&lang= */
export interface EnterpriseView {
  uscc: string;
  /** The year shown (default: the latest year with a run or dataset naming the enterprise). */
  year: number;
  identity: {
    name: string | null;
    division: string | null;
    divisionName: string | null;
    industry: string | null;
    industryName: string | null;
    aboveScale: boolean | null;
    founded: number | null;
    tenantOf: string | null;
    flags: ResultFlag[];
    qualifications: { kind: string; yearFrom: number; yearTo: number | null }[];
  };
  dataset: { id: number; year: number; version: number; source: string | null } | null;
  land: LandParcel[];
  sources: SourceFigures[];
  /** The year's latest run, or null when the year has none. */
  run: RunView | null;
  /** The explanation in that run (indicators, benchmarks, scores, adjustments, rank, classes, why). */
  result: Explanation | null;
  adjustments: ClassAdjustmentView[];
  /** Per year with a run: the latest run's figures, oldest year first. */
  history: HistoryItem[];
}

// ───────────────────────────── jobs ─────────────────────────────

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobView<R = unknown> {
  id: string;
  kind: 'run' | 'import' | 'sensitivity';
  state: JobState;
  /** e.g. load | evaluate | persist (runs); read | store (imports). */
  phase: string | null;
  /** Progress within the phase. */
  done: number;
  total: number;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** When done: `{ runId }` for runs, the import outcome for imports. */
  result: R | null;
  /** When failed: as an ApiError's `error` (`problems` for an unreadable import file). */
  error: {
    code: string;
    message: string;
    problems?: { file: string; rule: string; zh: string; en: string }[];
  } | null;
}

/** POST /api/runs → 202, POST /api/imports/:token/commit → 202. */
export interface JobAccepted<R = unknown> {
  job: JobView<R>;
}

export interface RunJobResult {
  runId: number;
  records: number;
  graded: number;
}

// ───────────────────────────── comparing runs ─────────────────────────────

/** A class, `none` (in the run but not graded) or `absent` (not in the run). */
export type ClassKey = ClassId | 'none' | 'absent';

export interface MovedItem {
  uscc: string;
  name: string | null;
  division: string | null;
  divisionName: string | null;
  from: ClassKey;
  to: ClassKey;
  totalA: number | null;
  totalB: number | null;
}

/** GET /api/runs/:a/compare/:b?basis=adjusted|initial&from=&to=&division=&limit=&offset= */
export interface RunComparison {
  a: RunView;
  b: RunView;
  basis: 'adjusted' | 'initial';
  /** matrix[from][to] = enterprises (every key present, zeros included). */
  matrix: Record<ClassKey, Record<ClassKey, number>>;
  byDivision: {
    division: string | null;
    name: string | null;
    same: number;
    up: number;
    down: number;
    /** Moved between a class and none/absent. */
    other: number;
  }[];
  moved: Page<MovedItem>;
}

// ───────────────────────────── methodologies ─────────────────────────────

/** GET /api/methodologies/:id/rules?lang= — the methodology as readable rules. */
export interface MethodologyRules {
  id: string;
  /** A manual adjustment (调档) set the enterprise's class in run a / run b. */
  adjustedA: boolean;
  adjustedB: boolean;
  version: number;
  title: string;
  description: string | null;
  source: string | null;
  dataYear: number;
  hash: string;
  scope: { industrial: string; notGraded: { id: string; title: string; when: string }[] };
  groups: {
    id: string;
    title: string;
    when: string;
    minLandMu: number | null;
    indicators: {
      id: string;
      title: string;
      unit: string;
      formula: string;
      weight: number;
      direction: 'higher_is_better' | 'lower_is_better';
      scoring: string;
      benchmark: string | null;
      onMissing: string;
      onZeroDenominator: string;
    }[];
    classing: string | null;
  }[];
  adjustments: { id: string; title: string; when: string | null; points: string }[];
  classing: { rankingUnit: string; method: 'quota' | 'threshold'; text: string; ties: string };
  vetoes: { id: string; title: string; when: string; atBest: ClassId }[];
  protections: { id: string; title: string; when: string; atWorst: ClassId }[];
  /** `path` as written in the file (groups.below.minLandMu); `where` the same in words. */
  assumptions: { path: string; where: string; note: string }[];
  /** The whole methodology as text (what `mujun methodology show` prints). */
  text: string;
}

// ───────────────────────────── imports ─────────────────────────────

export interface ColumnMapping {
  header: string;
  /** Canonical field or the profile's column id. */
  field: string;
  unit: string | null;
  /** Where the unit was read: header | default. */
  unitFrom: string | null;
}

export interface RejectionView {
  file: string;
  sheet: string | null;
  row: number;
  column: string | null;
  value: string | null;
  rule: string;
  zh: string;
  en: string;
}

export interface PreviewFile {
  file: string;
  sheet: string | null;
  department: string | null;
  profile: string | null;
  headerRow: number | null;
  rowsRead: number;
  accepted: number;
  rejected: number;
  skipped: number;
  columns: ColumnMapping[];
  /** First data rows as read (header → cell text). */
  sample: { row: number; cells: Record<string, string> }[];
}

/** POST /api/imports/preview?year= (multipart, field `files`) */
export interface ImportPreview {
  /** Pass to POST /api/imports/:token/commit (or DELETE /api/imports/:token). */
  token: string;
  year: number;
  expiresAt: string;
  files: PreviewFile[];
  /** The first merged records, canonical units. */
  records: { total: number; sample: Record<string, string | number | null>[] };
  /** The merge's reconciliation (rows read = accepted + rejected + skipped per file, coverage, conflicts). */
  reconciliation: unknown;
  rejections: RejectionView[];
  /** Rejections found (more than listed when there are many; the XLSX holds those kept). */
  rejectionCount: number;
  /** Per workbook, each sheet and whether it was imported, read without a recognised header, or not read. */
  workbooks: WorkbookSheetsView[];
  /** Chinese and English words (and canonical unit) of each field and profile column in the preview. */
  fieldLabels: Record<string, { zh: string; en: string; unit: string }>;
  /** An identical import already stored (committing changes nothing), or null. */
  existingDataset: { id: number; year: number; version: number } | null;
}

/** The result of the import job (and of POST /api/imports). */
export interface ImportResult {
  dataset: {
    id: number;
    year: number;
    version: number;
    contentHash: string;
    source: string | null;
    recordCount: number;
    createdBy: string | null;
    createdAt: string;
    note: string | null;
  };
  created: boolean;
  records: number;
  reconciliation: unknown;
  rejections: RejectionView[];
  rejectionCount: number;
  workbooks: WorkbookSheetsView[];
  rejectedXlsx: string | null;
}

export interface WorkbookSheetsView {
  file: string;
  sheets: { name: string; status: 'imported' | 'no_header' | 'not_read' }[];
}
