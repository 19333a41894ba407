import { AppError } from '../../../shared/domain/errors';
import type { Store } from '../../db/store/store';
import type { StatementEntry } from '../../enkash/account-outputs';
import type { EnkashClient } from '../../enkash/client';
import type { Logger } from '../../log';
import { maskAccount } from '../../../shared/domain/mask';
import { istRange } from '../../../shared/domain/ist';
import { matchWithStore } from './lookup';
import { DEFAULT_MATCH_WINDOWS, matchStatement } from './match';
import { normaliseEntries } from './normalise';
import { saveRunOps, summarise } from './store';
import type { ReconSummary } from './types';

/**
 * Reconciliation against the bank statement: fetch the statement for a range of IST days (Fetch Statement,
 * enkash-api.md §5.9), match its lines to our payouts, and store the result so it can be viewed and exported
 * offline later.
 *
 * The statement is fetched with a margin either side (a day by default): a payout accepted at 23:59 whose debit
 * posts at 00:01 the next day still finds its line, while lines inside the margin alone are never reported as
 * unexplained. Pagination and a maximum range are undocumented, so long ranges are fetched in windows.
 */

export type StatementClient = Pick<EnkashClient, 'fetchStatement' | 'getSourceAccountDetails'>;

export type ReconDeps = {
  /** The journal's database on either engine: the payouts matched against, and where the run is stored. */
  store: Store;
  now: () => Date;
  log: Logger;
  client: StatementClient;
  /** The environment whose payouts the statement is matched against (the client's environment). */
  environment: string;
  /** Defaults from the API profile; `debitAccountNumber` falls back to the active source account at EnKash. */
  defaults?: { fundSourceId?: string; debitAccountNumber?: string };
};

export type ReconInput = {
  /** IST day, inclusive. */
  fromDate: string;
  /** IST day, inclusive. */
  toDate: string;
  debitAccountNumber?: string;
  fundSourceId?: string;
  /** Extra statement fetched either side of the range for matching only. Default 24 h. */
  marginMs?: number;
  /** Longest range asked for in one call. Default 7 days. */
  windowDays?: number;
  debitWindowMs?: number;
  creditWindowMs?: number;
};

export type ReconResult = { runId: number; summary: ReconSummary };

const DAY = 86_400_000;

async function resolveDebitAccount(deps: ReconDeps, input: ReconInput): Promise<string> {
  const given = input.debitAccountNumber?.trim() || deps.defaults?.debitAccountNumber?.trim();
  if (given) return given;
  // The statement call requires the debit account (unlike balance); ask EnKash which one is active.
  const accounts = await deps.client.getSourceAccountDetails();
  const active =
    accounts.find((a) => a.accountNumber && (a.status ?? 'ACTIVE').toUpperCase() === 'ACTIVE') ??
    accounts.find((a) => a.accountNumber);
  if (!active?.accountNumber) {
    throw new AppError(
      'invalid_input',
      'No source bank account is known; enter the debit account number in Settings.',
      {
        field: 'debitAccountNumber',
      },
    );
  }
  return active.accountNumber;
}

function lineKey(e: StatementEntry): string {
  return JSON.stringify([
    e.transactionId,
    e.transactionDate,
    e.valueDate,
    e.transactionType,
    e.referenceNumber,
    e.amountPaise,
    e.runningBalancePaise,
    e.remarks,
  ]);
}

/**
 * Fetches [start, end) in windows. A line returned again by a later window (a server that reads the bounds as
 * whole days) is kept once; a line repeated inside one answer is kept twice and flagged by matching.
 */
async function fetchAll(
  deps: ReconDeps,
  input: ReconInput,
  debitAccountNumber: string,
  start: number,
  end: number,
): Promise<{ entries: StatementEntry[]; requestIds: string[] }> {
  const windowMs = Math.max(1, input.windowDays ?? 7) * DAY;
  const entries: StatementEntry[] = [];
  const requestIds: string[] = [];
  const earlier = new Set<string>();
  for (let from = start; from < end; from += windowMs) {
    const to = Math.min(end, from + windowMs) - 1;
    const statement = await deps.client.fetchStatement({
      fromDate: new Date(from).toISOString(),
      toDate: new Date(to).toISOString(),
      debitAccountNumber,
      fundSourceId: input.fundSourceId ?? deps.defaults?.fundSourceId,
    });
    if (statement.requestId) requestIds.push(statement.requestId);
    const keys = statement.entries.map(lineKey);
    statement.entries.forEach((e, i) => {
      if (!earlier.has(keys[i] as string)) entries.push(e);
    });
    for (const k of keys) earlier.add(k);
  }
  return { entries, requestIds };
}

/** Fetches the statement for IST days `fromDate` … `toDate`, matches it and stores the run. */
export async function reconcileStatement(deps: ReconDeps, input: ReconInput): Promise<ReconResult> {
  if (!input.fromDate || !input.toDate) {
    throw new AppError('invalid_input', 'Pick the first and last day to reconcile.', { field: 'fromDate' });
  }
  const range = istRange(input.fromDate, input.toDate);
  const rangeStart = Date.parse(range.start as string);
  const rangeEnd = Date.parse(range.end as string);
  if (rangeEnd - rangeStart > 366 * DAY) {
    throw new AppError('invalid_input', 'Reconcile at most one year at a time.', { field: 'toDate' });
  }
  const margin = input.marginMs ?? DAY;
  const fetchedStart = rangeStart - margin;
  const fetchedEnd = rangeEnd + margin;
  const debitAccount = await resolveDebitAccount(deps, input);
  const { entries, requestIds } = await fetchAll(deps, input, debitAccount, fetchedStart, fetchedEnd);

  const lines = normaliseEntries(entries, { start: rangeStart, end: rangeEnd });
  const { matched, expected } = await matchWithStore(deps.store, deps.environment, (lookup) => ({
    matched: matchStatement(lines, lookup, {
      rangeStart: range.start as string,
      rangeEnd: range.end as string,
      debitWindowMs: input.debitWindowMs ?? DEFAULT_MATCH_WINDOWS.debitWindowMs,
      creditWindowMs: input.creditWindowMs ?? DEFAULT_MATCH_WINDOWS.creditWindowMs,
    }),
    expected: lookup.acceptedIn(range.start as string, range.end as string).length,
  }));
  const summary = summarise(matched.lines, matched.issues, expected);
  const runId = await deps.store.run(
    saveRunOps(
      {
        environment: deps.environment,
        fromDate: input.fromDate,
        toDate: input.toDate,
        rangeStart: range.start as string,
        rangeEnd: range.end as string,
        fetchedStart: new Date(fetchedStart).toISOString(),
        fetchedEnd: new Date(fetchedEnd).toISOString(),
        // Only to tell runs apart on screen; the full number is not needed after the fetch.
        debitAccount: maskAccount(debitAccount),
        requestIds,
        createdAt: deps.now().toISOString(),
      },
      matched.lines,
      matched.issues,
      summary,
    ),
  );
  deps.log.info('recon.stored', {
    runId,
    lines: summary.lines.total,
    matched: summary.lines.matched,
    unmatched: summary.lines.unmatched,
    issues: matched.issues.length,
  });
  return { runId, summary };
}
