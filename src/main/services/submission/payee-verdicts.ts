import { createHash } from 'node:crypto';
import { maskName } from '../../../shared/domain/mask';
import type { TransferMode } from '../../../shared/domain/payout';
import type { VerificationResult } from '../../../shared/verify/verification';
import type { Db } from '../../db/open';
import { cachedBankCheckOps } from '../../db/repos/payee-verifications-repo';
import { all, named, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import type { JournalDeps } from '../journal/deps';
import { transitionPayoutsOps } from '../journal/transition';
import { verdictFor } from '../verification/verdict';

/**
 * Payee verification as staging and pre-flight see it (issue 12 point 4): they read the cached bank checks and
 * score them with the one verdict function — they never call EnKash. A verified `mismatch` is held out of the
 * batch (CANCELLED + `hold_mismatch`, like a left-out repeat) until a person accepts it with a reason
 * (payee-accept.ts); the accepted copy carries a fingerprint of what was accepted, so it is not held again
 * unless the account, the payee name or the bank's name changes afterwards.
 */

/** Audit action of a row held out because the bank holds another name for its account. */
export const HOLD_MISMATCH = 'hold_mismatch';
/** Audit action (on the held row) of a person accepting it back with a reason. */
export const ACCEPT_MISMATCH = 'accept_mismatch';

/** The cache age used when the caller's settings say nothing (the default). */
export const DEFAULT_CACHE_DAYS = 90;

export type PayeeRow = {
  id: number;
  rowNumber: number;
  payeeName: string | null;
  accountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  mode: TransferMode;
};

/** payeeVerdicts as storage work for either engine. */
export function* payeeVerdictsOps(
  deps: Pick<JournalDeps, 'now' | 'verificationCacheDays'>,
  environment: string,
  rows: readonly PayeeRow[],
): Ops<Map<number, VerificationResult>> {
  const out = new Map<number, VerificationResult>();
  const now = deps.now();
  // The same age limit the import preview used (Settings), so pre-flight never trusts an older answer than it.
  const cacheDays = deps.verificationCacheDays?.() ?? DEFAULT_CACHE_DAYS;
  for (const r of rows) {
    if (!r.accountNumber || !r.ifsc) continue;
    const cached = yield* cachedBankCheckOps({
      environment,
      accountNumber: r.accountNumber,
      ifsc: r.ifsc,
      now,
      maxAgeDays: cacheDays,
    });
    out.set(
      r.id,
      verdictFor(
        { row: r.rowNumber, payeeName: r.payeeName ?? '', accountNumber: r.accountNumber, ifsc: r.ifsc, mode: r.mode },
        cached,
      ),
    );
  }
  return out;
}

/**
 * What an acceptance was given for: the account, the sheet's name and the bank's name. A hash, so the audit data
 * does not repeat the account number; any change to one of the three makes the copy a fresh mismatch again.
 */
export function acceptFingerprint(row: PayeeRow, bankName: string | null): string {
  return createHash('sha256')
    .update(JSON.stringify([row.accountNumber, row.ifsc, (row.payeeName ?? '').trim(), bankName]))
    .digest('hex');
}

const STAGE_ENTRIES = `SELECT data FROM audit_log WHERE entity = 'payout' AND entity_id = @transactionId
  AND action = 'stage'`;

/**
 * Whether this DRAFT row is the copy of an accepted mismatch, accepted for exactly what it now says. The audit
 * data is read in JS (a payout has one `stage` entry): SQLite's json_extract has no portable spelling.
 */
export function* acceptedForOps(transactionId: string, fingerprint: string): Ops<boolean> {
  const entries = yield* all<{ data: string | null }>(named(STAGE_ENTRIES, { transactionId }));
  return entries.some((e) => {
    if (!e.data) return false;
    try {
      return (JSON.parse(e.data) as { acceptedFingerprint?: unknown }).acceptedFingerprint === fingerprint;
    } catch {
      return false;
    }
  });
}

export function acceptedFor(db: Db, transactionId: string, fingerprint: string): boolean {
  return runSqlite(db, acceptedForOps(transactionId, fingerprint));
}

export type HoldRow = PayeeRow & { transactionId: string; amountPaise: number; result: VerificationResult };

/** The DRAFT rows among `rows` whose verdict is a mismatch and that nobody accepted as they are now. */
export function rowsToHold<R extends PayeeRow & { transactionId: string; amountPaise: number }>(
  db: Db,
  rows: readonly R[],
  verdicts: Map<number, VerificationResult>,
): (R & { result: VerificationResult })[] {
  return runSqlite(db, rowsToHoldOps(rows, verdicts));
}

export function* rowsToHoldOps<R extends PayeeRow & { transactionId: string; amountPaise: number }>(
  rows: readonly R[],
  verdicts: Map<number, VerificationResult>,
): Ops<(R & { result: VerificationResult })[]> {
  const out: (R & { result: VerificationResult })[] = [];
  for (const r of rows) {
    const result = verdicts.get(r.id);
    if (result?.verdict !== 'mismatch') continue;
    if (yield* acceptedForOps(r.transactionId, acceptFingerprint(r, result.bankName))) continue;
    out.push({ ...r, result });
  }
  return out;
}

/**
 * DRAFT → CANCELLED with `hold_mismatch`. The audit data names the verdict and score; both names only masked,
 * because the audit log is exported in audit packs. `when` says whether staging or a later pre-flight held it.
 */
export function holdRows(
  db: Db,
  batchId: number,
  rows: readonly HoldRow[],
  at: Date,
  when: 'stage' | 'preflight',
): number {
  return runSqlite(db, holdRowsOps(batchId, rows, at, when));
}

export function* holdRowsOps(
  batchId: number,
  rows: readonly HoldRow[],
  at: Date,
  when: 'stage' | 'preflight',
): Ops<number> {
  if (!rows.length) return 0;
  const result = yield* transitionPayoutsOps(
    rows.map((r) => ({
      id: r.id,
      from: 'DRAFT' as const,
      to: 'CANCELLED' as const,
      action: HOLD_MISMATCH,
      data: {
        batchId,
        rowNumber: r.rowNumber,
        verdict: r.result.verdict,
        score: r.result.score,
        bankName: maskName(r.result.bankName),
        sheetName: maskName(r.payeeName),
        heldAt: when,
      },
    })),
    { at },
  );
  return result.applied.length;
}

export type HeldRow = PayeeRow & { transactionId: string; amountPaise: number };

/** CANCELLED rows of the batch held as a mismatch that nobody has accepted since. */
export function heldMismatches(db: Db, batchId: number): HeldRow[] {
  return runSqlite(db, heldMismatchesOps(batchId));
}

export function* heldMismatchesOps(batchId: number): Ops<HeldRow[]> {
  return yield* all<HeldRow>(
    named(
      `SELECT p.id, p.row_number AS rowNumber, p.transaction_id AS transactionId, p.amount_paise AS amountPaise,
       p.payee_name AS payeeName, p.account_number AS accountNumber, p.ifsc, p.vpa, p.mode
     FROM payouts p
     WHERE p.batch_id = @batchId AND p.state = 'CANCELLED'
       AND EXISTS (SELECT 1 FROM audit_log h WHERE h.entity = 'payout' AND h.entity_id = p.transaction_id
                   AND h.action = @hold)
       AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'payout' AND a.entity_id = p.transaction_id
                       AND a.action = @accept)
     ORDER BY p.row_number, p.id`,
      { batchId, hold: HOLD_MISMATCH, accept: ACCEPT_MISMATCH },
    ),
  );
}

/**
 * Whether this payout was held as a mismatch: 'held' still, 'accepted' once a person put it back, null when never
 * held. includeRows must not put a held row back without a reason.
 */
export function holdState(db: Db, transactionId: string): 'held' | 'accepted' | null {
  return runSqlite(db, holdStateOps(transactionId));
}

export function* holdStateOps(transactionId: string): Ops<'held' | 'accepted' | null> {
  const actions = yield* all<{ action: string }>(
    named(
      `SELECT action FROM audit_log WHERE entity = 'payout' AND entity_id = @transactionId
         AND action IN (@hold, @accept)`,
      { transactionId, hold: HOLD_MISMATCH, accept: ACCEPT_MISMATCH },
    ),
  );
  if (actions.some((a) => a.action === ACCEPT_MISMATCH)) return 'accepted';
  return actions.length ? 'held' : null;
}
