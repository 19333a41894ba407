import type { PayoutState } from '../journal/states';
import { UNRESOLVED_STATES, UNSENT_STATES } from '../../../shared/domain/payout-states';
import type { PayoutLookup } from './lookup';
import { remarkTokens, sameLine } from './normalise';
import {
  LINE_FLAGS,
  type LineFlag,
  type LineMatch,
  type LineRole,
  type MatchedLine,
  type MatchMethod,
  type PayoutIssue,
  type PayoutLite,
  type StatementLine,
} from './types';

/**
 * Ties statement lines to payouts:
 *   1. by an id the line carries — UTR, then our transactionId, then EnKash's id (in the line's transactionId or
 *      reference), then an id-like word of the remarks: certain (100, remarks 90);
 *   2. otherwise by amount and time — same paise, the line within a window of the payout's acceptance (debits)
 *      or outcome (credits); a reference equal to the payout's own reference lifts it to 85, otherwise the
 *      confidence falls with the time gap and with ambiguity (several candidates), and is always shown.
 * Each payout takes at most one debit and one credit; a further line for it is a duplicate, flagged, never
 * silently absorbed. Then the payout side: what the statement should show for the range and does not.
 */

export type MatchOptions = {
  /** [start, end) of the requested range, ISO UTC. */
  rangeStart: string;
  rangeEnd: string;
  /** How far apart a debit and the payout's acceptance may be for an amount+date match. */
  debitWindowMs: number;
  /** How long after a payout's outcome its refund/reversal credit may appear. */
  creditWindowMs: number;
};

export const DEFAULT_MATCH_WINDOWS = { debitWindowMs: 2 * 86_400_000, creditWindowMs: 4 * 86_400_000 };

// Never paid: not sent to EnKash, or sent and refused (REJECTED): a debit for one of these is a finding.
const NOT_SENT: readonly PayoutState[] = [...UNSENT_STATES, 'REJECTED'];

type Kind = 'payment' | 'credit';
const kindOf = (role: LineRole): Kind => (role === 'payment' ? 'payment' : 'credit');

/** The role of a line for a payout, and the flags its direction and the payout's state call for. */
function roleFor(line: StatementLine, p: PayoutLite, firstForPayout: boolean): { role: LineRole; flags: LineFlag[] } {
  const flags: LineFlag[] = [];
  let direction = line.direction;
  if (direction === 'UNKNOWN') {
    flags.push('unknown_direction');
    direction = firstForPayout ? 'DEBIT' : 'CREDIT';
  }
  if (direction === 'DEBIT') {
    if (NOT_SENT.includes(p.state)) flags.push('debit_for_unpaid');
    else if (UNRESOLVED_STATES.includes(p.state)) flags.push('outcome_unknown');
    return { role: 'payment', flags };
  }
  if (p.state === 'FAILED') return { role: 'refund', flags };
  if (p.state === 'REVERSED') return { role: 'reversal', flags: [...flags, 'reversal'] };
  if (p.state === 'SUCCESS') return { role: 'reversal', flags: [...flags, 'reversal_not_recorded', 'reversal'] };
  return { role: 'refund', flags: [...flags, 'credit_before_outcome'] };
}

function byId(
  line: StatementLine,
  lookup: PayoutLookup,
): { p: PayoutLite; method: MatchMethod; ambiguous: boolean } | null {
  const keys = [line.referenceNumber, line.transactionId].filter((k): k is string => k !== null);
  const pick = (list: PayoutLite[]) => list.find((p) => p.amountPaise === line.amountPaise) ?? list[0];
  for (const k of keys) {
    const list = lookup.byUtr(k);
    if (list.length) return { p: pick(list) as PayoutLite, method: 'utr', ambiguous: list.length > 1 };
  }
  for (const k of [...keys].reverse()) {
    const p = lookup.byTransactionId(k);
    if (p) return { p, method: 'transaction_id', ambiguous: false };
  }
  for (const k of keys) {
    const list = lookup.byEnkashId(k);
    if (list.length) return { p: pick(list) as PayoutLite, method: 'enkash_id', ambiguous: list.length > 1 };
  }
  for (const token of remarkTokens(line.remarks)) {
    const p = lookup.byTransactionId(token) ?? lookup.byEnkashId(token)[0] ?? lookup.byUtr(token)[0];
    if (p) return { p, method: 'remarks', ambiguous: false };
  }
  return null;
}

/** Confidence of an amount+date match from the time gap. */
function timeConfidence(gapMs: number): number {
  if (gapMs <= 10 * 60_000) return 80;
  if (gapMs <= 3_600_000) return 70;
  if (gapMs <= 6 * 3_600_000) return 60;
  if (gapMs <= 86_400_000) return 50;
  return 40;
}

const timeOf = (iso: string | null): number | null => (iso ? Date.parse(iso) : null);

