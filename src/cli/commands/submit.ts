import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { formatPaise, paiseToDecimal } from '../../shared/domain/money';
import { AppError } from '../../shared/domain/errors';
import {
  checkRequiredColumns,
  detectSheetKind,
  mappingLabels,
  parseSheetBytes,
  suggestMapping,
  toMappedRows,
} from '../../shared/sheet/index';
import { flagText, parseArgs, type CliCommand, type CliIo } from '../command';
import { APP_FLAGS, type CliApp, openCliApp } from '../app-context';
import { reportFailure, UsageError } from '../enkash-from-env';
import { type CliLease, stderrProgress, takeJournalLease, waitUntilResolved } from '../journal-wait';
import { describeHolder } from '../../main/services/journal/lease';
import { reconcileOnStartup } from '../../main/services/reconcile/startup';
import { confirmBatch } from '../../main/services/submission/confirm';
import { createSubmissionEngine } from '../../main/services/journal/engine';
import { preflight, type PreflightReport } from '../../main/services/submission/preflight';
import { getBatchProgressOps } from '../../main/services/journal/progress';
import { stageBatchOnStore, type StageInput } from '../../main/services/submission/stage';
import { leftOutRepeatsOps } from '../../main/services/submission/preflight-repeats';
import { heldMismatchesOps } from '../../main/services/submission/payee-verdicts';
import { acceptFlags, acceptHeld } from './submit-accept';
import { submitToTeam, submitViaServer } from './submit-team';
import { teamUserFromEnv } from '../team-user';

const USAGE =
  'submit <file.csv|file.xlsx> [--env sandbox|uat|production|custom] [--base-url URL] [--data-dir DIR] [--yes] [--json] ' +
  '[--name NAME] [--skip-invalid] [--include-duplicates] [--confirm-name NAME] [--allow-same-file] [--timeout-s N]\n' +
  '[--no-wait] [--accept-mismatch ROW[,ROW…] --reason TEXT] [--server URL]\n\n' +
  'In a team (--server URL of a Desk Server, or --database-url of a team database, with PAYOUT_DESK_USER and\n' +
  'PAYOUT_DESK_PASSWORD): the sheet is staged and submitted for approval; nothing is sent until checkers approve.\n\n' +
  'A row that repeats an earlier one exactly (payee, account or UPI ID, amount, remark, reference) is left out and\n' +
  'listed on stderr; --include-duplicates pays every repeat too.\n\n' +
  'A row whose bank holds another payee name (a verified mismatch, from `verify`) is held out and never paid by\n' +
  '--yes alone; --accept-mismatch with those sheet rows and a --reason (kept in the audit log) pays them.\n\n' +
  'One process sends on a data folder (the journal lease). When the desktop app (or another run) owns it, the\n' +
  'batch is staged and confirmed here and the owner sends it: submit waits, reading the database, until the\n' +
  'batch is sent and settled (or, once the owner exits, takes over and sends it itself). With --no-wait it\n' +
  'exits at once with code 3 after confirming: the batch is sent by the owner, or by the next run that owns it.';

/** Exit code: confirmed and handed to the process that owns sending (--no-wait); nothing is known yet. */
export const EXIT_HANDED_OVER = 3;

/** The final `--json` object. */
export type SubmitJson = {
  batchId: number;
  rows: number;
  accepted: number;
  rejected: number;
  unknown: number;
  failed: number;
  succeeded: number;
  totalPaise: number;
  /**
   * Repeated rows left out of the batch (not paid). Present when the sheet had repeats or --include-duplicates
   * was given (then zero rows), so a sheet without repeats prints the same object as before.
   */
  leftOut?: { rows: number; totalPaise: number; rowNumbers: number[] };
  /**
   * Rows held out because the bank holds another name (not paid), and the ones --accept-mismatch put back.
   * Present when the sheet had a held row or --accept-mismatch was given.
   */
  held?: { rows: number; totalPaise: number; rowNumbers: number[]; acceptedRowNumbers: number[] };
};

export type SubmitDeps = {
  /** Reads the typed total when --yes is absent (tests inject it). */
  prompt?: (question: string) => Promise<string>;
};

async function ttyPrompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError('No terminal to type the batch total into: pass --yes to confirm it.');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

function printPreflight(io: CliIo, r: PreflightReport): void {
  const modes = Object.entries(r.totalsByMode)
    .filter(([, t]) => t.count > 0)
    .map(([m, t]) => `${m} ${t.count} (${formatPaise(t.totalPaise)})`)
    .join(', ');
  io.err(`Pre-flight: ${r.rowCount} rows, total ${formatPaise(r.totalPaise)} — ${modes}`);
  io.err(`  balance: ${r.balancePaise === null ? 'unknown' : formatPaise(r.balancePaise)}`);
  for (const b of r.blocks) io.err(`  BLOCK ${b.code}: ${b.message}`);
  for (const w of r.warnings) io.err(`  warning ${w.code}: ${w.message}`);
}

