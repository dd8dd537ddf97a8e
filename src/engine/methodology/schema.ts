/**
 * The methodology file format (`mujun.methodology/v1`): a declarative description of one jurisdiction's
 * per-mu evaluation, written in YAML or JSON. This zod schema is the single source of truth: the
 * published JSON Schema (`methodologies/methodology.schema.json`) is generated from it, and
 * `parseMethodology` validates files against it, adding the cross-field rules zod cannot express.
 */
import { z } from 'zod';
import { NUMERIC_FIELDS } from '../../domain/fields.js';

export const SCHEMA_ID = 'mujun.methodology/v1';

import { CLASS_IDS } from '../classes.js';

export { CLASS_IDS, type ClassId } from '../classes.js';

const text = z
  .strictObject({
    zh: z.string().min(1).describe('Chinese text (shown first)'),
    en: z.string().min(1).describe('English text'),
  })
  .describe('A label in Chinese and English');

const fieldName = z
  .enum(NUMERIC_FIELDS)
  .describe('An input field of the canonical record (docs/methodology.md)');
const id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'lower-case id: letters, digits, _ and -')
  .describe('Identifier: lower-case letters, digits, _ and -');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegative = finite.refine((v) => v >= 0, 'must not be negative');

/** A condition over one enterprise's record, used by scope rules, groups, adjustments, vetoes and protections. */
export type Condition =
  | { field: (typeof NUMERIC_FIELDS)[number]; op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte'; value: number }
  | { field: (typeof NUMERIC_FIELDS)[number]; op: 'missing' | 'present' }
  | { field: (typeof NUMERIC_FIELDS)[number]; op: 'within_years'; value: number }
  | { industry: { from: number; to: number }[] }
  | { industryCodes: string[] }
  | { uscc: string[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z
      .strictObject({ field: fieldName, op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']), value: finite })
      .describe('Compare a field with a number (a missing field never matches)'),
    z
      .strictObject({ field: fieldName, op: z.enum(['missing', 'present']) })
      .describe('Whether a field has a value'),
    z
      .strictObject({ field: fieldName, op: z.literal('within_years'), value: z.int().min(1) })
      .describe(
        'A year field (founded, land_acquired) within the last N years up to the data year, inclusive',
      ),
    z
      .strictObject({
        industry: z
          .array(z.strictObject({ from: z.int().min(1).max(99), to: z.int().min(1).max(99) }))
          .min(1),
      })
      .describe('Industry 大类 (first two digits of the GB/T 4754 code) in one of the ranges'),
    z
      .strictObject({ industryCodes: z.array(z.string().regex(/^\d{2,4}$/)).min(1) })
      .describe('Industry code starts with one of these codes'),
    z.strictObject({ uscc: z.array(z.string()).min(1) }).describe('An explicit list of enterprises'),
    z.strictObject({ all: z.array(conditionSchema).min(1) }).describe('All conditions hold'),
    z.strictObject({ any: z.array(conditionSchema).min(1) }).describe('At least one condition holds'),
    z.strictObject({ not: conditionSchema }).describe('The condition does not hold'),
  ]),
);

const benchmark = z.union([
  z
    .strictObject({ constant: finite.refine((v) => v > 0, 'must be positive') })
    .describe('A published constant'),
  z
    .strictObject({
      statistic: z
        .enum(['aggregate', 'mean', 'median'])
        .describe('aggregate = Σ numerator ÷ Σ denominator; mean / median of the indicator values'),
      population: z
        .enum(['evaluated', 'graded'])
        .default('evaluated')
        .describe('Which firms of the group in the ranking unit the statistic is taken over'),
      multiplier: finite.refine((v) => v > 0, 'must be positive').default(1),
    })
    .describe('A statistic of the group inside the ranking unit'),
]);

export const scoringSchema = z.discriminatedUnion('method', [
  z
    .strictObject({
      method: z.literal('ratio_to_benchmark'),
      benchmark,
      cap: finite
        .refine((v) => v > 0, 'must be positive')
        .optional()
        .describe('score ≤ cap × weight'),
    })
    .describe('s = (x ÷ b) × w (b ÷ x for lower-is-better)'),
  z.strictObject({ method: z.literal('ratio_to_max') }).describe('s = x ÷ max(x in group) × w'),
  z
    .strictObject({
      method: z.literal('minmax'),
      floor: finite.refine((v) => v >= 0 && v <= 100, 'must be between 0 and 100').default(20),
    })
    .describe('s = w × [f + (100 − f) × (x − min) ÷ (max − min)] ÷ 100'),
]);

const missingRule = z.enum(['zero', 'group_mean', 'full']);

const indicator = z.strictObject({
  id,
  title: text,
  unit: z.string().describe('Unit of the indicator value as shown to users, e.g. 万元/亩'),
  numerator: fieldName,
  denominator: fieldName.optional().describe('Omit to use the numerator itself as the value'),
  weight: nonNegative,
  direction: z.enum(['higher_is_better', 'lower_is_better']).default('higher_is_better'),
  scoring: scoringSchema,
  onMissing: z
    .union([
      missingRule,
      z.strictObject({ numerator: missingRule.default('zero'), denominator: missingRule.default('zero') }),
    ])
    .default('zero')
    .describe(
      'Score when an input is missing (one rule for both, or one for a missing numerator and one for a missing denominator): 0, the mean of this indicator’s scores over the graded firms of the same group and ranking unit that have the data, or the full weight',
    ),
  onZeroDenominator: z
    .enum(['zero', 'full', 'full_if_numerator_positive', 'group_mean'])
    .default('zero')
    .describe('Score when the denominator is zero (or negative)'),
});

const quotas = z
  .strictObject({ A: nonNegative, B: nonNegative, C: nonNegative, D: nonNegative })
  .describe('Cumulative shares per class, ascending, ending at 1.0');
const thresholds = z
  .strictObject({ A: finite, B: finite, C: finite })
  .describe('Minimum total for A, B and C; below C is D');

const rankingUnit = z
  .enum(['county', 'city', 'county_industry', 'industry'])
  .default('county')
  .describe('Where firms are ranked and statistics taken; industry = GB/T 4754 大类');

const classing = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('quota'), quotas }),
  z.strictObject({ method: z.literal('threshold'), thresholds }),
]);

