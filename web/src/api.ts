/**
 * The API client: JSON over fetch with the session cookie. Every state-changing request carries the
 * session's CSRF token (header `X-CSRF-Token`, from the `mujun_csrf` cookie); a 401 tells the app to
 * show the login page. The server answers errors as `{ error: { code, message } }` with the message in
 * Chinese and English (`中文 / English`); ApiError keeps both halves.
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
    // `中文 / English`, or `中文（…）/ English` where the Chinese ends in a full-width bracket
    const m = / ?\/ (?=[A-Za-z0-9"'(])/.exec(this.message);
    if (!m) return this.message;
    return lang === 'zh' ? this.message.slice(0, m.index).trim() : this.message.slice(m.index + m[0].length);
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

/** The session's CSRF token (the server sets the readable cookie `mujun_csrf` at login). */
export function csrfToken(): string {
  const m = /(?:^|;\s*)mujun_csrf=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : '';
}

/** The event the app listens to: the session has ended (or never began). */
export const UNAUTHENTICATED = 'mujun:unauthenticated';

/** Tells the app that the server asked for a login (any 401 but a failed login itself). */
export function noteUnauthenticated(path: string, status: number): void {
  if (status === 401 && !path.startsWith('/api/auth/')) window.dispatchEvent(new Event(UNAUTHENTICATED));
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  const method = (init?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init?.headers);
  if (method !== 'GET' && method !== 'HEAD') headers.set('x-csrf-token', csrfToken());
  try {
    const early = init === undefined ? prefetched[path] : undefined;
    if (early) delete prefetched[path];
    const first = early ? await early : undefined;
    // a request made before the login page was passed answered 401: ask again, now with the session
    res =
      first && first.status !== 401
        ? first
        : await fetch(path, { credentials: 'same-origin', ...init, headers });
  } catch {
    throw new ApiError('无法连接服务器 / cannot reach the server', 0, 'network');
  }
  noteUnauthenticated(path, res.status);
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
  patch: <T>(path: string, body: unknown) =>
    call<T>(path, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  del: <T>(path: string) => call<T>(path, { method: 'DELETE' }),
};