/** Builds the staging input from a sheet file: parse → detect kind → suggested mapping → mapped rows. */
async function readSheet(path: string): Promise<{ bytes: Buffer; input: StageInput }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new UsageError(`Cannot read ${path}.`);
  }
  const parsed = await parseSheetBytes(bytes, basename(path));
  if (!parsed.ok) throw new AppError('file_invalid', parsed.error.message, { code: parsed.error.code });
  const sheet = parsed.sheet;
  if (detectSheetKind(sheet.headers) !== 'payouts')
    throw new AppError('file_invalid', `${basename(path)} looks like a beneficiary sheet, not payouts.`);
  const mapping = suggestMapping(sheet.headers, 'payouts');
  const missing = checkRequiredColumns(sheet.headers, mapping, 'payouts');
  if (missing) throw new AppError('file_invalid', missing.message);
  return {
    bytes,
    input: {
      fileName: basename(path),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      kind: 'payouts',
      rows: toMappedRows(sheet, mapping),
      labels: mappingLabels(sheet.headers, mapping),
    },
  };
}

/** `submit`: validate → stage → pre-flight → confirm → send → wait until no row is SENDING/UNKNOWN. */
export function createSubmitCommand(deps: SubmitDeps = {}): CliCommand {
  return {
    name: 'submit',
    summary:
      'Pay a payout sheet: validate, pre-flight, confirm the total, send, and follow every row (progress on stderr)',
    usage: USAGE,
    run: async (args, io) => {
      const { flags, positionals } = parseArgs(args, [
        'json',
        'yes',
        'verbose',
        'skip-invalid',
        'allow-same-file',
        'no-wait',
        'include-duplicates',
      ]);
      const asJson = flags.json === true;
      let app: CliApp | null = null;
      let lease: CliLease | null = null;
      let endSession: (() => Promise<void>) | null = null;
      try {
        const own = [
          'json',
          'yes',
          'name',
          'skip-invalid',
          'confirm-name',
          'allow-same-file',
          'timeout-s',
          'no-wait',
          'include-duplicates',
          'accept-mismatch',
          'reason',
          'server',
          ...APP_FLAGS,
        ];
        const unknownFlag = Object.keys(flags).find((f) => !own.includes(f));
        if (unknownFlag) throw new UsageError(`Unknown option --${unknownFlag}`);
        if (positionals.length !== 1) throw new UsageError('Give exactly one sheet file.');
        const timeoutS = flags['timeout-s'] === undefined ? 600 : Number(flags['timeout-s']);
        if (!Number.isInteger(timeoutS) || timeoutS < 1)
          throw new UsageError('--timeout-s needs a whole number of seconds');
        const accept = acceptFlags(flags);
        const { input } = await readSheet(positionals[0]!);
        if (typeof flags.name === 'string') input.name = flags.name;
        input.skipInvalid = flags['skip-invalid'] === true;
        input.includeDuplicates = flags['include-duplicates'] === true;
        const server = flagText(flags.server, 'server');
        if (server !== undefined) return await submitViaServer(server, input, io, asJson);
        app = await openCliApp(flags, io, { emit: stderrProgress(io) });
        // A team's database (Desk Server): the maker stages and submits for approval; the servers send.
        const team = await teamUserFromEnv(app.deps.store, io, app.deps.now().getTime());
        endSession = team?.end ?? null;
        if (team) return await submitToTeam(app, team.user, input, io, asJson);
        // Only the lease holder recovers: SENDING rows of a live owner (the open app) are in flight, not lost.
        lease = await takeJournalLease(app.deps);
        const recover = async () => {
          // A crash may have left rows SENDING: settle what EnKash knows before anything new goes out.
          const startup = await reconcileOnStartup(app!.deps);
          const n = startup.interrupted + lease!.recovered;
          if (n) io.err(`Recovered ${n} interrupted row(s) from an earlier run.`);
        };
        if (lease.owner) await recover();

        const staged = await stageBatchOnStore(app.deps, input);
        const errors = staged.issues.filter((i) => i.severity === 'error');
        for (const i of staged.issues.slice(0, 200)) io.err(`  row ${i.row} ${i.severity} ${i.code}: ${i.message}`);
        if (staged.batchId === null) {
          throw new AppError(
            'file_invalid',
            `${errors.length} error(s) in the sheet; nothing was staged (use --skip-invalid to pay the valid rows only).`,
          );
        }
        const batchId = staged.batchId;
        io.err(
          `Staged batch #${batchId}: ${staged.counts.staged} rows, ${formatPaise(staged.counts.totalPaise)}${staged.counts.skipped ? ` (${staged.counts.skipped} skipped)` : ''}`,
        );
        const leftOut = await app.deps.store.run(leftOutRepeatsOps(batchId));
        if (leftOut.length) {
          const rowList = leftOut.map((r) => r.rowNumber);
          io.err(
            `Left out ${leftOut.length} repeated row(s) (${formatPaise(staged.counts.leftOutPaise)}): row ${rowList.slice(0, 50).join(', ')}${rowList.length > 50 ? ' …' : ''} repeat an earlier row exactly and will not be paid; --include-duplicates pays them.`,
          );
        }
        const leftOutJson = {
          rows: staged.counts.leftOut,
          totalPaise: staged.counts.leftOutPaise,
          rowNumbers: leftOut.map((r) => r.rowNumber),
        };
        const acceptedRowNumbers = accept ? await acceptHeld(app.deps, batchId, accept, io) : [];
        const allowSameFile = flags['allow-same-file'] === true;
        const report = await preflight(app.deps, batchId, { allowSameFile });
        // After pre-flight: it holds a row verified since staging too, so this is what will not be paid.
        const held = await app.deps.store.run(heldMismatchesOps(batchId));
        const heldJson = {
          rows: held.length,
          totalPaise: held.reduce((t, r) => t + r.amountPaise, 0),
          rowNumbers: held.map((r) => r.rowNumber),
          acceptedRowNumbers,
        };
        if (held.length) {
          const rowList = heldJson.rowNumbers;
          io.err(
            `Held ${held.length} row(s) (${formatPaise(heldJson.totalPaise)}): row ${rowList.slice(0, 50).join(', ')}${rowList.length > 50 ? ' …' : ''} — the bank holds another name for the account; they are not paid. After checking with the payee, --accept-mismatch ROW --reason TEXT pays them.`,
          );
        }
        printPreflight(io, report);
        if (report.blocks.length)
          throw new AppError('conflict', 'Pre-flight blocks this batch; nothing was sent.', { batchId });
        const typed =
          flags.yes === true
            ? paiseToDecimal(report.totalPaise)
            : await (deps.prompt ?? ttyPrompt)('Type the batch total to confirm: ');
        const confirmName = typeof flags['confirm-name'] === 'string' ? flags['confirm-name'] : undefined;
        await confirmBatch(app.deps, batchId, typed, { productionConfirmedName: confirmName, allowSameFile });

        const deadline = Date.now() + timeoutS * 1000;
        const everyMs = Math.max(20, Math.min(app.deps.timing.unknownRecheckMs, 2_000));
        if (!lease.owner) {
          const who = lease.holder ? describeHolder(lease.holder) : 'another process';
          io.err(`${who} owns sending on this data folder; it will send batch #${batchId}.`);
          if (flags['no-wait'] === true) {
            if (asJson) io.out(JSON.stringify({ batchId, handedOver: true, ownerPid: lease.holder?.pid ?? null }));
            else io.out(`Batch #${batchId} confirmed and handed over; follow it with \`history\` or \`reconcile\`.`);
            return EXIT_HANDED_OVER;
          }
          io.err('Waiting for it (read-only); --no-wait returns at once.');
          // Read-only until the batch is settled by the owner, or the owner is gone and this run takes over.
          for (;;) {
            const w = await app.deps.store.run(getBatchProgressOps(batchId));
            if (w.remaining === 0 && w.unknown === 0) break;
            if (Date.now() >= deadline) break;
            if (await lease.retry()) {
              io.err('The owner finished; this run now owns sending.');
              await recover();
              break;
            }
            await new Promise((r) => setTimeout(r, everyMs));
          }
        }
        if (lease.owner) {
          const engine = createSubmissionEngine(app.deps);
          const run = await engine.start(batchId);
          if (run.state === 'PAUSED') io.err(`Sending paused: ${run.reason ?? 'see the log'}`);
          await waitUntilResolved(app.deps, {
            batchId,
            timeoutMs: Math.max(1, deadline - Date.now()),
            everyMs,
          });
        }
        const p = await app.deps.store.run(getBatchProgressOps(batchId));
        const json: SubmitJson = {
          batchId,
          rows: p.rowCount,
          accepted: p.accepted,
          rejected: p.rejected,
          unknown: p.unknown,
          failed: p.failed,
          succeeded: p.succeeded,
          totalPaise: p.totalPaise,
          ...(leftOutJson.rows > 0 || input.includeDuplicates ? { leftOut: leftOutJson } : {}),
          ...(heldJson.rows > 0 || accept ? { held: heldJson } : {}),
        };
        if (asJson) io.out(JSON.stringify(json));
        else
          io.out(
            `Batch #${batchId}: ${p.accepted} accepted, ${p.rejected} rejected, ${p.unknown} unknown, ${p.remaining} not sent, of ${p.rowCount} (${formatPaise(p.totalPaise)}).`,
          );
        // Every row accepted by EnKash or final (REJECTED/CANCELLED/FAILED…): nothing left in doubt or unsent.
        return p.unknown === 0 && p.remaining === 0 ? 0 : 1;
      } catch (error) {
        return reportFailure(error, io, asJson, USAGE);
      } finally {
        await endSession?.().catch(() => undefined);
        await lease?.stop();
        await app?.close();
      }
    },
  };
}

export const submitCommand = createSubmitCommand();
