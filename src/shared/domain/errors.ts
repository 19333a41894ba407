/**
 * Errors the user may see: a closed set of codes and a message that is safe to show. They live with the domain
 * (rules and IST parsing throw them) and cross IPC and the CLI's JSON output as `AppErrorShape`.
 */

/**
 * The closed set of error codes that may cross IPC (and the CLI's JSON output). Raw EnKash messages and
 * secrets never travel here; `details` may carry EnKash's own code/message for support.
 */
export const ERROR_CODES = [
  'invalid_input', // failed a zod schema or a rule
  'forbidden_sender', // IPC call from a frame that is not our renderer
  'not_found',
  'conflict', // duplicate id, file already imported, state does not allow the action
  'credentials_missing',
  'credentials_unavailable', // OS keychain (safeStorage) not available
  'auth_failed', // EnKash rejected the login; never retried automatically
  'enkash_rejected', // EnKash definitely did not process the request (4xx validation, 409, 422)
  'enkash_unknown_outcome', // timeout, reset, 5xx, code 1, undecryptable body: reconcile before resending
  'enkash_unavailable', // could not connect at all (request never left)
  'enkash_bad_response', // a response we could not understand for a call that changes nothing
  'file_invalid',
  'db_error',
  'cancelled',
  'internal',
  'forbidden', // Team mode: refused by role, approval policy or self-approval (CLI exit 3)
  'signed_out', // Team mode: no session, an expired one, a wrong password or a locked user
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type AppErrorShape = { code: ErrorCode; message: string; details?: Record<string, unknown> };

/** An error whose code and message are safe to show to the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toShape(): AppErrorShape {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