export function matchStatement(
  lines: readonly StatementLine[],
  lookup: PayoutLookup,
  opts: MatchOptions,
): { lines: MatchedLine[]; issues: PayoutIssue[] } {
  const out: MatchedLine[] = lines.map((l) => ({ ...l, match: null, flags: [] }));
  // payout id → kind → the line that claimed it.
  const claimed = new Map<number, Partial<Record<Kind, MatchedLine>>>();
  const claim = (line: MatchedLine, p: PayoutLite, method: MatchMethod, confidence: number, extra: LineFlag[]) => {
    const slots = claimed.get(p.id) ?? {};
    const first = !slots.payment && !slots.credit;
    const { role, flags } = roleFor(line, p, first);
    line.match = { payout: p, method, confidence, role } satisfies LineMatch;
    line.flags.push(...extra, ...flags);
    if (line.amountPaise !== p.amountPaise) line.flags.push('amount_mismatch');
    const kind = kindOf(role);
    const holder = slots[kind];
    if (holder) {
      line.flags.push(
        sameLine(holder, line) ? 'duplicate_line' : kind === 'payment' ? 'duplicate_debit' : 'duplicate_credit',
      );
    } else {
      slots[kind] = line;
    }
    claimed.set(p.id, slots);
  };

  // 1. Ids.
  for (const line of out) {
    const found = byId(line, lookup);
    if (found)
      claim(line, found.p, found.method, found.method === 'remarks' ? 90 : 100, found.ambiguous ? ['ambiguous'] : []);
  }

  // 2. Amount and time, closest pairs first, each side used once.
  type Pair = { line: MatchedLine; p: PayoutLite; gap: number; refMatch: boolean };
  const pairs: Pair[] = [];
  const perLine = new Map<MatchedLine, number>();
  const perPayout = new Map<number, number>();
  for (const line of out) {
    if (line.match || line.at === null || line.direction === 'UNKNOWN') continue;
    const debit = line.direction === 'DEBIT';
    const window = debit ? opts.debitWindowMs : opts.creditWindowMs;
    const from = new Date(line.at - window).toISOString();
    const to = new Date(line.at + (debit ? window : 3_600_000)).toISOString();
    for (const p of lookup.byAmount(line.amountPaise, from, to)) {
      const kind: Kind = debit ? 'payment' : 'credit';
      if (claimed.get(p.id)?.[kind]) continue;
      if (!debit && !['FAILED', 'REVERSED', 'SUCCESS'].includes(p.state)) continue;
      const t = debit ? (timeOf(p.acceptedAt) ?? timeOf(p.sentAt)) : timeOf(p.finalAt);
      if (t === null) continue;
      // A credit comes after the outcome; a debit may sit either side of our acceptance time.
      if (debit ? Math.abs(line.at - t) > window : line.at < t - 3_600_000 || line.at > t + window) continue;
      const refs = [line.referenceNumber, line.transactionId, ...remarkTokens(line.remarks)];
      const refMatch =
        p.reference !== null && refs.some((r) => r !== null && r.toUpperCase() === p.reference?.toUpperCase());
      pairs.push({ line, p, gap: Math.abs(line.at - t), refMatch });
      perLine.set(line, (perLine.get(line) ?? 0) + 1);
      perPayout.set(p.id, (perPayout.get(p.id) ?? 0) + 1);
    }
  }
  pairs.sort(
    (a, b) => Number(b.refMatch) - Number(a.refMatch) || a.gap - b.gap || a.line.seq - b.line.seq || a.p.id - b.p.id,
  );
  for (const pair of pairs) {
    const kind: Kind = pair.line.direction === 'DEBIT' ? 'payment' : 'credit';
    if (pair.line.match || claimed.get(pair.p.id)?.[kind]) continue;
    const ambiguous = (perLine.get(pair.line) ?? 0) > 1 || (perPayout.get(pair.p.id) ?? 0) > 1;
    let confidence = pair.refMatch ? 85 : timeConfidence(pair.gap);
    if (kind === 'credit') confidence = Math.min(confidence, 60);
    if (ambiguous && !pair.refMatch) confidence = Math.max(10, confidence - 20);
    claim(
      pair.line,
      pair.p,
      pair.refMatch ? 'reference' : 'amount_date',
      confidence,
      ambiguous && !pair.refMatch ? ['ambiguous'] : [],
    );
  }

  // 3. Lines nobody explains.
  for (const line of out) {
    if (line.match || !line.inRange) continue;
    line.flags.push(
      line.direction === 'DEBIT' ? 'unknown_debit' : line.direction === 'CREDIT' ? 'other_credit' : 'unknown_line',
    );
  }
  for (const line of out)
    line.flags = [...new Set(line.flags)].sort((a, b) => LINE_FLAGS.indexOf(a) - LINE_FLAGS.indexOf(b));

  return { lines: out, issues: payoutIssues(lookup, claimed, opts) };
}

/** What the statement should show for the range and does not. */
function payoutIssues(
  lookup: PayoutLookup,
  claimed: Map<number, Partial<Record<Kind, MatchedLine>>>,
  opts: MatchOptions,
): PayoutIssue[] {
  const issues: PayoutIssue[] = [];
  for (const p of lookup.acceptedIn(opts.rangeStart, opts.rangeEnd)) {
    const slots = claimed.get(p.id) ?? {};
    // A FAILED payout with neither a debit nor a refund nets to zero: the bank may never have debited it.
    if (!slots.payment && !(p.state === 'FAILED' && !slots.credit)) {
      issues.push({
        payout: p,
        issue: 'no_debit',
        note: `Accepted by EnKash but no debit on the statement (${p.state}).`,
      });
    }
  }
  for (const p of lookup.returnedIn(opts.rangeStart, opts.rangeEnd)) {
    const slots = claimed.get(p.id) ?? {};
    if (slots.credit) continue;
    if (p.state === 'FAILED' && slots.payment) {
      issues.push({
        payout: p,
        issue: 'refund_missing',
        note: 'Failed at the bank, debited, and no refund on the statement.',
      });
    } else if (p.state === 'REVERSED') {
      issues.push({
        payout: p,
        issue: 'reversal_credit_missing',
        note: 'Reversed, but no reversal credit on the statement.',
      });
    }
  }
  for (const [, slots] of claimed) {
    const credit = slots.credit;
    if (credit?.match && credit.match.payout.state === 'SUCCESS') {
      issues.push({
        payout: credit.match.payout,
        issue: 'reversal_not_recorded',
        note: 'The statement shows this payout returned; it is still SUCCESS here.',
      });
    }
  }
  return issues;
}
