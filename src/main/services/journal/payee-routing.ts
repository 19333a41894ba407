import { createHash } from 'node:crypto';
import { ENKASH_FIELDS } from '../../../shared/rules/enkash-fields';
import { type ApiSwitches, DEFAULT_API_SWITCHES, type PayeeRouting } from '../../../shared/settings/api-profile';
import type { PayoutInput } from '../../enkash/inputs';
import type { PayoutRow } from '../../db/repos/payouts-repo';
import type { PayoutChange } from './transition';

/**
 * Payee routing (issue 11 point 1, enkash-api.md §15.17): how a row's payee reaches EnKash.
 *
 * - `inline-with-id` (default): the inline `beneficiaryDetail` carries a stable id. A server that reads the
 *   detail strictly (5.1's `beneficiaryId` is required) accepts it, and so does one that ignores the id: one call
 *   per payout, the stored request is all a resend needs, and nothing depends on the undocumented Search
 *   Beneficiary or on Create Beneficiary demanding contact fields the sheet may lack.
 * - `registered`: Create Beneficiary once under that id (payee-registration.ts), then pay by `beneficiaryId`.
 *   For a server that registers inline payees and refuses the next inline payout with the same id.
 * - `inline`: the detail alone (the behaviour before this setting existed).
 *
 * The id is the sheet's beneficiaryId when it gave one, else derived from the bank details only (never the name
 * or the amount), so the same payee always gets the same id and a registration can be repeated safely.
 */

type PayeeFields = Pick<PayoutRow, 'accountNumber' | 'ifsc' | 'vpa'>;

const STABLE_PREFIX = 'PD';
/** 24 hex digits = 96 bits: collisions between payees are out of reach; 26 characters fit the rule book. */
const STABLE_HEX = 24;

/** "The same payee": account + IFSC (digits as given, IFSC upper-case) or the VPA (lower-case). */
export function payeeKey(p: PayeeFields): string | null {
  const account = p.accountNumber?.trim();
  if (account) return `A:${account}:${(p.ifsc ?? '').trim().toUpperCase()}`;
  const vpa = p.vpa?.trim();
  return vpa ? `V:${vpa.toLowerCase()}` : null;
}

/** The stable beneficiaryId of a payee's bank details; null for a row without any (it names a beneficiaryId). */
export function stablePayeeId(p: PayeeFields): string | null {
  const key = payeeKey(p);
  if (key === null) return null;
  const id = STABLE_PREFIX + createHash('sha256').update(key).digest('hex').slice(0, STABLE_HEX).toUpperCase();
  // Guard against a rule-book change making the id unsendable (caught by the payee-routing tests).
  if (!ENKASH_FIELDS.beneficiaryId.pattern.test(id)) throw new Error('stable payee id outside the rule book');
  return id;
}

/** The id a routed row is paid under: the sheet's beneficiaryId, else the stable one. */
export function routedBeneficiaryId(row: PayeeFields & Pick<PayoutRow, 'beneficiaryId'>): string | null {
  const own = row.beneficiaryId?.trim();
  return own ? own : stablePayeeId(row);
}

export function payeeRoutingOf(profile: { switches?: Partial<ApiSwitches> }): PayeeRouting {
  return profile.switches?.payeeRouting ?? DEFAULT_API_SWITCHES.payeeRouting;
}

/**
 * The request for `routing`, from the inline request toPayoutInput built. A row with no bank details already
 * names its beneficiaryId and is left alone. `registered` assumes the caller registered the payee first.
 */
export function routeRequest(
  input: PayoutInput,
  row: PayeeFields & Pick<PayoutRow, 'beneficiaryId'>,
  routing: PayeeRouting,
): PayoutInput {
  if (routing === 'inline' || !input.beneficiary) return input;
  const id = routedBeneficiaryId(row);
  if (id === null) return input;
  if (routing === 'inline-with-id') return { ...input, beneficiary: { ...input.beneficiary, beneficiaryId: id } };
  const { beneficiary: _inline, ...rest } = input;
  return { ...rest, beneficiaryId: id };
}

/** Where the user changes it; named in every message that asks for a change. */
export const PAYEE_ROUTING_SETTING = 'Settings → API profile → Payee routing';

const ID_MISSING = [/REJECT_BENEF_ID/i, /valid beneficiary id/i];
const ID_TAKEN = /beneficiary id already exists/i;

/**
 * EnKash refused a payout for its beneficiary id. When the request was inline, that is one of §15.17's readings
 * — the detail needs its own id (REJECT_BENEF_ID), or EnKash registers inline payees and refuses their id the
 * second time (409 "Beneficiary ID already exists") — and the message names the setting to change. Null when the
 * refusal is something else, or when the request named a registered beneficiary (then EnKash does not know that
 * id: a different problem, left in EnKash's words).
 */
export function beneficiaryIdHint(
  refusal: { code?: string | null; message?: string | null },
  request: PayoutInput | undefined,
): string | null {
  const said = `${refusal.code ?? ''} ${refusal.message ?? ''}`;
  if (!request?.beneficiary) return null;
  const taken = ID_TAKEN.test(said);
  if (!taken && !ID_MISSING.some((r) => r.test(said))) return null;
  const registered = '“Register payees first (registered)”';
  const next = request.beneficiary.beneficiaryId ? registered : '“Inline with a stable payee id (inline-with-id)”';
  const why = taken
    ? 'EnKash already holds this payee under its beneficiary ID (it registers inline payees)'
    : 'EnKash wants a beneficiary ID for every payee on this account';
  return (
    `${why} and refused this payout; nothing was paid. ` +
    `Set ${PAYEE_ROUTING_SETTING} to ${taken ? registered : next}, then resubmit the row (same transaction ID).`
  );
}

/** Rows EnKash REJECTED for their beneficiary id get beneficiaryIdHint's message instead of EnKash's words. */
export function withPayeeHints(
  changes: PayoutChange[],
  requestOf: (payoutId: number) => PayoutInput | undefined,
): PayoutChange[] {
  return changes.map((c) => {
    if (c.to !== 'REJECTED' || !c.set) return c;
    const hint = beneficiaryIdHint({ code: c.set.rejectCode, message: c.set.failureReason }, requestOf(c.id));
    return hint ? { ...c, set: { ...c.set, failureReason: hint } } : c;
  });
}
