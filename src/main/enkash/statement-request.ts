import { AppError } from '../../shared/domain/errors';

/**
 * Fetch Bank Statement marks `debitAccountNumber` **required** (enkash-api.md §5.9), unlike balance where it is
 * optional. Sending the call without it only earns a terse 412/422 from EnKash after a login, so it is refused
 * here first, before any request, with a message that says where to set it.
 */
export const STATEMENT_NEEDS_DEBIT_ACCOUNT =
  'The bank statement needs the debit account number (EnKash requires it on this call). Enter it under ' +
  'Settings → Advanced → "Debit account number", or choose the source account to reconcile.';

/** Throws `invalid_input` unless the statement request body carries a non-blank debit account number. */
export function requireStatementDebitAccount(body: Record<string, unknown>): void {
  const value = body.debitAccountNumber;
  if (typeof value === 'string' && value.trim() !== '') return;
  throw new AppError('invalid_input', STATEMENT_NEEDS_DEBIT_ACCOUNT, {
    operation: 'fetchStatement',
    field: 'debitAccountNumber',
    issues: [{ path: 'debitAccountNumber', message: 'required by EnKash for the statement' }],
  });
}
