import { AppError, isAppError } from '../../../shared/domain/errors';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import { findRegisteredPayeeOps, recordRegisteredPayeeOps } from '../../db/repos/payee-registry-repo';
import type { PayoutRow } from '../../db/repos/payouts-repo';
import type { EnkashClient } from '../../enkash/client';
import { isDuplicate, safeEnkashMessage } from '../../enkash/errors';
import type { JournalDeps } from './deps';
import { payeeKey, PAYEE_ROUTING_SETTING, payeeRoutingOf, routedBeneficiaryId } from './payee-routing';
import { payeeDetail } from './request';
import { classify, type SendOutcome } from './send-answers';
import { SENDABLE_BATCH_STATES } from './states';
import { transitionPayoutsOps } from './transition';

/**
 * Payee routing `registered` (issue 11 point 1): before a row is paid by `beneficiaryId`, its payee must exist at
 * EnKash under that id with the row's bank details. Outside the payout journal on purpose: registration moves no
 * money and is idempotent by the stable id, so a crash anywhere here (or between this and the payout) is repaired
 * by running it again — EnKash answers 409, the search shows the same details, and the id is reused. The payout
 * itself keeps its transactionId protocol unchanged.
 *
 * Per payee: the local registry (payee_registry, per environment) first; else Create Beneficiary with the contact
 * fields the sheet has; a 409 → Search Beneficiary by that id → same bank details: reuse; different (or not
 * shown): the row is refused, never paid to whatever EnKash holds under the id.
 */

export type PayeeRefusal = { code: string; reason: string };

export type PayeePreparation =
  /** Every payee is registered, except the rows in `refused` (payout id → why), which must not be sent. */
  | { kind: 'ready'; refused: Map<number, PayeeRefusal> }
  /** EnKash could not be asked (or did not answer): nothing was paid, the rows stay READY for a later try. */
  | { kind: 'not-sent'; error: AppError };

type Verdict = { ok: true } | { ok: false; refusal: PayeeRefusal } | { ok: false; stop: AppError };

const NOT_PAID = 'Nothing was paid.';

function contactRefusal(row: PayoutRow, message: string): PayeeRefusal | null {
  const missing =
    /valid email/i.test(message) && !row.email?.trim()
      ? 'email'
      : /valid phone/i.test(message) && !row.phone?.trim()
        ? 'phone number'
        : null;
  if (!missing) return null;
  return {
    code: missing === 'email' ? 'PAYEE_EMAIL_REQUIRED' : 'PAYEE_PHONE_REQUIRED',
    reason:
      `EnKash requires the payee's ${missing} to register a beneficiary, and this row has none. ${NOT_PAID} ` +
      `Add the ${missing} to the sheet (or choose another option in ${PAYEE_ROUTING_SETTING}) and resubmit.`,
  };
}

function stopFor(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError('enkash_unavailable', 'Registering a payee at EnKash did not complete; nothing was paid.');
}

/** After a 409: is the beneficiary EnKash holds under `id` this row's payee? */
async function verifyExisting(client: EnkashClient, id: string, row: PayoutRow): Promise<Verdict> {
  let found;
  try {
    found = (await client.searchBeneficiaries({ beneficiaryId: id })).find((b) => b.beneficiaryId === id);
  } catch (error) {
    const c = classify(error);
    if (c.kind !== 'refused') return { ok: false, stop: stopFor(error) };
    found = undefined;
  }
  if (!found) {
    return {
      ok: false,
      refusal: {
        code: 'PAYEE_UNVERIFIED',
        reason:
          `EnKash already holds beneficiary ID ${id}, but Search Beneficiary did not show it, so it cannot be ` +
          `checked against this payee. ${NOT_PAID} Check the Search beneficiary path in Settings → API profile.`,
      },
    };
  }
  if (payeeKey(found) === payeeKey(row)) return { ok: true };
  return {
    ok: false,
    refusal: {
      code: 'PAYEE_MISMATCH',
      reason:
        `EnKash already holds beneficiary ID ${id} with other bank details than this row's. ${NOT_PAID} ` +
        `Check the payee, or give the row its own beneficiary ID.`,
    },
  };
}

