/**
 * What the rule files of Mujun (methodologies, import profiles) share: YAML or JSON text read with line
 * numbers, a zod schema's complaints turned into problems that name the place (path, line:column) and
 * the rule broken in Chinese and English. Each file kind adds its own checks on top.
 */
import { isMap, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';

export type PathSeg = string | number;

/** One problem of a rule file. */
export interface RuleFileIssue {
  /** Dotted path into the file, e.g. `groups[0].indicators[2].weight`. */
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
  /** A stable code for the rule broken, e.g. `unknown_field`, `not_a_number`. */
  readonly rule: string;
  readonly zh: string;
  readonly en: string;
}

/** Records an issue at `path` (or at the key `key` of the mapping at `path`). */
export type AddIssue = (path: readonly PathSeg[], rule: string, zh: string, en: string, key?: string) => void;

export function pathText(path: readonly PathSeg[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

/** One line per issue: `file:line:col path — 中文 / English [rule]`. */
export function formatRuleIssue(file: string, i: RuleFileIssue, level?: string): string {
  const where = i.line === null ? file : `${file}:${i.line}:${i.column ?? 1}`;
  return `${where} ${i.path || '(root)'} — ${level ? `${level}: ` : ''}${i.zh} / ${i.en} [${i.rule}]`;
}

export interface RuleDocument {
  /** The file as plain data, or null when it is not a YAML/JSON mapping (see `issues`). */
  readonly raw: Record<string, unknown> | null;
  /** Syntax problems, or "not a mapping". */
  readonly issues: RuleFileIssue[];
  /** Where `path` (or the key `key` under it) is in the text; the nearest existing parent otherwise. */
  locate(path: readonly PathSeg[], key?: string): { line: number | null; column: number | null };
}

/** How far YAML aliases may expand (the yaml package's measure: nodes copied per alias, summed). */
export const MAX_ALIAS_COUNT = 100;

/** Reads YAML or JSON text with positions; `what` names the file kind in the "not a mapping" message. */
export function readRuleDocument(text: string, what: { zh: string; en: string }): RuleDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const keyNode = (map: unknown, key: unknown): unknown =>
    isMap(map)
      ? map.items.find((it) => (it.key as { value?: unknown } | null)?.value === key)?.key
      : undefined;
  const locate = (path: readonly PathSeg[], key?: string): { line: number | null; column: number | null } => {
    let node: unknown = doc.getIn(path as PathSeg[], true);
    // an unknown key: the key itself
    if (key !== undefined) node = keyNode(node, key) ?? node;
    // a value that is not there: its key, else the nearest parent that is
    if (node === undefined && path.length > 0) {
      node = keyNode(doc.getIn(path.slice(0, -1), true), path[path.length - 1]);
      if (node === undefined) return locate(path.slice(0, -1));
    }
    const range =
      (node as YamlNode | undefined)?.range ?? (path.length === 0 ? doc.contents?.range : undefined);
    if (!range) return { line: null, column: null };
    const pos = lineCounter.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  };
  const issues: RuleFileIssue[] = [];
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      issues.push({
        path: '',
        line: pos.line,
        column: pos.col,
        rule: 'syntax',
        zh: `文件格式错误（YAML/JSON）：${e.message}`,
        en: `not valid YAML/JSON: ${e.message}`,
      });
    }
    return { raw: null, issues, locate };
  }
  let raw: unknown;
  try {
    // aliases are expanded at most so far (yaml counts each alias by the nodes it copies): a "billion
    // laughs" file is refused here with a message instead of filling the memory
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    issues.push({
      path: '',
      line: null,
      column: null,
      rule: 'alias_limit',
      zh: `文件中的别名（*引用）展开过多（上限 ${MAX_ALIAS_COUNT}），可能是恶意文件：请直接写出内容`,
      en: `the file's aliases (*references) expand too much (limit ${MAX_ALIAS_COUNT}); it may be hostile: write the content out`,
    });
    return { raw: null, issues, locate };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push({
      path: '',
      ...locate([]),
      rule: 'not_an_object',
      zh: `${what.zh}必须是一个对象（键: 值）`,
      en: `${what.en} must be a mapping (key: value)`,
    });
    return { raw: null, issues, locate };
  }
  return { raw: raw as Record<string, unknown>, issues, locate };
}

export function valueAt(root: unknown, path: readonly PathSeg[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathSeg, unknown>)[p];
  }
  return v;
}

/** A problem with a severity, as the methodology and policy files report them. */
export interface CheckedIssue extends RuleFileIssue {
  severity: 'error' | 'warning';
}

/** Records a problem of a given severity at `path` (or at the key `key` of the mapping at `path`). */
export type AddCheckedIssue = (
  severity: CheckedIssue['severity'],
  path: readonly PathSeg[],
  rule: string,
  zh: string,
  en: string,
  key?: string,
) => void;

