/**
 * Reads a methodology file (YAML or JSON text) into a validated `Methodology`, or a list of problems each
 * naming the place in the file (path and line:column) and the rule broken, in Chinese and English.
 */
import { isMap, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { isNumericField } from '../../domain/fields.js';
import { CLASS_IDS, methodologySchema, type Condition, type Methodology } from './schema.js';

export interface MethodologyIssue {
  severity: 'error' | 'warning';
  /** Dotted path into the file, e.g. `groups[0].indicators[2].weight`. */
  path: string;
  line: number | null;
  column: number | null;
  /** A stable code for the rule broken, e.g. `unknown_field`, `not_a_number`, `quotas_end`. */
  rule: string;
  zh: string;
  en: string;
}

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
  const where = i.line === null ? file : `${file}:${i.line}:${i.column ?? 1}`;
  const level = i.severity === 'error' ? '错误 error' : '提示 warning';
  return `${where} ${i.path || '(root)'} — ${level}: ${i.zh} / ${i.en} [${i.rule}]`;
}

type PathSeg = string | number;

function pathText(path: readonly PathSeg[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

export interface ParseResult {
  methodology: Methodology | null;
  issues: MethodologyIssue[];
}

/** Parses and validates; never throws for bad content. */
export function parseMethodology(textContent: string, _file = 'methodology'): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(textContent, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (path: readonly PathSeg[], key?: string): { line: number | null; column: number | null } => {
    let node: unknown = doc.getIn(path as PathSeg[], true);
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === key);
      node = pair?.key ?? node;
    }
    if (node === undefined && path.length > 0) return locate(path.slice(0, -1));
    const range =
      (node as YamlNode | undefined)?.range ?? (path.length === 0 ? doc.contents?.range : undefined);
    if (!range) return { line: null, column: null };
    const pos = lineCounter.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  };

  const issues: MethodologyIssue[] = [];
  const add = (
    severity: MethodologyIssue['severity'],
    path: readonly PathSeg[],
    rule: string,
    zh: string,
    en: string,
    key?: string,
  ) =>
    issues.push({
      severity,
      path: pathText(key ? [...path, key] : path),
      ...locate(path, key),
      rule,
      zh,
      en,
    });

  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      issues.push({
        severity: 'error',
        path: '',
        line: pos.line,
        column: pos.col,
        rule: 'syntax',
        zh: `文件格式错误（YAML/JSON）：${e.message}`,
        en: `not valid YAML/JSON: ${e.message}`,
      });
    }
    return { methodology: null, issues };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    add(
      'error',
      [],
      'not_an_object',
      '方法文件必须是一个对象（键: 值）',
      'a methodology file must be a mapping (key: value)',
    );
    return { methodology: null, issues };
  }

  const parsed = methodologySchema.safeParse(raw);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) issues.push(...describeZodIssue(zi, raw, add));
    // de-duplicate identical messages at the same place (unions report once per branch)
    return { methodology: null, issues: dedupe(issues) };
  }
  const m = parsed.data;
  checkCrossRules(m, raw as Record<string, unknown>, add);
  return { methodology: issues.some((i) => i.severity === 'error') ? null : m, issues };
}

/** Parses, validates and throws a MethodologyError when there is any error. */
export function loadMethodologyText(textContent: string, file = 'methodology'): Methodology {
  const r = parseMethodology(textContent, file);
  if (!r.methodology) throw new MethodologyError(file, r.issues);
  return r.methodology;
}

function dedupe(issues: MethodologyIssue[]): MethodologyIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}|${i.rule}|${i.en}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

type Add = (
  severity: MethodologyIssue['severity'],
  path: readonly PathSeg[],
  rule: string,
  zh: string,
  en: string,
  key?: string,
) => void;

function valueAt(root: unknown, path: readonly PathSeg[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathSeg, unknown>)[p];
  }
  return v;
}

const FIELD_KEYS = new Set(['numerator', 'denominator', 'field']);

function describeZodIssue(zi: z.core.$ZodIssue, raw: unknown, add: Add): MethodologyIssue[] {
  const path = zi.path.filter((p): p is PathSeg => typeof p !== 'symbol');
  const last = path[path.length - 1];
  const got = valueAt(raw, path);
  const shown = JSON.stringify(got);
  switch (zi.code) {
    case 'unrecognized_keys':
      for (const k of zi.keys)
        add('error', path, 'unknown_field', `未知字段“${k}”`, `unknown field "${k}"`, k);
      break;
    case 'invalid_type':
      if (got === undefined)
        add(
          'error',
          path,
          'required',
          `缺少必填字段“${String(last)}”`,
          `required field "${String(last)}" is missing`,
        );
      else if (zi.expected === 'number' || zi.expected === 'int')
        add('error', path, 'not_a_number', `必须是数字，实际为 ${shown}`, `must be a number, got ${shown}`);
      else
        add(
          'error',
          path,
          'wrong_type',
          `类型应为 ${zi.expected}，实际为 ${shown}`,
          `must be of type ${zi.expected}, got ${shown}`,
        );
      break;
    case 'invalid_value':
      if (typeof last === 'string' && FIELD_KEYS.has(last))
        add('error', path, 'unknown_input_field', `未知的输入字段 ${shown}`, `unknown input field ${shown}`);
      else
        add(
          'error',
          path,
          'not_allowed',
          `取值 ${shown} 不允许，应为 ${zi.values.map((v) => JSON.stringify(v)).join(' | ')}`,
          `value ${shown} is not allowed; expected ${zi.values.map((v) => JSON.stringify(v)).join(' | ')}`,
        );
      break;
    case 'invalid_union': {
      // A condition or benchmark that matches no form: say which forms exist.
      const obj = got;
      if (obj && typeof obj === 'object' && 'field' in obj && !isNumericField(String(obj.field)))
        add(
          'error',
          [...path, 'field'],
          'unknown_input_field',
          `未知的输入字段 ${JSON.stringify(obj.field)}`,
          `unknown input field ${JSON.stringify(obj.field)}`,
        );
      else if (obj && typeof obj === 'object' && 'method' in obj)
        add(
          'error',
          [...path, 'method'],
          'not_allowed',
          `未知的方法 ${JSON.stringify(obj.method)}`,
          `unknown method ${JSON.stringify(obj.method)}`,
        );
      else
        add(
          'error',
          path,
          'invalid_form',
          `写法不符合任何允许的形式：${shown}`,
          `does not match any allowed form: ${shown}`,
        );
      break;
    }
    case 'too_small':
      add(
        'error',
        path,
        'too_small',
        `取值过小或为空：${shown}（${zi.message}）`,
        `too small or empty: ${shown} (${zi.message})`,
      );
      break;
    case 'too_big':
      add('error', path, 'too_big', `取值过大：${shown}`, `too large: ${shown} (${zi.message})`);
      break;
    case 'invalid_format':
      add(
        'error',
        path,
        'bad_format',
        `格式不正确：${shown}（${zi.message}）`,
        `bad format: ${shown} (${zi.message})`,
      );
      break;
    case 'custom':
      add(
        'error',
        path,
        'invalid_value',
        `取值无效：${shown}（${zi.message}）`,
        `invalid value ${shown}: ${zi.message}`,
      );
      break;
    default:
      add('error', path, zi.code, `无效：${zi.message}`, `invalid: ${zi.message}`);
  }
  return [];
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
