/**
 * The policy file format (`mujun.policy/v1`): what follows from the classes (资源要素差别化配置) —
 * land-use-tax relief, differential electricity, water and emission-fee prices, reward funds, and the
 * priority or cuts of land, energy and emission quotas — as declarative rules by class, in YAML or JSON.
 * This zod schema is the single source of truth: the published JSON Schema (`policies/policy.schema.json`)
 * is generated from it, and `parsePolicy` validates files against it, adding the cross-field rules zod
 * cannot express (overlapping rules, exactly one form of amount, assumption paths).
 */
import { z } from 'zod';
import { NUMERIC_FIELDS } from '../domain/fields.js';
import { CLASS_IDS } from '../engine/classes.js';

export const POLICY_SCHEMA_ID = 'mujun.policy/v1';

const text = z
  .strictObject({
    zh: z.string().min(1).describe('Chinese text (shown first)'),
    en: z.string().min(1).describe('English text'),
  })
  .describe('A label in Chinese and English');

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'lower-case id: letters, digits, _ and -')
  .describe('Identifier: lower-case letters, digits, _ and -');
const fieldName = z
  .enum(NUMERIC_FIELDS)
  .describe('An input field of the canonical record (docs/methodology.md)');
/** A rate, share or amount: finite and not negative (a cut is said with `action: cut`, not a sign). */
const nonNegative = z
  .number()
  .min(0)
  .refine(Number.isFinite, 'must be a finite number')
  .describe('A finite number, not negative');
const share = z.number().min(0).max(1).describe('A share between 0 and 1 (0.5 = 50 %)');
const classId = z
  .enum(CLASS_IDS)
  .describe('The adjusted class of the published run (after vetoes, protections and manual adjustments)');
const divisionCode = z.string().regex(/^\d{6}$/, 'a 6-digit GB/T 2260 county code');

/** Every rule: a class, and from how many consecutive years in it the rule applies. */
const ruleBase = {
  class: classId,
  consecutiveYears: z
    .int()
    .min(1)
    .max(20)
    .default(1)
    .describe(
      'The rule applies from this many consecutive data years in the class, this year included (1 = every year); of the rules of one class, the highest tier reached applies',
    ),
  note: text.optional().describe('A remark shown with the rule'),
};

const rateRule = z.strictObject({
  ...ruleBase,
  rate: nonNegative.describe('Surcharge per unit (元/kWh for electricity, 元/吨 for water and emissions)'),
});

const instrumentBase = {
  id,
  title: text,
  description: text.optional(),
};

const landUseTaxRelief = z
  .strictObject({
    ...instrumentBase,
    kind: z.literal('land_use_tax_relief'),
    taxRate: z
      .strictObject({
        default: nonNegative.describe('元 per m² of land per year, where a county has no rate of its own'),
        byDivision: z
          .record(divisionCode, nonNegative)
          .default({})
          .describe('元 per m² per year by county (6-digit code)'),
      })
      .describe(
        '城镇土地使用税 rate: the tax is land (亩 × 10000/15 m²) × rate; the records do not carry the tax paid',
      ),
    rules: z
      .array(z.strictObject({ ...ruleBase, share: share.describe('Share of the land-use tax relieved') }))
      .min(1),
  })
  .describe('城镇土地使用税减免: a share of the land-use tax relieved, by class (a cost, 万元)');

const electricitySurcharge = z
  .strictObject({
    ...instrumentBase,
    kind: z.literal('electricity_surcharge'),
    rules: z.array(rateRule).min(1).describe('元 per kWh on the electricity used (万千瓦时 in the records)'),
  })
  .describe('差别化电价: a surcharge per kWh, by class (an income, 万元)');

const waterSurcharge = z
  .strictObject({
    ...instrumentBase,
    kind: z.literal('water_surcharge'),
    waterUse: z
      .strictObject({
        field: fieldName.describe('The record field water use is estimated from'),
        factor: nonNegative.describe('吨 of water per unit of the field'),
      })
      .describe(
        'The records carry no water use: it is estimated as field × factor (吨); say in `assumptions` where the factor comes from',
      ),
    rules: z.array(rateRule).min(1).describe('元 per 吨 of water'),
  })
  .describe('差别化水价: a surcharge per tonne of water, by class (an income, 万元)');

