/**
 * The shapes of the JSON API's responses and request bodies, for the web app (`web/`) and any other
 * client. Type-only: this file imports nothing and exports no runtime value, so a client can import it
 * without pulling in server code. Every route annotates its reply with one of these types, so a change
 * here that the server does not follow fails to compile. docs/api.md lists the endpoints.
 *
 * Conventions: money in 万元, land in 亩, energy in 吨标准煤 (tce), emissions in 吨, electricity in
 * 万千瓦时 (docs/methodology.md); `null` = missing (never 0); times are ISO 8601 UTC strings.
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

// ─────────────── accounts, audit trail, objections (异议) ───────────────

export type {
  AuditItem,
  AuditPage,
  LoginRequest,
  LoginResponse,
  Me,
  MeResponse,
  ObjectionDecisionPreview,
  ObjectionDecisionRequest,
  ObjectionDecisionResponse,
  ObjectionList,
  ObjectionPreviewPlace,
  ObjectionResultAt,
  ObjectionStatus,
  ObjectionView,
  Role,
  TokenList,
  TokenRevokeResponse,
  TokenView,
  UserList,
  UserView,
} from './contract/index.js';

/** A page of a longer list (the defined pages: `pageOf` in contract/runs.ts). */
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

// ───────────────────────────── methodologies ─────────────────────────────

export type {
  MethodologyDetail,
  MethodologyList,
  MethodologyListItem,
  MethodologyRules,
  MethodologyValidation,
} from './contract/index.js';

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
