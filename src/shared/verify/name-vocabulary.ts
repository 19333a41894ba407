/**
 * Word tables and phonetic folding for comparing Indian payee names. Everything here is built once at module load:
 * the matcher runs on up to a million rows, so per-call work is a Map lookup per word.
 */

/** How a word behaves in a name. */
export type WordKind =
  | 'word' // an ordinary name word
  | 'filler' // a common middle part (Kumar, Devi, Bhai …): missing it is a small gap, never a conflict
  | 'legal' // a company's legal form (Private, Limited, LLP …): compared only as "company type"
  | 'dual' // an abbreviation that is also two initials (Md = Mohammed or M D, Sk, Kr, Ch)
  | 'initials' // consonant clusters like "RK" or "KVS": one initial per letter
  | 'stop'; // "and", "the", "of": carries nothing

/** Titles: dropped anywhere, soft only in front of the name, or two letters that may be initials (Mr, Dr, Ms). */
export type TitleKind = 'none' | 'always' | 'leading' | 'letters';

export type WordInfo = {
  canon: string;
  key: string;
  stem: string;
  kind: WordKind;
  title: TitleKind;
  filler: boolean;
};

/** Spelling groups: the first entry is the canonical spelling, every other entry means the same word. */
const VARIANT_GROUPS: readonly (readonly string[])[] = [
  ['muhammad', 'mohammad', 'mohammed', 'mohamed', 'mohamad', 'muhammed', 'mohammod', 'mohd', 'mohmd', 'mhd', 'md'],
  ['kumar', 'kumaar', 'kr', 'kmr'],
  ['kumari', 'kumaari'],
  ['singh', 'sng'],
  ['devi', 'debi'],
  ['shaikh', 'sheikh', 'shekh', 'shaik', 'sheik', 'shk', 'sk'],
  ['syed', 'sayyed', 'sayed', 'saiyed', 'sayyad', 'sayyid', 'saiyad', 'syd'],
  ['abdul', 'abd', 'abdool'],
  ['ahmed', 'ahmad'],
  ['hussain', 'husain', 'hussein', 'husein'],
  ['lakshmi', 'laxmi', 'laksmi', 'luxmi'],
  ['chaudhary', 'chaudhari', 'choudhary', 'chowdhury', 'choudhury', 'chaudhry', 'chowdhary', 'ch'],
  // Bengali surnames: the anglicised and the Sanskrit forms are the same family name.
  ['chatterjee', 'chattopadhyay', 'chattopadhyaya', 'chatterji'],
  ['banerjee', 'bandyopadhyay', 'bandopadhyay', 'banerji'],
  ['mukherjee', 'mukhopadhyay', 'mukherji'],
  ['ganguly', 'gangopadhyay', 'ganguli'],
  ['subramanian', 'subramaniam', 'subramanyam', 'subrahmanyam'],
  ['private', 'pvt'],
  ['limited', 'ltd'],
  ['company', 'co', 'coy'],
  ['corporation', 'corp'],
  ['enterprises', 'enterprise', 'ent', 'entp', 'enterprize'],
  ['industries', 'industry', 'inds'],
  ['brothers', 'bros'],
  ['international', 'intl'],
  ['traders', 'trader'],
  ['associates', 'associate', 'assoc'],
  ['services', 'service', 'svcs'],
];

/** Abbreviations that are just as often two initials: "MD Salim" is Mohammed Salim, "SK Sharma" is S. K. Sharma. */
const DUAL = new Set(['md', 'sk', 'kr', 'ch']);
const FILLERS = new Set(['kumar', 'kumari', 'devi', 'bai', 'bhai', 'ben', 'begum', 'bibi']);
const LEGAL = new Set(['private', 'limited', 'llp', 'opc', 'inc', 'plc', 'company']);
const STOP = new Set(['and', 'the', 'of']);

const TITLES_ALWAYS = [
  'mrs',
  'miss',
  'smt',
  'shrimati',
  'srimati',
  'shreemati',
  'sreemati',
  'shrimathi',
  'srimathi',
  'tmt',
  'thirumathi',
  'prof',
  'professor',
  'late',
  'messrs',
  'mister',
  'mst',
  'mast',
  'master',
  'doctor',
  'janab',
];
/** Titles that are also name words ("Sri Devi", "Ravi Pandit"): dropped only before the first name word. */
const TITLES_LEADING = [
  'sri',
  'shri',
  'shree',
  'sree',
  'thiru',
  'selvi',
  'kumari',
  'kum',
  'sardar',
  'pandit',
  'capt',
  'captain',
  'col',
  'major',
  'maj',
  'adv',
  'advocate',
];
/** Two-letter titles that are equally often initials ("MR Rao", "MS Dhoni"): kept as initials that cost nothing. */
const TITLES_LETTERS = ['mr', 'ms', 'dr', 'sh', 'km', 'lt', 'er', 'ca', 'pt', 'mx'];
/** Real two-letter words that must not be split into initials. */
const TWO_LETTER_WORDS = new Set(['om', 'jo']);

/** Male/female forms of the same part: different people, never a spelling variant of each other. */
const GENDER_PAIRS = new Set(['kumar|kumari', 'singh|kaur', 'bhai|ben', 'bhai|bai']);

