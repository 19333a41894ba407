import { get, named, q, run as exec, transaction, type Ops } from '../../db/store/ops';
import type { MatchedLine, PayoutIssue, ReconSummary } from './types';

/**
 * Persists one reconciliation run in one transaction: the run, every statement line as received (with what it
 * was matched to and the payout's state at that moment), and the payout-side issues. Later views read only
 * these rows, so the result opens offline and never changes after the fact.
 */

export type NewRun = {
  environment: string;
  fromDate: string;
  toDate: string;
  rangeStart: string;
  rangeEnd: string;
  fetchedStart: string;
  fetchedEnd: string;
  debitAccount: string | null;
  requestIds: string[];
  createdAt: string;
};

/** The flags, severest first, as one note ("Possibly paid twice; …"). */
const FLAG_TEXT: Record<string, string> = {
  debit_for_unpaid: 'Debited for a payout that was not sent or was rejected',
  duplicate_debit: 'A second debit for the same payout: possibly paid twice',
  unknown_debit: 'No payout of ours explains this debit',
  reversal_not_recorded: 'Returned by the bank; still SUCCESS here',
  amount_mismatch: 'Amount differs from the payout',
  outcome_unknown: 'Debited; the payout is still UNKNOWN here (check now)',
  credit_before_outcome: 'Money came back before the payout was final here',
  duplicate_credit: 'A second credit for the same payout',
  duplicate_line: 'The statement lists this line twice',
  ambiguous: 'Several payouts could match by amount and date',
  reversal: 'Reversal',
  other_credit: 'Credit not from a payout (funding, interest …)',
  unknown_line: 'Neither debit nor credit',
  unknown_direction: 'Type not recognised',
};

export function noteFor(flags: readonly string[]): string | null {
  return flags.length ? flags.map((f) => FLAG_TEXT[f] ?? f).join('; ') : null;
}

const INSERT_RUN = `INSERT INTO recon_runs (environment, from_date, to_date, range_start, range_end, fetched_start,
    fetched_end, debit_account, request_ids, created_at, line_count, matched_lines, unmatched_lines, unmatched_payouts,
    flagged, debit_paise, credit_paise, summary)
  VALUES (@environment, @fromDate, @toDate, @rangeStart, @rangeEnd, @fetchedStart, @fetchedEnd, @debitAccount,
    @requestIds, @createdAt, @lineCount, @matched, @unmatched, @unmatchedPayouts, @flagged, @debit, @credit, @summary)
  RETURNING id`;

const INSERT_LINE = `INSERT INTO recon_lines (run_id, seq, in_range, transaction_id, transaction_date, value_date,
    transaction_type, direction, remarks, reference_number, mode, amount_paise, running_balance_paise, payout_id, method,
    confidence, role, payout_state, flag, note)
  VALUES (@runId, @seq, @inRange, @transactionId, @transactionDate, @valueDate, @transactionType, @direction,
    @remarks, @referenceNumber, @mode, @amountPaise, @runningBalancePaise, @payoutId, @method, @confidence, @role,
    @payoutState, @flag, @note)`;

/** The run, its lines and its issues in one transaction (either engine); answers the run's id. */
export function* saveRunOps(
  run: NewRun,
  lines: readonly MatchedLine[],
  issues: readonly PayoutIssue[],
  summary: ReconSummary,
): Ops<number> {
  return yield* transaction(function* () {
    const inserted = yield* get<{ id: number }>(
      named(INSERT_RUN, {
        ...run,
        requestIds: JSON.stringify(run.requestIds),
        lineCount: lines.length,
        matched: summary.lines.matched,
        unmatched: summary.lines.unmatched,
        unmatchedPayouts: new Set(issues.map((i) => i.payout.id)).size,
        flagged: lines.filter((l) => l.flags.length > 0).length,
        debit: summary.debitPaise,
        credit: summary.creditPaise,
        summary: JSON.stringify(summary),
      }),
    );
    const runId = Number(inserted!.id);
    for (const l of lines) {
      yield* exec(
        named(INSERT_LINE, {
          runId,
          seq: l.seq,
          inRange: l.inRange ? 1 : 0,
          transactionId: l.transactionId,
          transactionDate: l.transactionDate,
          valueDate: l.valueDate,
          transactionType: l.transactionType,
          direction: l.direction,
          remarks: l.remarks,
          referenceNumber: l.referenceNumber,
          mode: l.mode,
          amountPaise: l.amountPaise,
          runningBalancePaise: l.runningBalancePaise,
          payoutId: l.match?.payout.id ?? null,
          method: l.match?.method ?? null,
          confidence: l.match?.confidence ?? null,
          role: l.match?.role ?? null,
          payoutState: l.match?.payout.state ?? null,
          flag: l.flags[0] ?? null,
          note: noteFor(l.flags),
        }),
      );
    }
    // One issue of a kind per payout: the matcher may report the same one twice (both engines' upsert syntax).
    for (const i of issues)
      yield* exec(
        q`INSERT INTO recon_payout_issues (run_id, payout_id, issue, payout_state, note)
          VALUES (${runId}, ${i.payout.id}, ${i.issue}, ${i.payout.state}, ${i.note}) ON CONFLICT DO NOTHING`,
      );
    return runId;
  });
}

/** Summary of matched lines, unmatched lines and issues, with integer paise totals of the requested range. */
export function summarise(
  lines: readonly MatchedLine[],
  issues: readonly PayoutIssue[],
  expectedPayouts: number,
): ReconSummary {
  const s: ReconSummary = {
    lines: { total: lines.length, inRange: 0, matched: 0, unmatched: 0 },
    debitPaise: 0,
    creditPaise: 0,
    matchedDebitPaise: 0,
    unmatchedDebitPaise: 0,
    unmatchedCreditPaise: 0,
    byMethod: {},
    byFlag: {},
    issues: {},
    reversals: 0,
    expectedPayouts,
  };
  for (const l of lines) {
    if (l.match) {
      s.lines.matched++;
      s.byMethod[l.match.method] = (s.byMethod[l.match.method] ?? 0) + 1;
      if (l.match.role === 'reversal') s.reversals++;
    }
    for (const f of l.flags) s.byFlag[f] = (s.byFlag[f] ?? 0) + 1;
    if (!l.inRange) continue;
    s.lines.inRange++;
    if (!l.match) s.lines.unmatched++;
    if (l.direction === 'DEBIT') {
      s.debitPaise += l.amountPaise;
      if (l.match) s.matchedDebitPaise += l.amountPaise;
      else s.unmatchedDebitPaise += l.amountPaise;
    } else if (l.direction === 'CREDIT') {
      s.creditPaise += l.amountPaise;
      if (!l.match) s.unmatchedCreditPaise += l.amountPaise;
    }
  }
  for (const i of issues) s.issues[i.issue] = (s.issues[i.issue] ?? 0) + 1;
  return s;
}
