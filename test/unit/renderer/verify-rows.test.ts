import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/shared/domain/issue';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import type { VerificationResult } from '../../../src/shared/verify/verification';
import {
  bankRowCount,
  mappedRowFromCells,
  verdictCounts,
  verificationRows,
  withResults,
} from '../../../src/renderer/features/import/verify-rows';

const limits = DEFAULT_API_PROFILE.modeLimits;

const ROWS = [
  // Spaces in the account and a lower-case IFSC: sent as staging will pay them.
  {
    row: 2,
    values: {
      name: ' Ravi Kumar ',
      accountNumber: '1234 5678 9012',
      ifsc: 'sbin0000300',
      amount: '1500',
      mode: 'neft',
    },
  },
  { row: 3, values: { name: 'Meena Iyer', vpa: 'meena.iyer@okaxis', amount: '800', mode: 'UPI' } },
  // Blank mode: the default rule picks one, as it does at staging.
  { row: 4, values: { name: 'Priya Sharma', accountNumber: '50100012345678', ifsc: 'HDFC0000240', amount: '52000' } },
  // Only a beneficiary id: no account here to check.
  { row: 5, values: { beneficiaryId: 'BEN-77', amount: '100', mode: 'IMPS' } },
  // An error the worker found (the IFSC): not a row the batch will pay.
  { row: 6, values: { name: 'Anil Rao', accountNumber: '998877665544', ifsc: 'XXXX', amount: '10', mode: 'IMPS' } },
];
const issue = (row: number, severity: Issue['severity']): Issue =>
  ({ row, column: 'IFSC', code: 'ifsc_invalid', severity, message: 'x' }) as Issue;

const result = (row: number, verdict: VerificationResult['verdict']): VerificationResult => ({
  row,
  verdict,
  score: null,
  bankName: null,
  reason: '',
  verifiedAt: null,
  fromCache: false,
  pennyDrop: false,
});

describe('verification rows from the preview', () => {
  it('sends each valid payee row with its sheet row number, normalised as staging pays it', () => {
    const rows = verificationRows(ROWS, { 4: [issue(6, 'error')], 1: [issue(3, 'warning')] }, limits);
    expect(rows).toEqual([
      { row: 2, payeeName: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'SBIN0000300', mode: 'NEFT' },
      { row: 3, payeeName: 'Meena Iyer', vpa: 'meena.iyer@okaxis', mode: 'UPI' },
      { row: 4, payeeName: 'Priya Sharma', accountNumber: '50100012345678', ifsc: 'HDFC0000240', mode: 'IMPS' },
    ]);
    expect(bankRowCount(rows)).toBe(2);
  });

  it('has no bank rows when every payee is a UPI ID', () => {
    expect(bankRowCount(verificationRows([ROWS[1]!], {}, limits))).toBe(0);
  });

  it('rebuilds an edited grid row from its cells and the mapping', () => {
    const m = mappedRowFromCells(9, ['Ravi K', '123456789012', 'SBIN0000300', '1500'], {
      name: 0,
      accountNumber: 1,
      ifsc: 2,
      amount: 3,
    });
    expect(m).toEqual({
      row: 9,
      values: { name: 'Ravi K', accountNumber: '123456789012', ifsc: 'SBIN0000300', amount: '1500' },
    });
  });

  it('counts verdicts, a re-score replacing the row it re-scored', () => {
    const first = withResults(new Map(), [result(2, 'mismatch'), result(3, 'skipped'), result(4, 'match')]);
    const next = withResults(first, [result(2, 'match')]);
    expect(verdictCounts(next)).toEqual({ match: 2, partial: 0, mismatch: 0, failed: 0, skipped: 1, unverified: 0 });
    expect(verdictCounts(first).mismatch).toBe(1);
  });
});
