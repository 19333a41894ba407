import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
// The Node build: no Electron needed, so the CLI and the tests log exactly as the app's main process does.
import electronLog from 'electron-log/node';
import { redactFields } from './enkash/redact';

export type LogFields = Record<string, unknown>;
export type Logger = {
  info: (event: string, fields?: LogFields) => void;
  warn: (event: string, fields?: LogFields) => void;
  error: (event: string, fields?: LogFields) => void;
};

export type LogFileOptions = {
  /** The file is archived once it passes this size. */
  maxBytes?: number;
  /** How many archives (`app.1.log` newest … `app.N.log`) are kept; older ones are deleted. */
  keep?: number;
};

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_KEEP = 3;

// One redaction for every log line in main: the EnKash client's (secrets by key, account numbers masked).
export { maskAccount, redactFields as redact } from './enkash/redact';

type Level = 'info' | 'warn' | 'error';

// electron-log reports a failed file write through its default logger's console — a stack trace per line, so
// a full disk would flood the CLI's stderr. We count dropped lines ourselves (see createLogger): mute that.
electronLog.transports.console.writeFn = () => undefined;

const archivePath = (file: string, k: number) => file.replace(/(\.log)?$/, (ext) => `.${k}${ext || '.log'}`);

/** app.log → app.1.log, app.1.log → app.2.log …; the oldest beyond `keep` is deleted. */
function rotate(file: string, keep: number): void {
  try {
    rmSync(archivePath(file, keep), { force: true });
    for (let k = keep - 1; k >= 1; k--) {
      if (existsSync(archivePath(file, k))) renameSync(archivePath(file, k), archivePath(file, k + 1));
    }
    renameSync(file, archivePath(file, 1));
  } catch {
    // A rename refused (another process holds the file on Windows, a full disk …): keep appending to the
    // current file rather than lose lines; the next write past the limit tries again.
  }
}

/** A line writer on electron-log's file transport; `write` reports whether the line reached the disk. */
function fileWriter(file: string, options: LogFileOptions): (level: Level, line: string) => boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch {
    // No folder (full disk, read-only): electron-log then reports every write as failed; the app goes on.
  }
  const keep = Math.max(1, options.keep ?? DEFAULT_KEEP);
  // One electron-log instance per file; its logId keys a static registry, so re-creating one replaces it.
  const logger = electronLog.create({ logId: `payout-desk:${file}` });
  for (const name of ['console', 'ipc', 'remote'] as const) {
    const transport = logger.transports[name];
    if (transport) transport.level = false;
  }
  const transport = logger.transports.file;
  transport.resolvePathFn = () => file;
  transport.maxSize = options.maxBytes ?? DEFAULT_MAX_BYTES;
  transport.archiveLogFn = () => rotate(file, keep);
  // Synchronous writes: a line logged just before a crash or the CLI's exit is on disk.
  transport.sync = true;
  // Our lines are finished JSON: no timestamp prefix, no `%c` styling or printf handling of their text.
  transport.transforms = [({ data }) => String(data[0])];
  let failed = false;
  // electron-log catches every write error (ENOSPC, EACCES …) and emits it here instead of throwing.
  transport.getFile().on('error', () => {
    failed = true;
  });
  return (level, line) => {
    failed = false;
    logger[level](line);
    return !failed;
  };
}

/**
 * A JSON-lines logger; every line goes through `redact`. `file` null logs to memory only (tests). The file
 * rotates by size and never throws: while the disk is full lines are dropped (the sink still gets them), and
 * the first line that reaches the disk again is preceded by a `log_lines_dropped` note with the count.
 */
export function createLogger(file: string | null, sink?: (line: string) => void, options: LogFileOptions = {}): Logger {
  let toFile: ((level: Level, line: string) => boolean) | null = null;
  try {
    if (file) toFile = fileWriter(file, options);
  } catch {
    // Logging must never stop the app: without a usable file every line counts as dropped.
    toFile = () => false;
  }
  let dropped = 0;
  const format = (level: Level, event: string, fields: LogFields) =>
    JSON.stringify({ at: new Date().toISOString(), level, event, ...redactFields(fields) });
  const write = (level: Level, event: string, fields: LogFields = {}) => {
    if (toFile && dropped > 0) {
      // Tried on the file first: while the disk stays full the note is not repeated to the sink line by line.
      const note = format('warn', 'log_lines_dropped', { count: dropped });
      if (toFile('warn', note)) {
        sink?.(note);
        dropped = 0;
      }
    }
    const line = format(level, event, fields);
    sink?.(line);
    if (toFile && !toFile(level, line)) dropped++;
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}
