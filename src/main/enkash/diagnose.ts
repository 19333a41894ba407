import type { AppErrorShape } from '../../shared/domain/errors';
import { readBalance } from './account-outputs';
import type { CallCore } from './call';
import { deriveKey, KEY_DERIVATIONS, type KeyDerivation } from './crypto';
import { type CallCheck, checkCalls } from './diagnose-calls';
import { EnkashFailureError, toAppError } from './errors';
import type { EnkashProfile } from '../../shared/settings/api-profile';
import { type ParsedBody, parseResponseBody, type WrapperStyle } from './response';
import type { TokenManager } from './token-manager';
import * as wire from './wire-requests';

/**
 * Settings → Diagnostics (and `cli diagnose`): which key derivation and wrapper this server speaks, and per call
 * whether this profile reaches it (diagnose-calls.ts). Harmless calls only: a login, reads, and — only when the
 * balance answers in plain text, which says nothing about the key — one Fetch Statement per derivation.
 *
 * A derivation is named only on evidence from a DOCUMENTED path (Get Balance, Fetch Statement; enkash-api.md §5):
 * an answer that decrypts with it, or the server reading a request sealed with it. A 404, a 405, HTML or any
 * guessed path (Search Beneficiary's, say) proves nothing about the key and never confirms one.
 */

/**
 * `decrypts`/`does_not_decrypt`: the encrypted balance opened with it or not. `accepted`: the statement call
 * read a request sealed with it; `rejected`: the server said it could not decrypt it; `inconclusive`: an answer
 * that says nothing about the key (404, 405, HTML, 401/403, a server error).
 */
export type DerivationResult =
  'decrypts' | 'does_not_decrypt' | 'accepted' | 'rejected' | 'inconclusive' | 'not_tested';

export type DiagnosticReport = {
  /** The base URL diagnosed (for the support mail); absent for test doubles that do not say. */
  baseUrl?: string;
  configuredDerivation: KeyDerivation;
  token: {
    ok: boolean;
    style: 'snake_case' | 'camelCase' | null;
    expiresInSeconds: number | null;
    error?: AppErrorShape;
  };
  balance: {
    ok: boolean;
    httpStatus: number | null;
    encrypted: boolean | null;
    wrapper: WrapperStyle | null;
    totalBalancePaise: number | null;
    error?: AppErrorShape;
  };
  derivations: { derivation: KeyDerivation; result: DerivationResult }[];
  /** The derivation the evidence confirms, or null when nothing could tell. */
  detectedDerivation: KeyDerivation | null;
  /** Where the confirmation came from; null with detectedDerivation null. */
  derivationEvidence: 'balance-decrypts' | 'statement-accepted' | null;
  /** Every call of §3/§5 with its outcome under this profile. */
  calls: CallCheck[];
};

export type DiagnoseOptions = {
  /** A payout known to have landed here: Search Payouts is "answered" only if it lists it. */
  knownTransactionId?: string;
};

const ENCRYPTION_REJECTED = /encrypt|decrypt|request format/i;
const NO_KEY_EVIDENCE = new Set([401, 403, 404, 405]);

