/**
 * What the routes check by hand beyond the endpoint definitions (ADR 0016): a JSON body's size, depth and
 * NUL characters before it is parsed, a decimal as people write it, a text's length. Bad input is a 400
 * with a message in both languages.
 */
import { ServiceError } from '../services/errors.js';

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

/** Refuses a text longer than `max` characters, naming the parameter. */
export function checkLength(v: string, name: string, max: number): void {
  const n = [...v].length;
  if (n > max)
    throw new ServiceError(
      `参数 ${name} 过长：最多 ${max.toLocaleString('en')} 个字符，收到 ${n.toLocaleString('en')} 个 / parameter ${name} is too long: ${max.toLocaleString('en')} characters at most, got ${n.toLocaleString('en')}`,
    );
}

/** The longest explanation of an objection (a reason's bound is in the endpoint definitions). */
export const MAX_EXPLANATION_CHARS = 5_000;
