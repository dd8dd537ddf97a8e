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

export type { DivisionItem, IndustryItem, ReferenceList } from './contract/index.js';

// ─────────────── runs, results, cockpit, comparisons, one enterprise, jobs ───────────────

export type {
  AdjustmentList,
  AdjustmentRequest,
  AdjustmentResponse,
  CardSource,
  ClassAdjustmentView,
  ClassKey,
  Cockpit,
  CockpitCounty,
  CockpitEnterprise,
  CountiesResponse,
  CountyClasses,
  CoverageItem,
  DepartmentCoverage,
  EnterpriseView,
  ExplainedIndicator,
  Explanation,
  HistoryItem,
  JobAccepted,
  JobState,
  JobView,
  LandParcel,
  MovedItem,
  PerMuFigure,
  PublishRequest,
  PublishResponse,
  RepeatRunConflict,
  ResultFlag,
  ResultItem,
  ResultOrder,
  ResultsPage,
  RunComparison,
  RunJobResult,
  RunList,
  RunSummaryView,
  RunView,
  SourceField,
  SourceFigures,
  StartRunRequest,
} from './contract/index.js';
import type { JobView, RunJobResult } from './contract/index.js';

// ───────────────────────────── methodologies ─────────────────────────────

/** GET /api/methodologies/:id/rules?lang= — the methodology as readable rules. */
export interface MethodologyRules {
  id: string;
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

// ───────────────────────────── imports and datasets ─────────────────────────────

export type {
  ColumnMapping,
  DatasetDetail,
  DatasetFileView,
  DatasetList,
  DatasetRejections,
  DatasetView,
  ImportPreview,
  ImportResult,
  PreviewFile,
  ReconciliationView,
  RejectionView,
  WorkbookSheetsView,
} from './contract/index.js';
