import { foldLetter, isGenderPair, phoneticKey } from './name-vocabulary';
import type { How, NameSide, Token } from './name-tokens';

/** Pair qualities: how sure a pairing is that two written words are the same word of the same person's name. */
export const QUALITY = {
  exact: 1,
  variant: 0.95,
  concat: 0.95,
  suffix: 0.95,
  truncated: 0.85,
  initial: 0.85,
  spelling: 0.8,
  fused: 0.8,
};

/** A bank name this long may have been cut by the bank's name field, so its last word may be a prefix. */
const TRUNCATION_MIN_LENGTH = 20;

const VOWELS = 'aeiouy';
const isVowel = (c: string) => VOWELS.includes(c);
const isPair = (x: string, y: string, p: string, q: string) => (x === p && y === q) || (x === q && y === p);

/**
 * One slip that romanisation or typing makes without changing the name: a vowel for a vowel (Rahman/Rehman),
 * b for v (Bikash/Vikash, Bengali), j for z, a missing vowel or h inside the word, or two letters swapped. A
 * consonant for a consonant is not a slip (Rajesh, Rakesh and Ramesh are different people), nor is a change in the
 * last letter (Rana/Rani, Amit/Amita, Kumar/Kumari mark gender) except i/y (Reddi/Reddy).
 */
export function closeSpelling(a: string, b: string): boolean {
  if (a.length < 4 || b.length < 4) return false;
  if (a.length === b.length) {
    let first = -1;
    let second = -1;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      if (first < 0) first = i;
      else if (second < 0) second = i;
      else return false;
    }
    if (first < 0) return false;
    if (second >= 0) return second === first + 1 && a[first] === b[second] && a[second] === b[first];
    const x = a[first]!;
    const y = b[first]!;
    if (first === a.length - 1) return isPair(x, y, 'i', 'y');
    return (isVowel(x) && isVowel(y)) || isPair(x, y, 'b', 'v') || isPair(x, y, 'j', 'z');
  }
  if (Math.abs(a.length - b.length) !== 1) return false;
  const long = a.length > b.length ? a : b;
  const short = long === a ? b : a;
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  if (i === short.length) return false;
  for (let j = i; j < short.length; j++) if (long[j + 1] !== short[j]) return false;
  return isVowel(long[i]!) || long[i] === 'h';
}

let simHow: How = 'none';

const wordFree = (t: Token) => !t.initial && t.match < 0 && !t.expanded;
const letterFree = (s: NameSide, t: Token) =>
  t.initial && t.match < 0 && (t.dualOf < 0 || s.tokens[t.dualOf]!.match < 0);

function strongSim(a: Token, b: Token): number {
  if (a.surface === b.surface) {
    simHow = 'exact';
    return QUALITY.exact;
  }
  if (a.filler && b.filler && isGenderPair(a.canon, b.canon)) return 0;
  if (a.canon === b.canon || a.key === b.key) {
    simHow = 'variant';
    return QUALITY.variant;
  }
  return 0;
}

function truncated(side: NameSide, cut: Token, full: Token): boolean {
  return (
    cut.pos === side.lastPos &&
    side.textLength >= TRUNCATION_MIN_LENGTH &&
    cut.canon.length >= 3 &&
    full.canon.length > cut.canon.length &&
    full.canon.startsWith(cut.canon)
  );
}

function fuzzySim(p: NameSide, a: Token, q: NameSide, b: Token): number {
  if ((a.filler || b.filler) && isGenderPair(a.canon, b.canon)) return 0;
  const aLonger = a.stem !== a.key && a.stem === b.key;
  if (aLonger || (b.stem !== b.key && b.stem === a.key)) {
    // -bhai/-ben are respect suffixes (Sureshbhai = Suresh); a fused Kumar is a name part one side lacks.
    const fused = (aLonger ? a : b).key.endsWith('kumar');
    simHow = fused ? 'fused' : 'suffix';
    return fused ? QUALITY.fused : QUALITY.suffix;
  }
  if (truncated(p, a, b) || truncated(q, b, a)) {
    simHow = 'truncated';
    return QUALITY.truncated;
  }
  if (closeSpelling(a.key, b.key)) {
    simHow = 'spelling';
    return QUALITY.spelling;
  }
  return 0;
}

function link(p: NameSide, i: number, q: NameSide, j: number, quality: number, how: How): void {
  const a = p.tokens[i]!;
  const b = q.tokens[j]!;
  a.match = j;
  a.quality = quality;
  a.how = how;
  b.match = i;
  b.quality = quality;
  b.how = how;
}

