import { align } from './name-align';
import { explain, type Outcome } from './name-reason';
import { active, NameSide, readName, type Token } from './name-tokens';
import { isGenderPair } from './name-vocabulary';
import type { NameVerdict } from './payee-verdict';

/** Result of comparing the sheet's payee name with the name the bank holds for the account. */
export type NameMatch = { score: number; verdict: NameVerdict; reason: string };

/** score ≥ match → 'match'; score ≥ partial → 'partial'; below → 'mismatch'. The verdict is always this band. */
export const NAME_MATCH_THRESHOLDS = { match: 0.85, partial: 0.5 } as const;

/** Ceilings that keep the verdict honest whatever the raw coverage says. */
const CAP_GAP = 0.84; // a word missing on one side, or another company type: at best partial
const CAP_INITIALS_ONLY = 0.6; // only initials agree with full words: partial
const CONFLICT_FACTOR = 0.49; // a word on each side that fits nothing on the other: always a mismatch

// Two reusable sides: the matcher is synchronous, so one pool per side serves every call without allocation.
const SHEET = new NameSide();
const BANK = new NameSide();

const tally = { num: 0, den: 0, missing: 0, hard: 0, wordPairs: 0, initialPairs: 0 };

function count(side: NameSide): number {
  let hard = 0;
  for (let i = 0; i < side.count; i++) {
    const t = side.tokens[i]!;
    if (!active(side, t)) continue;
    if (t.match < 0) {
      if (t.soft) continue;
      const w = t.initial || t.filler ? 0.5 : 1;
      tally.den += w;
      tally.missing++;
      if (!t.filler) hard++;
      continue;
    }
    // Initials weigh half a word: "R" says less than "Ramesh". Fillers (Kumar, Devi) likewise.
    const w = t.initial || t.filler ? 0.5 : 1;
    tally.den += w;
    tally.num += w * t.quality;
    if (t.how === 'fused') tally.missing++;
    if (t.how === 'initial') tally.initialPairs++;
    else if (!t.initial) tally.wordPairs++;
  }
  return hard;
}

/** Kumar vs Kumari, Singh vs Kaur: the other gender's form left unmatched on each side. */
function genderClash(x: NameSide, y: NameSide): [Token, Token] | null {
  for (let i = 0; i < x.count; i++) {
    const a = x.tokens[i]!;
    if (a.match >= 0 || a.initial) continue;
    for (let j = 0; j < y.count; j++) {
      const b = y.tokens[j]!;
      if (b.match < 0 && !b.initial && isGenderPair(a.canon, b.canon)) return [a, b];
    }
  }
  return null;
}

/** Orders the two sides so that matching (a, b) and (b, a) run the very same computation: the score is symmetric. */
function compareSides(a: NameSide, b: NameSide): number {
  if (a.count !== b.count) return a.count - b.count;
  for (let i = 0; i < a.count; i++) {
    const s = a.tokens[i]!;
    const t = b.tokens[i]!;
    if (s.surface !== t.surface) return s.surface < t.surface ? -1 : 1;
    const d = Number(s.soft) - Number(t.soft) || s.dualOf - t.dualOf || s.softPair - t.softPair || s.pos - t.pos;
    if (d !== 0) return d;
  }
  return a.textLength - b.textLength || a.lastPos - b.lastPos || a.legalMask - b.legalMask;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function verdictOf(score: number): NameVerdict {
  if (score >= NAME_MATCH_THRESHOLDS.match) return 'match';
  return score >= NAME_MATCH_THRESHOLDS.partial ? 'partial' : 'mismatch';
}

/**
 * Compares a payee name from the sheet with the name the bank holds for the account (penny-drop / penny-less
 * verification) and says, in words an accountant reads, how close they are. Pure, allocation-light, safe to call a
 * million times. An empty or placeholder bank name is a mismatch with score 0; the caller decides whether that
 * row is rather 'failed' (the bank could not verify).
 */
export function matchPayeeName(sheetName: string, bankName: string): NameMatch {
  readName(sheetName, SHEET);
  readName(bankName, BANK);
  if (!SHEET.hasName()) return { score: 0, verdict: 'mismatch', reason: 'No payee name in the sheet to compare' };
  if (!BANK.hasName()) return { score: 0, verdict: 'mismatch', reason: 'The bank returned no usable name' };
  const swapped = compareSides(SHEET, BANK) > 0;
  const x = swapped ? BANK : SHEET;
  const y = swapped ? SHEET : BANK;
  align(x, y);

  tally.num = tally.den = tally.missing = tally.wordPairs = tally.initialPairs = 0;
  const hardX = count(x);
  const hardY = count(y);
  const clash = genderClash(x, y);
  const conflict = (hardX > 0 && hardY > 0) || clash !== null;
  const legalDiffers = x.legalMask !== 0 && y.legalMask !== 0 && x.legalMask !== y.legalMask;
  const initialsOnly = tally.wordPairs === 0 && tally.initialPairs > 0;
  let score = tally.den > 0 ? tally.num / tally.den : 0;
  if (conflict) score *= CONFLICT_FACTOR;
  else {
    if (tally.missing > 0 || legalDiffers) score = Math.min(score, CAP_GAP);
    if (initialsOnly) score = Math.min(score, CAP_INITIALS_ONLY);
  }
  score = round2(score);
  const outcome: Outcome = {
    sheet: SHEET,
    bank: BANK,
    conflict,
    clash: clash && swapped ? [clash[1], clash[0]] : clash,
    legalDiffers,
    initialsOnly,
    anyPair: tally.num > 0,
  };
  return { score, verdict: verdictOf(score), reason: explain(outcome) };
}
