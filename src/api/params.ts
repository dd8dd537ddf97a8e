/** Query-parameter parsing shared by the routes: bad values are a 400 with a message in both languages. */

/** The largest id (runs, datasets, objections… are int4 serials). */
export const MAX_ID = 2_147_483_647;
import { ServiceError } from '../services/evaluation.service.js';
import { parseLang, type Lang } from '../i18n/messages.js';

export function intParam(
  v: string | undefined,
  name: string,
  def?: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
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

/** Whether a JSON value holds a string with a NUL character (which no text column can store). */
export function hasNul(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('\0');
  if (Array.isArray(v)) return v.some(hasNul);
  if (v !== null && typeof v === 'object')
    return Object.entries(v).some(([k, x]) => k.includes('\0') || hasNul(x));
  return false;
}

/** The request's JSON body as an object, or a 400. */
export async function jsonBody(c: { req: { text(): Promise<string> } }): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.length > 100_000) throw new ServiceError('请求体过大 / request body too large');
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