export function isGenderPair(a: string, b: string): boolean {
  return GENDER_PAIRS.has(a < b ? `${a}|${b}` : `${b}|${a}`);
}

/** Aspirated consonants whose "h" romanisations add or drop: Bhatt/Batt, Sharma/Sarma, Thakur/Takur, Phool/Fool. */
const ASPIRATE = new Set(['k', 'g', 'c', 'j', 't', 'd', 'p', 'b', 's']);

/**
 * Phonetic key: a small folding that merges common romanisation variants and stays precise — x→ks
 * (Laxmi/Laksmi), q→k (Qureshi/Kureshi), w→v (Vishwanath/Vishvanath), ph→f, the "h" of aspirates dropped, ee→i
 * (Sreeni/Srini), oo→u (Noor/Nur), and doubled letters collapsed (Kumaar, Bhatt). Vowels otherwise stay: folding
 * them would merge Sunil and Sunel but also Rana and Rani.
 */
export function phoneticKey(w: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < w.length; i++) {
    let c = w[i]!;
    if (c === 'h' && i > 0 && (ASPIRATE.has(w[i - 1]!) || w[i - 1] === 'h')) continue;
    if (c === 'x') {
      if (last !== 'k') out += 'k';
      out += 's';
      last = 's';
      continue;
    }
    if (c === 'q') c = 'k';
    else if (c === 'w') c = 'v';
    else if (c === 'p' && w[i + 1] === 'h') c = 'f';
    else if (c === 'e' && w[i + 1] === 'e') {
      c = 'i';
      i++;
    } else if (c === 'o' && w[i + 1] === 'o') {
      c = 'u';
      i++;
    }
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

/** Gujarati/Marathi respect suffixes (Sureshbhai, Reshmaben, Kamlabai) and a fused Kumar (Rameshkumar). */
const STEM_SUFFIXES = ['bai', 'ben', 'kumar'];

function stemOf(key: string): string {
  for (const s of STEM_SUFFIXES) {
    if (key.length >= s.length + 3 && key.endsWith(s)) return key.slice(0, key.length - s.length);
  }
  return key;
}

function kindOf(canon: string, surface: string): WordKind {
  if (STOP.has(canon)) return 'stop';
  if (DUAL.has(surface)) return 'dual';
  if (LEGAL.has(canon)) return 'legal';
  if (FILLERS.has(canon)) return 'filler';
  return 'word';
}

function makeInfo(surface: string, canon: string, title: TitleKind): WordInfo {
  const key = phoneticKey(canon);
  return { canon, key, stem: stemOf(key), kind: kindOf(canon, surface), title, filler: FILLERS.has(canon) };
}

const VOCAB = new Map<string, WordInfo>();
for (const group of VARIANT_GROUPS) {
  for (const s of group) VOCAB.set(s, makeInfo(s, group[0]!, 'none'));
}
for (const w of [...FILLERS, ...LEGAL, ...STOP]) if (!VOCAB.has(w)) VOCAB.set(w, makeInfo(w, w, 'none'));
for (const w of TITLES_ALWAYS) VOCAB.set(w, makeInfo(w, w, 'always'));
for (const w of TITLES_LETTERS) VOCAB.set(w, makeInfo(w, w, 'letters'));
for (const w of TITLES_LEADING) {
  const known = VOCAB.get(w);
  VOCAB.set(w, known ? { ...known, title: 'leading' } : makeInfo(w, w, 'leading'));
}
// Misspellings of vocabulary words ("Mohammedd", "Chowdhuri") reach the group through their phonetic key, unless
// that key already belongs to another word (bhai and bai fold alike but are different words).
for (const [s, info] of [...VOCAB]) {
  const k = phoneticKey(s);
  if (!VOCAB.has(k) && info.title === 'none' && s.length > 3) VOCAB.set(k, info);
}

const VOWELS = 'aeiouy';

function hasVowel(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (VOWELS.includes(w[i]!)) return true;
  return false;
}

const CACHE_LIMIT = 50_000;
const cache = new Map<string, WordInfo>();

/**
 * What one lower-case word means. "AK"/"RK" (two letters) and vowel-less triples ("KVS") are initials: Indian
 * sheets write "A.K. Sharma", "A K Sharma" and "AK Sharma" alike, and no common given name is two letters long.
 * Unknown words are cached (bounded) because the same names recur across a large sheet.
 */
export function wordInfo(w: string): WordInfo {
  const known = VOCAB.get(w) ?? cache.get(w);
  if (known) return known;
  const initials = (w.length === 2 && !TWO_LETTER_WORDS.has(w)) || (w.length === 3 && !hasVowel(w));
  const viaKey = initials ? undefined : VOCAB.get(phoneticKey(w));
  const info: WordInfo = initials
    ? { canon: w, key: w, stem: w, kind: 'initials', title: 'none', filler: false }
    : viaKey && viaKey.title === 'none' && viaKey.kind !== 'dual'
      ? viaKey
      : makeInfo(w, w, 'none');
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(w, info);
  return info;
}

/** Folds a single initial letter the way phoneticKey folds a word's first letter (W ~ V, Q ~ K, X ~ K). */
export function foldLetter(c: string): string {
  return c === 'w' ? 'v' : c === 'q' || c === 'x' ? 'k' : c;
}
