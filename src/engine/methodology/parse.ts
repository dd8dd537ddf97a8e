/**
 * Reads a methodology file (YAML or JSON text) into a validated `Methodology`, or a list of problems each
 * naming the place in the file (path and line:column) and the rule broken, in Chinese and English.
 * The reading and the usual wording are shared with the import profiles (`domain/rule-file.ts`).
 */
import type { z } from 'zod';
import { isNumericField } from '../../domain/fields.js';
import {
  describeZodIssue as describeCommonZodIssue,
  formatRuleIssue,
  issuePath,
  valueAt,
  parseRuleFile,
  type AddCheckedIssue,
  type AddIssue,
  type CheckedIssue,
  type PathSeg,
} from '../../domain/rule-file.js';
import { CLASS_IDS, methodologySchema, type Condition, type Methodology } from './schema.js';

export type MethodologyIssue = CheckedIssue;

export class MethodologyError extends Error {
  constructor(
    readonly file: string,
    readonly issues: MethodologyIssue[],
  ) {
    super(issues.map((i) => formatIssue(file, i)).join('\n'));
    this.name = 'MethodologyError';
  }
}

/** One line per issue: `file:line:col path — 中文 / English [rule]`. */
export function formatIssue(file: string, i: MethodologyIssue): string {
  return formatRuleIssue(file, i, i.severity === 'error' ? '错误 error' : '提示 warning');
}

export interface ParseResult {
  methodology: Methodology | null;
  issues: MethodologyIssue[];
}

type Add = AddCheckedIssue;

/** Parses and validates; never throws for bad content. */
export function parseMethodology(textContent: string, _file = 'methodology'): ParseResult {
  const r = parseRuleFile(
    textContent,
    { zh: '方法文件', en: 'a methodology file' },
    methodologySchema,
    describeZodIssue,
    (value, raw, add) => checkCrossRules(value, raw, add),
  );
  return { methodology: r.value, issues: r.issues };
}

/** Parses, validates and throws a MethodologyError when there is any error. */
export function loadMethodologyText(textContent: string, file = 'methodology'): Methodology {
  const r = parseMethodology(textContent, file);
  if (!r.methodology) throw new MethodologyError(file, r.issues);
  return r.methodology;
}

const FIELD_KEYS = new Set(['numerator', 'denominator', 'field']);

/** The methodology's own wording for some complaints, the common wording for the rest. */
function describeZodIssue(zi: z.core.$ZodIssue, raw: unknown, add: Add): void {
  const path = issuePath(zi);
  const last = path[path.length - 1];
  const got = valueAt(raw, path);
  if (zi.code === 'invalid_value' && typeof last === 'string' && FIELD_KEYS.has(last) && got !== undefined) {
    const shown = JSON.stringify(got);
    add('error', path, 'unknown_input_field', `未知的输入字段 ${shown}`, `unknown input field ${shown}`);
    return;
  }
  if (zi.code === 'invalid_union' && got && typeof got === 'object') {
    // A condition or scoring that matches no form: say what is wrong in it.
    if ('field' in got && !isNumericField(String(got.field))) {
      const f = JSON.stringify(got.field);
      add(
        'error',
        [...path, 'field'],
        'unknown_input_field',
        `未知的输入字段 ${f}`,
        `unknown input field ${f}`,
      );
      return;
    }
    if ('method' in got) {
      const f = JSON.stringify(got.method);
      add('error', [...path, 'method'], 'not_allowed', `未知的方法 ${f}`, `unknown method ${f}`);
      return;
    }
  }
  const errorAt: AddIssue = (p, rule, zh, en, key) => add('error', p, rule, zh, en, key);
  describeCommonZodIssue(zi, raw, errorAt);
}

function checkConditions(c: Condition, path: PathSeg[], add: Add): void {
  if ('all' in c) c.all.forEach((x, i) => checkConditions(x, [...path, 'all', i], add));
  else if ('any' in c) c.any.forEach((x, i) => checkConditions(x, [...path, 'any', i], add));
  else if ('not' in c) checkConditions(c.not, [...path, 'not'], add);
  else if ('industry' in c)
    c.industry.forEach((r, i) => {
      if (r.from > r.to)
        add(
          'error',
          [...path, 'industry', i],
          'range_order',
          `范围起点 ${r.from} 大于终点 ${r.to}`,
          `range starts at ${r.from}, after its end ${r.to}`,
        );
    });
}

function checkUnique(ids: string[], path: PathSeg[], what: [string, string], add: Add): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id))
      add(
        'error',
        [...path, i, 'id'],
        'duplicate_id',
        `${what[0]} id “${id}” 重复`,
        `duplicate ${what[1]} id "${id}"`,
      );
    seen.add(id);
  });
}