export async function runDiagnosis(
  deps: { core: CallCore; tokens: TokenManager; profile: EnkashProfile; baseUrl?: string; now?: () => number },
  opts: DiagnoseOptions = {},
): Promise<DiagnosticReport> {
  const { core, tokens, profile } = deps;
  const report: DiagnosticReport = {
    baseUrl: deps.baseUrl,
    configuredDerivation: profile.keyDerivation,
    token: { ok: false, style: null, expiresInSeconds: null },
    balance: { ok: false, httpStatus: null, encrypted: null, wrapper: null, totalBalancePaise: null },
    derivations: KEY_DERIVATIONS.map((derivation) => ({ derivation, result: 'not_tested' as DerivationResult })),
    detectedDerivation: null,
    derivationEvidence: null,
    calls: [],
  };
  const setResult = (d: KeyDerivation, result: DerivationResult) => {
    report.derivations.find((r) => r.derivation === d)!.result = result;
  };
  const today = new Date((deps.now ?? Date.now)()).toISOString().slice(0, 10);

  let secret: string;
  try {
    secret = (await tokens.getSession()).credentials.clientSecret;
    const info = tokens.lastLogin();
    report.token = { ok: true, style: info?.style ?? null, expiresInSeconds: info?.expiresInSeconds ?? null };
  } catch (e) {
    const error = toAppError(e, { operation: 'diagnose.login', effect: 'read' }).toShape();
    report.token.error = error;
    const status = typeof error.details?.httpStatus === 'number' ? error.details.httpStatus : null;
    const outcome = status === 404 || status === 405 ? 'not_found' : status === null ? 'no_answer' : 'refused';
    const login = {
      outcome,
      httpStatus: status,
      detail: `${outcome === 'not_found' ? 'path guess wrong? ' : ''}${error.message}`,
    } as const;
    report.calls = await checkCalls({ core, profile, login, knownTransactionId: opts.knownTransactionId, today });
    return report;
  }

  const fundSourceId = profile.fundSourceId || undefined;
  let envelopeUnopened = false;
  try {
    const res = await core.raw({
      operation: 'diagnose.balance',
      effect: 'read',
      method: 'GET',
      path: profile.paths.balance,
      query: { fundSourceId, debitAccountNumber: profile.debitAccountNumber || undefined },
    });
    report.balance.httpStatus = res.status;
    let plain: ParsedBody | null = null;
    try {
      plain = parseResponseBody(res.text, res.status, null);
    } catch (e) {
      // Anything but "this is an envelope we cannot open without a key" is a verdict on the body itself.
      if (!(e instanceof EnkashFailureError && e.failure.kind === 'undecryptable')) throw e;
    }
    if (plain) {
      report.balance.encrypted = false;
      report.balance.wrapper = plain.wrapper;
      fillBalance(report, plain.data, res.status);
    } else {
      for (const derivation of KEY_DERIVATIONS) {
        const parsed = tryParse(res.text, res.status, deriveKey(secret, derivation));
        setResult(derivation, parsed ? 'decrypts' : 'does_not_decrypt');
        if (parsed && !report.detectedDerivation) {
          report.detectedDerivation = derivation;
          report.derivationEvidence = 'balance-decrypts';
          report.balance.encrypted = parsed.encrypted;
          report.balance.wrapper = parsed.wrapper;
          fillBalance(report, parsed.data, res.status);
        }
      }
      if (!report.detectedDerivation) {
        envelopeUnopened = true;
        report.balance.error = {
          code: 'enkash_bad_response',
          message: 'No key derivation opens the balance response.',
        };
      }
    }
  } catch (e) {
    report.balance.error = toAppError(e, { operation: 'diagnose.balance', effect: 'read' }).toShape();
  }

  // A plain balance says nothing about the key: ask the documented statement call to read a sealed request.
  if (report.balance.encrypted === false || envelopeUnopened) {
    const body = wire.statementWire({ fromDate: today, toDate: today }, profile);
    for (const derivation of KEY_DERIVATIONS) {
      try {
        const res = await core.raw(
          { operation: 'diagnose.probe', effect: 'read', method: 'POST', path: profile.paths.statement, body },
          derivation,
        );
        const result = statementEvidence(res.status, res.text, deriveKey(secret, derivation));
        setResult(derivation, result);
        if (result === 'accepted' && !report.detectedDerivation) {
          report.detectedDerivation = derivation;
          report.derivationEvidence = 'statement-accepted';
        }
      } catch {
        // A network failure during a probe proves nothing either way; leave it "not_tested".
      }
    }
  }

  const login = {
    outcome: 'answered',
    httpStatus: 200,
    detail: `answered: token received${report.token.style ? ` (${report.token.style})` : ''}`,
  } as const;
  report.calls = await checkCalls({ core, profile, login, knownTransactionId: opts.knownTransactionId, today });
  return report;
}

/**
 * What one statement answer says about the key it was sealed with. `accepted` needs the server to have read the
 * request: a 2xx, an answer that opens with the key, or a business refusal about the fields (which it could only
 * give after decrypting). A 404/405/401/403, HTML or a 5xx is `inconclusive` — never evidence.
 */
function statementEvidence(status: number, text: string, key: Buffer): DerivationResult {
  if (NO_KEY_EVIDENCE.has(status) || status >= 500) return 'inconclusive';
  const parsed = tryParse(text, status, key);
  if (!parsed) return 'inconclusive';
  if (parsed.encrypted) return parsed.code === 404 ? 'inconclusive' : 'accepted';
  const code = parsed.code ?? status;
  if (ENCRYPTION_REJECTED.test(parsed.message ?? '')) return 'rejected';
  if (status >= 200 && status < 300 && (code === 0 || parsed.code === null)) return 'accepted';
  return NO_KEY_EVIDENCE.has(code) || code >= 500 ? 'inconclusive' : 'accepted';
}

function tryParse(text: string, status: number, key: Buffer | null) {
  try {
    return parseResponseBody(text, status, key);
  } catch {
    return null;
  }
}

function fillBalance(report: DiagnosticReport, data: unknown, status: number) {
  try {
    report.balance.totalBalancePaise = readBalance(data, status).totalBalancePaise;
    report.balance.ok = status >= 200 && status < 300;
  } catch (e) {
    report.balance.error = toAppError(e, { operation: 'diagnose.balance', effect: 'read' }).toShape();
  }
}
