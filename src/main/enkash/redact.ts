/**
 * Logging for the EnKash client. Every field passes through {@link redactFields} before the injected sink
 * sees it, so a careless `log('x', {headers})` still cannot leak a token: secrets are dropped by key name,
 * account numbers are masked to the last four, and long digit runs in free text are masked too.
 */

import { maskAccount } from '../../shared/domain/mask';

export type EnkashLog = (event: string, fields: Record<string, unknown>) => void;

const SECRET_KEY = /secret|password|passwd|token|authori[sz]ation|cookie|credential|^request$|^body$|plain|decrypted/i;
const ACCOUNT_KEY = /account(number|no)?$|accountnumber|acctno|^vpa|vpahandle|phone|email/i;

// Re-exported so the log's callers keep one import; the masking style itself lives in shared/domain/mask.
export { maskAccount };

function maskDigitRuns(text: string): string {
  return text.replace(/\d{8,}/g, (run) => maskAccount(run));
}

/** A copy of `fields` that is safe to write anywhere. */
export function redactFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = redactValue(key, value, depth);
  return out;
}

function redactValue(key: string, value: unknown, depth: number): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (typeof value === 'string') {
    if (ACCOUNT_KEY.test(key)) return maskAccount(value);
    const masked = maskDigitRuns(value);
    return masked.length > 300 ? `${masked.slice(0, 300)}…` : masked;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 3) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => redactValue(key, v, depth + 1));
  return redactFields(value as Record<string, unknown>, depth + 1);
}

/** Wraps an optional sink so that it only ever receives redacted fields and can never throw into a call. */
export function safeLogger(sink: EnkashLog | undefined): EnkashLog {
  if (!sink) return () => {};
  return (event, fields) => {
    try {
      sink(event, redactFields(fields));
    } catch {
      // A broken log sink must not turn a payout into an unknown outcome.
    }
  };
}
