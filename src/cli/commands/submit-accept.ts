import { userInfo } from 'node:os';
import { AppError } from '../../shared/domain/errors';
import { flagText, UsageError, type CliIo } from '../command';
import type { JournalDeps } from '../../main/services/journal/deps';
import { acceptMismatch, MIN_REASON } from '../../main/services/submission/payee-accept';
import { heldMismatchesOps } from '../../main/services/submission/payee-verdicts';

/** `submit --accept-mismatch ROW[,ROW…] --reason TEXT` (issue 12 point 7): which held rows a person pays anyway. */

export type AcceptFlags = { rows: number[]; reason: string };

/** Both flags or neither; sheet row numbers as the user sees them (2 is the first data row). */
export function acceptFlags(flags: Record<string, string | true>): AcceptFlags | null {
  const list = flagText(flags['accept-mismatch'], 'accept-mismatch');
  const reason = flagText(flags.reason, 'reason');
  if (list === undefined && reason === undefined) return null;
  if (list === undefined) throw new UsageError('--reason goes with --accept-mismatch ROW[,ROW…]');
  if (reason === undefined)
    throw new UsageError('--accept-mismatch needs --reason TEXT (it is kept in the audit trail)');
  if (reason.length < MIN_REASON) throw new UsageError(`--reason needs at least ${MIN_REASON} characters`);
  const parts = list.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d{1,9}$/.test(p) || Number(p) < 2))
    throw new UsageError('--accept-mismatch takes sheet row numbers, e.g. --accept-mismatch 3,7');
  return { rows: [...new Set(parts.map(Number))], reason };
}

/** The OS account running the CLI, for the audit log (the desk has no sign-in). */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/**
 * Accepts the named held rows of the just-staged batch. A row number that is not a held row is refused before
 * anything is accepted: a typo must not pass silently while the row the person meant stays held (or worse, a
 * later row is paid they never looked at). Returns the accepted row numbers.
 */
export async function acceptHeld(
  deps: JournalDeps,
  batchId: number,
  accept: AcceptFlags,
  io: CliIo,
): Promise<number[]> {
  const held = await deps.store.run(heldMismatchesOps(batchId));
  const byRow = new Map(held.map((r) => [r.rowNumber, r.id]));
  const notHeld = accept.rows.filter((r) => !byRow.has(r));
  if (notHeld.length) {
    const heldList = held.length ? `held rows: ${held.map((r) => r.rowNumber).join(', ')}` : 'no row is held';
    throw new AppError(
      'invalid_input',
      `--accept-mismatch: row ${notHeld.join(', ')} ${notHeld.length === 1 ? 'is' : 'are'} not held as a payee mismatch (${heldList}). Nothing was sent.`,
      { batchId },
    );
  }
  const result = acceptMismatch(
    deps,
    batchId,
    accept.rows.map((r) => byRow.get(r)!),
    { reason: accept.reason, actor: cliActor() },
  );
  if (result.refused.length) {
    throw new AppError(
      'invalid_input',
      `--accept-mismatch: ${result.refused.map((i) => `row ${i.row}: ${i.message}`).join('; ')}. Nothing was sent.`,
      { batchId },
    );
  }
  io.err(
    `Accepted ${result.accepted} held row(s) (${accept.rows.join(', ')}) with the reason given; they will be paid.`,
  );
  return accept.rows;
}
