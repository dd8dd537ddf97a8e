/**
 * Reads a policy file (YAML or JSON text) into a validated `Policy`, or a list of problems each naming the
 * place in the file (path and line:column) and the rule broken, in Chinese and English. The reading and the
 * usual wording are shared with methodologies and import profiles (`domain/rule-file.ts`).
 */
import type { z } from 'zod';
import {
  describeZodIssue as describeCommonZodIssue,
  formatRuleIssue,
  issuePath,
  pathText,
  valueAt,
  parseRuleFile,
  type AddCheckedIssue,
  type AddIssue,
  type CheckedIssue,
  type PathSeg,
} from '../domain/rule-file.js';
import { CLASS_IDS } from '../engine/classes.js';
import { policySchema, SINGLE_KINDS, type Policy } from './schema.js';

export type PolicyIssue = CheckedIssue;

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly issues: PolicyIssue[],
  ) {
    super(issues.map((i) => formatPolicyIssue(file, i)).join('\n'));
    this.name = 'PolicyError';
  }
}

/** One line per issue: `file:line:col path — 中文 / English [rule]`. */
export function formatPolicyIssue(file: string, i: PolicyIssue): string {
  return formatRuleIssue(file, i, i.severity === 'error' ? '错误 error' : '提示 warning');
}

export interface PolicyParseResult {
  policy: Policy | null;
  issues: PolicyIssue[];
}

export interface PolicyParseOptions {
  /** County codes that exist (GB/T 2260); when given, a rate for another code is an error. */
  knownDivisions?: ReadonlySet<string>;
}

type Add = AddCheckedIssue;

/** Parses and validates; never throws for bad content. */
export function parsePolicy(textContent: string, options: PolicyParseOptions = {}): PolicyParseResult {
  const r = parseRuleFile(
    textContent,
    { zh: '政策文件', en: 'a policy file' },
    policySchema,
    describeZodIssue,
    (value, raw, add) => checkCrossRules(value, raw, add, options),
  );
  return { policy: r.value, issues: r.issues };
}

/** Parses, validates and throws a PolicyError when there is any error. */
export function loadPolicyText(
  textContent: string,
  file = 'policy',
  options: PolicyParseOptions = {},
): Policy {
  const r = parsePolicy(textContent, options);
  if (!r.policy) throw new PolicyError(file, r.issues);
  return r.policy;
}

