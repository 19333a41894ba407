import type { AppErrorShape } from '../../shared/ipc/errors';
import { readBalance } from './account-outputs';
import type { CallCore } from './call';
import { deriveKey, KEY_DERIVATIONS, type KeyDerivation } from './crypto';
import { EnkashFailureError, toAppError } from './errors';
import type { EnkashProfile } from './profile';
import { type ParsedBody, parseResponseBody, type WrapperStyle } from './response';
import type { TokenManager } from './token-manager';

/**
 * Settings → Diagnostics: which key derivation and which response wrapper this server speaks. Uses only
 * harmless calls — a login, one Get Balance, and (only when balance answers in plain text, which says
 * nothing about the key) a Search Beneficiary for an id that cannot exist, once per derivation.
 */

export type DerivationResult = 'decrypts' | 'does_not_decrypt' | 'accepted' | 'rejected' | 'not_tested';

export type DiagnosticReport = {
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
  /** The derivation the evidence points to, or null when nothing could tell. */
  detectedDerivation: KeyDerivation | null;
};

const PROBE_BENEFICIARY_ID = 'PAYOUTDESKDIAGPROBE0';
const ENCRYPTION_REJECTED = /encrypt|decrypt|request format/i;

export async function runDiagnosis(deps: {
  core: CallCore;
  tokens: TokenManager;
  profile: EnkashProfile;
}): Promise<DiagnosticReport> {
  const { core, tokens, profile } = deps;
  const report: DiagnosticReport = {
    configuredDerivation: profile.keyDerivation,
    token: { ok: false, style: null, expiresInSeconds: null },
    balance: { ok: false, httpStatus: null, encrypted: null, wrapper: null, totalBalancePaise: null },
    derivations: KEY_DERIVATIONS.map((derivation) => ({ derivation, result: 'not_tested' as DerivationResult })),
    detectedDerivation: null,
  };
  const setResult = (d: KeyDerivation, result: DerivationResult) => {
    report.derivations.find((r) => r.derivation === d)!.result = result;
  };

  let secret: string;
  try {
    secret = (await tokens.getSession()).credentials.clientSecret;
    const info = tokens.lastLogin();
    report.token = { ok: true, style: info?.style ?? null, expiresInSeconds: info?.expiresInSeconds ?? null };
  } catch (e) {
    report.token.error = toAppError(e, { operation: 'diagnose.login', effect: 'read' }).toShape();
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

  // A plain balance says nothing about the key: ask the server to decrypt a harmless search instead.
  if (report.balance.encrypted === false || envelopeUnopened) {
    for (const derivation of KEY_DERIVATIONS) {
      try {
        const res = await core.raw(
          {
            operation: 'diagnose.probe',
            effect: 'read',
            method: 'POST',
            path: profile.paths.searchBeneficiary,
            body: { beneficiaryId: PROBE_BENEFICIARY_ID },
          },
          derivation,
        );
        const parsed = tryParse(res.text, res.status, deriveKey(secret, derivation));
        const code = parsed?.code ?? res.status;
        const rejected =
          (code === 422 || code === 400 || res.status === 422) &&
          ENCRYPTION_REJECTED.test(parsed?.message ?? res.text.slice(0, 300));
        setResult(derivation, rejected ? 'rejected' : 'accepted');
        if (!rejected && !report.detectedDerivation) report.detectedDerivation = derivation;
      } catch {
        // A network failure during a probe proves nothing either way; leave it "not_tested".
      }
    }
  }
  return report;
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
