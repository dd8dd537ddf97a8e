/**
 * The mapping-profile file format (`mujun.profile/v1`): how one department's file layout is recognised
 * and turned into canonical fields. A profile is data (YAML or JSON, in `profiles/`): a county whose tax
 * bureau exports a different layout adds a file, not code. This zod schema is the single source of
 * truth; `profiles/profiles.schema.json` is generated from it and `parseProfile` adds the cross-field
 * rules (every column named exists, units fit the quantity, types fit the canonical field).
 */
import { z } from 'zod';
import { NUMERIC_FIELDS, type NumericField } from '../../domain/fields.js';
import { QUANTITIES, UNITS, type Quantity } from '../normalise/units.js';

export const PROFILE_SCHEMA_ID = 'mujun.profile/v1';

/** What a column holds, which decides how its cells are read. */
export const COLUMN_TYPES = [
  'uscc',
  'text',
  'id',
  'number',
  'boolean',
  'date',
  'division',
  'industry',
  'category',
  'data_year',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Canonical fields a profile can fill: the record's text fields besides the key, and every numeric one. */
export const TARGET_FIELDS = ['name', 'division', 'industry', 'tenant_of', ...NUMERIC_FIELDS] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

/** The quantity of each numeric canonical field measured in a unit (docs/methodology.md's canonical units). */
export const FIELD_QUANTITY: Readonly<Partial<Record<NumericField, Quantity>>> = {
  land_mu: 'land',
  tax: 'money',
  value_added: 'money',
  revenue: 'money',
  rd_spend: 'money',
  energy_tce: 'energy',
  emissions_t: 'mass',
  employees: 'headcount',
  electricity: 'electricity',
  invention_patents: 'count',
  sublet_tenants: 'count',
};

/** How the rows of one enterprise combine: rejected after the first, or summed (meters, parcels). */
export const DUPLICATE_POLICIES = ['reject', 'sum', 'sum_with_row_key'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

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

const columnId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'column id: lower-case letters, digits and _')
  .describe('A column id declared under `columns`');

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = finite.refine((v) => v > 0, 'must be positive');

const unitName = z
  .enum(UNITS.map((u) => u.id) as [string, ...string[]])
  .describe(
    'A unit by its Chinese name (元, 千元, 万元, 平方米, 亩, 千瓦时, 万千瓦时, 千克, 吨, 吨标准煤, 人…)',
  );

export const columnSchema = z
  .strictObject({
    title: text.optional().describe('What the column is, for reports (defaults to its first header)'),
    headers: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        'Header texts that name this column, without their unit. Compared after NFKC, without spaces, ' +
          'with brackets unified; a header may add its unit in brackets, after a space or a slash.',
      ),
    type: z.enum(COLUMN_TYPES).describe('How cells are read'),
    quantity: z.enum(QUANTITIES).optional().describe('For number columns: what is measured'),
    units: z
      .array(unitName)
      .min(1)
      .optional()
      .describe('For number columns: the units a header may declare, e.g. [元, 万元]'),
    default_unit: unitName
      .optional()
      .describe(
        'The unit assumed when the header names none (said in a warning); required with several units',
      ),
    negative: z
      .boolean()
      .optional()
      .describe('Whether negative values are allowed (tax is net of refunds); default false'),
    max: positive
      .optional()
      .describe('Plausibility: a value above this (canonical unit) is rejected as implausible for the unit'),
    min_positive: positive
      .optional()
      .describe('Plausibility: a positive value below this (canonical unit) is implausible for the unit'),
    min_positive_total: positive
      .optional()
      .describe(
        'Plausibility: an enterprise whose positive total (canonical unit) is below this is implausible',
      ),
    true_words: z
      .array(z.string().min(1))
      .optional()
      .describe('For boolean columns: extra words for yes (规上)'),
    false_words: z
      .array(z.string().min(1))
      .optional()
      .describe('For boolean columns: extra words for no (规下)'),
    values: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe('For category columns: each accepted cell text and the value it stands for (出让: owned)'),
    aggregate: z
      .enum(['sum', 'max', 'min', 'first'])
      .optional()
      .describe(
        'How the rows of one enterprise combine in an additive file: numbers sum, dates and flags take ' +
          'the max, text the first, unless set here',
      ),
  })
  .describe('One column of the layout');

const fieldSource = z
  .union([
    columnId.describe('The value of one column'),
    z
      .strictObject({ first_present: z.array(columnId).min(1) })
      .describe(
        'The first of these columns that the file has (税收实际贡献 if present, else 实缴税金); decided per file',
      ),
    z
      .strictObject({ sum: z.array(columnId).min(1) })
      .describe(
        'The sum of these columns in canonical units, over the cells that have a value (COD + NH₃-N + …)',
      ),
  ])
  .describe('Where a canonical field comes from');

export const profileSchema = z
  .strictObject({
    schema: z.literal(PROFILE_SCHEMA_ID),
    id: id.describe('The profile id (the file name without .yaml)'),
    version: z.int().min(1).optional(),
    department: id.describe(
      'The department whose files have this layout, e.g. tax; the source in provenance',
    ),
    label: text.describe('The department, as users call it (税务 / tax)'),
    description: text.optional(),
    registry: z
      .boolean()
      .optional()
      .describe(
        'Whether this is the enterprise registry (市场监管): an enterprise absent from it is rejected as unknown in every other file',
      ),
    recognise: z
      .strictObject({
        required: z
          .array(z.union([columnId, z.array(columnId).min(2)]))
          .min(1)
          .describe('Columns a header must have for this layout; a list means one of them'),
      })
      .describe('How a file of this layout is recognised from its header'),
    key: columnId.describe('The column holding the enterprise USCC (a column of type uscc)'),
    duplicates: z
      .enum(DUPLICATE_POLICIES)
      .describe(
        'A second row of the same enterprise: reject it; sum it (meters, parcels); or sum only when the file ' +
          'has the row_key column (one row per outlet), else reject',
      ),
    row_key: columnId
      .optional()
      .describe(
        'A column identifying a row (户号, 不动产权证号): the same value twice is a duplicate, rejected',
      ),
    columns: z.record(columnId, columnSchema).describe('The columns of the layout, by id'),
    fields: z
      .partialRecord(z.enum(TARGET_FIELDS), fieldSource)
      .describe('Canonical fields (docs/methodology.md) this layout fills, and from which columns'),
    holdings: z
      .strictObject({
        area: columnId,
        certificate: columnId.optional(),
        tenure: columnId.optional().describe('A category column whose values are owned or rented'),
        use: columnId.optional(),
      })
      .optional()
      .describe('For land files: the parcels kept as land holdings, one per row'),
  })
  .describe('A mapping profile: one departmental file layout');

export type ColumnSpec = z.infer<typeof columnSchema>;
export type FieldSource = z.infer<typeof fieldSource>;
export type Profile = z.infer<typeof profileSchema>;