const topClassing = z.discriminatedUnion('method', [
  z.strictObject({ rankingUnit, method: z.literal('quota'), quotas }),
  z.strictObject({ rankingUnit, method: z.literal('threshold'), thresholds }),
]);

const group = z.strictObject({
  id,
  title: text,
  when: conditionSchema.describe('Which enterprises belong to the group (the first matching group wins)'),
  minLandMu: nonNegative.optional().describe('Firms of this group with less land (亩) are out of scope'),
  indicators: z.array(indicator).min(1),
  classing: classing.optional().describe('Overrides the methodology-wide classing for this group'),
});

const adjustment = z
  .strictObject({
    id,
    title: text,
    groups: z.array(id).optional().describe('Only for these groups (default: all)'),
    when: conditionSchema.optional(),
    perUnit: z
      .strictObject({ field: fieldName, beyond: nonNegative.default(0) })
      .optional()
      .describe('Points are multiplied by (field value − beyond), when positive'),
    points: finite.describe('Points added to the total (negative for a penalty)'),
    min: finite.optional().describe('Lower bound of this rule’s points'),
    max: finite.optional().describe('Upper bound of this rule’s points'),
  })
  .describe('A bonus or penalty rule');

const veto = z.strictObject({
  id,
  title: text,
  when: conditionSchema,
  atBest: z.enum(CLASS_IDS).default('C').describe('The best class a vetoed firm can have'),
});

const protection = z.strictObject({
  id,
  title: text,
  when: conditionSchema,
  atWorst: z.enum(CLASS_IDS).default('C').describe('The worst class a protected firm can have'),
});

const notGradedRule = z.strictObject({
  id,
  title: text,
  when: conditionSchema,
});

const assumption = z.strictObject({
  path: z.string().describe('Where in this file the assumed value is, e.g. groups.below.minLandMu'),
  note: text,
});

export const methodologySchema = z
  .strictObject({
    schema: z.literal(SCHEMA_ID),
    id,
    version: z.int().min(1),
    title: text,
    description: text.optional(),
    source: z.string().optional().describe('Where the published parts come from'),
    dataYear: z.int().min(2000).max(2100).describe('The year the data describe'),
    assumptions: z
      .array(assumption)
      .default([])
      .describe('Every value that is a demo assumption rather than a published figure'),
    scope: z.strictObject({
      industrial: z
        .strictObject({ from: z.int().min(1).max(99), to: z.int().min(1).max(99) })
        .default({ from: 6, to: 46 })
        .describe('Industry 大类 range that counts as industrial'),
      notGraded: z
        .array(notGradedRule)
        .default([])
        .describe('Firms that are computed but not graded, with the reason'),
    }),
    groups: z.array(group).min(1),
    adjustments: z.array(adjustment).default([]),
    classing: topClassing,
    classTitles: z
      .strictObject({ A: text, B: text, C: text, D: text })
      .optional()
      .describe('What the classes are called here'),
    vetoes: z.array(veto).default([]),
    protections: z.array(protection).default([]),
  })
  .describe('A per-mu benefit evaluation methodology (Mujun)');

export type MethodologyInput = z.input<typeof methodologySchema>;
export type Methodology = z.output<typeof methodologySchema>;
export type Group = Methodology['groups'][number];
export type Indicator = Group['indicators'][number];
export type Classing = z.output<typeof classing>;
export type Adjustment = Methodology['adjustments'][number];
export type RankingUnit = Methodology['classing']['rankingUnit'];
