/** Query-parameter parsing shared by the routes: bad values are a 400 with a message in both languages. */

/** The largest id (runs, datasets, objections… are int4 serials). */
export const MAX_ID = 2_147_483_647;
import { ServiceError } from '../services/errors.js';
import { parseLang, type Lang } from '../i18n/messages.js';

export function intParam(
  v: string | undefined,
  name: string,
  def?: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (v === undefined || v === '') return def;
  // decimal digits only: no `0x2`, ` 2`, `2e0`, `+2` or `2.0` (Number() would take them all)
  const n = /^-?\d{1,16}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new ServiceError(
      `参数 ${name} 必须是 ${min}–${max} 之间的整数 / parameter ${name} must be an integer between ${min} and ${max}`,
    );
  return n;
}

export function langParam(v: string | undefined): Lang {
  return parseLang(v);
}

/** A comma-separated list (`a,b`), trimmed, without empty items; undefined when absent or empty. */
export function listParam(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const items = v
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return items.length > 0 ? items : undefined;
}

/**
 * A decimal number as people write it (`12`, `-3.5`, `0.25`), or NaN: no `0x10`, `1e3`, `Infinity`, blanks
 * inside or thousands separators, which Number() would take or mangle.
 */
export function strictDecimal(v: string): number {
  return /^-?\d{1,15}(\.\d{1,10})?$/.test(v) ? Number(v) : NaN;
}

/** How deeply a JSON body may nest (arrays and objects); deeper is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

/** Whether JSON text nests arrays and objects deeper than `max` (strings skipped), in one pass. */
export function nestsDeeper(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}

/** Whether a JSON value holds a string with a NUL character (which no text column can store). */
export function hasNul(root: unknown): boolean {
  // without recursion: a deep value cannot overflow the stack
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\0')) return true;
    } else if (Array.isArray(v)) for (const x of v as unknown[]) stack.push(x);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\0')) return true;
        stack.push(x);
      }
  }
  return false;
}

/** The request's JSON body as an object, or a 400. */
export async function jsonBody(c: { req: { text(): Promise<string> } }): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.length > 100_000) throw new ServiceError('请求体过大 / request body too large');
  if (nestsDeeper(text, MAX_JSON_DEPTH))
    throw new ServiceError(
      `请求体嵌套过深（最多 ${MAX_JSON_DEPTH} 层）/ the request body is nested too deeply (${MAX_JSON_DEPTH} levels at most)`,
    );
  let v: unknown;
  try {
    v = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ServiceError('请求体应为 JSON 对象 / the request body must be a JSON object');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ServiceError('请求体应为 JSON 对象 / the request body must be a JSON object');
  // a NUL cannot be stored in a text column: refuse it here, with a message, not deep in the database
  if (hasNul(v))
    throw new ServiceError(
      '请求体含有空字符（\\u0000）/ the request body contains a NUL character (\\u0000)',
    );
  return v as Record<string, unknown>;
}

/** A string field of a JSON body (required unless `optional`), or a 400 naming it. */
export function stringField(
  body: Record<string, unknown>,
  name: string,
  optional = false,
): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw new ServiceError(`缺少参数 ${name} / missing parameter ${name}`);
  }
  if (typeof v !== 'string')
    throw new ServiceError(`参数 ${name} 应为字符串 / parameter ${name} must be a string`);
  return v;
}

/** An integer field of a JSON body (a number or a numeric string), or a 400 naming it. */
export function intField(
  body: Record<string, unknown>,
  name: string,
  optional = false,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw new ServiceError(`缺少参数 ${name} / missing parameter ${name}`);
  }
  if (typeof v !== 'number' && typeof v !== 'string')
    throw new ServiceError(`参数 ${name} 应为整数 / parameter ${name} must be an integer`);
  return intParam(String(v), name, undefined, min, max);
}

/** A text field of a JSON body, at most `max` characters (a 400 naming the field and the limit). */
export function textField(
  body: Record<string, unknown>,
  name: string,
  max: number,
  optional = false,
): string | undefined {
  const v = stringField(body, name, optional);
  if (v !== undefined) checkLength(v, name, max);
  return v;
}

/** Refuses a text longer than `max` characters, naming the parameter. */
export function checkLength(v: string, name: string, max: number): void {
  const n = [...v].length;
  if (n > max)
    throw new ServiceError(
      `参数 ${name} 过长：最多 ${max.toLocaleString('en')} 个字符，收到 ${n.toLocaleString('en')} 个 / parameter ${name} is too long: ${max.toLocaleString('en')} characters at most, got ${n.toLocaleString('en')}`,
    );
}

/** The longest reason of an adjustment or a decision, and the longest explanation of an objection. */
export const MAX_REASON_CHARS = 2_000;
export const MAX_EXPLANATION_CHARS = 5_000;
