/**
 * The result of an evaluation run. Internally column-oriented (one typed array per quantity) so a
 * 200,000-enterprise run stays a few megabytes; `enterpriseResult(run, i)` materialises the full
 * explanation of one enterprise as an object.
 */
import type { RecordBatch } from '../domain/record-batch.js';
import type { ClassId, Methodology } from './methodology/schema.js';

export type Status = 'graded' | 'computed_not_graded' | 'not_evaluated';
export const STATUS_CODES: readonly Status[] = ['not_evaluated', 'computed_not_graded', 'graded'];
export const CLASS_OF_CODE: readonly (ClassId | null)[] = [null, 'A', 'B', 'C', 'D'];

/** Why an enterprise could not be evaluated (the record's own problem, or out of scope). */
export type NotEvaluatedReason =
  | 'invalid_uscc'
  | 'duplicate_uscc'
  | 'invalid_value'
  | 'missing_division'
  | 'unknown_division'
  | 'missing_industry'
  | 'unknown_industry'
  | 'non_industrial'
  | 'land_missing'
  | 'land_not_positive'
  | 'no_group'
  | 'below_land_threshold';

/** How an indicator's score came about. */
export type ScoreNote =
  | 'scored'
  | 'capped'
  | 'negative_numerator'
  | 'missing_numerator'
  | 'missing_denominator'
  | 'zero_denominator'
  | 'no_benchmark';

export const SCORE_NOTES: readonly ScoreNote[] = [
  'scored',
  'capped',
  'negative_numerator',
  'missing_numerator',
  'missing_denominator',
  'zero_denominator',
  'no_benchmark',
];

/** Which rule scored a missing value or a zero denominator. */
export type FillRule = 'zero' | 'full' | 'group_mean' | 'full_if_numerator_positive' | null;

export interface ManualAdjustment {
  toClass: ClassId;
  reason: string;
  by: string;
  /** ISO timestamp. */
  at: string;
}

/** Per (ranking unit, group): the statistics the scores were computed with, and the class cuts. */
export interface CellStats {
  unit: string;
  group: string;
  /** Firms of the group in the unit that were evaluated (graded or computed but not graded). */
  evaluated: number;
  graded: number;
  /** Per indicator of the group, in methodology order. */
  benchmark: number[];
  min: number[];
  max: number[];
  /** Mean score of firms with data, used for `group_mean` fills. */
  meanScore: number[];
  /** Σ numerator and Σ denominator over the statistic's population (aggregate benchmarks). */
  sumNumerator: number[];
  sumDenominator: number[];
  method: 'quota' | 'threshold';
  /** Quota cut ranks for A, B, C, D (cumulative), or null for thresholds. */
  cuts: number[] | null;
  thresholds: { A: number; B: number; C: number } | null;
}

export interface EvaluationRun {
  readonly methodology: Methodology;
  readonly methodologyHash: string;
  readonly datasetVersion: string;
  readonly batch: RecordBatch;
  readonly length: number;
  /** Normalised USCC of each record. */
  readonly uscc: string[];
  /** Index into STATUS_CODES. */
  readonly status: Uint8Array;
  /** not-evaluated reason code, or the id of the not-graded rule, or null. */
  readonly reason: (string | null)[];
  /** Index into methodology.groups, or -1. */
  readonly group: Int16Array;
  /** Index into cells, or -1. */
  readonly cell: Int32Array;
  readonly cells: CellStats[];
  /** First slot of each group's indicators in `value`/`score`/`note`/`fill`. */
  readonly slotOffset: number[];
  /**
   * Position of each record among its group's evaluated members (−1 when not evaluated): the
   * per-indicator arrays `value`, `score`, `note` and `fill` hold members only, so record i of group g
   * is at `value[slotOffset[g] + j][memberPos[i]]`.
   */
  readonly memberPos: Int32Array;
  readonly value: Float64Array[];
  readonly score: Float64Array[];
  readonly note: Uint8Array[];
  /** 0 none, 1 zero, 2 full, 3 group_mean, 4 full_if_numerator_positive. */
  readonly fill: Uint8Array[];
  /** Points of each adjustment rule (NaN when it does not apply). */
  readonly adjustment: Float64Array[];
  readonly total: Float64Array;
  readonly rank: Int32Array;
  readonly unitSize: Int32Array;
  /** 0 none, 1 A … 4 D. */
  readonly initialClass: Uint8Array;
  readonly adjustedClass: Uint8Array;
  /** Vetoes and protections that changed or capped the class (indices), for the few firms they touch. */
  readonly vetoesApplied: Map<number, number[]>;
  readonly protectionsApplied: Map<number, number[]>;
  readonly manual: Map<number, ManualAdjustment>;
}

export const FILL_RULES: readonly FillRule[] = [
  null,
  'zero',
  'full',
  'group_mean',
  'full_if_numerator_positive',
];

export interface IndicatorResult {
  id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  benchmark: number | null;
  weight: number;
  score: number;
  note: ScoreNote;
  fill: FillRule;
}

export interface ClassStep {
  kind: 'quota' | 'threshold' | 'veto' | 'protection' | 'manual';
  from: ClassId | null;
  to: ClassId;
  /** The rule id (veto or protection), or the manual adjustment's reason. */
  rule?: string;
  by?: string;
  at?: string;
  /** For quota: the cut ranks; for threshold: the thresholds. */
  cuts?: number[];
  thresholds?: { A: number; B: number; C: number };
}

/** One enterprise's full result and explanation. */
export interface EnterpriseResult {
  seq: number;
  uscc: string;
  name: string | null;
  division: string | null;
  industry: string | null;
  status: Status;
  reason: string | null;
  group: string | null;
  unit: string | null;
  indicators: IndicatorResult[];
  adjustments: { id: string; points: number }[];
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: ClassId | null;
  adjustedClass: ClassId | null;
  classSteps: ClassStep[];
  methodologyId: string;
  methodologyHash: string;
  datasetVersion: string;
}
