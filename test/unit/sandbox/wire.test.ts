import { describe, expect, it } from 'vitest';
import { decryptText, DecryptError, deriveKey, encryptText } from '../../../src/main/enkash/crypto';
import { DEFAULT_DIALECT } from '../../../src/main/sandbox/config';
import { JsonNumber } from '../../../src/main/sandbox/exact-json';
import { decodeEnvelope, garble, renderResult } from '../../../src/main/sandbox/wire';

const key = deriveKey('test-secret', 'sha256-16');

describe('renderResult', () => {
  it('encrypts POST successes in the response_code wrapper by default', () => {
    const r = renderResult({ kind: 'ok', payload: { a: 1 } }, DEFAULT_DIALECT, key, false);
    expect(r.status).toBe(200);
    const plain = JSON.parse(decryptText((r.body as { request: string }).request, key));
    expect(plain).toEqual({ response_code: 0, response_message: 'Success', payload: { a: 1 } });
  });

  it('sends GET payloads bare and plain by default', () => {
    expect(renderResult({ kind: 'ok', payload: { totalBalance: 5 } }, DEFAULT_DIALECT, key, true)).toEqual({
      status: 200,
      body: { totalBalance: 5 },
    });
  });

  it('maps business errors to plain {code,message}, status per errorsAsHttpStatus', () => {
    const err = { kind: 'error', code: 412, message: 'm' } as const;
    expect(renderResult(err, DEFAULT_DIALECT, key, false)).toEqual({ status: 412, body: { code: 412, message: 'm' } });
    expect(renderResult(err, { ...DEFAULT_DIALECT, errorsAsHttpStatus: false }, key, false).status).toBe(200);
  });
});

describe('decodeEnvelope', () => {
  it('opens a valid envelope, keeping number literals', () => {
    const r = decodeEnvelope(JSON.stringify({ request: encryptText('{"transferAmount":10.50}', key) }), key);
    expect(r.ok && (r.body.transferAmount as JsonNumber).raw).toBe('10.50');
  });

  it('distinguishes a wrong key from a malformed envelope', () => {
    const other = deriveKey('test-secret', 'sha1-16');
    const sealed = JSON.stringify({ request: encryptText('{"a":1}', other) });
    expect(decodeEnvelope(sealed, key)).toEqual({ ok: false, message: 'Invalid encrypted request' });
    expect(decodeEnvelope('not json', key)).toEqual({ ok: false, message: 'Invalid request format' });
    expect(decodeEnvelope('{"request":5}', key)).toEqual({ ok: false, message: 'Invalid request format' });
  });

  it('matches the enkash-api.md §4 self-check vector', () => {
    const plain = '{"transactionId":"T1","transferAmount":1.0}';
    expect(encryptText(plain, key)).toBe('40joTC+CjG6eTzVtC+0pwAeOXweQqaRDwlqgZOmo2cfDtR4Os8liVlSSOYE/RFcu');
    const r = decodeEnvelope(
      JSON.stringify({ request: '40joTC+CjG6eTzVtC+0pwAeOXweQqaRDwlqgZOmo2cfDtR4Os8liVlSSOYE/RFcu' }),
      key,
    );
    expect(r.ok && (r.body.transferAmount as JsonNumber).raw).toBe('1.0');
  });
});

describe('garble', () => {
  it('always yields a ciphertext the client cannot open', () => {
    for (let i = 0; i < 50; i++) {
      const c = garble(encryptText(`{"n":${i}}`, key));
      expect(() => decryptText(c, key)).toThrow(DecryptError);
    }
  });
});
