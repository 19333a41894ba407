/**
 * Reading a CONFLICT and a row's flag for people (renderer, exports, CLI). The stored JSON is written by the
 * journal (ConflictSide in services/journal/adopt.ts); this reads it defensively, since a bad value must never
 * stop a history page or an export from showing.
 */

export type ConflictView = {
  amountPaise: number | null;
  beneficiaryId: string | null;
  accountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  mode: string | null;
  status: string | null;
  enkashTransactionId: string | null;
  createdOn: string | null;
  /** Fields on which EnKash's record differs from ours ('amount', 'beneficiaryId', 'accountNumber', …). */
  fields: string[];
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function parseConflict(json: unknown): ConflictView | null {
  if (typeof json !== 'string' || json === '') return null;
  let o: Record<string, unknown>;
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!parsed || typeof parsed !== 'object') return null;
    o = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  return {
    amountPaise: Number.isSafeInteger(o.amountPaise) ? (o.amountPaise as number) : null,
    beneficiaryId: str(o.beneficiaryId),
    accountNumber: str(o.accountNumber),
    ifsc: str(o.ifsc),
    vpa: str(o.vpa),
    mode: str(o.mode),
    status: str(o.status),
    enkashTransactionId: str(o.enkashTransactionId),
    createdOn: str(o.createdOn),
    fields: Array.isArray(o.fields) ? o.fields.filter((f): f is string => typeof f === 'string') : [],
  };
}

export function parseIdList(json: unknown): string[] {
  if (typeof json !== 'string' || json === '') return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

const FLAG_WORDS: Record<string, string> = {
  unknown_status: 'EnKash gave a status we do not know; kept as EnKash wrote it',
  no_amount: 'EnKash’s record carries no amount, so it could not be proven to be this payout',
  settled_by_person: 'Settled by a person (see the audit trail for who and why)',
};

/** A row's flag in words; an unexpected flag is shown as it is rather than hidden. */
export function flagLabel(flag: string | null | undefined): string {
  if (!flag) return '';
  return FLAG_WORDS[flag] ?? flag.replace(/_/g, ' ');
}

/** EnKash's payee as one line: beneficiary, then account @ IFSC, then VPA — whichever it carried. */
export function conflictPayee(c: ConflictView, maskAccount: (a: string) => string = (a) => a): string {
  const parts: string[] = [];
  if (c.beneficiaryId) parts.push(c.beneficiaryId);
  if (c.accountNumber)
    parts.push(c.ifsc ? `${maskAccount(c.accountNumber)} @ ${c.ifsc}` : maskAccount(c.accountNumber));
  else if (c.ifsc) parts.push(c.ifsc);
  if (c.vpa) parts.push(c.vpa);
  return parts.join(' · ');
}
