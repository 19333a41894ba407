import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transactionIdSchema } from '../../../src/main/enkash/inputs';
import { BATCH_ID_PREFIX, ID_PATTERN, mintId, PAYOUT_ID_PREFIX } from '../../../src/main/services/journal/ids';

describe('minted ids', () => {
  it('are 23 upper-case letters/digits that EnKash (and our schema) accept, for any time and randomness', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8_000_000_000_000 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        (ms, bytes) => {
          const id = mintId(PAYOUT_ID_PREFIX, new Date(ms), () => bytes);
          expect(id).toMatch(/^PD[0-9A-Z]{21}$/);
          expect(ID_PATTERN.test(id)).toBe(true);
          expect(transactionIdSchema.safeParse(id).success).toBe(true);
          expect(id).not.toMatch(/[ILOU]/);
        },
      ),
    );
  });

  it('sort by creation time and differ by randomness', () => {
    const a = mintId(BATCH_ID_PREFIX, new Date(1_000), () => new Uint8Array(12));
    const b = mintId(BATCH_ID_PREFIX, new Date(2_000), () => new Uint8Array(12));
    expect(a < b).toBe(true);
    const seen = new Set(Array.from({ length: 10_000 }, () => mintId(PAYOUT_ID_PREFIX, new Date(5_000))));
    expect(seen.size).toBe(10_000);
  });
});