/** The policy's own wording for some complaints, the common wording for the rest. */
function describeZodIssue(zi: z.core.$ZodIssue, raw: unknown, add: Add): void {
  const path = issuePath(zi);
  const last = path[path.length - 1];
  const got = valueAt(raw, path);
  const shown = JSON.stringify(got);
  if (zi.code === 'invalid_value' && last === 'class') {
    add(
      'error',
      path,
      'unknown_class',
      `未知的等级 ${shown}，应为 ${CLASS_IDS.join('、')}`,
      `unknown class ${shown}; expected ${CLASS_IDS.join(', ')}`,
    );
    return;
  }
  if (zi.code === 'invalid_value' && last === 'field') {
    add('error', path, 'unknown_input_field', `未知的输入字段 ${shown}`, `unknown input field ${shown}`);
    return;
  }
  if (zi.code === 'invalid_union' && 'discriminator' in zi && zi.discriminator === 'kind') {
    const kinds = ((zi as { options?: unknown[] }).options ?? []).map(String).join(' | ');
    const at = last === 'kind' ? path : [...path, 'kind'];
    add(
      'error',
      at,
      'unknown_kind',
      `未知的政策工具类型 ${JSON.stringify(valueAt(raw, at))}，应为 ${kinds}`,
      `unknown instrument kind ${JSON.stringify(valueAt(raw, at))}; expected ${kinds}`,
    );
    return;
  }
  if (
    zi.code === 'too_small' &&
    zi.origin === 'number' &&
    Number(zi.minimum) === 0 &&
    typeof got === 'number'
  ) {
    add(
      'error',
      path,
      'negative_rate',
      `“${String(last)}”不能为负数，实际为 ${shown}（减少请用 action: cut）`,
      `"${String(last)}" must not be negative, got ${shown} (say a reduction with action: cut)`,
    );
    return;
  }
  const errorAt: AddIssue = (p, rule, zh, en, key) => add('error', p, rule, zh, en, key);
  describeCommonZodIssue(zi, raw, errorAt);
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

function checkCrossRules(
  p: Policy,
  raw: Record<string, unknown>,
  add: Add,
  options: PolicyParseOptions,
): void {
  // instrument ids are unique
  const seen = new Map<string, number>();
  p.instruments.forEach((ins, k) => {
    const first = seen.get(ins.id);
    if (first !== undefined)
      add(
        'error',
        ['instruments', k, 'id'],
        'duplicate_id',
        `政策工具 id “${ins.id}” 重复（与 instruments[${first}] 相同）`,
        `duplicate instrument id "${ins.id}" (as instruments[${first}])`,
      );
    else seen.set(ins.id, k);
  });

  // Overlapping rules: within an instrument, two rules for the same class and tier; across instruments
  // of one kind (rewards apart, which stack), the same class in two instruments.
  const classOwner = new Map<string, string>(); // `${kind}|${class}` → path of the first rule
  p.instruments.forEach((ins, k) => {
    const tiers = new Map<string, number>();
    const classesHere = new Set<string>();
    ins.rules.forEach((r, j) => {
      const path: PathSeg[] = ['instruments', k, 'rules', j];
      const key = `${r.class}|${r.consecutiveYears}`;
      const prev = tiers.get(key);
      if (prev !== undefined)
        add(
          'error',
          path,
          'overlapping_rules',
          `规则重叠：与 instruments[${k}].rules[${prev}] 同为 ${r.class} 类、连续 ${r.consecutiveYears} 年，一家企业会同时适用两条`,
          `overlapping rules: same class ${r.class} and ${r.consecutiveYears} consecutive year(s) as instruments[${k}].rules[${prev}]; a firm would get both`,
        );
      else tiers.set(key, j);
      if (SINGLE_KINDS.has(ins.kind) && !classesHere.has(r.class)) {
        classesHere.add(r.class);
        const owner = classOwner.get(`${ins.kind}|${r.class}`);
        if (owner !== undefined)
          add(
            'error',
            path,
            'overlapping_rules',
            `规则重叠：${r.class} 类已在 ${owner} 中适用同类工具“${ins.kind}”，一家企业会被计两次`,
            `overlapping rules: class ${r.class} already has a "${ins.kind}" rule at ${owner}; a firm would be charged twice`,
          );
        else classOwner.set(`${ins.kind}|${r.class}`, pathText(path));
      }
    });

    // exactly one form of amount
    if (ins.kind === 'reward')
      ins.rules.forEach((r, j) => {
        const path: PathSeg[] = ['instruments', k, 'rules', j];
        if ((r.amount === undefined) === (r.formula === undefined))
          add(
            'error',
            path,
            'one_of',
            '奖励规则须且只须给出 amount（固定金额）或 formula（公式）之一',
            'a reward rule needs exactly one of amount (fixed) or formula',
          );
        const f = r.formula;
        if (f && f.min !== undefined && f.max !== undefined && f.min > f.max)
          add('error', [...path, 'formula'], 'range_order', '下限大于上限', 'min is greater than max');
      });
    if (ins.kind === 'land_quota' || ins.kind === 'energy_quota' || ins.kind === 'emission_quota')
      ins.rules.forEach((r, j) => {
        if ((r.share === undefined) === (r.amount === undefined))
          add(
            'error',
            ['instruments', k, 'rules', j],
            'one_of',
            '指标规则须且只须给出 share（按现有用量的比例）或 amount（固定数量）之一',
            'a quota rule needs exactly one of share (of current use) or amount (fixed)',
          );
      });
    if (ins.kind === 'land_use_tax_relief' && options.knownDivisions)
      for (const code of Object.keys(ins.taxRate.byDivision))
        if (!options.knownDivisions.has(code))
          add(
            'error',
            ['instruments', k, 'taxRate', 'byDivision'],
            'unknown_division',
            `区县代码 ${code} 不存在（GB/T 2260 县级）`,
            `county code ${code} does not exist (GB/T 2260 county level)`,
            code,
          );
    // surcharges for A/B or reliefs for C/D are allowed, but worth a second look
    const penalty = ins.kind.endsWith('_surcharge');
    ins.rules.forEach((r, j) => {
      const good = r.class === 'A' || r.class === 'B';
      if ((penalty && good) || (ins.kind === 'land_use_tax_relief' && !good))
        add(
          'warning',
          ['instruments', k, 'rules', j, 'class'],
          'unusual_class',
          penalty ? `对 ${r.class} 类加价，请确认` : `对 ${r.class} 类减免，请确认`,
          penalty ? `a surcharge on class ${r.class}: intended?` : `a relief for class ${r.class}: intended?`,
        );
    });
  });

  p.assumptions.forEach((a, i) => {
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
