import { createHash } from 'node:crypto';

/**
 * The names the Sandbox's "banks" hold, for bank-account verification (enkash-api.md §16). The demo payees of the
 * sample sheets (test/fixtures/payouts-mixed.csv, beneficiaries.csv) get names spelt the way real bank records
 * often are — initials, an honorific, "Kr" for Kumar, another word order — one belongs to a different person,
 * and some accounts cannot be verified, so the name matcher and the held-mismatch flow have something to do
 * offline. Every other account gets a deterministic name derived from its number, so any test account works.
 */

export type BankRecord = { kind: 'holder'; name: string } | { kind: 'unverifiable'; reason: string };

const key = (accountNumber: string, ifsc: string) => `${accountNumber}|${ifsc.toUpperCase()}`;

/** Demo accounts (account | IFSC) → what the bank says. The sheet's name is in the comment. */
const DEMO: ReadonlyMap<string, BankRecord> = new Map<string, BankRecord>([
  // Ravi Kumar (payouts-mixed row 2): "Kr" for Kumar.
  [key('123456789012', 'SBIN0000300'), { kind: 'holder', name: 'RAVI KR' }],
  // Priya Sharma: an honorific.
  [key('50100012345678', 'HDFC0000240'), { kind: 'holder', name: 'MS PRIYA SHARMA' }],
  // Anil D'Souza: punctuation dropped, as core-banking names often are.
  [key('001234567890', 'ICIC0000001'), { kind: 'holder', name: 'ANIL DSOUZA' }],
  // Suresh Patel: an initial.
  [key('912345678901', 'UTIB0000001'), { kind: 'holder', name: 'S PATEL' }],
  // Kavita Rao: surname first.
  [key('123456789013', 'SBIN0000300'), { kind: 'holder', name: 'RAO KAVITA' }],
  // Deepa Nair: the account belongs to somebody else (the mismatch to hold back).
  [key('223456789012', 'SBIN0000300'), { kind: 'holder', name: 'RAJESH MALHOTRA' }],
  // Lakshmi Menon: exactly as the sheet has it.
  [key('723456789012', 'PUNB0244200'), { kind: 'holder', name: 'LAKSHMI MENON' }],
  // Karan Mehta: the account is closed, the bank cannot verify it.
  [key('823456789012', 'YESB0000001'), { kind: 'unverifiable', reason: 'Account closed' }],
  // Imran Sheikh: a common prefix and another spelling.
  [key('923456789012', 'BARB0VJVASH'), { kind: 'holder', name: 'MOHD IMRAN SHAIKH' }],
  // Sanjay Das: a middle name the sheet leaves out.
  [key('12345678', 'SBIN0001234'), { kind: 'holder', name: 'SANJAY KUMAR DAS' }],
  // beneficiaries.csv: Kumar & Sons, Priya Sharma (VEND001's second row).
  [key('223456789012', 'HDFC0000240'), { kind: 'holder', name: 'M/S KUMAR AND SONS' }],
  [key('323456789012', 'ICIC0000001'), { kind: 'holder', name: 'PRIYA SHARMA' }],
]);

/** Test accounts starting with these digits cannot be verified (so a failure can be rehearsed on any IFSC). */
export const UNVERIFIABLE_PREFIX = '999';

const FIRST = [
  'AARAV',
  'ANANYA',
  'ARJUN',
  'DIVYA',
  'GAURAV',
  'ISHA',
  'KIRAN',
  'MEERA',
  'NIKHIL',
  'POOJA',
  'ROHAN',
  'SUNITA',
];
const LAST = [
  'AGARWAL',
  'BOSE',
  'CHOPRA',
  'DESAI',
  'GUPTA',
  'IYER',
  'JAIN',
  'KAPOOR',
  'MISHRA',
  'REDDY',
  'SETHI',
  'VERMA',
];

/** What the bank holds for `accountNumber` at `ifsc`: a demo record, a failure, or a name derived from the number. */
export function bankRecordFor(accountNumber: string, ifsc: string): BankRecord {
  const demo = DEMO.get(key(accountNumber, ifsc));
  if (demo) return demo;
  if (accountNumber.startsWith(UNVERIFIABLE_PREFIX)) return { kind: 'unverifiable', reason: 'Invalid account number' };
  const h = createHash('sha256').update(key(accountNumber, ifsc)).digest();
  return { kind: 'holder', name: `${FIRST[h[0]! % FIRST.length]} ${LAST[h[1]! % LAST.length]}` };
}
