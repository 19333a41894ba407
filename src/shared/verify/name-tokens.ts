import { foldLetter, wordInfo, type WordInfo } from './name-vocabulary';

/** How a token found its partner on the other side. */
export type How = 'none' | 'exact' | 'variant' | 'concat' | 'suffix' | 'fused' | 'spelling' | 'truncated' | 'initial';

/** One word or initial of a name. Tokens live in a pool reused across calls (no allocation per row). */
export type Token = {
  surface: string; // lower-case as written, for reasons
  canon: string; // spelling-group canonical form (Mohd → muhammad)
  key: string; // phonetic key of canon
  stem: string; // key without a -bhai/-ben/-kumar suffix
  initial: boolean;
  soft: boolean; // a title or legal form: counts when matched, costs nothing when not
  filler: boolean;
  legal: boolean;
  dual: boolean; // an abbreviation that may also be read as its letters (Md, Sk)
  dualOf: number; // for a letter of a dual word: that word's index, else -1
  softPair: number; // for a letter of a two-letter title (Mr, Ms, Dr): the other letter's index, else -1
  pos: number; // place in the written name
  match: number; // partner index on the other side, -1 when unmatched
  match2: number; // second partner of a concatenation ("Ramkumar" ~ "Ram" + "Kumar"), else -1
  quality: number;
  how: How;
  expanded: boolean; // a dual word read as its letters
};

const MAX_TOKENS = 32;

/** Legal-form bits, so "LLP" and "Private Limited" can be told apart as company types. */
const LEGAL_BITS: Record<string, number> = { private: 1, limited: 2, llp: 4, opc: 8 };

function blankToken(): Token {
  return {
    surface: '',
    canon: '',
    key: '',
    stem: '',
    initial: false,
    soft: false,
    filler: false,
    legal: false,
    dual: false,
    dualOf: -1,
    softPair: -1,
    pos: 0,
    match: -1,
    match2: -1,
    quality: 0,
    how: 'none',
    expanded: false,
  };
}

/** One side of a comparison: the sheet's name or the bank's. */
export class NameSide {
  readonly tokens: Token[] = Array.from({ length: MAX_TOKENS }, blankToken);
  count = 0;
  nextPos = 0;
  firstPos = -1;
  lastPos = -1;
  textLength = 0;
  legalMask = 0;
  seenName = false;

  reset(): void {
    this.count = 0;
    this.nextPos = 0;
    this.firstPos = -1;
    this.lastPos = -1;
    this.textLength = 0;
    this.legalMask = 0;
    this.seenName = false;
  }

  /** True when something other than titles and legal forms is left to compare. */
  hasName(): boolean {
    for (let i = 0; i < this.count; i++) if (!this.tokens[i]!.soft) return true;
    return false;
  }

  push(surface: string, info: WordInfo | null, soft: boolean, pos: number): number {
    const i = this.count++;
    const t = this.tokens[i]!;
    t.surface = surface;
    t.canon = info ? info.canon : surface;
    t.key = info ? info.key : foldLetter(surface);
    t.stem = info ? info.stem : t.key;
    t.initial = info === null;
    t.soft = soft;
    t.filler = info ? info.filler : false;
    t.legal = info ? info.kind === 'legal' : false;
    t.dual = info ? info.kind === 'dual' : false;
    t.dualOf = -1;
    t.softPair = -1;
    t.pos = pos;
    t.match = -1;
    t.match2 = -1;
    t.quality = 0;
    t.how = 'none';
    t.expanded = false;
    if (!soft) {
      if (this.firstPos < 0) this.firstPos = pos;
      this.lastPos = pos;
    }
    return i;
  }
}

/** A dual word ("Md") counts as a word unless it was read as its letters, and then only its letters count. */
export function active(side: NameSide, t: Token): boolean {
  if (t.dualOf >= 0) return side.tokens[t.dualOf]!.expanded;
  return !t.expanded;
}

