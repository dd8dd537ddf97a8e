/**
 * The errors a use case answers with: what the user asked for cannot be done (no data, unknown run, a
 * bad class, not allowed, too large …). The message is shown as it is, Chinese first then English; the
 * code is the API's `error.code` and decides the HTTP status (api/app.ts).
 */

/** An error in what the user asked for (no data, unknown run, bad class): shown as is, in both languages. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly code: ServiceErrorCode = 'invalid',
    /** For `too_many_requests`: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** What went wrong, as the API's `error.code` (and its HTTP status: see api/app.ts). */
export type ServiceErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  /** A policy applied to a run not yet published (409): the page offers the draft preview instead. */
  | 'run_not_published'
  | 'unauthenticated'
  | 'forbidden'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'unsupported_media_type';
