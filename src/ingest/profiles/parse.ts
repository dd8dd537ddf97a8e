/**
 * Reads a mapping-profile file (YAML or JSON text) into a validated `Profile`, or a list of problems,
 * each naming the place in the file (path and line:column) and the rule broken, in Chinese and English.
 * Pure: the caller supplies the text.
 */
import type { z } from 'zod';
import { FIELD_INFO, isNumericField } from '../../domain/fields.js';
import {
  dedupeIssues,
  describeZodIssue as describeCommonZodIssue,
  formatRuleIssue,
  issuePath,
  pathText,
  readRuleDocument,
  type PathSeg,
  type RuleFileIssue,
} from '../../domain/rule-file.js';
import { normaliseLabel } from '../normalise/text.js';
import { isUnitOf, UNITS } from '../normalise/units.js';
import {
  FIELD_QUANTITY,
  profileSchema,
  TARGET_FIELDS,
  type ColumnSpec,
  type ColumnType,
  type FieldSource,
  type Profile,
  type TargetField,
} from './schema.js';

export type ProfileIssue = RuleFileIssue;

export class ProfileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ProfileIssue[],
  ) {
    super(issues.map((i) => formatProfileIssue(file, i)).join('\n'));
    this.name = 'ProfileError';
  }
}

/** One line per issue: `file:line:col path — 中文 / English [rule]`. */
export function formatProfileIssue(file: string, i: ProfileIssue): string {
  return formatRuleIssue(file, i);
}

type Add = (path: readonly PathSeg[], rule: string, zh: string, en: string) => void;

export interface ProfileParseResult {
  readonly profile: Profile | null;
  readonly issues: readonly ProfileIssue[];
}

/** Parses and validates a profile file's text; never throws for bad content. */
export function parseProfile(textContent: string): ProfileParseResult {
  const doc = readRuleDocument(textContent, { zh: '配置文件', en: 'a profile file' });
  const issues: ProfileIssue[] = [...doc.issues];
  const add: Add = (path, rule, zh, en) =>
    issues.push({ path: pathText(path), ...doc.locate(path), rule, zh, en });
  const raw = doc.raw;
  if (raw === null) return { profile: null, issues };
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) describeZodIssue(zi, raw, add);
    return { profile: null, issues: dedupeIssues(issues) };
  }
  checkCrossRules(parsed.data, add);
  return { profile: issues.length > 0 ? null : parsed.data, issues };
}

/** Parses, validates and throws a ProfileError when the file is not a valid profile. */
export function loadProfileText(textContent: string, file = 'profile'): Profile {
  const r = parseProfile(textContent);
  if (!r.profile) throw new ProfileError(file, r.issues);
  return r.profile;
}

/** The profile's own wording for unknown keys, the common wording for the rest. */
function describeZodIssue(zi: z.core.$ZodIssue, raw: unknown, add: Add): void {
  const path = issuePath(zi);
  const last = path[path.length - 1];
  if (zi.code === 'unrecognized_keys') {
    for (const k of zi.keys)
      if (path.length === 1 && path[0] === 'fields')
        add(
          [...path, k],
          'unknown_field',
          `“${k}”不是标准记录的字段（可用：${TARGET_FIELDS.join('、')}）`,
          `"${k}" is not a field of the canonical record (known: ${TARGET_FIELDS.join(', ')})`,
        );
      else add([...path, k], 'unknown_key', `未知字段“${k}”`, `unknown key "${k}"`);
    return;
  }
  if (zi.code === 'invalid_key') {
    add(
      path,
      'unknown_field',
      `不是标准记录的字段：${String(last)}`,
      `not a canonical field: ${String(last)}`,
    );
    return;
  }
  describeCommonZodIssue(zi, raw, (p, rule, zh, en, key) => add(key ? [...p, key] : p, rule, zh, en));
}

