import type { TransferMode } from '../domain/payout';
import type { PayeeVerdict } from './payee-verdict';

/**
 * The shapes the verification flow passes between main, the renderer, pre-flight and the CLI (issue 12).
 * A row carries what the sheet says NOW: the verdict is always scored against it, never against a stored name.
 */

/** One payee to check. `row` is the sheet row number the user sees (header = 1). */
export type VerificationRowInput = {
  row: number;
  payeeName: string;
  accountNumber?: string;
  ifsc?: string;
  vpa?: string;
  mode: TransferMode;
};

/** The verdict for one row, with the bank-held name it was scored against (if any). */
export type VerificationResult = {
  row: number;
  verdict: PayeeVerdict;
  /** 0–1 from the name matcher; null when there was no comparison (failed, skipped, unverified). */
  score: number | null;
  bankName: string | null;
  /** In words, for the grid tooltip, pre-flight and the CLI. */
  reason: string;
  /** ISO time the bank answered (the cached check's time); null when never checked. */
  verifiedAt: string | null;
  fromCache: boolean;
  /** The check that gave this answer was a penny drop (money moved). */
  pennyDrop: boolean;
};

export type VerificationSummary = {
  rows: number;
  /** EnKash calls made (one per distinct account + IFSC not in the cache). */
  calls: number;
  fromCache: number;
  counts: Record<PayeeVerdict, number>;
};

/** The payee part of a sheet draft (payout or beneficiary row), as normalised by the sheet rules. */
export type PayeeRowDraft = {
  row: number;
  name?: string;
  accountNumber?: string;
  ifsc?: string;
  vpa?: string;
  mode?: TransferMode | null;
};

/**
 * A sheet row as the verification flow takes it. A beneficiary row has no mode: it is a UPI payee when it has a
 * VPA and no account, otherwise a bank payee (the mode does not change the check, only whether there is one).
 */
export function verificationRowFromDraft(d: PayeeRowDraft): VerificationRowInput {
  const mode: TransferMode = d.mode ?? (d.vpa && !d.accountNumber ? 'UPI' : 'NEFT');
  const out: VerificationRowInput = { row: d.row, payeeName: d.name ?? '', mode };
  if (d.accountNumber) out.accountNumber = d.accountNumber;
  if (d.ifsc) out.ifsc = d.ifsc;
  if (d.vpa) out.vpa = d.vpa;
  return out;
}
