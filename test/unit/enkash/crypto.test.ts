import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptText, DecryptError, deriveKey, encryptText } from '../../../src/main/enkash/crypto';
import { KEY_DERIVATIONS } from '../../../src/shared/settings/api-profile';

const PLAIN = '{"transactionId":"T1","transferAmount":1.0}';

describe('key derivation known-answer vectors (enkash-api.md §4)', () => {
  it('sha256-16: first 16 bytes of SHA-256, and the documented ciphertext', () => {
    const key = deriveKey('test-secret', 'sha256-16');
    expect(key.toString('hex')).toBe('9caf06bb4436cdbfa20af9121a626bc1');
    expect(encryptText(PLAIN, key)).toBe('40joTC+CjG6eTzVtC+0pwAeOXweQqaRDwlqgZOmo2cfDtR4Os8liVlSSOYE/RFcu');
  });

  it('sha1-16: first 16 bytes of SHA-1, and the documented ciphertext', () => {
    const key = deriveKey('test-secret', 'sha1-16');
    expect(key.toString('hex')).toBe('fe1bae27cb7c1fb823f496f286e78f1d');
    expect(encryptText(PLAIN, key)).toBe('HSocIEYNAh1wEKddd9KthXJ4Z1ITdCVU3E8M/qHDhPyEdTDpt7rgitLqfX7taXhf');
  });

  it('the documented ciphertexts decrypt back to the plaintext', () => {
    expect(
      decryptText(
        '40joTC+CjG6eTzVtC+0pwAeOXweQqaRDwlqgZOmo2cfDtR4Os8liVlSSOYE/RFcu',
        deriveKey('test-secret', 'sha256-16'),
      ),
    ).toBe(PLAIN);
    expect(
      decryptText(
        'HSocIEYNAh1wEKddd9KthXJ4Z1ITdCVU3E8M/qHDhPyEdTDpt7rgitLqfX7taXhf',
        deriveKey('test-secret', 'sha1-16'),
      ),
    ).toBe(PLAIN);
  });

  it('raw-16: the secret bytes zero-padded to 16 (computed independently, by hand)', () => {
    // Build the key by hand: ASCII of "test-secret" (11 bytes) followed by five zero bytes.
    const handKey = Buffer.alloc(16, 0);
    for (let i = 0; i < 'test-secret'.length; i++) handKey[i] = 'test-secret'.charCodeAt(i);
    expect(deriveKey('test-secret', 'raw-16').equals(handKey)).toBe(true);
    expect(handKey.toString('hex')).toBe('746573742d7365637265740000000000');

    // Encrypt by a different route: pad PKCS#7 ourselves and run the raw block cipher without auto-padding.
    const data = Buffer.from(PLAIN, 'utf8'); // 43 bytes → 5 bytes of padding, each 0x05
    expect(data.length).toBe(43);
    const padLen = 16 - (data.length % 16);
    const padded = Buffer.concat([data, Buffer.alloc(padLen, padLen)]);
    const cipher = createCipheriv('aes-128-ecb', handKey, null).setAutoPadding(false);
    const manual = Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
    expect(encryptText(PLAIN, deriveKey('test-secret', 'raw-16'))).toBe(manual);

    // And check the padding the library produced, byte by byte.
    const decipher = createDecipheriv('aes-128-ecb', handKey, null).setAutoPadding(false);
    const raw = Buffer.concat([decipher.update(Buffer.from(manual, 'base64')), decipher.final()]);
    expect(raw.length).toBe(48);
    expect([...raw.subarray(43)]).toEqual([5, 5, 5, 5, 5]);
    expect(raw.subarray(0, 43).toString('utf8')).toBe(PLAIN);
  });

  it('raw-16 keeps only the first 16 bytes of a long secret', () => {
    const key = deriveKey('0123456789abcdefXYZ', 'raw-16');
    expect(key.toString('utf8')).toBe('0123456789abcdef');
  });

  it('the three derivations give three different keys for the same secret', () => {
    const keys = KEY_DERIVATIONS.map((d) => deriveKey('test-secret', d).toString('hex'));
    expect(new Set(keys).size).toBe(3);
  });
});

const jsonValue = fc.jsonValue();

describe('round trip properties', () => {
  it('decrypt(encrypt(json)) returns the same JSON for every derivation and random secret', () => {
    fc.assert(
      fc.property(
        jsonValue,
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.constantFrom(...KEY_DERIVATIONS),
        (value, secret, d) => {
          const key = deriveKey(secret, d);
          const text = JSON.stringify(value);
          expect(decryptText(encryptText(text, key), key)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('decrypting garbage', () => {
  const key = deriveKey('test-secret', 'sha256-16');

  it.each([
    ['not base64', 'this is not base64!'],
    ['base64 of 5 bytes (not a block multiple)', Buffer.from('hello').toString('base64')],
    ['empty', ''],
    ['url-safe alphabet', '40joTC-CjG6eTzVtC-0pwAeOXweQqaRDwlqgZOmo2cfDtR4Os8liVlSSOYE_RFcu'],
  ])('%s → DecryptError', (_label, input) => {
    expect(() => decryptText(input, key)).toThrow(DecryptError);
  });

  it('a ciphertext under another key → DecryptError (or, rarely, non-matching text), never a crash', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (secret) => {
        const other = deriveKey(`${secret}-other`, 'sha256-16');
        const cipher = encryptText(PLAIN, other);
        try {
          expect(decryptText(cipher, key)).not.toBe(PLAIN);
        } catch (e) {
          expect(e).toBeInstanceOf(DecryptError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('random whole blocks → DecryptError or text that is not the original, never another error type', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 * 8 }).filter((a) => a.length % 16 === 0),
        (bytes) => {
          const b64 = Buffer.from(bytes).toString('base64');
          try {
            decryptText(b64, key);
          } catch (e) {
            expect(e).toBeInstanceOf(DecryptError);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
