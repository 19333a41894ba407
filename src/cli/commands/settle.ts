import { flagText, ignoreConnectionFlags, onlyOptions, parseArgs, UsageError, type CliCommand } from '../command';
import { reportFailure } from '../enkash-from-env';
import { AppError } from '../../shared/ipc/errors';
import type { Db } from '../../main/db/open';
import { getPayoutByTransactionId } from '../../main/db/repos/payouts-repo';
import { createLogger } from '../../main/log';
import { type SettleAction, settlePayout } from '../../main/services/journal/settle';
import { openHistoryDb } from './history';

const ACTIONS: readonly SettleAction[] = ['adopt', 'not-ours', 'paid', 'not-paid'];
const USAGE = `settle --id TXNID --action ${ACTIONS.join('|')} --reason TEXT [--data-dir DIR] [--json]`;

/**
 * `settle`: a person's audited decision on a CONFLICT row (adopt / not-ours) or an UNKNOWN row they asked EnKash
 * about (paid / not-paid). Offline: it writes the journal only; whatever it allows (a send, a resend) happens on
 * the next run of the app or `submit`/`reconcile`. Exit 0 settled, 1 refused, 2 bad usage.
 */
export const settleCommand: CliCommand = {
  name: 'settle',
  summary: 'Settle a CONFLICT (adopt | not-ours) or UNKNOWN (paid | not-paid) payout, audited with a reason (offline)',
  usage: USAGE,
  run: async (args, io) => {
    const { flags, positionals } = parseArgs(args, ['json']);
    const asJson = flags.json === true;
    let db: Db | null = null;
    try {
      ignoreConnectionFlags(flags, io, 'settle', ['env']);
      onlyOptions(flags, positionals, ['id', 'action', 'reason', 'data-dir', 'json']);
      const id = flagText(flags.id, 'id');
      if (!id) throw new UsageError('--id TXNID is required');
      const action = flagText(flags.action, 'action');
      if (!action || !(ACTIONS as readonly string[]).includes(action))
        throw new UsageError(`--action must be one of ${ACTIONS.join(', ')}`);
      const reason = flagText(flags.reason, 'reason');
      if (!reason) throw new UsageError('--reason TEXT is required (it is kept in the audit trail)');
      ({ db } = openHistoryDb(flags, io));
      const row = getPayoutByTransactionId(db, id);
      if (!row) throw new AppError('not_found', `No payout with transaction id ${id}.`);
      const result = settlePayout(
        { db, now: () => new Date(), log: createLogger(null) },
        { payoutId: row.id, action: action as SettleAction, reason, actor: 'cli' },
      );
      if (asJson) io.out(JSON.stringify({ payoutId: row.id, previousTransactionId: row.transactionId, ...result }));
      else {
        const renamed = result.transactionId === row.transactionId ? '' : ` under the new id ${result.transactionId}`;
        io.out(`Payout ${row.transactionId} (${action}): now ${result.state}${renamed}.`);
      }
      return 0;
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    } finally {
      db?.close();
    }
  },
};
