import { parseArgs, type CliCommand } from '../command';
import { APP_FLAGS, type CliApp, openCliApp } from '../app-context';
import { reportFailure, UsageError } from '../enkash-from-env';
import { type CliLease, stderrProgress, takeJournalLease, unresolvedCount, waitUntilResolved } from '../journal-wait';
import { describeHolder } from '../../main/services/journal/lease';
import { type BatchRow, listBatchRowsOps } from '../../main/db/repos/batches-repo';
import { countsByStateOps, hasReadyRowOps, unsentCountOps } from '../journal-counts';
import { SENDABLE_BATCH_STATES } from '../../shared/domain/payout-states';
import { pollOnce } from '../../main/services/reconcile/poll';
import { searchHealthOps } from '../../main/services/reconcile/search-proof';
import { reconcileOnStartup, withReconcileLock } from '../../main/services/reconcile/startup';
import { createSubmissionEngine } from '../../main/services/journal/engine';
import type { ServerReconcile } from '../../main/server/reconcile-route';
import { openServerSession } from '../server-client';
import { flagText, type CliIo } from '../command';

const USAGE =
  'reconcile [--env sandbox|uat|production|custom] [--base-url URL] [--data-dir DIR] [--json] [--timeout-s N]\n' +
  '  | reconcile --server URL [--json]   (PAYOUT_DESK_USER / PAYOUT_DESK_PASSWORD: a maker or an admin)\n\n' +
  'Only the process owning the journal lease recovers and sends. When the desktop app (or another run) owns\n' +
  'this data folder, reconcile prints the status read-only, names the owner and exits with code 3.';

/** The `--json` object. */
export type ReconcileJson = {
  environment: string;
  /** Rows found SENDING (interrupted by a crash) and turned UNKNOWN. */
  interrupted: number;
  /** Confirmed batches whose unsent rows were sent. */
  batchesResumed: number;
  /** Rows whose status changed on the final refresh. */
  statusesChanged: number;
  /** Rows still SENDING/UNKNOWN (should be 0). */
  unknown: number;
  /** Rows still READY in confirmed/sending batches (0 unless EnKash was unreachable). */
  unsent: number;
  /** False when another process owns the journal: nothing was recovered, sent or searched (read-only). */
  owner?: boolean;
  ownerPid?: number;
  byState: Record<string, number>;
  /** Why Search could not settle UNKNOWN rows (404/HTML/unparseable, or not yet proven); absent when fine. */
  search?: { state: 'unavailable' | 'unproven'; detail: string };
};

/** Exit code: another process owns the journal; the status shown was read, nothing was done. */
export const EXIT_NOT_OWNER = 3;

function printSummary(io: Pick<CliIo, 'out'>, json: ReconcileJson, asJson: boolean): void {
  if (asJson) {
    io.out(JSON.stringify(json));
    return;
  }
  io.out(
    `Reconciled ${json.environment}: ${json.unknown} unknown, ${json.unsent} unsent, ${json.statusesChanged} status change(s).`,
  );
  io.out(
    `  ${Object.entries(json.byState)
      .map(([s, n]) => `${s} ${n}`)
      .join(' · ')}`,
  );
}

/**
 * `reconcile --server`: a Desk Server already recovers and sends (its runtime holds the journal), so the team's
 * reconcile asks it for one round over every open row at EnKash and prints the journal after it. Same output and
 * exit as a local run; it needs batch control (a maker or an admin), others are refused (exit 3).
 */
async function reconcileViaServer(server: string, io: CliIo, asJson: boolean): Promise<number> {
  const session = await openServerSession(server, io);
  try {
    const r = await session.call<ServerReconcile>('POST', '/api/reconcile', {});
    io.err(`Desk Server: ${r.checked} open row(s) checked at EnKash.`);
    const json: ReconcileJson = {
      environment: r.environment,
      interrupted: 0,
      batchesResumed: 0,
      statusesChanged: r.statusesChanged,
      unknown: r.unknown,
      unsent: r.unsent,
      byState: r.byState,
      ...(r.search ? { search: r.search } : {}),
    };
    if (r.search) io.err(`Search Payouts ${r.search.state}: ${r.search.detail}`);
    printSummary(io, json, asJson);
    return json.unknown === 0 && json.unsent === 0 ? 0 : 1;
  } finally {
    await session.end();
  }
}

