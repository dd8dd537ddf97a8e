/**
 * The file format of a methodology's golden tests (`mujun.methodology-tests/v1`), in the spirit of
 * OpenFisca's YAML tests for legislation: a bureau writes a few enterprises' records as its clerks know
 * them (the columns of the canonical record file, canonical units) and what its methodology must give
 * for them — indicator values, benchmarks and scores, total, rank, classes — with a margin. `mujun
 * methodology test FILE…` runs them; the shipped methodologies ship theirs (docs/methodology.md §6).
 *
 * @example
 * schema: mujun.methodology-tests/v1
 * methodology: huangyan-2023
 * tests:
 *   - name: 例2 规下企业
 *     defaults: { division: '330402', industry: '3825', founded: 2005 }
 *     records: [{ id: e2, above_scale: 0, land_mu: 10, tax: 80, electricity: 400 }]
 *     expect: { e2: { status: graded, total: 77.020 } }
 */
import { z } from 'zod';
import { NUMERIC_FIELDS } from '../../domain/fields.js';
import { CLASS_IDS } from '../classes.js';

/* the step names, with the schema so that the API's contract can name them without the runner */
/** The steps of an evaluation, in the order the engine takes them. */
export const GOLDEN_STEPS = [
  'record',
  'scope',
  'indicator',
  'adjustment',
  'total',
  'rank',
  'initial_class',
  'adjusted_class',
  'class_counts',
] as const;
export type GoldenStep = (typeof GOLDEN_STEPS)[number];

/** How far a computed number may be from the expected one: it passes when within either bound. */
export const marginSchema = z
  .strictObject({
    absolute: z.number().nonnegative().optional().describe('|computed − expected| ≤ absolute'),
    relative: z.number().nonnegative().optional().describe('|computed − expected| ≤ relative × |expected|'),
  })
  .describe('Tolerance for numbers; default { absolute: 0.0005 } (3 decimals)');
export type Margin = z.infer<typeof marginSchema>;

const numericValue = z.union([z.number(), z.boolean(), z.null()]);
const recordShape = Object.fromEntries(NUMERIC_FIELDS.map((f) => [f, numericValue.optional()])) as Record<
  (typeof NUMERIC_FIELDS)[number],
  z.ZodOptional<typeof numericValue>
>;
const textFields = {
  uscc: z.string().optional().describe('USCC; a valid one is made from the record’s position when omitted'),
  name: z.string().optional(),
  division: z.string().optional().describe('County-level division code (GB/T 2260)'),
  industry: z.string().optional().describe('Industry code (GB/T 4754-2017)'),
  tenant_of: z.string().optional(),
};

/** One enterprise of a test: the canonical record's columns, plus a label the expectations refer to. */
export const testRecordSchema = z.strictObject({
  id: z.string().min(1).describe('The label the expectations use'),
  ...textFields,
  ...recordShape,
});
export type TestRecord = z.infer<typeof testRecordSchema>;

/** Fields every record of a test takes unless it sets them itself. */
const defaultsSchema = z.strictObject({ ...textFields, ...recordShape }).omit({ uscc: true });

const classId = z.enum(CLASS_IDS);
const status = z.enum(['graded', 'computed_not_graded', 'not_evaluated']);

export const indicatorExpectationSchema = z.strictObject({
  value: z.number().nullable().optional(),
  benchmark: z.number().nullable().optional(),
  score: z.number().optional(),
});

/** What one enterprise's result must be; only the fields given are checked. */
export const expectationSchema = z.strictObject({
  status: status.optional(),
  reason: z.string().nullable().optional(),
  group: z.string().nullable().optional(),
  indicators: z.record(z.string(), indicatorExpectationSchema).optional(),
  adjustments: z.record(z.string(), z.number()).optional().describe('Points by adjustment rule id'),
  total: z.number().nullable().optional(),
  rank: z.number().int().positive().nullable().optional(),
  unit_size: z.number().int().positive().nullable().optional(),
  initial_class: classId.nullable().optional(),
  adjusted_class: classId.nullable().optional(),
});
export type Expectation = z.infer<typeof expectationSchema>;

/** How many graded enterprises of one ranking unit and group take each class. */
export const classCountSchema = z.strictObject({
  division: z.string().optional().describe('The ranking unit’s division; all units when omitted'),
  group: z.string().optional(),
  of: z
    .enum(['initial', 'adjusted'])
    .optional()
    .describe('Which class is counted; the initial one by default'),
  A: z.number().int().nonnegative().optional(),
  B: z.number().int().nonnegative().optional(),
  C: z.number().int().nonnegative().optional(),
  D: z.number().int().nonnegative().optional(),
});
export type ClassCount = z.infer<typeof classCountSchema>;

export const goldenTestSchema = z.strictObject({
  name: z.string().min(1),
  keywords: z.array(z.string()).optional(),
  description: z.string().optional(),
  dataYear: z.number().int().optional().describe('The year the data describe; the methodology’s by default'),
  margin: marginSchema.optional(),
  defaults: defaultsSchema.optional(),
  records: z.array(testRecordSchema).min(1),
  expect: z.record(z.string(), expectationSchema).optional(),
  classCounts: z.array(classCountSchema).optional(),
});
export type GoldenTest = z.infer<typeof goldenTestSchema>;

export const goldenFileSchema = z.strictObject({
  schema: z.literal('mujun.methodology-tests/v1'),
  methodology: z.string().min(1).describe('A shipped methodology id, or a file path relative to this file'),
  margin: marginSchema.optional(),
  tests: z.array(goldenTestSchema).min(1),
});
export type GoldenFile = z.infer<typeof goldenFileSchema>;
