/**
 * The API client: JSON over fetch. The server answers errors as `{ error: { code, message } }` with the
 * message in Chinese and English (`中文 / English`); ApiError keeps both halves.
 */
import type { Lang } from './i18n';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
  /** The half of a `中文 / English` message in the user's language. */
  text(lang: Lang): string {
    const i = this.message.indexOf(' / ');
    if (i < 0) return this.message;
    return lang === 'zh' ? this.message.slice(0, i) : this.message.slice(i + 3);
  }
}

async function parse<T>(res: Response): Promise<T> {
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('application/json') ? await res.json() : await res.text();
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(err?.message ?? `HTTP ${res.status}`, res.status, err?.code ?? 'http', body);
  }
  return body as T;
}

/** Requests index.html started before the app loaded, by path; each is used once. */
const prefetched: Record<string, Promise<Response> | undefined> =
  (window as { __mujunPrefetch?: Record<string, Promise<Response>> }).__mujunPrefetch ?? {};

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    const early = init === undefined ? prefetched[path] : undefined;
    if (early) delete prefetched[path];
    res = await (early ?? fetch(path, { credentials: 'same-origin', ...init }));
  } catch {
    throw new ApiError('无法连接服务器 / cannot reach the server', 0, 'network');
  }
  return parse<T>(res);
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function qs(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const api = {
  get: <T>(path: string, q?: Query) => call<T>(path + qs(q)),
  post: <T>(path: string, body?: unknown) =>
    call<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  postText: <T>(path: string, text: string) =>
    call<T>(path, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text }),
  postForm: <T>(path: string, form: FormData, q?: Query) =>
    call<T>(path + qs(q), { method: 'POST', body: form }),
};
