import { describe, expect, it } from 'vitest';
import { deriveKey, encryptText } from '../../../src/main/enkash/crypto';
import { EnkashFailureError, type EnkashFailure } from '../../../src/main/enkash/errors';
import { parseResponseBody, readCode } from '../../../src/main/enkash/response';

const key = deriveKey('resp-secret', 'sha256-16');
const seal = (v: unknown) => JSON.stringify({ request: encryptText(JSON.stringify(v), key) });

function failureOf(fn: () => unknown): EnkashFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof EnkashFailureError) return e.failure;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('wrapper variants (enkash-api.md §2.3)', () => {
  it('{response_code:int, response_message, payload}', () => {
    const p = parseResponseBody(
      JSON.stringify({ response_code: 0, response_message: 'Success', payload: { webhookUrl: 'https://x' } }),
      200,
      key,
    );
    expect(p).toMatchObject({
      code: 0,
      message: 'Success',
      data: { webhookUrl: 'https://x' },
      wrapper: 'response_code',
      encrypted: false,
    });
  });

  it('{response_code:"string", response_message, requestId, data:[…]}', () => {
    const p = parseResponseBody(
      JSON.stringify({ response_code: '0', response_message: 'OK', requestId: 'R1', data: [{ a: 1 }] }),
      200,
      key,
    );
    expect(p).toMatchObject({ code: 0, message: 'OK', requestId: 'R1', data: [{ a: 1 }], wrapper: 'response_code' });
  });

  it('bare object {"totalBalance":0}', () => {
    const p = parseResponseBody('{"totalBalance":0}', 200, key);
    expect(p).toMatchObject({ code: null, data: { totalBalance: 0 }, wrapper: 'bare', encrypted: false });
  });

  it('error {code:412, message}', () => {
    const p = parseResponseBody('{"code":412,"message":"Bank account and IFSC both are required."}', 412, key);
    expect(p).toMatchObject({ code: 412, message: 'Bank account and IFSC both are required.', wrapper: 'code' });
  });

  it('{code:0, message:"Success", payload}', () => {
    const p = parseResponseBody('{"code":0,"message":"Success","payload":{"x":1}}', 200, key);
    expect(p).toMatchObject({ code: 0, data: { x: 1 }, wrapper: 'code' });
  });

  it('code given as a numeric string "409"', () => {
    expect(parseResponseBody('{"code":"409","message":"dup"}', 200, key).code).toBe(409);
  });

  it('wrapper without payload/data: the remaining fields are the data', () => {
    const p = parseResponseBody('{"response_code":0,"response_message":"ok","totalBalance":12.5}', 200, key);
    expect(p.data).toEqual({ totalBalance: 12.5 });
  });

  it('{data:[…]} without a code is still unwrapped', () => {
    const p = parseResponseBody('{"data":[1,2],"message":"ok"}', 200, key);
    expect(p.data).toEqual([1, 2]);
  });

  it('a bare array is data', () => {
    const p = parseResponseBody('[{"transactionId":"T1"}]', 200, key);
    expect(p).toMatchObject({ wrapper: 'bare', data: [{ transactionId: 'T1' }] });
  });

  it.each([
    ['response_code wrapper', { response_code: 0, response_message: 'Success', payload: { a: 1 } }, 'response_code'],
    ['code wrapper', { code: 0, message: 'Success', data: { a: 1 } }, 'code'],
    ['bare', { a: 1 }, 'bare'],
  ])('encrypted %s', (_label, inner, wrapper) => {
    const p = parseResponseBody(seal(inner), 200, key);
    expect(p.encrypted).toBe(true);
    expect(p.wrapper).toBe(wrapper);
    expect(p.data).toEqual({ a: 1 });
  });

  it('envelope inside a wrapper payload', () => {
    const inner = JSON.parse(seal({ a: 2 })) as { request: string };
    const p = parseResponseBody(JSON.stringify({ response_code: 0, payload: inner }), 200, key);
    expect(p).toMatchObject({ encrypted: true, code: 0, data: { a: 2 } });
  });

  it('code beside the envelope is kept when the decrypted body has none', () => {
    const body = JSON.stringify({ ...(JSON.parse(seal({ a: 3 })) as object), response_code: 0 });
    expect(parseResponseBody(body, 200, key)).toMatchObject({ code: 0, data: { a: 3 }, encrypted: true });
  });

  it('a double-encoded JSON string is decoded once more', () => {
    const p = parseResponseBody(JSON.stringify(JSON.stringify({ code: 0, data: { a: 1 } })), 200, key);
    expect(p.data).toEqual({ a: 1 });
  });

  it('OAuth-style error bodies expose error_description as the message', () => {
    expect(parseResponseBody('{"error":"invalid_grant","error_description":"Bad credentials"}', 400, key).message).toBe(
      'Bad credentials',
    );
  });
});