/** Another live process owns sending: say who, show the journal as it is, touch nothing. */
async function readOnlyStatus(
  app: CliApp,
  lease: CliLease,
  io: { out: (t: string) => void; err: (t: string) => void },
  asJson: boolean,
): Promise<number> {
  const who = lease.holder ? describeHolder(lease.holder) : 'another process';
  io.err(`${who} owns sending on this data folder: it recovers, sends and follows the rows. Read-only status:`);
  const { store } = app.deps;
  const byState = await store.run(countsByStateOps(app.environment));
  const unsent = await store.run(unsentCountOps(app.environment));
  const json: ReconcileJson = {
    environment: app.environment,
    interrupted: 0,
    batchesResumed: 0,
    statusesChanged: 0,
    unknown: await unresolvedCount(app.deps),
    unsent,
    byState,
    owner: false,
    ownerPid: lease.holder?.pid,
  };
  if (asJson) io.out(JSON.stringify(json));
  else
    io.out(
      `${app.environment}: ${json.unknown} in flight or unknown, ${unsent} unsent — ${Object.entries(byState)
        .map(([s, n]) => `${s} ${n}`)
        .join(' · ')}`,
    );
  return EXIT_NOT_OWNER;
}

/**
 * `reconcile`: resume after a crash — SENDING → UNKNOWN and settle by Search (resending the identical
 * request where allowed), send the READY rows of confirmed batches, then refresh every tracked status.
 * Exit 0 when nothing is left unknown or unsent, 1 otherwise — among others when Search is unavailable or
 * unproven and rows stay UNKNOWN, with the reason on stderr (nothing was re-sent).
 */
export const reconcileCommand: CliCommand = {
  name: 'reconcile',
  summary: 'Resume after a crash: settle SENDING/UNKNOWN rows via Search, send confirmed batches, refresh statuses',
  usage: USAGE,
  run: async (args, io) => {
    const { flags, positionals } = parseArgs(args, ['json', 'verbose']);
    const asJson = flags.json === true;
    let app: CliApp | null = null;
    let lease: CliLease | null = null;
    try {
      const own = ['json', 'timeout-s', 'server', ...APP_FLAGS];
      const unknownFlag = Object.keys(flags).find((f) => !own.includes(f));
      if (unknownFlag) throw new UsageError(`Unknown option --${unknownFlag}`);
      if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
      const server = flagText(flags.server, 'server');
      if (server !== undefined) {
        const local = ['timeout-s', 'env', 'base-url', 'data-dir', 'database-url'].find((f) => flags[f] !== undefined);
        if (local) throw new UsageError(`--${local} does not go with --server: the Desk Server reconciles its own`);
        return await reconcileViaServer(server, io, asJson);
      }
      const timeoutS = flags['timeout-s'] === undefined ? 600 : Number(flags['timeout-s']);
      if (!Number.isInteger(timeoutS) || timeoutS < 1)
        throw new UsageError('--timeout-s needs a whole number of seconds');
      app = await openCliApp(flags, io, { emit: stderrProgress(io) });
      const { deps } = app;
      lease = await takeJournalLease(deps);
      if (!lease.owner) return await readOnlyStatus(app, lease, io, asJson);
      const startup = await reconcileOnStartup(deps);
      startup.interrupted += lease.recovered;
      if (startup.error) io.err(`EnKash: ${startup.error}`);
      io.err(
        `Start-up: ${startup.interrupted} interrupted row(s); ${startup.stillUnknown} still unknown after the first search.`,
      );
      const engine = createSubmissionEngine(deps);
      const batches: BatchRow[] = [];
      for (const b of await deps.store.run(
        listBatchRowsOps({ environment: app.environment, states: SENDABLE_BATCH_STATES }),
      )) {
        if (await deps.store.run(hasReadyRowOps(b.id))) batches.push(b);
      }
      for (const b of batches) {
        const run = await engine.start(b.id);
        if (run.state === 'PAUSED') io.err(`Batch #${b.id} paused: ${run.reason ?? ''}`);
      }
      const everyMs = Math.max(20, Math.min(deps.timing.unknownRecheckMs, 2_000));
      await waitUntilResolved(deps, { timeoutMs: timeoutS * 1000, everyMs });
      const { client } = await deps.session();
      const poll = await withReconcileLock(deps.store, () => pollOnce(deps, client, { all: true }));
      const env = app.environment;
      const byState = await deps.store.run(countsByStateOps(env));
      const unsent = await deps.store.run(unsentCountOps(env));
      const json: ReconcileJson = {
        environment: env,
        interrupted: startup.interrupted,
        batchesResumed: batches.length,
        statusesChanged: poll.changed,
        unknown: await unresolvedCount(deps),
        unsent,
        byState,
      };
      // Rows left UNKNOWN because Search cannot be trusted: say why on stderr (the exit code is already 1).
      const health = json.unknown > 0 ? await deps.store.run(searchHealthOps(env)) : null;
      if (health) {
        json.search = { state: health.state, detail: health.detail };
        io.err(`Search Payouts ${health.state}: ${health.detail}`);
      }
      printSummary(io, json, asJson);
      return json.unknown === 0 && unsent === 0 ? 0 : 1;
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    } finally {
      await lease?.stop();
      await app?.close();
    }
  },
};
