import { maskAccount } from '../../../shared/domain/mask';
import { formatPaise } from '../../../shared/domain/money';
import type { PayeeVerdict } from '../../../shared/verify/payee-verdict';
import type { VerificationResult } from '../../../shared/verify/verification';
import { refreshBatchTotalsOps } from '../../db/repos/batches-repo';
import { type Ops, transaction } from '../../db/store/ops';
import type { JournalDeps } from '../journal/deps';
import { type Finding, type FindingCode, finding, type FindingRow, type Row } from './preflight-checks';
import { nameHistoryOps, nameHistoryText } from './payee-history';
import { heldMismatchesOps, holdRowsOps, payeeVerdictsOps, rowsToHoldOps } from './payee-verdicts';

/**
 * Pre-flight's payee checks (issue 12 points 4–5), from the cache only: the rows held as a mismatch (with the
 * bank's name, so a person can judge them), warnings with counts for partial / failed / unverified payees, and
 * accounts paid before under another person's name.
 */

const sum = (rows: readonly { amountPaise: number }[]) => rows.reduce((s, r) => s + r.amountPaise, 0);

function detail(r: { accountNumber: string | null; payeeName: string | null }, v: VerificationResult): string {
  const bank = v.bankName ? `the bank holds "${v.bankName}"` : 'the bank returned no name';
  const score = v.score === null ? '' : ` (score ${v.score.toFixed(2)})`;
  return `${maskAccount(r.accountNumber)}: sheet "${r.payeeName ?? ''}", ${bank}${score} — ${v.reason}`;
}

/**
 * A DRAFT row that became a mismatch after staging (verified later, or its name edited) is held now, the same
 * way staging holds one, rather than blocking the confirmation. Chosen over a block because it keeps ONE rule
 * ("a verified mismatch is never in the payable set") and ONE way back (accept with a reason, row by row), the
 * rest of the batch can still be paid, and the total the person then types already leaves the held row out;
 * confirmBatch refuses when a hold changed the total it was typed against.
 */
export async function holdLateMismatches(
  deps: JournalDeps,
  batchId: number,
  rows: Row[],
  verdicts: Map<number, VerificationResult>,
): Promise<number> {
  const hold = await deps.store.run(rowsToHoldOps(rows, verdicts));
  if (!hold.length) return 0;
  const at = deps.now();
  const held = await deps.store.run(
    transaction(function* () {
      const n = yield* holdRowsOps(batchId, hold, at, 'preflight');
      yield* refreshBatchTotalsOps(batchId);
      return n;
    }),
  );
  deps.log.info('batch.mismatch_held', { batchId, rows: held, at: 'preflight' });
  return held;
}

/** The held rows of a DRAFT batch, listed with their money so the person sees what is not paid. */
export function* heldMismatchFindingsOps(
  deps: Pick<JournalDeps, 'now' | 'verificationCacheDays'>,
  batchId: number,
  environment: string,
): Ops<Finding[]> {
  const held = yield* heldMismatchesOps(batchId);
  if (!held.length) return [];
  const verdicts = yield* payeeVerdictsOps(deps, environment, held);
  const paise = sum(held);
  const rows: FindingRow[] = held.map((r) => {
    const v = verdicts.get(r.id);
    return {
      payoutId: r.id,
      rowNumber: r.rowNumber,
      transactionId: r.transactionId,
      detail: `${formatPaise(r.amountPaise)} held: ${v ? detail(r, v) : 'the bank holds another name'}`,
    };
  });
  return [
    finding(
      'payee_mismatch_held',
      `${held.length} row(s) (${formatPaise(paise)}) are held out and will not be paid: the bank holds another name for the account. Accept one row by row with a reason only if you have confirmed the account with the payee.`,
      rows,
      { amountPaise: paise },
    ),
  ];
}

