/** Query-parameter parsing shared by the routes: bad values are a 400 with a message in both languages. */
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

/** Who is acting: the `X-Mujun-User` header, else 'web' (accounts come later). */
export function actorOf(c: { req: { header(name: string): string | undefined } }): string {
  const u = c.req.header('x-mujun-user')?.trim();
  return u ? u.slice(0, 100) : 'web';
}
