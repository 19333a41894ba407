import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchPayeeName, NAME_MATCH_THRESHOLDS } from '../../../src/shared/verify/name-match';
import type { NameVerdict } from '../../../src/shared/verify/payee-verdict';
import { PAYEE_VERDICT_INFO, PAYEE_VERDICTS, isPayeeVerdict } from '../../../src/shared/verify/payee-verdict';

/** [sheet name, name the bank holds, expected verdict, score bound: ≥ for match/partial, < for mismatch] */
type Case = [sheet: string, bank: string, verdict: NameVerdict, bound: number, reason?: RegExp];

const CASES: Case[] = [
  // Hindi belt
  ['Ramesh Kumar Sharma', 'RAMESH KUMAR SHARMA', 'match', 1, /^Same name$/],
  ['Mr. Ramesh Kumar Sharma', 'RAMESH KUMAR SHARMA', 'match', 1],
  ['Kumar Ramesh', 'Ramesh Kumar', 'match', 1, /^Same name, words in another order$/],
  ['R K Sharma', 'RAMESH KUMAR SHARMA', 'match', 0.85, /Initials R K match Ramesh Kumar/],
  ['R.K. Sharma', 'RAMESH KUMAR SHARMA', 'match', 0.85, /Initials R K match Ramesh Kumar/],
  ['Ramesh Kr Sharma', 'RAMESH KUMAR SHARMA', 'match', 0.9],
  ['Ramesh Sharma', 'RAMESH KUMAR SHARMA', 'partial', 0.5, /Kumar/],
  ['Ramesh Kumar', 'RAMESH KUMAR SHARMA', 'partial', 0.5, /Sharma/],
  ['Ramesh Kumar S/O Suresh Kumar', 'RAMESH KUMAR', 'match', 1],
  ['Ramkumar Yadav', 'RAM KUMAR YADAV', 'match', 0.9, /Ramkumar written as Ram Kumar/],
  ['Ramesh Sharma', 'RAMESH VERMA', 'mismatch', 0.5, /^Surname differs: Sharma vs Verma$/],
  ['Anil Kumar Singh', 'SUNIL KUMAR SINGH', 'mismatch', 0.5, /First name differs: Anil vs Sunil/],
  ['Rajesh Kumar', 'RAKESH KUMAR', 'mismatch', 0.5],
  ['Smt. Sunita Devi', 'SUNITA DEBI', 'match', 0.9],
  ['Sunita Kumari', 'SUNIL KUMAR', 'mismatch', 0.5],
  ['Ravi Kumar', 'RAVI KUMARI', 'mismatch', 0.5, /Kumar vs Kumari/],
  ['Suresh Patel (Driver)', 'SURESH PATEL', 'match', 1],
  ['Kamla Devi W/O Ram Prasad', 'KAMLA DEVI', 'match', 1],
  ['Laxmi Narayan Gupta', 'LAKSHMI NARAYAN GUPTA', 'match', 0.95],
  ['Dr. Vishwanath Mishra', 'VISWANATH MISRA', 'match', 0.9, /spelt differently/],
  ['Sureshkumar Rameshbhai Patel', 'SURESHKUMAR RAMESHBHAI PATE', 'match', 0.85, /cut short/],
  ['Amit Sharma', 'AMITA SHARMA', 'mismatch', 0.5, /Amit vs Amita/],
  // South Indian: initials first, father's name as an initial
  ['K. Ramesh', 'RAMESH K', 'match', 1, /another order/],
  ['K Ramesh', 'KRISHNAN RAMESH', 'match', 0.85, /Initial K matches Krishnan/],
  ['Ramesh K', 'RAMESH KUMAR', 'match', 0.85],
  ['Sreenivasan Iyer', 'SRINIVASAN IYER', 'match', 0.95],
  ['V. Venkata Ramana Reddy', 'VEMULA VENKATA RAMANA REDDY', 'match', 0.9],
  ['Subramaniam S', 'SUBRAMANIAN SESHADRI', 'match', 0.85],
  ['MS Dhoni', 'MAHENDRA SINGH DHONI', 'match', 0.85],
  ['Mohan Rao', 'MOHAN REDDY', 'mismatch', 0.5, /Surname differs: Rao vs Reddy/],
  ['S. Rajagopalan', 'T RAJAGOPALAN', 'mismatch', 0.5, /Initials differ: S vs T/],
  // Muslim names
  ['Mohd Salim', 'MOHAMMED SALIM', 'match', 0.95, /Mohd vs Mohammed/],
  ['Md. Irfan Ansari', 'MOHAMMAD IRFAN ANSARI', 'match', 0.95],
  ['Sk Rafiq', 'SHAIKH RAFIQ', 'match', 0.95],
  ['Syed Abdul Rahman', 'SAYYED ABDUL REHMAN', 'match', 0.85],
  ['Abd. Kadir Qureshi', 'ABDUL KADIR KURESHI', 'match', 0.9],
  ['Mohammed Salim', 'MOHAMMED SALMAN', 'mismatch', 0.5],
  ['Shaikh Farida Begum', 'SHEIKH FARIDA', 'partial', 0.5],
  // Sikh names
  ['Gurpreet Singh', 'GURPREET KAUR', 'mismatch', 0.5, /Singh vs Kaur/],
  ['Harpreet Singh Sandhu', 'HARPREET SINGH', 'partial', 0.5],
  ['Sardar Jaswinder Singh', 'JASWINDER SINGH', 'match', 1],
  ['Manpreet Kaur', 'MANPREET KAUR GILL', 'partial', 0.5],
  // Bengali
  ['Sourav Ganguly', 'SOURAV GANGOPADHYAY', 'match', 0.9],
  ['Subhash Chatterjee', 'SUBHAS CHATTOPADHYAY', 'match', 0.9],
  ['Bikash Biswas', 'VIKASH BISWAS', 'match', 0.85, /Spelling differs: Bikash vs Vikash/],
  ['Mitali Debnath', 'MITALI DEBNATH ROY', 'partial', 0.5],
  ['Anjali Das', 'ANJALI GHOSH', 'mismatch', 0.5],
  // Gujarati / Marathi: surname first, father's name in the middle
  ['Patel Sureshbhai Rameshbhai', 'SURESHBHAI RAMESHBHAI PATEL', 'match', 1],
  ['Suresh Patel', 'PATEL SURESHBHAI RAMESHBHAI', 'partial', 0.5, /Rameshbhai/],
  ['Sureshbhai Patel', 'SURESH BHAI PATEL', 'match', 0.9],
  ['Reshmaben Shah', 'RESHMA SHAH', 'match', 0.9],
  ['Sachin Ramesh Tendulkar', 'SACHIN TENDULKAR', 'partial', 0.5],
  ['Sachin Ramesh Tendulkar', 'SACHIN SURESH TENDULKAR', 'mismatch', 0.5, /Ramesh vs Suresh/],
  ['Rameshkumar Patel', 'RAMESH PATEL', 'partial', 0.5, /Rameshkumar vs Ramesh: Kumar on one side only/],
  ['Desai Nileshkumar Harshadbhai', 'NILESH KUMAR HARSHADBHAI DESAI', 'match', 0.9],
  // Businesses
  ['M/s Sharma Traders', 'SHARMA TRADERS', 'match', 1],
  ['ABC Infotech Pvt. Ltd.', 'ABC INFOTECH PRIVATE LIMITED', 'match', 0.9],
  ['Shree Ganesh Enterprises', 'SHREE GANESH ENTERPRISE', 'match', 0.9],
  ['Gupta & Sons', 'GUPTA AND SONS', 'match', 1],
  ['Kaveri Foods (P) Ltd', 'KAVERI FOODS PVT LTD', 'match', 0.9],
  ['Sai Logistics LLP', 'SAI LOGISTICS PRIVATE LIMITED', 'partial', 0.5, /Company type differs/],
  ['Sharma Traders', 'VERMA TRADERS', 'mismatch', 0.5],
  // Clear mismatches and unusable bank names
  ['Priya Sharma', 'ANKIT VERMA', 'mismatch', 0.01, /^Completely different name$/],
  ['Ramesh Kumar', '', 'mismatch', 0.01, /no usable name/],
  ['Ramesh Kumar', 'N/A', 'mismatch', 0.01, /no usable name/],
  ['Ramesh Kumar', '1234567', 'mismatch', 0.01, /no usable name/],
  ['Ramesh Kumar', 'XXXXXXX', 'mismatch', 0.01, /no usable name/],
  ['', 'RAMESH KUMAR', 'mismatch', 0.01, /sheet/],
];

