import { resolve } from 'node:path';
import { ignoreConnectionFlags, parseArgs, type CliCommand } from '../command';
import { reportFailure, UsageError } from '../enkash-from-env';
import { formatPaise } from '../../shared/domain/money';
import {
  exportBatchOn,
  exportHistoryOn,
  exportReconciliationOn,
  type ExportOptions,
  type ExportResult,
  writeExportSource,
} from '../../main/services/exports/jobs';
import { openServerSession } from '../server-client';
import { openHistoryStore, type HistoryStore } from '../history-store';
import { FILTER_FLAGS, filtersFromFlags } from './history';
import { runTallyExport, wantsTally } from './export-tally';

const USAGE =
  'export (--batch ID | --all [history filters] | --recon RUN) --format csv|xlsx --out FILE [--full-account] [--data-dir DIR | --server URL] [--json]';

function value(flags: Record<string, string | true>, name: string): string | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (v === true || v.trim() === '') throw new UsageError(`--${name} needs a value`);
  return v.trim();
}

function id(flags: Record<string, string | true>, name: string): number | undefined {
  const v = value(flags, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,12}$/.test(v) || Number(v) < 1) throw new UsageError(`--${name} needs a number`);
  return Number(v);
}

/**
 * `export`: a batch, the whole (filtered) history or a stored reconciliation to CSV or XLSX, offline.
 * Progress goes to stderr; Ctrl-C cancels and leaves no file. Exit 0 written, 1 failure/cancelled, 2 usage.
 */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export a batch, the payout history or a reconciliation to CSV (UTF-8 BOM) or XLSX for auditors',
  usage: USAGE,
  run: async (args, io) => {
    // `--format tally` (issue 16) has its own flags and module.
    if (wantsTally(args)) return runTallyExport(args, io);
    const { flags, positionals } = parseArgs(args, ['json', 'all', 'asc', 'full-account']);
    const asJson = flags.json === true;
    let held: HistoryStore | null = null;
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    try {
      // --env is a history filter (with --all); only the flags that pick a server are ignored.
      ignoreConnectionFlags(flags, io, 'export');
      const own: readonly string[] = [
        'batch',
        'all',
        'recon',
        'format',
        'out',
        'full-account',
        'data-dir',
        'json',
        'server',
        ...FILTER_FLAGS,
      ];
      const unknown = Object.keys(flags).find((f) => !own.includes(f));
      if (unknown) throw new UsageError(`Unknown option --${unknown}`);
      if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
      const batchId = id(flags, 'batch');
      const runId = id(flags, 'recon');
      const all = flags.all === true;
      if ([batchId !== undefined, all, runId !== undefined].filter(Boolean).length !== 1) {
        throw new UsageError('Choose exactly one of --batch ID, --all or --recon RUN');
      }
      // --batch is both a history filter and an export target; here it is the target.
      const usesFilters = FILTER_FLAGS.some((f) => f !== 'batch' && flags[f] !== undefined);
      if (usesFilters && !all) throw new UsageError('History filters go with --all');
      const format = value(flags, 'format');
      if (format !== 'csv' && format !== 'xlsx') throw new UsageError('--format must be csv or xlsx');
      const out = value(flags, 'out');
      if (!out) throw new UsageError('--out FILE is required');
      const view = all ? filtersFromFlags(flags) : null;
      const server = value(flags, 'server');
      if (server !== undefined && flags['full-account'] === true) {
        // As `history --server`: a whole account number does not leave the Desk Server.
        throw new UsageError('--full-account is not served by a Desk Server');
      }

      let lastTenth = -1;
      const opts: ExportOptions = {
        format,
        path: resolve(out),
        fullAccount: flags['full-account'] === true,
        signal: abort.signal,
        onProgress: ({ written, total }) => {
          const tenth = total ? Math.floor((written / total) * 10) : 10;
          if (tenth !== lastTenth && !asJson)
            io.err(`  ${written.toLocaleString('en-IN')} of ${total.toLocaleString('en-IN')} rows`);
          lastTenth = tenth;
        },
      };
      process.once('SIGINT', onSigint);
      let result: ExportResult;
      if (server !== undefined) {
        // The team's journal, read by the Desk Server and streamed here; this process writes the file.
        // Checked again by the server (export-route.ts exportBody).
        const body =
          batchId !== undefined
            ? { kind: 'batch', batchId }
            : runId !== undefined
              ? { kind: 'recon', runId }
              : { kind: 'history', filters: view!.filters, sort: view!.sort };
        const session = await openServerSession(server, io);
        try {
          result = await writeExportSource(await session.exportSource(body, abort.signal), opts);
        } finally {
          await session.end();
        }
      } else {
        held = await openHistoryStore(flags, io);
        const { store } = held;
        if (batchId !== undefined) result = await exportBatchOn(store, batchId, opts);
        else if (runId !== undefined) result = await exportReconciliationOn(store, runId, opts);
        else result = await exportHistoryOn(store, view!, opts);
      }
      if (asJson) io.out(JSON.stringify(result));
      else
        io.out(
          `Wrote ${result.rows.toLocaleString('en-IN')} rows (${formatPaise(result.totalPaise)}) to ${result.path}`,
        );
      return 0;
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    } finally {
      process.removeListener('SIGINT', onSigint);
      await held?.close();
    }
  },
};
