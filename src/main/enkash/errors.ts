import { maskAccount } from '../../shared/domain/mask';
import { AppError, isAppError } from '../../shared/domain/errors';
import { CHECKSUM_REQUIRED_MESSAGE, forbiddenMessage, isChecksumRefusal } from './refusals';

export { CHECKSUM_REQUIRED_MESSAGE, isChecksumRefusal } from './refusals';

/**
 * Every way an EnKash call can go wrong, as data, and the one function that turns it into an app error.
 *
 * The split that matters is money-safety: a failure either proves the request was NOT processed (safe to fix
 * and resend), or leaves the outcome unknown (the journal must reconcile through Search Payouts before
 * anything is resent). When in doubt a write is "unknown", never "rejected".
 */

/** `write` = the call creates or changes something at EnKash; `read` changes nothing. */
export type CallEffect = 'read' | 'write';

export type BodyProblem = 'html' | 'truncated_json' | 'not_json' | 'empty' | 'too_large' | 'not_object';

export type EnkashFailure =
  | { kind: 'credentials_missing' }
  | { kind: 'invalid_input'; issues: { path: string; message: string }[] }
  /** The token endpoint's verdict on the credentials (401, `invalid_grant`, or a JSON body without a token). */
  | { kind: 'login_rejected'; httpStatus: number; enkashCode: number | null; enkashMessage: string | null }
  /** A 400 from the token endpoint that is no verdict on the credentials (e.g. `unsupported_grant_type`). */
  | { kind: 'login_refused'; httpStatus: number; enkashCode: number | null; enkashMessage: string | null }
  /**
   * A 403 on the token call or (after one re-login) on a call: EnKash refused this computer — every caller IP
   * must be whitelisted (§15.19) — or the credentials. Not a lock: a whitelisted IP fixes it without a change.
   */
  | {
      kind: 'forbidden';
      during: 'login' | 'call';
      httpStatus: number;
      enkashCode: number | null;
      enkashMessage: string | null;
    }
  /** A previous login was rejected and the credentials have not changed since. */
  | { kind: 'login_locked' }
  /** The token endpoint could not be reached or answered something other than a verdict on the login. */
  | { kind: 'login_unavailable'; httpStatus: number | null; cause: string }
  /** `before_send`: the connection was never made, so nothing reached EnKash. */
  | { kind: 'network'; phase: 'before_send' | 'after_send'; cause: string }
  | { kind: 'timeout' }
  /**
   * An answer carrying a status: a non-2xx HTTP status and/or a non-zero body code. `enkashCodeText` is a body
   * code that is not a number (e.g. "REJECT_CHKSUM"), when there was one.
   */
  | {
      kind: 'server_code';
      httpStatus: number;
      enkashCode: number | null;
      enkashMessage: string | null;
      enkashCodeText?: string | null;
    }
  /** A 401 that survived one re-login and one retry. */
  | { kind: 'auth_rejected'; httpStatus: number; enkashCode: number | null; enkashMessage: string | null }
  | { kind: 'unreadable_body'; httpStatus: number; reason: BodyProblem }
  | { kind: 'undecryptable'; httpStatus: number }
  | { kind: 'bad_shape'; httpStatus: number; issues: string[] };

/** Carries a failure through `throw` inside the client; never leaves the enkash module (see toAppError). */
export class EnkashFailureError extends Error {
  readonly failure: EnkashFailure;

  constructor(failure: EnkashFailure) {
    super(`EnKash call failed: ${failure.kind}`);
    this.name = 'EnkashFailureError';
    this.failure = failure;
  }
}

export function fail(failure: EnkashFailure): never {
  throw new EnkashFailureError(failure);
}

export type FailureContext = { operation: string; effect: CallEffect };

const ENCRYPTION_FAILED = /encryption\s+failed/i;

/** True when EnKash's message says it could not encrypt its answer: the request itself may have run. */
export function isEncryptionFailedMessage(message: string | null | undefined): boolean {
  return !!message && ENCRYPTION_FAILED.test(message);
}

/**
 * EnKash's own message, made safe for details: long digit runs (account or phone numbers) masked to the last
 * four, control characters dropped, length capped.
 */
export function safeEnkashMessage(message: string | null | undefined): string | undefined {
  if (message == null) return undefined;
  const cleaned = message
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\d{8,}/g, (run) => maskAccount(run))
    .trim();
  return cleaned.length > 200 ? `${cleaned.slice(0, 200)}…` : cleaned;
}