/** The column types a canonical field accepts. */
function acceptedTypes(field: TargetField): readonly ColumnType[] {
  switch (field) {
    case 'name':
      return ['text'];
    case 'division':
      return ['division'];
    case 'industry':
      return ['industry'];
    case 'tenant_of':
      return ['uscc'];
    default: {
      const kind = FIELD_INFO[field].kind;
      if (kind === 'flag') return ['boolean'];
      if (kind === 'year') return ['date'];
      return ['number'];
    }
  }
}

/** Column ids a field source reads. */
export function sourceColumns(source: FieldSource): readonly string[] {
  if (typeof source === 'string') return [source];
  return 'first_present' in source ? source.first_present : source.sum;
}

function checkCrossRules(p: Profile, add: Add): void {
  const cols = p.columns;
  const known = (path: readonly PathSeg[], colId: string): ColumnSpec | undefined => {
    const c = cols[colId];
    if (!c)
      add(
        path,
        'unknown_column',
        `未声明的列“${colId}”（columns 中没有）`,
        `column "${colId}" is not declared under columns`,
      );
    return c;
  };

  // Columns: units fit the quantity; defaults; type-specific keys.
  const seenHeaders = new Map<string, string>();
  for (const [colId, c] of Object.entries(cols)) {
    const at: PathSeg[] = ['columns', colId];
    c.headers.forEach((h, i) => {
      const k = normaliseLabel(h);
      const other = seenHeaders.get(k);
      if (other !== undefined && other !== colId)
        add(
          [...at, 'headers', i],
          'duplicate_header',
          `表头“${h}”同时属于列“${other}”，无法区分`,
          `header "${h}" also names column "${other}": ambiguous`,
        );
      seenHeaders.set(k, colId);
    });
    if (c.type === 'number') {
      if (!c.quantity)
        add(
          [...at, 'quantity'],
          'required',
          '数值列必须声明 quantity（计量对象）',
          'a number column needs a quantity',
        );
      if (!c.units)
        add(
          [...at, 'units'],
          'required',
          '数值列必须声明可接受的单位 units',
          'a number column needs its accepted units',
        );
      if (c.quantity && c.units)
        c.units.forEach((unit, i) => {
          if (!isUnitOf(unit, c.quantity!))
            add(
              [...at, 'units', i],
              'unit_quantity',
              `单位“${unit}”不是 ${c.quantity} 的单位（可用：${unitsOf(c.quantity!)}）`,
              `"${unit}" is not a unit of ${c.quantity} (known: ${unitsOf(c.quantity!)})`,
            );
        });
      if (c.units && c.units.length > 1 && !c.default_unit)
        add(
          [...at, 'default_unit'],
          'required',
          '可接受多个单位时必须声明表头无单位时采用的 default_unit',
          'a column with several units needs the default_unit assumed when a header names none',
        );
      if (c.default_unit && c.units && !c.units.includes(c.default_unit))
        add(
          [...at, 'default_unit'],
          'default_unit',
          `default_unit “${c.default_unit}” 不在 units 中`,
          `default_unit "${c.default_unit}" is not one of the units`,
        );
    } else {
      for (const k of [
        'quantity',
        'units',
        'default_unit',
        'negative',
        'max',
        'min_positive',
        'min_positive_total',
      ] as const)
        if (c[k] !== undefined)
          add(
            [...at, k],
            'not_for_type',
            `${k} 只用于 number 类型的列`,
            `${k} applies to number columns only`,
          );
    }
    if (c.type !== 'boolean')
      for (const k of ['true_words', 'false_words'] as const)
        if (c[k] !== undefined)
          add(
            [...at, k],
            'not_for_type',
            `${k} 只用于 boolean 类型的列`,
            `${k} applies to boolean columns only`,
          );
    if (c.type === 'category' && !c.values)
      add(
        [...at, 'values'],
        'required',
        'category 类型的列必须声明 values',
        'a category column needs its values',
      );
    if (c.type !== 'category' && c.values !== undefined)
      add(
        [...at, 'values'],
        'not_for_type',
        'values 只用于 category 类型的列',
        'values applies to category columns only',
      );
  }

  // Key, row key, recognition.
  const key = known(['key'], p.key);
  if (key && key.type !== 'uscc')
    add(
      ['key'],
      'key_type',
      `主键列“${p.key}”必须是 uscc 类型`,
      `the key column "${p.key}" must be of type uscc`,
    );
  if (p.row_key !== undefined) {
    const rk = known(['row_key'], p.row_key);
    if (rk && rk.type !== 'id' && rk.type !== 'text')
      add(
        ['row_key'],
        'row_key_type',
        'row_key 必须是 id 或 text 类型的列',
        'row_key must be an id or text column',
      );
  }
  if (p.duplicates === 'sum_with_row_key' && p.row_key === undefined)
    add(
      ['row_key'],
      'required',
      'duplicates: sum_with_row_key 需要 row_key',
      'duplicates: sum_with_row_key needs a row_key',
    );
  p.recognise.required.forEach((r, i) => {
    if (typeof r === 'string') known(['recognise', 'required', i], r);
    else r.forEach((x, j) => known(['recognise', 'required', i, j], x));
  });

  // Fields: each source column exists and fits the field.
  for (const [field, source] of Object.entries(p.fields) as [TargetField, FieldSource][]) {
    const at: PathSeg[] = ['fields', field];
    const types = acceptedTypes(field);
    const wantQuantity = isNumericField(field) ? FIELD_QUANTITY[field] : undefined;
    if (typeof source !== 'string' && 'sum' in source && !types.includes('number'))
      add(at, 'sum_type', `字段 ${field} 不能由多列相加得到`, `field ${field} cannot be a sum of columns`);
    sourceColumns(source).forEach((colId, i) => {
      const path =
        typeof source === 'string' ? at : [...at, 'first_present' in source ? 'first_present' : 'sum', i];
      const c = known(path, colId);
      if (!c) return;
      if (!types.includes(c.type))
        add(
          path,
          'field_type',
          `字段 ${field} 需要 ${types.join('/')} 类型的列，列“${colId}”是 ${c.type}`,
          `field ${field} needs a ${types.join('/')} column; "${colId}" is ${c.type}`,
        );
      else if (c.type === 'number' && wantQuantity && c.quantity && c.quantity !== wantQuantity)
        add(
          path,
          'field_quantity',
          `字段 ${field} 的计量对象是 ${wantQuantity}，列“${colId}”是 ${c.quantity}`,
          `field ${field} measures ${wantQuantity}; column "${colId}" measures ${c.quantity}`,
        );
      else if (c.negative && isNumericField(field) && !FIELD_INFO[field].negativeAllowed)
        add(
          [...path],
          'negative_not_allowed',
          `字段 ${field} 不能为负，列“${colId}”不应允许负数`,
          `field ${field} cannot be negative; column "${colId}" must not allow negatives`,
        );
    });
  }

  // Holdings: a land area column and an owned/rented tenure.
  if (p.holdings) {
    const h = p.holdings;
    const area = known(['holdings', 'area'], h.area);
    if (area && (area.type !== 'number' || area.quantity !== 'land'))
      add(
        ['holdings', 'area'],
        'field_type',
        'holdings.area 必须是土地面积列',
        'holdings.area must be a land-area column',
      );
    if (h.certificate) known(['holdings', 'certificate'], h.certificate);
    if (h.use) known(['holdings', 'use'], h.use);
    if (h.tenure) {
      const t = known(['holdings', 'tenure'], h.tenure);
      if (t && t.type !== 'category')
        add(
          ['holdings', 'tenure'],
          'field_type',
          'holdings.tenure 必须是 category 列',
          'holdings.tenure must be a category column',
        );
      else if (t?.values)
        for (const [k, v] of Object.entries(t.values))
          if (v !== 'owned' && v !== 'rented')
            add(
              ['columns', h.tenure, 'values', k],
              'tenure_value',
              `权利类型只能对应 owned 或 rented，“${k}”对应了“${v}”`,
              `a tenure maps to owned or rented; "${k}" maps to "${v}"`,
            );
    }
  }
}

function unitsOf(quantity: string): string {
  return UNITS.filter((u) => u.quantity === quantity)
    .map((u) => u.id)
    .join(', ');
}
