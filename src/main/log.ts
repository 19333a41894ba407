import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogFields = Record<string, unknown>;
export type Logger = {
  info: (event: string, fields?: LogFields) => void;
  warn: (event: string, fields?: LogFields) => void;
  error: (event: string, fields?: LogFields) => void;
};

// Keys whose values never reach a log line, whatever code passes them in.
const SECRET_KEY = /secret|password|passwd|token|authorization|cookie|request$|^body$/i;
const ACCOUNT_KEY = /account(number)?$|accountNo|acctNo/i;

/** Masks an account number to its last four digits, as the UI and logs show it. */
export function maskAccount(value: string): string {
  const trimmed = value.replace(/\s+/g, '');
  return trimmed.length <= 4 ? '****' : `${'*'.repeat(Math.min(trimmed.length - 4, 8))}${trimmed.slice(-4)}`;
}

/** Returns a copy of `fields` safe to write: secrets replaced, account numbers masked, long strings cut. */
export function redact(fields: LogFields, depth = 0): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    else if (ACCOUNT_KEY.test(key) && typeof value === 'string') out[key] = maskAccount(value);
    else if (typeof value === 'string') out[key] = value.length > 500 ? `${value.slice(0, 500)}…` : value;
    else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 3)
      out[key] = redact(value as LogFields, depth + 1);
    else out[key] = value;
  }
  return out;
}

/** A JSON-lines logger; every line goes through `redact`. `file` null logs to memory only (tests). */
export function createLogger(file: string | null, sink?: (line: string) => void): Logger {
  if (file) mkdirSync(dirname(file), { recursive: true });
  const write = (level: string, event: string, fields: LogFields = {}) => {
    const line = JSON.stringify({ at: new Date().toISOString(), level, event, ...redact(fields) });
    if (file) appendFileSync(file, `${line}\n`);
    sink?.(line);
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}
