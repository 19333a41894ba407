import { active, type NameSide, type Token } from './name-tokens';

/** What the matcher found, for the sentence that explains it. */
export type Outcome = {
  sheet: NameSide;
  bank: NameSide;
  conflict: boolean;
  clash: [sheet: Token, bank: Token] | null;
  legalDiffers: boolean;
  initialsOnly: boolean;
  anyPair: boolean;
};

const UPPER_LEGAL = new Set(['llp', 'opc', 'inc', 'plc']);

function show(t: Token): string {
  if (t.initial || UPPER_LEGAL.has(t.surface)) return t.surface.toUpperCase();
  return t.surface[0]!.toUpperCase() + t.surface.slice(1);
}

const showAll = (ts: Token[]) => ts.map(show).join(' ');

function unmatched(side: NameSide): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < side.count; i++) {
    const t = side.tokens[i]!;
    if (t.match < 0 && !t.soft && active(side, t)) out.push(t);
  }
  return out;
}

function conflictReason(o: Outcome): string {
  if (!o.anyPair) return 'Completely different name';
  const s = unmatched(o.sheet).filter((t) => !t.filler);
  const b = unmatched(o.bank).filter((t) => !t.filler);
  if (s.length !== 1 || b.length !== 1) return `Names differ: ${showAll(s)} vs ${showAll(b)}`;
  const [a, c] = [s[0]!, b[0]!];
  if (a.initial && c.initial) return `Initials differ: ${show(a)} vs ${show(c)}`;
  if (a.initial) return `Initial ${show(a)} does not fit ${show(c)}`;
  if (c.initial) return `${show(a)} does not fit the bank's initial ${show(c)}`;
  if (a.pos === o.sheet.lastPos && c.pos === o.bank.lastPos) return `Surname differs: ${show(a)} vs ${show(c)}`;
  if (a.pos === o.sheet.firstPos && c.pos === o.bank.firstPos) return `First name differs: ${show(a)} vs ${show(c)}`;
  return `Name differs: ${show(a)} vs ${show(c)}`;
}

/** "Initials R K match Ramesh Kumar": initials on `from` paired with full words on `to`. */
function initialsNote(from: NameSide, to: NameSide, prefix: string): string | null {
  const letters: Token[] = [];
  const words: Token[] = [];
  for (let i = 0; i < from.count; i++) {
    const t = from.tokens[i]!;
    if (t.initial && t.how === 'initial') {
      letters.push(t);
      words.push(to.tokens[t.match]!);
    }
  }
  if (letters.length === 0) return null;
  const [noun, verb] = letters.length === 1 ? ['initial', 'matches'] : ['initials', 'match'];
  return `${prefix}${noun} ${showAll(letters)} ${verb} ${showAll(words)}`;
}

function legalForms(side: NameSide): string {
  const out: Token[] = [];
  for (let i = 0; i < side.count; i++) if (side.tokens[i]!.legal) out.push(side.tokens[i]!);
  return out
    .map((t) => (UPPER_LEGAL.has(t.canon) ? t.canon.toUpperCase() : t.canon[0]!.toUpperCase() + t.canon.slice(1)))
    .join(' ');
}

/** True when the sheet's matched words appear in the same order in the bank's name. */
function sameOrder(o: Outcome): boolean {
  let last = -1;
  for (let i = 0; i < o.sheet.count; i++) {
    const t = o.sheet.tokens[i]!;
    if (t.match < 0) continue;
    const p = o.bank.tokens[t.match]!.pos;
    if (p < last) return false;
    last = p;
  }
  return true;
}

/** The reason, in plain words, for the verdict; sheet words always come first, the bank's second. */
export function explain(o: Outcome): string {
  if (o.clash) return `${show(o.clash[0])} vs ${show(o.clash[1])}: male and female forms of the name`;
  if (o.conflict) return conflictReason(o);
  const { sheet, bank } = o;
  const notes: string[] = [];
  if (o.initialsOnly) notes.push('only initials agree');
  const fromSheet = initialsNote(sheet, bank, '');
  const fromBank = initialsNote(bank, sheet, "bank's ");
  if (fromSheet) notes.push(fromSheet);
  if (fromBank) notes.push(fromBank);
  const variants: string[] = [];
  for (let i = 0; i < sheet.count; i++) {
    const t = sheet.tokens[i]!;
    if (t.match < 0) continue;
    const other = bank.tokens[t.match]!;
    if (t.how === 'variant' || t.how === 'suffix') variants.push(`${show(t)} vs ${show(other)}`);
    else if (t.how === 'spelling') notes.push(`spelling differs: ${show(t)} vs ${show(other)}`);
    else if (t.how === 'fused') notes.push(`${show(t)} vs ${show(other)}: Kumar on one side only`);
    else if (t.how === 'truncated') notes.push(`${show(t)} vs ${show(other)}: looks cut short`);
    else if (t.how === 'concat' && t.match2 >= 0) {
      notes.push(`${show(t)} written as ${show(other)} ${show(bank.tokens[t.match2]!)}`);
    } else if (t.how === 'concat' && other.match2 >= 0 && other.match === i) {
      notes.push(`${show(t)} ${show(sheet.tokens[other.match2]!)} written as ${show(other)}`);
    }
  }
  if (o.legalDiffers) notes.push(`company type differs: ${legalForms(sheet)} vs ${legalForms(bank)}`);
  const sheetOnly = unmatched(sheet);
  const bankOnly = unmatched(bank);
  if (sheetOnly.length > 0) notes.push(`${showAll(sheetOnly)} not in the bank's name`);
  if (bankOnly.length > 0) notes.push(`the bank's name adds ${showAll(bankOnly)}`);
  const order = sameOrder(o) ? '' : ', words in another order';
  if (notes.length === 0 && variants.length === 0) return `Same name${order}`;
  if (notes.length === 0) return `Same name${order}, spelt differently: ${variants.join(', ')}`;
  if (variants.length > 0) notes.push(`spelt differently: ${variants.join(', ')}`);
  const text = notes.join('; ');
  return text[0]!.toUpperCase() + text.slice(1);
}
