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
