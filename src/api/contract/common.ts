/**
 * Types every answer shares: the error every failing answer carries, and a page of a list. Money in 万元,
 * land in 亩, energy in 吨标准煤 (tce), emissions in 吨, electricity in 万千瓦时 (docs/methodology.md);
 * `null` = missing (never 0); times are ISO 8601 UTC strings.
 */

/**
 * Every error: HTTP 400 (bad parameter, named in the message), 401 (not logged in), 403 (role not allowed,
 * CSRF token missing), 404, 409 (conflict), 413 (too large), 415 (wrong content type), 422 (unreadable
 * upload), 429 (too many login attempts).
 */
export interface ApiError {
  error: {
    /**
     * invalid · unauthenticated · forbidden · csrf · cross_origin · not_found · conflict ·
     * payload_too_large · unsupported_media_type · unreadable_file · too_many_requests · internal.
     */
    code: string;
    /** `中文 / English`. */
    message: string;
    /** For `unreadable_file`: each file's problem. */
    problems?: { file: string; rule: string; zh: string; en: string }[];
    /** For `too_many_requests`: seconds until the next attempt is allowed (also header Retry-After). */
    retryAfter?: number;
  };
}

/** A page of a longer list (the defined pages: `pageOf` in contract/runs.ts). */
export interface Page<T> {
  /** How many items match (all pages). */
  total: number;
  limit: number;
  offset: number;
  items: T[];
}
