/**
 * 64-bit FNV-1a over UTF-16 code units, as 16 hex characters. Not cryptographic: used to key remembered column
 * mappings and to keep duplicate-row keys small on 1,000,000-row sheets.
 */
export function fnv1a64(text: string): string {
  // 64-bit prime 2^40 + 0x1b3: new = h·0x1b3 + (h << 40), computed on 32-bit halves with exact doubles.
  let lo = 0x84222325;
  let hi = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    const product = lo * 0x1b3;
    const carry = Math.floor(product / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + Math.imul(lo, 0x100)) >>> 0;
    lo = product >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Murmur3's 32-bit finaliser: spreads every input bit over the output. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A fast 53-bit hash as a plain number (two 32-bit multiplicative lanes, finalised and combined), for Map keys
 * on hot paths: number keys are cheaper to store and compare than long strings. Not cryptographic.
 */
export function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x9e3779b1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  const hi = mix32(b ^ Math.imul(a, 0x27d4eb2d));
  const lo = mix32(a ^ hi);
  return (hi & 0x1fffff) * 0x100000000 + lo;
}