const WARN: { verdict: PayeeVerdict; code: FindingCode; text: (n: number, paise: string) => string }[] = [
  {
    verdict: 'partial',
    code: 'payee_partial',
    text: (n, p) => `${n} payee(s) (${p}) only partly match the name the bank holds. Check the names before paying.`,
  },
  {
    verdict: 'failed',
    code: 'payee_failed',
    text: (n, p) => `${n} account(s) (${p}) could not be verified by the bank. Check the account numbers and IFSCs.`,
  },
  {
    verdict: 'unverified',
    code: 'payee_unverified',
    text: (n, p) => `${n} bank payee(s) (${p}) have not been verified. Verify payees in the import preview first.`,
  },
];

export type PayeeCounts = Record<PayeeVerdict, number>;

/**
 * Warnings with counts for the payable rows whose verdict is partial, failed or unverified, and the count of
 * every verdict (UPI rows `skipped`; rows paid to a registered beneficiary id are not counted).
 *
 * `payee_unverified` is raised only once verification is in use for the batch (some bank row of it has a
 * cached check): then an unchecked row is one that was missed (added or edited after the check, a cancelled
 * run) and worth a warning. A desk that never verifies would otherwise get the same warning on every batch and
 * learn to ignore warnings; the report's `payeeCounts` still tells it how many payees are unverified.
 */
export function verdictWarnings(
  rows: Row[],
  verdicts: Map<number, VerificationResult>,
  heldRows: number,
): { warnings: Finding[]; counts: PayeeCounts } {
  const counts: PayeeCounts = { match: 0, partial: 0, mismatch: 0, failed: 0, skipped: 0, unverified: 0 };
  for (const r of rows) {
    if (r.mode === 'UPI' || r.vpa) counts.skipped++;
    else {
      const v = verdicts.get(r.id)?.verdict;
      if (v) counts[v]++;
    }
  }
  const checked = heldRows > 0 || [...verdicts.values()].some((v) => v.fromCache);
  const out: Finding[] = [];
  for (const w of WARN) {
    if (w.verdict === 'unverified' && !checked) continue;
    const these = rows.filter((r) => verdicts.get(r.id)?.verdict === w.verdict);
    if (!these.length) continue;
    const paise = sum(these);
    out.push(
      finding(
        w.code,
        w.text(these.length, formatPaise(paise)),
        these.map((r) => ({
          payoutId: r.id,
          rowNumber: r.rowNumber,
          transactionId: r.transactionId,
          detail: w.verdict === 'unverified' ? maskAccount(r.accountNumber) : detail(r, verdicts.get(r.id)!),
        })),
        { amountPaise: paise },
      ),
    );
  }
  return { warnings: out, counts };
}

/**
 * A mismatch among rows that are not a draft (a resubmission of fixed REJECTED rows, a confirmed batch): they
 * cannot be held any more, so pre-flight blocks them until they are fixed.
 */
export function* mismatchBlocksOps(rows: Row[], verdicts: Map<number, VerificationResult>): Ops<Finding[]> {
  const bad = yield* rowsToHoldOps(rows, verdicts);
  if (!bad.length) return [];
  return [
    finding(
      'payee_mismatch',
      `${bad.length} row(s) (${formatPaise(sum(bad))}) pay an account whose bank holds another name; fix them before paying.`,
      bad.map((r) => ({
        payoutId: r.id,
        rowNumber: r.rowNumber,
        transactionId: r.transactionId,
        detail: detail(r, r.result),
      })),
    ),
  ];
}

/** Accounts of these rows paid before under another person's name. */
export function* nameHistoryFindingsOps(batchId: number, environment: string, rows: Row[]): Ops<Finding[]> {
  const found = yield* nameHistoryOps(environment, rows, batchId);
  if (!found.length) return [];
  return [
    finding(
      'payee_name_history',
      `${found.length} row(s) pay an account that was paid before under another payee's name. Confirm the account belongs to this payee.`,
      found.map(({ row: r, ...h }) => ({
        payoutId: r.id,
        rowNumber: r.rowNumber,
        transactionId: r.transactionId,
        detail: nameHistoryText(h),
      })),
    ),
  ];
}
