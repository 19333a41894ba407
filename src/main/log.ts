import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactFields } from './enkash/redact';

export type LogFields = Record<string, unknown>;
export type Logger = {
  info: (event: string, fields?: LogFields) => void;
  warn: (event: string, fields?: LogFields) => void;
  error: (event: string, fields?: LogFields) => void;
};

// One redaction for every log line in main: the EnKash client's (secrets by key, account numbers masked).
export { maskAccount, redactFields as redact } from './enkash/redact';

/** A JSON-lines logger; every line goes through `redact`. `file` null logs to memory only (tests). */
export function createLogger(file: string | null, sink?: (line: string) => void): Logger {
  if (file) mkdirSync(dirname(file), { recursive: true });
  const write = (level: string, event: string, fields: LogFields = {}) => {
    const line = JSON.stringify({ at: new Date().toISOString(), level, event, ...redactFields(fields) });
    if (file) appendFileSync(file, `${line}\n`);
    sink?.(line);
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}
