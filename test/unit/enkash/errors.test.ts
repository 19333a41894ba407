import { describe, expect, it } from 'vitest';
import {
  type CallEffect,
  type EnkashFailure,
  EnkashFailureError,
  isDuplicate,
  isOutcomeUnknown,
  safeEnkashMessage,
  toAppError,
} from '../../../src/main/enkash/errors';
import { AppError, type ErrorCode } from '../../../src/shared/domain/errors';

const map = (f: EnkashFailure, effect: CallEffect = 'write') =>
  toAppError(new EnkashFailureError(f), { operation: 'createPayout', effect });
const code = (httpStatus: number, enkashCode: number | null, enkashMessage: string | null = null): EnkashFailure => ({
  kind: 'server_code',
  httpStatus,
  enkashCode,
  enkashMessage,
});

describe('error mapping table', () => {
  const table: [string, EnkashFailure, ErrorCode, ErrorCode][] = [
    // label, failure, code for a write, code for a read
    ['HTTP 409 duplicate', code(409, 409, 'Transaction ID already exists'), 'enkash_rejected', 'enkash_rejected'],
    [
      'body 409 on HTTP 200',
      code(200, 409, 'Batch Transaction ID already exists'),
      'enkash_rejected',
      'enkash_rejected',
    ],
    ['HTTP 412', code(412, 412, 'Bank account and IFSC both are required.'), 'enkash_rejected', 'enkash_rejected'],
    ['body 412 on HTTP 200', code(200, 412, 'Invalid Company ID'), 'enkash_rejected', 'enkash_rejected'],
    [
      'HTTP 422 invalid encrypted request',
      code(422, 422, 'Invalid encrypted request'),
      'enkash_rejected',
      'enkash_rejected',
    ],
    ['body 422 on HTTP 200', code(200, 422, 'Please provide a valid name'), 'enkash_rejected', 'enkash_rejected'],
    ['HTTP 400 without body code', code(400, null), 'enkash_rejected', 'enkash_rejected'],
    ['HTTP 404 (wrong path)', code(404, null), 'enkash_rejected', 'enkash_rejected'],
    ['body 403 APIs not enabled', code(200, 403, 'APIs not enabled'), 'enkash_rejected', 'enkash_rejected'],
    [
      'HTTP 403 Encryption failed for response',
      code(403, 403, 'Encryption failed for response'),
      'enkash_unknown_outcome',
      'enkash_bad_response',
    ],
    [
      'body 403 Encryption failed for response',
      code(200, 403, 'Encryption failed for response'),
      'enkash_unknown_outcome',
      'enkash_bad_response',
    ],
    ['HTTP 500', code(500, null), 'enkash_unknown_outcome', 'enkash_unavailable'],
    ['HTTP 502 with body code 0', code(502, 0), 'enkash_unknown_outcome', 'enkash_unavailable'],
    ['HTTP 504', code(504, null), 'enkash_unknown_outcome', 'enkash_unavailable'],
    ['body code 1 (generic failure)', code(200, 1, 'Failure'), 'enkash_unknown_outcome', 'enkash_bad_response'],
    ['body code 500', code(200, 500, 'Internal'), 'enkash_unknown_outcome', 'enkash_unavailable'],
    ['unrecognised body code 7', code(200, 7), 'enkash_unknown_outcome', 'enkash_bad_response'],
    ['non-numeric body code', code(200, null, 'code FAILURE'), 'enkash_unknown_outcome', 'enkash_bad_response'],
    ['HTTP 429', code(429, null), 'enkash_unavailable', 'enkash_unavailable'],
    ['HTTP 408', code(408, null), 'enkash_unknown_outcome', 'enkash_unavailable'],
    ['HTTP 302 redirect', code(302, null), 'enkash_unknown_outcome', 'enkash_bad_response'],
    ['HTTP 401 after re-login', code(401, null), 'auth_failed', 'auth_failed'],
    ['timeout', { kind: 'timeout' }, 'enkash_unknown_outcome', 'enkash_unavailable'],
    [
      'reset after send',
      { kind: 'network', phase: 'after_send', cause: 'ECONNRESET' },
      'enkash_unknown_outcome',
      'enkash_unavailable',
    ],
    [
      'refused before send',
      { kind: 'network', phase: 'before_send', cause: 'ECONNREFUSED' },
      'enkash_unavailable',
      'enkash_unavailable',
    ],
    [
      'HTML body',
      { kind: 'unreadable_body', httpStatus: 200, reason: 'html' },
      'enkash_unknown_outcome',
      'enkash_bad_response',
    ],
    [
      'truncated JSON',
      { kind: 'unreadable_body', httpStatus: 200, reason: 'truncated_json' },
      'enkash_unknown_outcome',
      'enkash_bad_response',
    ],
    [
      'too large',
      { kind: 'unreadable_body', httpStatus: 200, reason: 'too_large' },
      'enkash_unknown_outcome',
      'enkash_bad_response',
    ],
    ['undecryptable', { kind: 'undecryptable', httpStatus: 200 }, 'enkash_unknown_outcome', 'enkash_bad_response'],
    [
      'bad shape',
      { kind: 'bad_shape', httpStatus: 200, issues: ['x: bad'] },
      'enkash_unknown_outcome',
      'enkash_bad_response',
    ],
    [
      'login rejected',
      { kind: 'login_rejected', httpStatus: 401, enkashCode: null, enkashMessage: 'Bad credentials' },
      'auth_failed',
      'auth_failed',
    ],
    ['login locked', { kind: 'login_locked' }, 'auth_failed', 'auth_failed'],
    [
      'login endpoint down',
      { kind: 'login_unavailable', httpStatus: 503, cause: 'http_status' },
      'enkash_unavailable',
      'enkash_unavailable',
    ],
    [
      'auth rejected twice',
      { kind: 'auth_rejected', httpStatus: 401, enkashCode: null, enkashMessage: null },
      'auth_failed',
      'auth_failed',
    ],
    ['credentials missing', { kind: 'credentials_missing' }, 'credentials_missing', 'credentials_missing'],
    [
      'invalid input',
      { kind: 'invalid_input', issues: [{ path: 'ifsc', message: 'bad' }] },
      'invalid_input',
      'invalid_input',
    ],
  ];

  it.each(table)('%s → write: %s, read: %s', (_label, failure, writeCode, readCode) => {
    expect(map(failure, 'write').code).toBe(writeCode);
    expect(map(failure, 'read').code).toBe(readCode);
  });

  it('every write failure that is not "definitely not processed" is outcome-unknown, never rejected', () => {
    for (const [, failure, writeCode] of table) {
      const err = map(failure, 'write');
      expect(err).toBeInstanceOf(AppError);
      expect(isOutcomeUnknown(err)).toBe(writeCode === 'enkash_unknown_outcome');
    }
  });

  it('409 carries duplicate=true and EnKash code/message in details', () => {
    const err = map(code(409, 409, 'Transaction ID already exists'));
    expect(err.details).toMatchObject({
      enkashCode: 409,
      enkashMessage: 'Transaction ID already exists',
      duplicate: true,
      httpStatus: 409,
    });
    expect(isDuplicate(err)).toBe(true);
    expect(isDuplicate(map(code(412, 412)))).toBe(false);
  });

  it('422 carries the EnKash code but no duplicate flag', () => {
    const err = map(code(422, 422, 'Invalid encrypted request'));
    expect(err.details).toMatchObject({ enkashCode: 422, enkashMessage: 'Invalid encrypted request' });
    expect(err.details?.duplicate).toBeUndefined();
  });

  it('the HTTP status stands in for the EnKash code when the body had none', () => {
    expect(map(code(412, null)).details?.enkashCode).toBe(412);
  });

  it('account numbers inside EnKash messages are masked', () => {
    const err = map(code(422, 422, 'Account 123456789012 is invalid'));
    expect(err.details?.enkashMessage).toBe('Account ********9012 is invalid');
    expect(JSON.stringify(err.toShape())).not.toContain('123456789012');
  });

  it('an unexpected exception maps to unknown outcome for a write and internal for a read', () => {
    expect(toAppError(new Error('bug'), { operation: 'x', effect: 'write' }).code).toBe('enkash_unknown_outcome');
    expect(toAppError(new Error('bug'), { operation: 'x', effect: 'read' }).code).toBe('internal');
  });

  it('an AppError passes through unchanged', () => {
    const original = new AppError('cancelled', 'stop');
    expect(toAppError(original, { operation: 'x', effect: 'write' })).toBe(original);
  });

  it('isOutcomeUnknown is false for non-AppErrors', () => {
    expect(isOutcomeUnknown(new Error('x'))).toBe(false);
    expect(isOutcomeUnknown(null)).toBe(false);
  });
});

describe('safeEnkashMessage', () => {
  it('caps length and strips control characters', () => {
    expect(safeEnkashMessage('a\u0000b')).toBe('a b');
    expect(safeEnkashMessage('x'.repeat(500))!.length).toBeLessThanOrEqual(201);
    expect(safeEnkashMessage(null)).toBeUndefined();
  });
});
