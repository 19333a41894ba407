import { isAppError } from '../../shared/domain/errors';
import { type ApiSwitches, type EnkashProfile, resolveSwitches } from '../../shared/settings/api-profile';
import { readBalance, readBeneficiaryList, readSourceAccounts, readStatement, readWebhook } from './account-outputs';
import type { CallCore } from './call';
import { EnkashFailureError, safeEnkashMessage } from './errors';
import { readPayoutSearch } from './payout-outputs';
import { type ParsedBody, parseResponseBody } from './response';
import * as wire from './wire-requests';
import {
  ENKASH_CALL_NAMES,
  ENKASH_CALLS,
  type EnkashCall,
  type EnkashCallFacts,
} from '../../shared/settings/enkash-calls';

/**
 * Diagnostics per call: does THIS profile reach each EnKash call? Only harmless reads are sent; the writes are
 * listed as not tested (a probe of Create Payout could pay someone). A call is "answered" only when the server
 * itself spoke in a shape this profile reads — a 404, a 405 or HTML is "not found (path guess wrong?)", never an
 * empty result, and a Search Payouts answer counts only when it lists a payout we know exists (§15.18).
 */

export const CALL_OUTCOMES = ['answered', 'not_found', 'refused', 'unreadable', 'no_answer', 'not_tested'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export type DiagnosedCall = EnkashCall;

export type CallCheck = {
  call: DiagnosedCall;
  /** enkash-api.md's name for it (§3, §5). */
  label: string;
  method: EnkashCallFacts['method'];
  path: string;
  outcome: CallOutcome;
  httpStatus: number | null;
  /** Plain words for a support mail: no secret, no account number. */
  detail: string;
};

/** An id no one registers, so Search Beneficiary answers "none" without touching real data. */
export const PROBE_BENEFICIARY_ID = 'PAYOUTDESKDIAGPROBE0';
const ENCRYPTION_REJECTED = /encrypt|decrypt|request format/i;

type Verdict = Pick<CallCheck, 'outcome' | 'httpStatus' | 'detail'>;
/** Thrown by a reader when the answer parsed but says nothing we can trust (e.g. a known payout missing). */
export class Miss extends Error {
  constructor(
    readonly outcome: CallOutcome,
    detail: string,
  ) {
    super(detail);
  }
}

function parsedOrNull(text: string, status: number, key: Buffer | null): ParsedBody | null {
  try {
    return parseResponseBody(text, status, key);
  } catch {
    return null;
  }
}

const said = (p: ParsedBody | null): string => safeEnkashMessage(p?.message) ?? 'no message';

/**
 * One raw answer → a verdict; `read` turns a success body into words (throwing bad_shape or a Miss). `none`: what
 * the server's own "nothing there" means for this probe — by default an answer, but a Miss when we asked for
 * something known to exist (Search Payouts with a landed id).
 */
export function classify(
  status: number,
  text: string,
  key: Buffer,
  read: (p: ParsedBody) => string,
  none?: Miss,
): Verdict {
  const v = (outcome: CallOutcome, detail: string): Verdict => ({ outcome, httpStatus: status, detail });
  const nothing = (p: ParsedBody): Verdict =>
    none ? v(none.outcome, none.message) : v('answered', `answered: nothing there (${said(p)})`);
  const parsed = parsedOrNull(text, status, key);
  if (status === 404 || status === 405) {
    // An envelope our key opens is the endpoint itself answering "no such record"; a plain 404 proves nothing.
    if (parsed?.encrypted) return nothing(parsed);
    return v(
      'not_found',
      status === 405
        ? 'HTTP 405: the path exists only for another method (path guess wrong?)'
        : 'HTTP 404: not found (path guess wrong? or nothing stored there)',
    );
  }
  if (status === 401 || status === 403)
    return v('refused', `HTTP ${status}: EnKash refused the credentials or this computer's IP (whitelisting?)`);
  if (!parsed) {
    let reason = 'not readable JSON';
    try {
      parseResponseBody(text, status, key);
    } catch (e) {
      if (e instanceof EnkashFailureError && e.failure.kind === 'undecryptable')
        reason = 'does not decrypt with the configured key derivation';
      else if (e instanceof EnkashFailureError && e.failure.kind === 'unreadable_body')
        reason = `not readable (${e.failure.reason})`;
    }
    return status >= 500
      ? v('refused', `HTTP ${status}: server error, ${reason}`)
      : v('unreadable', `answer ${reason}`);
  }
  const code = parsed.code;
  if (status >= 400 || (code !== null && code !== 0)) {
    const c = code !== null && code > 0 ? code : status;
    if (c === 404)
      return parsed.encrypted
        ? nothing(parsed)
        : v('not_found', `code 404: not found (path guess wrong? or nothing stored there): ${said(parsed)}`);
    if (ENCRYPTION_REJECTED.test(parsed.message ?? ''))
      return v('refused', `code ${c}: the server could not read our envelope (key derivation?): ${said(parsed)}`);
    return v('refused', `code ${c}: ${said(parsed)}`);
  }
  try {
    return v('answered', read(parsed));
  } catch (e) {
    if (e instanceof Miss) return v(e.outcome, e.message);
    const issues = e instanceof EnkashFailureError && e.failure.kind === 'bad_shape' ? e.failure.issues : [];
    return v('unreadable', `answered in a shape this profile does not read${issues[0] ? ` (${issues[0]})` : ''}`);
  }
}

type Probe = {
  query?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  path?: string;
  read: (p: ParsedBody, status: number) => string;
  /** What the server's own "nothing there" means here (see classify). */
  none?: Miss;
};

function probes(
  profile: EnkashProfile,
  switches: ApiSwitches,
  opts: { knownTransactionId?: string; today: string },
): Partial<Record<DiagnosedCall, Probe | string>> {
  const fundSourceId = profile.fundSourceId || undefined;
  const beneficiarySearch = wire.searchWire({ beneficiaryId: PROBE_BENEFICIARY_ID }, { offset: 0, limit: 1 }, switches);
  const known = opts.knownTransactionId;
  const payoutSearch = known
    ? wire.searchWire({ transactionId: known }, { offset: 0, limit: profile.searchPageSize }, switches)
    : null;
  const count = (n: number, what: string) => `answered: ${n} ${what}${n === 1 ? '' : 's'}`;
  return {
    searchBeneficiary: {
      ...beneficiarySearch,
      read: (p, s) => count(readBeneficiaryList(p.data, s).length, 'beneficiary record'),
    },
    searchPayouts: payoutSearch
      ? {
          ...payoutSearch,
          none: new Miss('not_found', `answered "none" for the known payout ${known!} (filter or path wrong?)`),
          read: (p, s) => {
            const found = readPayoutSearch(p.data, s, switches.searchPayoutsShape).items.find(
              (i) => i.transactionId.toUpperCase() === known!.toUpperCase(),
            );
            if (!found)
              throw new Miss(
                'not_found',
                `answered, but without the known payout ${known!} (filter ignored, or path guess wrong?)`,
              );
            return `answered: found ${known!} (${found.status ?? 'no status'})`;
          },
        }
      : 'not tested: no payout known to have landed in this environment (pass one to test Search Payouts)',
    balance: {
      query: { fundSourceId, debitAccountNumber: profile.debitAccountNumber || undefined },
      read: (p, s) => (readBalance(p.data, s), 'answered: balance read'),
    },
    sourceAccountDetails: {
      query: { fundSourceId },
      read: (p, s) => count(readSourceAccounts(p.data, s).length, 'source account'),
    },
    statement: profile.debitAccountNumber
      ? {
          body: wire.statementWire({ fromDate: opts.today, toDate: opts.today }, profile),
          read: (p, s) => count(readStatement(p.data, p.requestId, switches, s).entries.length, 'statement line'),
        }
      : 'not tested: the statement needs the debit account number (Settings → API profile)',
    getWebhook: { read: (p, s) => (readWebhook(p.data, s) ? 'answered: webhook configured' : 'answered: none set') },
  };
}

/** The per-call table rows (token row first, from the login already attempted by the caller). */
export async function checkCalls(deps: {
  core: CallCore;
  profile: EnkashProfile;
  login: Verdict;
  knownTransactionId?: string;
  today: string;
}): Promise<CallCheck[]> {
  const { core, profile } = deps;
  const switches = resolveSwitches(profile);
  const table = probes(profile, switches, { knownTransactionId: deps.knownTransactionId, today: deps.today });
  const rows: CallCheck[] = [];
  for (const call of ENKASH_CALL_NAMES) {
    // Verification is another EnKash product (§16), possibly on another host, and every check spends an id.
    if (call === 'pennyDrop') continue;
    const { label, method, writes } = ENKASH_CALLS[call];
    const row = (v: Verdict, path = profile.paths[call]): CallCheck => ({ call, label, method, path, ...v });
    if (call === 'token') {
      rows.push(row(deps.login));
      continue;
    }
    const probe = table[call];
    if (writes || deps.login.outcome !== 'answered' || typeof probe !== 'object') {
      const why = writes
        ? 'not tested: a write (it would change data at EnKash)'
        : deps.login.outcome !== 'answered'
          ? 'not tested: no login'
          : typeof probe === 'string'
            ? probe
            : 'not tested';
      rows.push(row({ outcome: 'not_tested', httpStatus: null, detail: why }));
      continue;
    }
    const { read, none, path = profile.paths[call], query, body } = probe;
    try {
      const res = await core.raw({ operation: `diagnose.${call}`, effect: 'read', method, path, query, body });
      rows.push(
        row(
          classify(res.status, res.text, res.key, (p) => read(p, res.status), none),
          path,
        ),
      );
    } catch (e) {
      const message = isAppError(e) ? e.message : 'no answer';
      rows.push(row({ outcome: 'no_answer', httpStatus: null, detail: `no answer: ${message}` }, path));
    }
  }
  return rows;
}
