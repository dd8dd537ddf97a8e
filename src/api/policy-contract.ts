/**
 * The shapes of the policy endpoints' responses and request bodies (资源要素差别化配置). They are
 * defined once, as zod schemas beside the endpoints, in contract/policy.ts (ADR 0016); this module
 * re-exports their types for the clients that import it by path. New code imports `@mujun/contract`.
 */
export type {
  ApplyPolicyRequest,
  Bilingual,
  ClassChangeView,
  ClassId,
  FiscalRowView,
  FiscalSideView,
  FragileEnterpriseView,
  HistoryRunView,
  InstrumentKind,
  Lang,
  LedgerItemView,
  LedgerRowView,
  MoveUpOptionView,
  MoveUpResultView,
  MoveUpView,
  PolicyApplicationList,
  PolicyApplicationRecordView,
  PolicyApplicationView,
  PolicyDetail,
  PolicyIssueView,
  PolicyList,
  PolicyTotalsView,
  PolicyValidation,
  SensitivityAccepted,
  SensitivityJobView,
  SensitivityRequest,
  SensitivityView,
  WhatIfRequest,
  WhatIfView,
} from './contract/index.js';
