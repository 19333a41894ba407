import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decryptResponseText,
  decryptText,
  deriveKey,
  encryptText,
  normalizeResponseBase64,
} from '../../../src/main/enkash/crypto';
import { stringifyJson } from '../../../src/main/enkash/decimal-json';
import {
  readBatchResult,
  readFailureBySchema,
  readPayout,
  readPayoutBySchema,
} from '../../../src/main/enkash/payout-outputs';
import { canonical } from '../../../src/main/enkash/wire-read';

/**
 * The per-call fast paths of the client (issue: CPU per batch call) must answer exactly as the general code
 * they short-cut: string quoting, the base64 check, alias picking and plain payout items.
 */

const key = deriveKey('fast-path-secret', 'sha256-16');
const STRICT = /^[A-Za-z0-9+/]*={0,2}$/;

function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

describe('stringifyJson quoting', () => {
  it('writes every string, lone surrogates included, as JSON.stringify does', () => {
    for (const s of ['\ud800', 'a\udc00b', '😀', '\u2028\u2029', '\u007f', '"\\/\b\f\n\r\t', '\u0000\u001f']) {
      expect(stringifyJson({ [s]: s })).toBe(JSON.stringify({ [s]: s }));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (k, v) => {
        expect(stringifyJson({ [k]: [v] })).toBe(JSON.stringify({ [k]: [v] }));
      }),
      { numRuns: 500 },
    );
  });
});

describe('base64 checks', () => {
  const text = fc.string({ unit: fc.constantFrom(...'AQw09+/=-_ \r\n*'.split('')), maxLength: 24 });

  it('decryptText refuses exactly what the strict pattern refuses', () => {
    fc.assert(
      fc.property(text, (s) => {
        const refused = outcome(() => decryptText(s, key));
        const notBase64 = { error: 'DecryptError: ciphertext is not standard base64' };
        if (!STRICT.test(s) || s.length % 4 !== 0) expect(refused).toEqual(notBase64);
        else expect(refused).not.toEqual(notBase64);
      }),
      { numRuns: 2000 },
    );
  });

  it('decryptResponseText is decryptText after normalizeResponseBase64, for any text', () => {
    const cipher = encryptText('{"a":1}', key);
    fc.assert(
      fc.property(
        fc.oneof(text, fc.constant(cipher), fc.constant(`${cipher.slice(0, 10)}\r\n${cipher.slice(10)}`)),
        (s) => {
          expect(outcome(() => decryptResponseText(s, key))).toEqual(
            outcome(() => decryptText(normalizeResponseBase64(s), key)),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

const ALIASES = { a: ['a1', 'a2', 'shared'], b: ['shared', 'b1'] } as const;

describe('canonical', () => {
  it('takes the first alias in alias order, whatever the order of the keys in the object', () => {
    expect(canonical(JSON.parse('{"a2":"late","shared":"s","a1":"first"}'), ALIASES)).toEqual({ a: 'first', b: 's' });
    expect(canonical({ a1: '', a2: null, shared: 0, b1: 'x' }, ALIASES)).toEqual({ a: 0, b: 0 });
    expect(Object.keys(canonical({}, ALIASES))).toEqual(['a', 'b']);
  });

  it('still reads inherited and getter members of objects that are not plain JSON', () => {
    class Item {
      get a1() {
        return 'getter';
      }
    }
    expect(canonical(Object.assign(new Item(), { b1: 'own' }), ALIASES)).toEqual({ a: 'getter', b: 'own' });
  });
});

describe('plain payout items', () => {
  const field = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constant(''),
    fc.string({ maxLength: 4 }),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant([2025, 1, 6, 4, 30]),
    fc.constant({}),
    fc.constantFrom('12.3', '1.234', '5.', '.5', '-2'),
  );
  const names = ['transactionId', 'txnId', 'payoutStatus', 'status', 'transferAmount', 'amount', 'utr', 'rrn'];
  const item = fc.dictionary(fc.constantFrom(...names, 'rejectReason', 'failureReason', 'createdOn', 'code'), field);

  it('read as the schema reads them: the same record (members in the same order), or the same bad_shape', () => {
    fc.assert(
      fc.property(item, (raw) => {
        const json = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
        const bare = Object.assign(Object.create(null) as object, json);
        for (const it of [raw, json, bare]) {
          expect(JSON.stringify(outcome(() => readPayout(it, 200, 'w')))).toBe(
            JSON.stringify(outcome(() => readPayoutBySchema(it, 200, 'w'))),
          );
        }
        const failed = outcome(
          () => readBatchResult({ failed: [json] }, { batchTransactionId: 'B', transactionIds: [] }, 200).failed[0],
        );
        expect(JSON.stringify(failed)).toBe(JSON.stringify(outcome(() => readFailureBySchema(json, 200, 'failed.0'))));
      }),
      { numRuns: 300 },
    );
  });
});