describe('matchPayeeName: table of realistic pairs', () => {
  it('has at least 40 pairs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('%s ⟷ %s → %s', (sheet, bank, verdict, bound, reason) => {
    const r = matchPayeeName(sheet, bank);
    expect(r.verdict, r.reason).toBe(verdict);
    if (verdict === 'mismatch') expect(r.score).toBeLessThan(bound);
    else expect(r.score).toBeGreaterThanOrEqual(bound);
    if (reason) expect(r.reason).toMatch(reason);
    expect(r.reason.length).toBeGreaterThan(0);
  });

  it('ignores accents and other diacritics', () => {
    expect(matchPayeeName('Rámesh Shárma', 'RAMESH SHARMA')).toMatchObject({ verdict: 'match', score: 1 });
  });

  it('says which side is missing a word', () => {
    expect(matchPayeeName('Ramesh Kumar Sharma', 'RAMESH SHARMA').reason).toMatch(/Kumar not in the bank's name/);
    expect(matchPayeeName('Ramesh Sharma', 'RAMESH KUMAR SHARMA').reason).toMatch(/bank's name adds Kumar/i);
  });
});

describe('payee verdict vocabulary', () => {
  it('labels and explains every verdict', () => {
    expect([...PAYEE_VERDICTS].sort()).toEqual(['failed', 'match', 'mismatch', 'partial', 'skipped', 'unverified']);
    for (const v of PAYEE_VERDICTS) {
      expect(PAYEE_VERDICT_INFO[v].label.length).toBeGreaterThan(0);
      expect(PAYEE_VERDICT_INFO[v].explanation.length).toBeGreaterThan(10);
      expect(isPayeeVerdict(v)).toBe(true);
    }
    expect(isPayeeVerdict('ok')).toBe(false);
  });
});

// Words with no spelling, initial, suffix or concatenation relation to one another, so that only exact matches apply.
const POOL = ['ramesh', 'sharma', 'anita', 'gupta', 'iqbal', 'reddy', 'fatima', 'joseph', 'banerjee', 'yadav'];
const INITIALS = ['r', 'k', 'm', 'p', 'n'];
const words = fc.uniqueArray(fc.constantFrom(...POOL), { minLength: 1, maxLength: 5 });
const name = fc.tuple(words, fc.array(fc.constantFrom(...INITIALS), { maxLength: 2 })).map(([w, i]) => [...i, ...w]);
const verdictFor = (score: number): NameVerdict =>
  score >= NAME_MATCH_THRESHOLDS.match ? 'match' : score >= NAME_MATCH_THRESHOLDS.partial ? 'partial' : 'mismatch';

describe('matchPayeeName: properties', () => {
  it('gives a score in [0, 1] whose band is the verdict, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const r = matchPayeeName(a, b);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.verdict).toBe(verdictFor(r.score));
        expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('scores a name against itself 1 (or 0 when nothing usable is left), for any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (a) => {
        expect([0, 1]).toContain(matchPayeeName(a, a).score);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(name, (n) => {
        expect(matchPayeeName(n.join(' '), n.join(' '))).toEqual({ score: 1, verdict: 'match', reason: 'Same name' });
      }),
    );
  });

  it('is symmetric: swapping sheet and bank gives the same score and verdict', () => {
    const part = fc.constantFrom(...POOL, ...INITIALS, 'Mr', 'Smt', 'S/O', 'Kumar', 'Kumari', 'Md', '(Driver)', 'Rao');
    const messy = fc.array(part, { minLength: 0, maxLength: 6 }).map((p) => p.join(' '));
    fc.assert(
      fc.property(messy, messy, (a, b) => {
        const ab = matchPayeeName(a, b);
        const ba = matchPayeeName(b, a);
        expect(ba.score).toBe(ab.score);
        expect(ba.verdict).toBe(ab.verdict);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on earlier calls (tokens are pooled)', () => {
    const alone = matchPayeeName('Ramkumar', 'RAM');
    matchPayeeName('Ram', 'RAM KUMAR'); // leaves an unmatched "Kumar" in the pool just past "Ram"
    expect(matchPayeeName('Ramkumar', 'RAM')).toEqual(alone);
    expect(alone.verdict).toBe('partial');
  });

  it('ignores word order', () => {
    fc.assert(
      fc.property(name, name, fc.infiniteStream(fc.nat()), (a, b, rnd) => {
        const shuffled = [...b].sort(() => (rnd.next().value % 3) - 1);
        const base = matchPayeeName(a.join(' '), b.join(' '));
        const other = matchPayeeName(a.join(' '), shuffled.join(' '));
        expect(other.score).toBe(base.score);
        expect(other.verdict).toBe(base.verdict);
        expect(matchPayeeName(a.join(' '), [...a].reverse().join(' ')).score).toBe(1);
      }),
    );
  });

  it('ignores case and punctuation between words', () => {
    const sep = fc.constantFrom(' ', '  ', '. ', ', ', ' - ', '.', ',', '\t');
    fc.assert(
      fc.property(name, name, fc.array(sep, { minLength: 8, maxLength: 8 }), fc.boolean(), (a, b, seps, upper) => {
        const base = matchPayeeName(a.join(' '), b.join(' '));
        const messy = a.map((w, i) => (upper ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1)) + seps[i]).join('');
        expect(matchPayeeName(messy, b.join(' ').toUpperCase())).toEqual(base);
      }),
    );
  });
});
