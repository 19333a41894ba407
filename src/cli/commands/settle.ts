import { flagText, UsageError } from '../command';
import { AppError } from '../../shared/domain/errors';
import { getPayoutByTransactionIdOps } from '../../main/db/repos/payouts-repo';
import { createLogger } from '../../main/log';
import { type SettleAction, settlePayoutOps } from '../../main/services/journal/settle';
import { offlineStoreCommand } from '../history-store';

const ACTIONS: readonly SettleAction[] = ['adopt', 'not-ours', 'paid', 'not-paid'];
const USAGE = `settle --id TXNID --action ${ACTIONS.join('|')} --reason TEXT [--data-dir DIR] [--json]`;

/**
 * `settle`: a person's audited decision on a CONFLICT row (adopt / not-ours) or an UNKNOWN row they asked EnKash
 * about (paid / not-paid). Offline: it writes the journal only; whatever it allows (a send, a resend) happens on
 * the next run of the app or `submit`/`reconcile`. Exit 0 settled, 1 refused, 2 bad usage.
 */
export const settleCommand = offlineStoreCommand(
  {
    name: 'settle',
    summary:
      'Settle a CONFLICT (adopt | not-ours) or UNKNOWN (paid | not-paid) payout, audited with a reason (offline)',
    usage: USAGE,
    options: ['id', 'action', 'reason'],
  },
  async ({ flags, io, asJson, store: open }) => {
    const id = flagText(flags.id, 'id');
    if (!id) throw new UsageError('--id TXNID is required');
    const action = flagText(flags.action, 'action');
    if (!action || !(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`--action must be one of ${ACTIONS.join(', ')}`);
    const reason = flagText(flags.reason, 'reason');
    if (!reason) throw new UsageError('--reason TEXT is required (it is kept in the audit trail)');
    const store = await open();
    const row = await store.run(getPayoutByTransactionIdOps(id));
    if (!row) throw new AppError('not_found', `No payout with transaction id ${id}.`);
    const result = await store.run(
      settlePayoutOps(
        { payoutId: row.id, action: action as SettleAction, reason, actor: 'cli' },
        new Date(),
        createLogger(null),
      ),
    );
    if (asJson) io.out(JSON.stringify({ payoutId: row.id, previousTransactionId: row.transactionId, ...result }));
    else {
      const renamed = result.transactionId === row.transactionId ? '' : ` under the new id ${result.transactionId}`;
      io.out(`Payout ${row.transactionId} (${action}): now ${result.state}${renamed}.`);
    }
    return 0;
  },
);