const NON_ASCII = /[^\u0000-\u007f]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const APOSTROPHES = /['\u2019`]/g;
const HAS_LETTER = /[a-z]/;
/** Placeholders a bank or an export may hold instead of a name. */
const JUNK = /^[^a-z]*(?:n ?[/.]? ?a|nil|null|none|unknown|undefined|test|dummy|x+)?[^a-z]*$/;
/** "M/s" (Messrs) in front of a business name. */
const MESSRS = /(^|[^a-z])m ?\/ ?s\b\.?/g;
/**
 * Relation parts: S/O, D/O, W/O, H/O, C/O (also with "\" or "." and spelt out), and a bare SO/DO/WO as some core
 * banking systems print them. The payee is the name before it; the relative's name after it is dropped.
 */
const RELATION =
  /(?:^|[^a-z])(?:[sdwhc] ?[/\\] ?o\b|[sdwhc]\.o\b|(?:son|daughter|wife|husband|care) of\b|(?:so|do|wo)\b)/;
/** Bracketed notes are dropped ("(Driver)"), except these company parts: "(P) Ltd", "(India)", "(OPC)". */
const BRACKET_KEEP = new Map([
  ['p', 'private'],
  ['pvt', 'private'],
  ['india', 'india'],
  ['opc', 'opc'],
]);

function dropBrackets(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    const close = c === '(' ? ')' : c === '[' ? ']' : c === '{' ? '}' : '';
    if (close === '') {
      out += c;
      i++;
      continue;
    }
    let j = s.indexOf(close, i + 1);
    if (j < 0) j = s.length;
    out += ` ${BRACKET_KEEP.get(s.slice(i + 1, j).trim()) ?? ''} `;
    i = j + 1;
  }
  return out;
}

function pushLetters(side: NameSide, w: string, soft: boolean, dualOf: number): void {
  const first = side.count;
  for (let i = 0; i < w.length; i++) {
    const pos = dualOf >= 0 ? side.tokens[dualOf]!.pos : side.nextPos++;
    const t = side.tokens[side.push(w[i]!, null, soft || (dualOf >= 0 && side.tokens[dualOf]!.soft), pos)]!;
    t.dualOf = dualOf;
  }
  if (soft && w.length === 2) {
    side.tokens[first]!.softPair = first + 1;
    side.tokens[first + 1]!.softPair = first;
  }
}

function addWord(side: NameSide, w: string): void {
  if (side.count > MAX_TOKENS - 3) return;
  side.textLength += side.textLength === 0 ? w.length : w.length + 1;
  if (w.length === 1) {
    pushLetters(side, w, false, -1);
    side.seenName = true;
    return;
  }
  const info = wordInfo(w);
  if (info.kind === 'stop' || info.title === 'always') return;
  if (info.title === 'letters') return pushLetters(side, w, true, -1);
  if (info.title === 'leading' && !side.seenName) {
    side.push(w, info, true, side.nextPos++);
    return;
  }
  if (info.kind === 'initials') {
    pushLetters(side, w, false, -1);
  } else if (info.kind === 'legal') {
    side.push(w, info, true, side.nextPos++);
    side.legalMask |= LEGAL_BITS[info.canon] ?? 0;
    return;
  } else {
    const i = side.push(w, info, false, side.nextPos++);
    if (info.kind === 'dual') pushLetters(side, w, false, i);
  }
  side.seenName = true;
}

/**
 * Reads a raw name into `side`: accents folded, lower case, placeholders ("N/A", "XXXX", digits) read as no name,
 * apostrophes removed (D'Souza = DSouza), M/s and the relation part dropped, bracketed notes dropped, then every
 * run of letters is one word — so "A.K.", "A. K." and "A K" are the same two initials.
 */
export function readName(raw: string, side: NameSide): void {
  side.reset();
  let s = raw.toLowerCase();
  if (NON_ASCII.test(s)) s = s.normalize('NFKD').replace(COMBINING_MARKS, '');
  if (JUNK.test(s)) return;
  if (s.includes("'") || s.includes('\u2019') || s.includes('`')) s = s.replace(APOSTROPHES, '');
  if (s.includes('/')) s = s.replace(MESSRS, '$1 ');
  const rel = RELATION.exec(s);
  if (rel) {
    const before = s.slice(0, rel.index);
    s = HAS_LETTER.test(before) ? before : `${before} ${s.slice(rel.index + rel[0].length)}`;
  }
  if (s.includes('(') || s.includes('[') || s.includes('{')) s = dropBrackets(s);
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    if (c >= 97 && c <= 122) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      addWord(side, s.slice(start, i));
      start = -1;
    }
  }
}
