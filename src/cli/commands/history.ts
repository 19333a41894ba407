import { ignoreConnectionFlags, parseArgs, type CliCommand } from '../command';
import { openHistoryStore, type HistoryStore } from '../history-store';
import { reportFailure, UsageError } from '../enkash-from-env';
import { formatPaise, parseAmountToPaise } from '../../shared/domain/money';
import { TRANSFER_MODES, type TransferMode } from '../../shared/domain/payout';
import { formatIst } from '../../shared/domain/ist';
import { PAYOUT_STATES, type PayoutState } from '../../main/services/journal/states';
import { searchPayoutsOps } from '../../main/services/history/search';
import type { HistoryFilters, HistoryPage, HistorySort } from '../../main/services/history/types';
import { viaServer } from '../server-client';
import { maskAccount } from '../../shared/domain/mask';
import { parseConflict } from '../../shared/domain/payout-conflict';

/** Flags of the history filters, shared with `export --all`. */
export const FILTER_FLAGS = [
  'env',
  'status',
  'mode',
  'from',
  'to',
  'payee',
  'account',
  'txn',
  'utr',
  'batch',
  'amount',
  'sort',
  'asc',
] as const;
const FILTER_USAGE =
  '[--status S[,S]] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--env E] [--mode M[,M]] [--payee TEXT] [--account LAST4|NUMBER] [--txn ID] [--utr UTR] [--batch ID] [--amount RUPEES] [--sort created|amount] [--asc]';
const USAGE = `history ${FILTER_USAGE} [--limit N] [--after CURSOR] [--full-account] [--data-dir DIR] [--server URL] [--json]`;

function value(flags: Record<string, string | true>, name: string): string | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (v === true || v.trim() === '') throw new UsageError(`--${name} needs a value`);
  return v.trim();
}

function list<T extends string>(
  flags: Record<string, string | true>,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  const v = value(flags, name);
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim().toUpperCase());
  const bad = items.find((s) => !(allowed as readonly string[]).includes(s));
  if (bad) throw new UsageError(`--${name} must be among ${allowed.join(', ')} (got ${bad})`);
  return items as T[];
}

/** History filters and order from CLI flags (UsageError on bad values). */
export function filtersFromFlags(flags: Record<string, string | true>): { filters: HistoryFilters; sort: HistorySort } {
  const filters: HistoryFilters = {
    environment: value(flags, 'env'),
    states: list<PayoutState>(flags, 'status', PAYOUT_STATES),
    modes: list<TransferMode>(flags, 'mode', TRANSFER_MODES),
    from: value(flags, 'from'),
    to: value(flags, 'to'),
    payee: value(flags, 'payee'),
    account: value(flags, 'account'),
    transactionId: value(flags, 'txn'),
    utr: value(flags, 'utr'),
  };
  const batch = value(flags, 'batch');
  if (batch !== undefined) {
    if (!/^\d{1,12}$/.test(batch)) throw new UsageError('--batch needs a batch number');
    filters.batchId = Number(batch);
  }
  const amount = value(flags, 'amount');
  if (amount !== undefined) {
    const parsed = parseAmountToPaise(amount);
    if (!parsed.ok) throw new UsageError(`--amount is not an amount in rupees (${parsed.reason})`);
    filters.amountPaise = parsed.paise;
  }
  const sortFlag = value(flags, 'sort') ?? 'created';
  if (sortFlag !== 'created' && sortFlag !== 'amount') throw new UsageError('--sort must be created or amount');
  const sort: HistorySort = {
    key: sortFlag === 'created' ? 'createdAt' : 'amount',
    direction: flags.asc === true ? 'asc' : 'desc',
  };
  return { filters, sort };
}