async function register(
  deps: JournalDeps,
  client: EnkashClient,
  environment: string,
  id: string,
  row: PayoutRow,
): Promise<Verdict> {
  const key = payeeKey(row)!;
  const known = await deps.store.run(findRegisteredPayeeOps(environment, id));
  if (known) {
    if (known.payeeKey === key) return { ok: true };
    return {
      ok: false,
      refusal: {
        code: 'PAYEE_MISMATCH',
        reason: `Beneficiary ID ${id} was registered at EnKash for other bank details than this row's. ${NOT_PAID}`,
      },
    };
  }
  const detail = payeeDetail(row, id);
  let source: 'created' | 'found' = 'created';
  try {
    await client.createBeneficiary({ ...detail, beneficiaryId: id });
  } catch (error) {
    if (isDuplicate(error)) {
      const v = await verifyExisting(client, id, row);
      if (!v.ok) return v;
      source = 'found';
    } else {
      const c = classify(error);
      if (c.kind !== 'refused') return { ok: false, stop: stopFor(error) };
      const said = safeEnkashMessage(c.reason) ?? c.code;
      return {
        ok: false,
        refusal: contactRefusal(row, said) ?? {
          code: 'PAYEE_REFUSED',
          reason: `EnKash refused to register this payee (${said}). ${NOT_PAID}`,
        },
      };
    }
  }
  await deps.store.run(
    recordRegisteredPayeeOps({
      environment,
      beneficiaryId: id,
      payeeKey: key,
      payeeName: row.payeeName ?? '',
      accountNumber: detail.accountNumber ?? null,
      ifsc: detail.ifsc?.toUpperCase() ?? null,
      vpa: detail.vpa ?? null,
      source,
      registeredAt: deps.now().toISOString(),
    }),
  );
  deps.log.info('journal.payee_registered', { environment, source });
  return { ok: true };
}

/**
 * Registers the payees of `rows` (READY rows about to be paid) in `environment`, one call per distinct payee
 * id. Stops at the first call that could not be made or answered: the rest wait for the next try.
 */
export async function preparePayees(
  deps: JournalDeps,
  client: EnkashClient,
  environment: string,
  rows: readonly PayoutRow[],
): Promise<PayeePreparation> {
  const refused = new Map<number, PayeeRefusal>();
  const verdicts = new Map<string, Verdict>();
  for (const row of rows) {
    if (payeeKey(row) === null) continue; // names a beneficiaryId itself: nothing to register
    const id = routedBeneficiaryId(row)!;
    // One verdict per id and bank details: a sheet id reused for two accounts is judged per account.
    const memo = `${id}\u0000${payeeKey(row)}`;
    let v = verdicts.get(memo);
    if (!v) {
      v = await register(deps, client, environment, id, row);
      if (!v.ok && 'stop' in v) return { kind: 'not-sent', error: v.stop };
      verdicts.set(memo, v);
    }
    if (!v.ok && 'refusal' in v) refused.set(row.id, v.refusal);
  }
  return { kind: 'ready', refused };
}

/**
 * The send path's step before a first departure under `registered` routing: registers the payees of `rows` (the
 * READY rows about to leave) and moves the rows EnKash will not take to REJECTED with the reason — their payout
 * request never leaves. Returns the outcome to end the departure with when EnKash could not be asked (nothing
 * sent, rows stay READY), else null: go on and send the rows still READY, by beneficiaryId.
 */
export async function registerBeforeSending(
  deps: JournalDeps,
  client: EnkashClient,
  rows: readonly PayoutRow[],
): Promise<SendOutcome | null> {
  if (!rows.length || payeeRoutingOf(deps.profile()) !== 'registered') return null;
  const batch = await deps.store.run(getBatchRowOps(rows[0]!.batchId));
  // A paused or cancelled batch sends nothing (the claim skips it): register nothing and refuse nothing either.
  if (!batch || !SENDABLE_BATCH_STATES.includes(batch.state)) return null;
  // The batch's own environment (pinned), which is the one `client` talks to.
  const prepared = await preparePayees(deps, client, batch.environment, rows);
  if (prepared.kind === 'not-sent') return { kind: 'not-sent', rows: rows.length, error: prepared.error };
  if (prepared.refused.size) {
    const at = deps.now();
    await deps.store.run(
      transitionPayoutsOps(
        [...prepared.refused].map(([id, r]) => ({
          id,
          from: 'READY' as const,
          to: 'REJECTED' as const,
          action: 'payee-refused',
          set: { rejectCode: r.code, failureReason: r.reason, enkashStatus: null },
        })),
        { at, log: deps.log },
      ),
    );
  }
  return null;
}