const emissionFeeSurcharge = z
  .strictObject({
    ...instrumentBase,
    kind: z.literal('emission_fee_surcharge'),
    rules: z
      .array(rateRule)
      .min(1)
      .describe('元 per 吨 of main pollutant emissions (COD + NH₃-N + SO₂ + NOx, `emissions_t`)'),
  })
  .describe('差别化排污费: a surcharge per tonne of emissions, by class (an income, 万元)');

const reward = z
  .strictObject({
    ...instrumentBase,
    kind: z.literal('reward'),
    rules: z
      .array(
        z.strictObject({
          ...ruleBase,
          amount: nonNegative.optional().describe('A fixed reward per enterprise, 万元'),
          formula: z
            .strictObject({
              field: fieldName,
              factor: nonNegative.describe(
                '万元 of reward per unit of the field (0.05 = 5 % of a 万元 field)',
              ),
              min: nonNegative.optional().describe('At least this much, 万元'),
              max: nonNegative.optional().describe('At most this much, 万元'),
            })
            .optional()
            .describe(
              'A reward of factor × field, within min and max (a missing or negative field gives none)',
            ),
        }),
      )
      .min(1)
      .describe('Each rule gives either `amount` or `formula`'),
  })
  .describe(
    '奖励资金: a reward by class, fixed or by formula (a cost, 万元); several reward funds may stack',
  );

const quotaRule = z.strictObject({
  ...ruleBase,
  action: z.enum(['grant', 'cut']).describe('grant = priority / more quota; cut = less quota'),
  share: nonNegative
    .optional()
    .describe('Change as a share of the enterprise’s current use (land_mu, energy_tce or emissions_t)'),
  amount: nonNegative.optional().describe('Change as a fixed quantity per enterprise (亩, 吨标准煤 or 吨)'),
});

const quota = (kind: 'land_quota' | 'energy_quota' | 'emission_quota', what: string) =>
  z
    .strictObject({
      ...instrumentBase,
      kind: z.literal(kind),
      rules: z.array(quotaRule).min(1).describe('Each rule gives either `share` or `amount`'),
    })
    .describe(what);

export const instrumentSchema = z.discriminatedUnion('kind', [
  landUseTaxRelief,
  electricitySurcharge,
  waterSurcharge,
  emissionFeeSurcharge,
  reward,
  quota('land_quota', '用地指标: new land granted (亩, share of land_mu) or cut, by class'),
  quota('energy_quota', '用能指标: energy quota granted (吨标准煤, share of energy_tce) or cut, by class'),
  quota('emission_quota', '排污指标: emission quota granted (吨, share of emissions_t) or cut, by class'),
]);

const assumption = z.strictObject({
  path: z
    .string()
    .describe('Where in this file the assumed value is, e.g. instruments.electricity_surcharge.rules'),
  note: text,
});

export const policySchema = z
  .strictObject({
    schema: z.literal(POLICY_SCHEMA_ID),
    id,
    version: z.int().min(1),
    title: text,
    description: text.optional(),
    source: z.string().optional().describe('Where the published parts come from'),
    assumptions: z
      .array(assumption)
      .default([])
      .describe('Every value that is a demo assumption rather than a published figure'),
    instruments: z.array(instrumentSchema).min(1),
  })
  .describe('A differentiated resource-allocation policy (Mujun): instruments by class');

export type PolicyFileInput = z.input<typeof policySchema>;
export type Policy = z.output<typeof policySchema>;
export type Instrument = Policy['instruments'][number];
export type InstrumentKind = Instrument['kind'];
export type PolicyRule = Instrument['rules'][number];

/** Instrument kinds in report order. */
export const INSTRUMENT_KINDS = [
  'land_use_tax_relief',
  'reward',
  'electricity_surcharge',
  'water_surcharge',
  'emission_fee_surcharge',
  'land_quota',
  'energy_quota',
  'emission_quota',
] as const satisfies readonly InstrumentKind[];

/** Kinds of which a firm may receive only one rule across all instruments (rewards stack). */
export const SINGLE_KINDS: ReadonlySet<InstrumentKind> = new Set<InstrumentKind>(
  INSTRUMENT_KINDS.filter((k) => k !== 'reward'),
);