function checkClassing(
  cl:
    | { method: 'quota'; quotas: Record<string, number> }
    | { method: 'threshold'; thresholds: Record<string, number> },
  path: PathSeg[],
  add: Add,
): void {
  if (cl.method === 'quota') {
    let prev = 0;
    for (const k of CLASS_IDS) {
      const v = cl.quotas[k]!;
      if (v < prev - 1e-12)
        add(
          'error',
          [...path, 'quotas', k],
          'quotas_order',
          `累计比例必须递增：${k} = ${v} 小于前一档 ${prev}`,
          `cumulative shares must not decrease: ${k} = ${v} is below ${prev}`,
        );
      prev = v;
    }
    if (Math.abs(cl.quotas.D! - 1) > 1e-9)
      add(
        'error',
        [...path, 'quotas', 'D'],
        'quotas_end',
        `累计比例必须以 1.0 结束，D 为 ${cl.quotas.D}`,
        `cumulative shares must end at 1.0; D is ${cl.quotas.D}`,
      );
  } else {
    const t = cl.thresholds;
    if (!(t.A! >= t.B! && t.B! >= t.C!))
      add(
        'error',
        [...path, 'thresholds'],
        'thresholds_order',
        `分数线必须满足 A ≥ B ≥ C`,
        `thresholds must satisfy A ≥ B ≥ C`,
      );
  }
}

function resolveAssumption(m: Record<string, unknown>, dotted: string): boolean {
  let v: unknown = m;
  for (const seg of dotted.split('.')) {
    if (Array.isArray(v)) v = v.find((e: unknown) => (e as { id?: unknown }).id === seg) ?? v[Number(seg)];
    else if (v && typeof v === 'object') v = (v as Record<string, unknown>)[seg];
    else return false;
    if (v === undefined) return false;
  }
  return true;
}

function checkCrossRules(m: Methodology, raw: Record<string, unknown>, add: Add): void {
  if (m.scope.industrial.from > m.scope.industrial.to)
    add(
      'error',
      ['scope', 'industrial'],
      'range_order',
      '工业大类范围起点大于终点',
      'industrial range starts after its end',
    );
  m.scope.notGraded.forEach((r, i) => checkConditions(r.when, ['scope', 'notGraded', i, 'when'], add));
  checkUnique(
    m.groups.map((g) => g.id),
    ['groups'],
    ['分组', 'group'],
    add,
  );
  checkUnique(
    m.adjustments.map((g) => g.id),
    ['adjustments'],
    ['加减分规则', 'adjustment'],
    add,
  );
  checkUnique(
    m.vetoes.map((g) => g.id),
    ['vetoes'],
    ['否决规则', 'veto'],
    add,
  );
  checkUnique(
    m.protections.map((g) => g.id),
    ['protections'],
    ['保护规则', 'protection'],
    add,
  );
  checkUnique(
    m.scope.notGraded.map((g) => g.id),
    ['scope', 'notGraded'],
    ['不定档规则', 'not-graded rule'],
    add,
  );
  const groupIds = new Set(m.groups.map((g) => g.id));
  m.groups.forEach((g, gi) => {
    checkConditions(g.when, ['groups', gi, 'when'], add);
    checkUnique(
      g.indicators.map((x) => x.id),
      ['groups', gi, 'indicators'],
      ['指标', 'indicator'],
      add,
    );
    if (g.classing) checkClassing(g.classing, ['groups', gi, 'classing'], add);
    const sum = g.indicators.reduce((s, x) => s + x.weight, 0);
    if (Math.abs(sum - 100) > 1e-9)
      add(
        'warning',
        ['groups', gi, 'indicators'],
        'weights_sum',
        `分组“${g.id}”的权重合计为 ${sum}，不是 100`,
        `weights of group "${g.id}" add up to ${sum}, not 100`,
      );
    g.indicators.forEach((ind, ii) => {
      if (ind.scoring.method === 'ratio_to_benchmark' && ind.scoring.cap !== undefined && ind.scoring.cap < 1)
        add(
          'warning',
          ['groups', gi, 'indicators', ii, 'scoring', 'cap'],
          'cap_below_one',
          '封顶系数小于 1',
          'cap is below 1',
        );
    });
  });
  m.adjustments.forEach((a, ai) => {
    if (a.when) checkConditions(a.when, ['adjustments', ai, 'when'], add);
    a.groups?.forEach((gid, k) => {
      if (!groupIds.has(gid))
        add(
          'error',
          ['adjustments', ai, 'groups', k],
          'unknown_group',
          `未知的分组“${gid}”`,
          `unknown group "${gid}"`,
        );
    });
    if (a.min !== undefined && a.max !== undefined && a.min > a.max)
      add('error', ['adjustments', ai], 'range_order', '下限大于上限', 'min is greater than max');
  });
  m.vetoes.forEach((v, i) => checkConditions(v.when, ['vetoes', i, 'when'], add));
  m.protections.forEach((v, i) => checkConditions(v.when, ['protections', i, 'when'], add));
  checkClassing(m.classing, ['classing'], add);
  m.assumptions.forEach((a, i) => {
    if (!resolveAssumption(raw, a.path))
      add(
        'error',
        ['assumptions', i, 'path'],
        'unknown_path',
        `假设项路径“${a.path}”在文件中不存在`,
        `assumption path "${a.path}" does not exist in this file`,
      );
  });
}