/** Best pairs first: an exact pair is taken before a variant one, so "Kumar Kumaar" pairs each with its twin. */
function greedy(x: NameSide, y: NameSide, strong: boolean): void {
  for (;;) {
    let best = 0;
    let bi = -1;
    let bj = -1;
    let bestHow: How = 'none';
    for (let i = 0; i < x.count; i++) {
      const a = x.tokens[i]!;
      if (!wordFree(a)) continue;
      for (let j = 0; j < y.count; j++) {
        const b = y.tokens[j]!;
        if (!wordFree(b)) continue;
        const quality = strong ? strongSim(a, b) : fuzzySim(x, a, y, b);
        if (quality > best) {
          best = quality;
          bi = i;
          bj = j;
          bestHow = simHow;
        }
      }
    }
    if (bi < 0) return;
    link(x, bi, y, bj, best, bestHow);
  }
}

/** "Ramkumar" on one side, "Ram Kumar" (adjacent, in that order) on the other. */
function concat(p: NameSide, q: NameSide): void {
  for (let i = 0; i < p.count; i++) {
    const a = p.tokens[i]!;
    if (!wordFree(a) || a.canon.length < 5) continue;
    for (let j = 0; j < q.count; j++) {
      const b = q.tokens[j]!;
      if (!wordFree(b) || b.canon[0] !== a.canon[0]) continue;
      let k = j + 1;
      while (k < q.count && q.tokens[k]!.dualOf === j) k++;
      // The pool holds stale tokens past `count`: only indices below it belong to this name.
      if (k >= q.count) continue;
      const c = q.tokens[k]!;
      if (!wordFree(c) || b.canon.length + c.canon.length < a.canon.length - 1) continue;
      const joined = b.canon + c.canon;
      if (joined !== a.canon && phoneticKey(joined) !== a.key) continue;
      link(p, i, q, j, QUALITY.concat, 'concat');
      c.match = i;
      c.quality = QUALITY.concat;
      c.how = 'concat';
      a.match2 = k;
      break;
    }
  }
}

function initialsToInitials(x: NameSide, y: NameSide): void {
  for (let i = 0; i < x.count; i++) {
    const a = x.tokens[i]!;
    if (!letterFree(x, a) || a.dualOf >= 0) continue;
    for (let j = 0; j < y.count; j++) {
      const b = y.tokens[j]!;
      if (!letterFree(y, b) || b.dualOf >= 0 || a.key !== b.key) continue;
      link(x, i, y, j, QUALITY.exact, 'exact');
      break;
    }
  }
}

function letterFits(c: string, w: Token): boolean {
  return c === w.surface[0] || c === w.canon[0] || foldLetter(c) === w.key[0];
}

/** The first free word (in written order) that the initial fits: initials are written in the order of the names. */
function findWord(q: NameSide, letter: Token, exclude: number): number {
  for (let j = 0; j < q.count; j++) {
    if (j !== exclude && wordFree(q.tokens[j]!) && letterFits(letter.surface, q.tokens[j]!)) return j;
  }
  return -1;
}

function initialsToWords(p: NameSide, q: NameSide): void {
  for (let i = 0; i < p.count; i++) {
    const a = p.tokens[i]!;
    if (!letterFree(p, a)) continue;
    if (a.softPair >= 0) {
      // "Mr"/"Ms"/"Dr" count as initials only when both letters fit: "MS Dhoni" = Mahendra Singh Dhoni.
      const partner = p.tokens[a.softPair]!;
      if (a.softPair < i || !letterFree(p, partner)) continue;
      const j1 = findWord(q, a, -1);
      const j2 = j1 < 0 ? -1 : findWord(q, partner, j1);
      if (j2 < 0) continue;
      link(p, i, q, j1, QUALITY.initial, 'initial');
      link(p, a.softPair, q, j2, QUALITY.initial, 'initial');
      continue;
    }
    const j = findWord(q, a, -1);
    if (j < 0) continue;
    link(p, i, q, j, QUALITY.initial, 'initial');
    if (a.dualOf >= 0) p.tokens[a.dualOf]!.expanded = true;
  }
}

/** Pairs the tokens of two names, strongest evidence first. Deterministic for a given (x, y) order. */
export function align(x: NameSide, y: NameSide): void {
  greedy(x, y, true);
  concat(x, y);
  concat(y, x);
  greedy(x, y, false);
  initialsToInitials(x, y);
  initialsToWords(x, y);
  initialsToWords(y, x);
}