describe('hostile bodies become typed failures, never crashes', () => {
  it.each([
    ['HTML error page', '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>', 'html'],
    ['HTML without doctype', '  <html><head></head></html>', 'html'],
    ['truncated JSON', '{"response_code":0,"payload":{"transac', 'truncated_json'],
    ['truncated array', '[{"a":1},', 'truncated_json'],
    ['plain text', 'Service Unavailable', 'not_json'],
    ['empty', '', 'empty'],
    ['whitespace', '  \n ', 'empty'],
    ['null', 'null', 'not_object'],
    ['number', '42', 'not_object'],
    ['string', '"hello"', 'not_object'],
    ['boolean', 'true', 'not_object'],
  ])('%s', (_label, text, reason) => {
    expect(failureOf(() => parseResponseBody(text, 200, key))).toEqual({
      kind: 'unreadable_body',
      httpStatus: 200,
      reason,
    });
  });

  it('an envelope under the wrong key → undecryptable', () => {
    const other = JSON.stringify({ request: encryptText('{"a":1}', deriveKey('other-secret', 'sha256-16')) });
    expect(failureOf(() => parseResponseBody(other, 200, key)).kind).toBe('undecryptable');
  });

  it('an envelope under the right secret but another derivation → undecryptable', () => {
    const other = JSON.stringify({ request: encryptText('{"a":1}', deriveKey('resp-secret', 'sha1-16')) });
    expect(failureOf(() => parseResponseBody(other, 200, key)).kind).toBe('undecryptable');
  });

  it('base64 garbage in the envelope → undecryptable', () => {
    expect(failureOf(() => parseResponseBody('{"request":"!!!not-base64!!!"}', 200, key)).kind).toBe('undecryptable');
    expect(failureOf(() => parseResponseBody('{"request":"aGVsbG8="}', 200, key)).kind).toBe('undecryptable');
  });

  it('an envelope that decrypts to non-JSON → undecryptable', () => {
    const body = JSON.stringify({ request: encryptText('not json at all', key) });
    expect(failureOf(() => parseResponseBody(body, 200, key)).kind).toBe('undecryptable');
  });

  it('an envelope and no key → undecryptable', () => {
    expect(failureOf(() => parseResponseBody(seal({ a: 1 }), 200, null)).kind).toBe('undecryptable');
  });

  it('an envelope that decrypts to null → not_object', () => {
    const body = JSON.stringify({ request: encryptText('null', key) });
    expect(failureOf(() => parseResponseBody(body, 200, key))).toMatchObject({
      kind: 'unreadable_body',
      reason: 'not_object',
    });
  });

  it('a huge garbage body is refused quickly as not JSON', () => {
    const huge = 'x'.repeat(5_000_000);
    expect(failureOf(() => parseResponseBody(huge, 200, key))).toMatchObject({ reason: 'not_json' });
  });
});

describe('readCode', () => {
  it.each([
    [0, 0],
    ['0', 0],
    [' 412 ', 412],
    ['SUCCESS', 0],
    ['ok', 0],
    ['FAILURE', -1],
    [1.5, -1],
    [{}, -1],
  ])('%j → %j', (raw, code) => {
    expect(readCode(raw).code).toBe(code);
  });
});
