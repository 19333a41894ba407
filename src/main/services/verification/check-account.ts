import { isAppError } from '../../../shared/domain/errors';
import {
  type BankCheckAnswer,
  type CachedBankCheck,
  DuplicateRequestIdError,
  type VerificationRequest,
} from '../../db/repos/payee-verifications-repo';
import {
  recordBankCheckOps,
  recordVerificationErrorOps,
  recordVerificationRequestOps,
} from '../../db/repos/payee-verification-writes-repo';
import { isDuplicate } from '../../enkash/errors';
import { mintId } from '../journal/ids';
import type { VerifyOptions, VerifyStoreDeps } from './verify-rows';

export const VERIFICATION_ID_PREFIX = 'PV';

/** Local collisions are astronomically rare (60 random bits); a bounded loop keeps a broken minter from spinning. */
const MINT_TRIES = 10;
/** EnKash saying "this customerRequestId exists" (409) is re-asked under a fresh id, at most this often. */
const DUPLICATE_RETRIES = 2;

const NO_ANSWER: BankCheckAnswer = {
  status: 'failed',
  bankName: null,
  rawStatus: null,
  enkashUniqueId: null,
  utr: null,
};

// A refusal is about THIS account only when EnKash's words name the account or IFSC ("Please provide a valid
// beneficiary account number", "Account closed"); refusals that name the request itself (a wrong envelope, a
// missing field, the client id) would "fail" every row and be cached for months, so they stop the run instead.
const ABOUT_ACCOUNT = /\b(account|a\/c|ifsc)\b/i;
const ABOUT_REQUEST = /encrypt|format|client\s*id|required|missing|parameter|checksum/i;

/**
 * EnKash's definite refusal of this one account, in words; null for anything that is no verdict on the account
 * — auth, a demanded checksum, an id clash, a refusal of the request's form, unreachable, throttled, an
 * unreadable answer — which must stop the run rather than mark rows failed.
 */
export function refusalReason(error: unknown): string | null {
  if (!isAppError(error) || error.code !== 'enkash_rejected') return null;
  const d = error.details ?? {};
  if (d.reason === 'checksum_required' || d.duplicate === true) return null;
  // enkashMessage is already made safe by the client (long digit runs masked).
  const said = typeof d.enkashMessage === 'string' ? d.enkashMessage.trim() : '';
  if (!ABOUT_ACCOUNT.test(said) || ABOUT_REQUEST.test(said)) return null;
  return `EnKash could not verify this account: ${said}`;
}

/** Writes the intent under a fresh customerRequestId (unique forever: a local collision is minted again). */
async function reserve(
  deps: VerifyStoreDeps,
  base: Omit<VerificationRequest, 'customerRequestId' | 'requestedAt'>,
): Promise<VerificationRequest> {
  const mint = deps.newRequestId ?? ((now: Date) => mintId(VERIFICATION_ID_PREFIX, now));
  for (let i = 0; i < MINT_TRIES; i++) {
    const now = deps.now();
    const request = { ...base, customerRequestId: mint(now), requestedAt: now.toISOString() };
    try {
      await deps.store.run(recordVerificationRequestOps(request));
      return request;
    } catch (error) {
      if (!(error instanceof DuplicateRequestIdError)) throw error;
    }
  }
  throw new Error('Could not mint an unused customerRequestId');
}

export type AccountCheck = { answer: CachedBankCheck; refusal: string | null };

/**
 * One check at EnKash, intent first: the request row is committed before the call and gets its outcome after,
 * and a bank answer (or a definite refusal, as `failed`) goes to the cache. Anything else is rethrown.
 */
export async function checkAccount(
  deps: VerifyStoreDeps,
  account: { accountNumber: string; ifsc: string },
  opts: VerifyOptions,
  countCall: () => void,
): Promise<AccountCheck> {
  const base = { environment: deps.environment, ...account, pennyDrop: opts.pennyDrop };
  for (let attempt = 0; ; attempt++) {
    const request = await reserve(deps, base);
    countCall();
    try {
      // A penny drop in flight is never aborted: it may already have credited the account.
      const answer = await deps.client.verifyBankAccount(
        { ...account, pennyLess: !opts.pennyDrop, customerRequestId: request.customerRequestId },
        opts.pennyDrop ? undefined : opts.signal,
      );
      const at = deps.now().toISOString();
      await deps.store.run(recordBankCheckOps(request, answer, at));
      return {
        answer: { status: answer.status, bankName: answer.bankName, verifiedAt: at, pennyDrop: opts.pennyDrop },
        refusal: null,
      };
    } catch (error) {
      const at = deps.now().toISOString();
      if (isDuplicate(error) && attempt < DUPLICATE_RETRIES) {
        await deps.store.run(recordVerificationErrorOps(request.customerRequestId, 'duplicate_id', at));
        continue;
      }
      const refusal = refusalReason(error);
      if (refusal !== null) {
        await deps.store.run(recordBankCheckOps(request, NO_ANSWER, at));
        return { answer: { status: 'failed', bankName: null, verifiedAt: at, pennyDrop: opts.pennyDrop }, refusal };
      }
      await deps.store.run(
        recordVerificationErrorOps(request.customerRequestId, isAppError(error) ? error.code : 'internal', at),
      );
      throw error;
    }
  }
}
