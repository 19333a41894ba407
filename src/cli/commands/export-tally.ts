import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { flagText, ignoreConnectionFlags, parseArgs, type CliIo } from '../command';
import { reportFailure, UsageError } from '../enkash-from-env';
import { formatPaise } from '../../shared/domain/money';
import { exportTallyOn } from '../../main/services/accounting/tally-export';
import { ledgerNamesFromTallyList } from '../../main/services/accounting/tally-ledger-list';
import {
  parsePartyLedgersCsv,
  rememberPartyLedgersOps,
  setBankLedgerOps,
} from '../../main/services/accounting/tally-ledgers';
import { openHistoryStore, type HistoryStore } from '../history-store';
import { openServerSession } from '../server-client';
import { writeTallyFile } from '../../main/services/accounting/tally-file';
import type { TallyExportResult, TallyExportScope } from '../../main/services/accounting/tally-export';
import type { TallyVoucher } from '../../main/services/accounting/tally-xml';

export const TALLY_USAGE =
  'export (--batch ID | --all) --format tally --out FILE.xml [--bank-ledger NAME] [--party-ledgers FILE.csv] [--ledgers-list FILE.xml|FILE.xlsx] [--company NAME] [--data-dir DIR | --server URL] [--json]';

/** True when `export` was asked for the Tally format (the export command hands such a call to this module). */
export function wantsTally(args: string[]): boolean {
  const { flags } = parseArgs(args, ['json', 'all', 'asc', 'full-account']);
  return flags.format === 'tally';
}

/**
 * `export --format tally`: a TallyPrime import file of the paid payouts. --bank-ledger and --party-ledgers are
 * remembered in the history database, so later exports need neither. Exit 0 written, 1 failure, 2 usage.
 */
export async function runTallyExport(args: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseArgs(args, ['json', 'all']);
  const asJson = flags.json === true;
  let held: HistoryStore | null = null;
  try {
    ignoreConnectionFlags(flags, io, 'export');
    const own = ['batch', 'all', 'format', 'out', 'bank-ledger', 'party-ledgers', 'ledgers-list', 'company'];
    const unknown = Object.keys(flags).find((f) => ![...own, 'data-dir', 'json', 'server'].includes(f));
    if (unknown) throw new UsageError(`Unknown option --${unknown} for --format tally`);
    if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
    const batchText = flagText(flags.batch, 'batch');
    const all = flags.all === true;
    if ((batchText !== undefined) === all) throw new UsageError('Choose exactly one of --batch ID or --all');
    if (batchText !== undefined && (!/^\d{1,12}$/.test(batchText) || Number(batchText) < 1))
      throw new UsageError('--batch needs a number');
    const out = flagText(flags.out, 'out');
    if (!out) throw new UsageError('--out FILE.xml is required');
    const bankLedger = flagText(flags['bank-ledger'], 'bank-ledger');
    const partyFile = flagText(flags['party-ledgers'], 'party-ledgers');
    const listFile = flagText(flags['ledgers-list'], 'ledgers-list');
    const server = flagText(flags.server, 'server');
    if (server !== undefined && partyFile) {
      // Remembering ledgers changes the team's settings; a Desk Server takes no such write from an export.
      throw new UsageError('--party-ledgers is not served by a Desk Server: remember them with --database-url');
    }
    // Read the user's files before touching the database, so a bad path changes nothing remembered.
    const mappings = partyFile ? parsePartyLedgersCsv(readFileSync(resolve(partyFile), 'utf8')) : null;
    // A Tally "List of Accounts" export, XML or Excel (told apart by content, not by the name).
    const knownLedgers = listFile
      ? await ledgerNamesFromTallyList(readFileSync(resolve(listFile)), basename(listFile))
      : undefined;
    const scope: TallyExportScope = batchText !== undefined ? { batchId: Number(batchText) } : { all: true };
    const fileOpts = { path: resolve(out), company: flagText(flags.company, 'company'), knownLedgers };
    let result: TallyExportResult;
    if (server !== undefined) {
      // The team's vouchers, read by the Desk Server with the ledgers remembered there; the file is written here.
      if (bankLedger) io.err('note: with --server, --bank-ledger is used for this export and not remembered.');
      const session = await openServerSession(server, io);
      try {
        const { vouchers } = await session.call<{ vouchers: TallyVoucher[] }>('POST', '/api/exports/tally', {
          scope,
          ...(bankLedger ? { bankLedger } : {}),
        });
        result = await writeTallyFile(vouchers, fileOpts);
      } finally {
        await session.end();
      }
    } else {
      held = await openHistoryStore(flags, io);
      const { store } = held;
      const now = new Date();
      if (bankLedger) await store.run(setBankLedgerOps(bankLedger, now));
      if (mappings) await store.run(rememberPartyLedgersOps(mappings, now));
      result = await exportTallyOn(store, scope, fileOpts);
    }
    if (asJson) {
      io.out(JSON.stringify(result));
    } else {
      io.out(
        `Wrote ${result.payments} payment and ${result.reversals} reversal vouchers (net ${formatPaise(result.netPaise)}) to ${result.path}`,
      );
      if (result.missingLedgers) {
        if (result.missingLedgers.length) {
          io.out(`Create these ledgers in Tally before importing (${result.missingLedgers.length}):`);
          for (const name of result.missingLedgers) io.out(`  ${name}`);
        } else io.out('Every ledger used is in the Tally list of accounts.');
      } else {
        io.out(`Ledgers used (create any Tally does not have before importing):`);
        for (const name of result.ledgers) io.out(`  ${name}`);
      }
    }
    return 0;
  } catch (error) {
    return reportFailure(error, io, asJson, TALLY_USAGE);
  } finally {
    await held?.close();
  }
}