/** The single mapping from an EnKash failure (or anything thrown) to the closed app error codes. */
export function toAppError(error: unknown, ctx: FailureContext): AppError {
  if (isAppError(error)) return error;
  if (!(error instanceof EnkashFailureError)) {
    // A bug of ours mid-call: for a write we cannot say whether the request left, so say "unknown".
    return ctx.effect === 'write'
      ? new AppError('enkash_unknown_outcome', 'The request ended unexpectedly; its outcome is unknown.', {
          operation: ctx.operation,
          reason: 'internal',
        })
      : new AppError('internal', 'Unexpected error while talking to EnKash.', { operation: ctx.operation });
  }
  return mapFailure(error.failure, ctx);
}

function mapFailure(f: EnkashFailure, ctx: FailureContext): AppError {
  const base = { operation: ctx.operation };
  const write = ctx.effect === 'write';
  const unknown = (reason: string, extra: Record<string, unknown> = {}) =>
    new AppError(
      'enkash_unknown_outcome',
      'EnKash may or may not have processed this request; it must be checked before anything is resent.',
      { ...base, reason, ...extra },
    );
  const unavailable = (reason: string, extra: Record<string, unknown> = {}) =>
    new AppError('enkash_unavailable', 'EnKash could not be reached. Nothing was processed; try again later.', {
      ...base,
      reason,
      ...extra,
    });
  const badResponse = (reason: string, extra: Record<string, unknown> = {}) =>
    new AppError('enkash_bad_response', 'EnKash sent a response the app could not understand.', {
      ...base,
      reason,
      ...extra,
    });

  switch (f.kind) {
    case 'credentials_missing':
      return new AppError('credentials_missing', 'EnKash credentials are not set up.', base);
    case 'invalid_input':
      return new AppError('invalid_input', 'The request has invalid fields.', { ...base, issues: f.issues });
    case 'login_rejected':
      return new AppError(
        'auth_failed',
        'EnKash rejected the login. Check the credentials; the app will not try again until they change.',
        { ...base, ...codeDetails(f.httpStatus, f.enkashCode, f.enkashMessage), locked: true },
      );
    case 'login_refused':
      return new AppError(
        'auth_failed',
        `EnKash refused the login request (HTTP ${f.httpStatus}) without saying the credentials are wrong. ` +
          'Check the client ID and username in Settings, then use Test connection; the app does not retry on its own.',
        { ...base, ...codeDetails(f.httpStatus, f.enkashCode, f.enkashMessage), locked: false, retryable: false },
      );
    case 'forbidden':
      return new AppError('auth_failed', forbiddenMessage(write), {
        ...base,
        ...codeDetails(f.httpStatus, f.enkashCode, f.enkashMessage),
        reason: 'forbidden',
        during: f.during,
        locked: false,
        // Waiting does not whitelist an IP: callers (the journal engine) must stop rather than try again.
        retryable: false,
      });
    case 'login_locked':
      return new AppError(
        'auth_failed',
        'The last EnKash login was rejected; no new attempt is made until the credentials change.',
        { ...base, locked: true },
      );
    case 'login_unavailable':
      return unavailable('login_unavailable', { httpStatus: f.httpStatus ?? undefined, cause: f.cause });
    case 'auth_rejected':
      return new AppError('auth_failed', 'EnKash refused the access token, even after logging in again.', {
        ...base,
        ...codeDetails(f.httpStatus, f.enkashCode, f.enkashMessage),
      });
    case 'network':
      if (f.phase === 'before_send') return unavailable('connection_failed', { cause: f.cause });
      return write
        ? unknown('connection_lost', { cause: f.cause })
        : unavailable('connection_lost', { cause: f.cause });
    case 'timeout':
      return write ? unknown('timeout') : unavailable('timeout');
    case 'unreadable_body':
      return write
        ? unknown(`body_${f.reason}`, { httpStatus: f.httpStatus })
        : badResponse(`body_${f.reason}`, { httpStatus: f.httpStatus });
    case 'undecryptable':
      return write
        ? unknown('undecryptable', { httpStatus: f.httpStatus })
        : badResponse('undecryptable', { httpStatus: f.httpStatus, hint: 'check the key derivation' });
    case 'bad_shape':
      // A write that answered "success" in a shape we cannot read may well have moved money.
      return write
        ? unknown('bad_shape', { httpStatus: f.httpStatus, issues: f.issues.slice(0, 5) })
        : badResponse('bad_shape', { httpStatus: f.httpStatus, issues: f.issues.slice(0, 5) });
    case 'server_code':
      return mapServerCode(f, ctx, { unknown, unavailable, badResponse });
  }
}

type Builders = Record<'unknown' | 'unavailable' | 'badResponse', (r: string, e?: Record<string, unknown>) => AppError>;