/**
 * Reads a rule file of one kind: the text, then the schema (its complaints worded by `describe`), then the
 * kind's own checks across the file (`crossCheck`). Never throws for bad content; `value` is null when
 * any error was found.
 */
export function parseRuleFile<T>(
  text: string,
  what: { zh: string; en: string },
  schema: z.ZodType<T>,
  describe: (zi: z.core.$ZodIssue, raw: unknown, add: AddCheckedIssue) => void,
  crossCheck: (value: T, raw: Record<string, unknown>, add: AddCheckedIssue) => void,
): { value: T | null; issues: CheckedIssue[] } {
  const doc = readRuleDocument(text, what);
  const issues: CheckedIssue[] = doc.issues.map((i) => ({ ...i, severity: 'error' }));
  const add: AddCheckedIssue = (severity, path, rule, zh, en, key) =>
    issues.push({
      severity,
      path: pathText(key ? [...path, key] : path),
      ...doc.locate(path, key),
      rule,
      zh,
      en,
    });
  const raw = doc.raw;
  if (raw === null) return { value: null, issues };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) describe(zi, raw, add);
    return { value: null, issues: dedupeIssues(issues) };
  }
  crossCheck(parsed.data, raw, add);
  return { value: issues.some((i) => i.severity === 'error') ? null : parsed.data, issues };
}

/** Drops repeated issues (a union reports once per branch). */
export function dedupeIssues<T extends RuleFileIssue>(issues: T[]): T[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}|${i.rule}|${i.en}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The path of a zod issue without symbols. */
export function issuePath(zi: z.core.$ZodIssue): PathSeg[] {
  return zi.path.filter((p): p is PathSeg => typeof p !== 'symbol');
}

/**
 * A value as a message shows it: JSON, cut to 80 characters (a 99,000-character text is not echoed back).
 */
export function shownValue(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** The usual wording of a zod complaint; file kinds handle their special cases before calling this. */
export function describeZodIssue(zi: z.core.$ZodIssue, raw: unknown, add: AddIssue): void {
  const path = issuePath(zi);
  const last = path[path.length - 1];
  const got = valueAt(raw, path);
  const shown = shownValue(got);
  const allowed = (vs: readonly unknown[]) => vs.map((v) => JSON.stringify(v)).join(' | ');
  switch (zi.code) {
    case 'unrecognized_keys':
      for (const k of zi.keys) add(path, 'unknown_field', `未知字段“${k}”`, `unknown field "${k}"`, k);
      return;
    case 'invalid_type':
      if (got === undefined)
        add(path, 'required', `缺少必填字段“${String(last)}”`, `required field "${String(last)}" is missing`);
      else if (zi.expected === 'number' || zi.expected === 'int')
        add(path, 'not_a_number', `必须是数字，实际为 ${shown}`, `must be a number, got ${shown}`);
      else
        add(
          path,
          'wrong_type',
          `类型应为 ${zi.expected}，实际为 ${shown}`,
          `must be of type ${zi.expected}, got ${shown}`,
        );
      return;
    case 'invalid_value':
      if (got === undefined)
        add(
          path,
          'required',
          `缺少必填字段“${String(last)}”，应为 ${allowed(zi.values)}`,
          `required field "${String(last)}" is missing; expected ${allowed(zi.values)}`,
        );
      else
        add(
          path,
          'not_allowed',
          `取值 ${shown} 不允许，应为 ${allowed(zi.values)}`,
          `value ${shown} is not allowed; expected ${allowed(zi.values)}`,
        );
      return;
    case 'invalid_union':
      add(
        path,
        'invalid_form',
        `写法不符合任何允许的形式：${shown}`,
        `does not match any allowed form: ${shown}`,
      );
      return;
    case 'too_small':
      add(
        path,
        'too_small',
        `取值过小或为空：${shown}（${zi.message}）`,
        `too small or empty: ${shown} (${zi.message})`,
      );
      return;
    case 'too_big':
      add(path, 'too_big', `取值过大：${shown}`, `too large: ${shown} (${zi.message})`);
      return;
    case 'invalid_format':
      add(
        path,
        'bad_format',
        `格式不正确：${shown}（${zi.message}）`,
        `bad format: ${shown} (${zi.message})`,
      );
      return;
    case 'custom':
      add(
        path,
        'invalid_value',
        `取值无效：${shown}（${zi.message}）`,
        `invalid value ${shown}: ${zi.message}`,
      );
      return;
    default:
      add(path, zi.code, `无效：${shown}（${zi.message}）`, `invalid: ${shown} (${zi.message})`);
  }
}
