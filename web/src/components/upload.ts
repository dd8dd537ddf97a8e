/**
 * A multipart POST with upload progress (XMLHttpRequest, since fetch reports none), answering like
 * `api.postForm`: the parsed JSON, or an ApiError with the server's `中文 / English` message.
 */
import { ApiError, csrfToken, noteUnauthenticated, qs, type Query } from '../api';
import { say } from '../catalogue';
import { messages } from './upload.messages';

/** `中文 / English`, as the server writes its errors (ApiError splits them). */
const bilingual = (k: keyof typeof messages) => `${say(messages, 'zh', k)} / ${say(messages, 'en', k)}`;

export interface UploadProgress {
  /** Bytes sent so far and in all (the multipart body). */
  loaded: number;
  total: number;
  /** All bytes are sent; the server is now working on them. */
  sent: boolean;
}

export function postFormWithProgress<T>(
  path: string,
  form: FormData,
  q: Query | undefined,
  onProgress: (p: UploadProgress) => void,
): { promise: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    const query = qs(q);
    xhr.open('POST', path + (path.includes('?') && query ? `&${query.slice(1)}` : query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('x-csrf-token', csrfToken());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ loaded: e.loaded, total: e.total, sent: false });
    };
    xhr.upload.onload = () => onProgress({ loaded: 1, total: 1, sent: true });
    xhr.onerror = () => reject(new ApiError(bilingual('network'), 0, 'network'));
    xhr.onabort = () => reject(new ApiError(bilingual('aborted'), 0, 'aborted'));
    xhr.onload = () => {
      noteUnauthenticated(path, xhr.status);
      const type = xhr.getResponseHeader('content-type') ?? '';
      let body: unknown = xhr.responseText;
      if (type.includes('application/json')) {
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = xhr.responseText;
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
      reject(new ApiError(err?.message ?? `HTTP ${xhr.status}`, xhr.status, err?.code ?? 'http', body));
    };
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** 1.2 MB, 340 KB, 12 B. */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
