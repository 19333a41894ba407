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

// Reused by Hash53Builder.digits: a safe integer has at most 16 digits.
const DIGIT_BUFFER = new Uint8Array(16);

// The lanes' seeds as int32 (`| 0`): every use goes through `^` or Math.imul, which see the same 32 bits either
// way, but a seed above 2^31 is a double and keeps the whole loop in float arithmetic (about 4× slower).
const SEED_A = 0x811c9dc5 | 0;
const SEED_B = 0x9e3779b1 | 0;

/** hash53's finish: the two lanes finalised and combined into 53 bits. */
function finish53(a: number, b: number): number {
  const hi = mix32(b ^ Math.imul(a, 0x27d4eb2d));
  const lo = mix32(a ^ hi);
  return (hi & 0x1fffff) * 0x100000000 + lo;
}

/**
 * A fast 53-bit hash as a plain number (two 32-bit multiplicative lanes, finalised and combined), for Map keys
 * on hot paths: number keys are cheaper to store and compare than long strings. Not cryptographic.
 */
export function hash53(text: string): number {
  let a = SEED_A;
  let b = SEED_B;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return finish53(a, b);
}

/**
 * hash53 fed piece by piece: `reset()`, then code units and strings, then `value()` is exactly
 * `hash53(all of them concatenated)` — without building that string (a duplicate-row key per row, issue 15).
 * One instance is reused; it holds no reference to what it hashed.
 */
export class Hash53Builder {
  private a = SEED_A;
  private b = SEED_B;

  reset(): this {
    this.a = SEED_A;
    this.b = SEED_B;
    return this;
  }

  code(c: number): this {
    this.a = Math.imul(this.a ^ c, 0x01000193);
    this.b = Math.imul(this.b ^ c, 0x5bd1e995);
    return this;
  }

  text(text: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /**
   * `text.slice(start, end)` hashed in place, as `text` would: one pass over local lanes instead of a `code` call
   * (and two field writes) per character — the duplicate and id keys of every plain row are read this way.
   */
  range(text: string, start: number, end: number): this {
    let a = this.a;
    let b = this.b;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** `range` with a–z upper-cased (an ASCII id's key: `toUpperCase` of letters and digits, without the string). */
  upperAsciiRange(text: string, start: number, end: number): this {
    let a = this.a;
    let b = this.b;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) c -= 32;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /**
   * `text[start, end)` with each run of ASCII whitespace (tab, LF, VT, FF, CR, space) as one space and A–Z
   * lower-cased; the caller has trimmed the ends and knows the text is ASCII (duplicate keys, rules/duplicates.ts).
   */
  looseAscii(text: string, start: number, end: number): this {
    let a = this.a;
    let b = this.b;
    let space = false;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (c === 32 || (c >= 9 && c <= 13)) {
        space = true;
        continue;
      }
      if (space) {
        a = Math.imul(a ^ 32, 0x01000193);
        b = Math.imul(b ^ 32, 0x5bd1e995);
        space = false;
      }
      if (c >= 65 && c <= 90) c += 32;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** The decimal digits of a non-negative safe integer, as `String(n)` writes them (`%` and exact division). */
  digits(n: number): this {
    let count = 0;
    do {
      const d = n % 10;
      DIGIT_BUFFER[count++] = 48 + d;
      n = (n - d) / 10;
    } while (n > 0);
    while (count > 0) this.code(DIGIT_BUFFER[--count]!);
    return this;
  }

  value(): number {
    return finish53(this.a, this.b);
  }
}