function pad(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** EnKash's side of a CONFLICT row, printed under it (account masked as everywhere unless --full-account). */
function conflictLine(json: string | null, fullAccount: boolean): string {
  const c = parseConflict(json);
  if (!c) return '  CONFLICT: EnKash holds another payout under this id (details unreadable)';
  const account = c.accountNumber && !fullAccount ? maskAccount(c.accountNumber) : c.accountNumber;
  const payee = [c.beneficiaryId, account, c.ifsc, c.vpa].filter(Boolean).join(' ') || 'payee not given';
  const amount = c.amountPaise === null ? 'no amount' : formatPaise(c.amountPaise);
  return `  CONFLICT — EnKash holds under this id: ${amount} to ${payee} by ${c.mode ?? 'mode not given'} (${c.status ?? 'no status'}); differs in ${c.fields.join(', ') || '?'}`;
}

/** `history`: search the offline payout history. Exit 0 ok (also when nothing matches), 2 bad usage. */
export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'Search the payout history (offline; filters by status, dates, payee, account, UTR …)',
  usage: USAGE,
  run: async (args, io) => {
    const { flags, positionals } = parseArgs(args, ['json', 'asc', 'full-account']);
    const asJson = flags.json === true;
    let held: HistoryStore | null = null;
    try {
      // --env is a filter here; only the flags that pick a server are ignored.
      ignoreConnectionFlags(flags, io, 'history');
      const own: readonly string[] = [...FILTER_FLAGS, 'limit', 'after', 'full-account', 'data-dir', 'json', 'server'];
      const unknown = Object.keys(flags).find((f) => !own.includes(f));
      if (unknown) throw new UsageError(`Unknown option --${unknown}`);
      if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
      const { filters, sort } = filtersFromFlags(flags);
      const limitText = value(flags, 'limit') ?? '50';
      if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 1000)
        throw new UsageError('--limit is 1 to 1000');
      const server = value(flags, 'server');
      let page: HistoryPage;
      if (server !== undefined) {
        // The team's history, through the Desk Server: accounts stay masked there (the registry never reveals them).
        if (flags['full-account'] === true) throw new UsageError('--full-account is not served by a Desk Server');
        const limit = Number(limitText);
        if (limit > 500) throw new UsageError('--limit is 1 to 500 with --server');
        const input = { filters, sort, limit, after: value(flags, 'after') ?? null, withTotal: true };
        page = await viaServer<HistoryPage>(server, io, 'searchHistory', input);
      } else {
        held = await openHistoryStore(flags, io);
        page = await held.store.run(
          searchPayoutsOps(filters, sort, {
            limit: Number(limitText),
            after: value(flags, 'after'),
            withTotal: true,
            revealAccounts: flags['full-account'] === true,
          }),
        );
      }
      if (asJson) {
        io.out(JSON.stringify(page));
        return 0;
      }
      io.out(
        [
          pad('Created (IST)', 19),
          pad('Batch/row', 10),
          pad('Transaction ID', 23),
          pad('Payee', 22),
          pad('Account', 14),
          pad('Mode', 5),
          'Amount'.padStart(16),
          ' ',
          pad('Status', 10),
          'UTR',
        ].join(' '),
      );
      for (const r of page.rows) {
        io.out(
          [
            formatIst(new Date(r.createdAt)),
            pad(`${r.batchId}/${r.rowNumber}`, 10),
            pad(r.transactionId, 23),
            pad(r.payeeName ?? r.beneficiaryId ?? '', 22),
            pad(r.account ?? r.vpa ?? '', 14),
            pad(r.mode, 5),
            formatPaise(r.amountPaise).padStart(16),
            ' ',
            pad(r.state, 10),
            r.utr ?? '',
          ].join(' '),
        );
        if (r.state === 'CONFLICT') io.out(conflictLine(r.conflict, flags['full-account'] === true));
      }
      const total = page.total ?? { count: page.rows.length, amountPaise: 0 };
      io.out(`${page.rows.length} of ${total.count} matching payouts; total ${formatPaise(total.amountPaise)}`);
      if (page.nextCursor) io.out(`More: --after ${page.nextCursor}`);
      return 0;
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    } finally {
      await held?.close();
    }
  },
};
