import * as nodeCrypto from 'node:crypto';

/**
 * Seeded randomness. Two kinds: a stream (faults, drawn per call in arrival order) and a keyed hash (a payout's
 * fate, derived from seed + transactionId alone, so it does not depend on which requests came before it).
 */

export type Rng = { next(): number };

/** mulberry32: tiny, fast and good enough for picking faults; never used for anything secret. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

// The one-shot hash where Node has it (20.12+; `engines` allows older 20s): a batch of 100 plans 300 digests,
// and a Hash object per digest cost more than the digest itself.
const oneShot = (nodeCrypto as Partial<typeof nodeCrypto>).hash;

function digest(seed: number, parts: readonly string[]): Buffer {
  const text = `${seed}\u0000${parts.join('\u0000')}`;
  return oneShot ? oneShot('sha256', text, 'buffer') : nodeCrypto.createHash('sha256').update(text).digest();
}

/** A uniform number in [0, 1) determined by the seed and the parts. */
export function hashUnit(seed: number, ...parts: string[]): number {
  return digest(seed, parts).readUInt32BE(0) / 4294967296;
}

/** `length` decimal digits determined by the seed and the parts (e.g. a 12-digit UTR). */
export function hashDigits(seed: number, length: number, ...parts: string[]): string {
  const bytes = digest(seed, parts);
  let out = '';
  for (let i = 0; out.length < length; i++) out += String(bytes[i % bytes.length]! % 10);
  return out;
}

/** Picks one element, determined by the seed and the parts. */
export function hashPick<T>(items: readonly T[], seed: number, ...parts: string[]): T {
  const index = Math.floor(hashUnit(seed, ...parts) * items.length);
  return items[Math.min(index, items.length - 1)] as T;
}