function mapServerCode(f: Extract<EnkashFailure, { kind: 'server_code' }>, ctx: FailureContext, b: Builders): AppError {
  const write = ctx.effect === 'write';
  const details = codeDetails(f.httpStatus, f.enkashCode, f.enkashMessage);
  const httpOk = f.httpStatus >= 200 && f.httpStatus < 300;
  const rejected = (extra: Record<string, unknown> = {}) =>
    new AppError('enkash_rejected', rejectedMessage(f), { operation: ctx.operation, ...details, ...extra });

  // Checked first: a REJECT_CHKSUM body code on HTTP 200 would otherwise read as an unrecognised code (unknown).
  if (isChecksumRefusal(f)) return checksumRequired(f, ctx);
  // "Encryption failed for response" (403): the server ran the request and then failed to wrap the answer.
  if (isEncryptionFailedMessage(f.enkashMessage)) {
    return write
      ? b.unknown('encryption_failed_for_response', details)
      : b.badResponse('encryption_failed_for_response', details);
  }
  if (!httpOk) {
    const s = f.httpStatus;
    if (s >= 500 || s < 200) return write ? b.unknown('server_error', details) : b.unavailable('server_error', details);
    if (s === 429) return b.unavailable('rate_limited', details);
    if (s === 408) return write ? b.unknown('request_timeout', details) : b.unavailable('request_timeout', details);
    if (s === 401 || s === 403) {
      return new AppError('auth_failed', 'EnKash refused the access token.', { operation: ctx.operation, ...details });
    }
    if (s >= 400) return rejected(duplicateFlag(f));
    // 1xx/3xx: a proxy or redirect we did not follow; nothing says EnKash saw it, but nothing says it didn't.
    return write ? b.unknown('unexpected_status', details) : b.badResponse('unexpected_status', details);
  }
  const code = f.enkashCode;
  if (code === null || code === 0) {
    return write ? b.unknown('unrecognised_code', details) : b.badResponse('unrecognised_code', details);
  }
  // Code 1 is EnKash's generic "Failure": the docs do not say whether anything happened.
  if (code === 1) return write ? b.unknown('generic_failure', details) : b.badResponse('generic_failure', details);
  if (code >= 500 && code < 600)
    return write ? b.unknown('server_error', details) : b.unavailable('server_error', details);
  if (code === 429) return b.unavailable('rate_limited', details);
  if (code >= 400 && code < 500) return rejected(duplicateFlag(f));
  return write ? b.unknown('unrecognised_code', details) : b.badResponse('unrecognised_code', details);
}

/**
 * A definite refusal (nothing was processed, so a payout row is REJECTED, never UNKNOWN). The row shows
 * `enkashMessage`, so it carries our explanation first and EnKash's own words after it.
 */
function checksumRequired(f: Extract<EnkashFailure, { kind: 'server_code' }>, ctx: FailureContext): AppError {
  const said = safeEnkashMessage(f.enkashMessage) ?? f.enkashCodeText ?? 'Invalid checksum';
  const httpRefusal = f.httpStatus >= 400 && f.httpStatus < 500;
  return new AppError('enkash_rejected', CHECKSUM_REQUIRED_MESSAGE, {
    operation: ctx.operation,
    httpStatus: f.httpStatus,
    enkashCode: f.enkashCode ?? (httpRefusal ? f.httpStatus : 412),
    enkashMessage: `${CHECKSUM_REQUIRED_MESSAGE} (EnKash: ${said})`,
    rejectCode: 'REJECT_CHKSUM',
    reason: 'checksum_required',
    setting: 'checksum',
  });
}

function duplicateFlag(f: { httpStatus: number; enkashCode: number | null }): Record<string, unknown> {
  return f.httpStatus === 409 || f.enkashCode === 409 ? { duplicate: true } : {};
}

function rejectedMessage(f: { httpStatus: number; enkashCode: number | null }): string {
  if (f.httpStatus === 409 || f.enkashCode === 409)
    return 'EnKash says this ID already exists; nothing new was created.';
  return 'EnKash rejected the request; nothing was processed.';
}

function codeDetails(httpStatus: number | null, enkashCode: number | null, enkashMessage: string | null) {
  const out: Record<string, unknown> = {};
  if (httpStatus !== null) out.httpStatus = httpStatus;
  out.enkashCode = enkashCode ?? httpStatus ?? undefined;
  const message = safeEnkashMessage(enkashMessage);
  if (message) out.enkashMessage = message;
  return out;
}

/**
 * True when the error means "EnKash may have processed this": the journal must reconcile through Search
 * Payouts before resending, and must never mark the row failed.
 */
export function isOutcomeUnknown(err: unknown): boolean {
  return isAppError(err) && err.code === 'enkash_unknown_outcome';
}

/** True when EnKash says the id already exists (409), which on a resend proves the first attempt landed. */
export function isDuplicate(err: unknown): boolean {
  return isAppError(err) && err.code === 'enkash_rejected' && err.details?.duplicate === true;
}
