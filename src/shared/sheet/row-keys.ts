import { Hash53Builder, hash53 } from '../domain/hash';
import { duplicatePayoutText } from '../rules/duplicates';
import type { PayoutDraft } from '../domain/payout';
import type { MappedRow, RowEvaluation } from './row-draft';

/** A row's id or duplicate key as the number the key index stores (string keys are hashed). */
export function rowKeyNumber(key: string | number): number {
  return typeof key === 'number' ? key : hash53(key);
}

/**
 * The exact texts behind a row's keys ('' when it has none): two rows are the same payout (or id) only when these
 * are equal, whatever their hashes say. A number key from the rules is the hash of `duplicatePayoutText`.
 */
export function rowKeyTexts(m: MappedRow, ev: RowEvaluation<{ row: number }>): { id: string; dup: string } {
  const id = ev.idKey === null ? '' : String(ev.idKey);
  let dup = '';
  if (typeof ev.dupKey === 'string') dup = ev.dupKey;
  else if (ev.dupKey !== null) {
    const draft = ev.draft as PayoutDraft;
    dup =
      duplicatePayoutText(draft, draft.amountPaise, m.values.remark?.trim() ?? '', m.values.reference?.trim() ?? '') ??
      '';
  }
  return { id, dup };
}

const idHash = new Hash53Builder();

/**
 * `rowKeyNumber(transactionIdKey(text.slice(start, end)))` for an id of ASCII letters and digits (the plain rows,
 * plain-rows.ts): upper-cased and hashed in place, no string built.
 */
export function idKeyNumberAt(text: string, start: number, end: number): number {
  return idHash.reset().upperAsciiRange(text, start, end).value();
}
