import type { SheetKind } from '../domain/payout';
import { fieldForHeader } from './header-synonyms';

/**
 * Guesses the sheet kind from its headers: an amount column means payouts; address/city/state/PIN columns
 * without an amount mean beneficiaries; otherwise payouts (the common case). The UI lets the user switch.
 */
export function detectSheetKind(headers: readonly string[]): SheetKind {
  const fields = new Set(headers.map((h) => fieldForHeader(h)));
  if (fields.has('amount')) return 'payouts';
  if (fields.has('address') || fields.has('city') || fields.has('state') || fields.has('pincode'))
    return 'beneficiaries';
  if (fields.has('name') && (fields.has('accountNumber') || fields.has('vpa'))) return 'beneficiaries';
  return 'payouts';
}
