import { matchPayeeName } from '../../../shared/verify/name-match';
import { PAYEE_VERDICT_INFO } from '../../../shared/verify/payee-verdict';
import type { VerificationResult, VerificationRowInput } from '../../../shared/verify/verification';
import type { CachedBankCheck } from '../../db/repos/payee-verifications-repo';

/** A row paid by account number (NEFT/RTGS/IMPS with an account and IFSC); UPI rows have nothing to check. */
export function isBankRow(input: VerificationRowInput): boolean {
  return input.mode !== 'UPI' && !!input.accountNumber && !!input.ifsc;
}

/**
 * THE verdict for a row: the stage, pre-flight, CLI and IPC all call this, so one row never gets two answers.
 * `cached` is the bank's answer (from the cache or just received); the score is always computed against the
 * name the sheet has NOW, so an edited name is re-scored without another EnKash call.
 */
export function verdictFor(input: VerificationRowInput, cached: CachedBankCheck | null): VerificationResult {
  const base = { row: input.row, fromCache: cached !== null, pennyDrop: cached?.pennyDrop ?? false };
  if (input.mode === 'UPI') {
    return {
      ...base,
      verdict: 'skipped',
      score: null,
      bankName: null,
      reason: PAYEE_VERDICT_INFO.skipped.explanation,
      verifiedAt: null,
      fromCache: false,
    };
  }
  if (!isBankRow(input)) {
    return {
      ...base,
      verdict: 'unverified',
      score: null,
      bankName: null,
      reason: 'No account number and IFSC to check',
      verifiedAt: null,
      fromCache: false,
    };
  }
  if (cached === null) {
    return {
      ...base,
      verdict: 'unverified',
      score: null,
      bankName: null,
      reason: PAYEE_VERDICT_INFO.unverified.explanation,
      verifiedAt: null,
    };
  }
  const known = { ...base, bankName: cached.bankName, verifiedAt: cached.verifiedAt };
  if (cached.status === 'failed') {
    return { ...known, verdict: 'failed', score: null, reason: PAYEE_VERDICT_INFO.failed.explanation };
  }
  // A verified account with no name to compare says nothing about the payee: a warning, not a hold.
  if (cached.bankName === null || cached.bankName.trim() === '') {
    return {
      ...known,
      verdict: 'failed',
      score: null,
      reason: 'The bank confirmed the account but returned no name to compare',
    };
  }
  const m = matchPayeeName(input.payeeName, cached.bankName);
  return { ...known, verdict: m.verdict, score: m.score, reason: m.reason };
}
