import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { AppError, ERROR_CODES, type ErrorCode } from '../shared/domain/errors';
import { deskIpc, deskRequest, parseDeskUrl } from '../main/services/team/desk-client';
import type { CliIo } from './command';
import { decodeRows, type ExportHead, type ExportLine } from '../main/server/export-route';
import type { ExportSource } from '../main/services/exports/jobs';
import { PAYOUT_COLUMNS } from '../main/services/exports/payout-columns';
import { RECON_COLUMNS } from '../main/services/exports/recon-columns';
import { USER_ENV, USER_PASSWORD_ENV } from './team-user';

/**
 * A CLI command's line to a Desk Server (`--server URL`, issue 14 point 5): signs in as PAYOUT_DESK_USER with
 * PAYOUT_DESK_PASSWORD, calls the API with the session token (main/services/team/desk-client.ts, shared with the
 * desk app's Team screen), and signs out at the end. The server's errors come back as the same AppError, so exit
 * codes match a local run.
 */
export type ServerSession = {
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  ipc<T>(command: string, input?: unknown): Promise<T>;
  /** A POST whose answer is NDJSON (the server's export stream): one parsed value per line, as they arrive. */
  lines(path: string, body: unknown, signal?: AbortSignal): AsyncGenerator<unknown>;
  end(): Promise<void>;
};

/** `--server`'s URL, with the flag named in the message. */
export function checkServerUrl(text: string): URL {
  try {
    return parseDeskUrl(text);
  } catch (error) {
    throw new AppError('invalid_input', `--server: ${(error as Error).message} (got "${text}")`);
  }
}

export async function openServerSession(serverUrl: string, io: CliIo): Promise<ServerSession> {
  const base = checkServerUrl(serverUrl);
  const name = io.env[USER_ENV];
  const password = io.env[USER_PASSWORD_ENV];
  if (!name || !password) {
    throw new AppError('signed_out', `Set ${USER_ENV} and ${USER_PASSWORD_ENV} to sign in to the Desk Server.`);
  }
  const { token } = await deskRequest<{ token: string }>(base, 'POST', '/api/sign-in', null, { name, password });
  return {
    call: (method, path, body) => deskRequest(base, method, path, token, body),
    ipc: (command, input) => deskIpc(base, token, command, input),
    lines: (path, body, signal) => ndjson(base, token, path, body, signal),
    end: async () => {
      await deskRequest(base, 'POST', '/api/sign-out', token).catch(() => undefined);
    },
  };
}

/** One desk command run by a Desk Server (`/ipc/<command>`, role-checked there): sign in, call, sign out. */
export async function viaServer<T>(serverUrl: string, io: CliIo, command: string, input?: unknown): Promise<T> {
  const session = await openServerSession(serverUrl, io);
  try {
    return await session.ipc<T>(command, input);
  } finally {
    await session.end();
  }
}

const knownCode = (code: unknown): ErrorCode =>
  (ERROR_CODES as readonly unknown[]).includes(code) ? (code as ErrorCode) : 'internal';

/**
 * A streamed answer read line by line, so an export of any size never sits whole in memory. No overall timeout:
 * a long export is still working; Ctrl-C (the signal) ends it. A refusal before the stream is the usual envelope.
 */
async function* ndjson(
  base: URL,
  token: string,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): AsyncGenerator<unknown> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw new AppError('cancelled', 'Cancelled.');
    throw new AppError(
      'db_error',
      `The Desk Server at ${base.origin} could not be reached: ${(error as Error).message}`,
    );
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    let err: { code?: unknown; message?: unknown } | undefined;
    try {
      err = (JSON.parse(text) as { error?: typeof err }).error;
    } catch {
      err = undefined;
    }
    throw new AppError(
      knownCode(err?.code),
      typeof err?.message === 'string' ? err.message : `The Desk Server answered HTTP ${res.status}.`,
    );
  }
  const input = Readable.fromWeb(res.body as never);
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of reader) {
      if (line.trim() === '') continue;
      yield JSON.parse(line) as unknown;
    }
  } catch (error) {
    if (signal?.aborted) throw new AppError('cancelled', 'Cancelled.');
    if (error instanceof SyntaxError) throw new AppError('internal', 'The Desk Server sent a broken export line.');
    throw new AppError('db_error', `The Desk Server's export stream broke: ${(error as Error).message}`);
  } finally {
    // Stopped early (a failed write, Ctrl-C): drop the connection, so the server stops reading for nobody.
    reader.close();
    input.destroy();
  }
}

/**
 * An export read from a Desk Server (`POST /api/exports`, export-route.ts) as the source the local writers take:
 * the file is written here, page by page as the pages arrive. A stream that ends without its `end` line was cut
 * short: that is an error, so no short file is kept under the name.
 */
export async function serverExportSource(
  session: ServerSession,
  body: unknown,
  signal?: AbortSignal,
): Promise<ExportSource> {
  const lines = session.lines('/api/exports', body, signal);
  const first = await lines.next();
  const head = first.value as ExportHead | ExportLine | undefined;
  if (first.done || !head || !('kind' in head)) {
    if (head && 'error' in head) throw new AppError(knownCode(head.error.code), head.error.message);
    throw new AppError('internal', 'The Desk Server did not start the export.');
  }
  let end: { footer: unknown[][]; totalPaise: number } | null = null;
  async function* chunks() {
    for await (const value of lines) {
      const line = value as ExportLine;
      if ('rows' in line) yield decodeRows(line.rows);
      else if ('end' in line) end = line.end;
      else if ('error' in line) throw new AppError(knownCode(line.error.code), line.error.message);
    }
    if (!end) throw new AppError('db_error', 'The Desk Server stopped the export midway; no file was written.');
  }
  return {
    sheet: { sheetName: head.sheetName, columns: head.kind === 'recon' ? RECON_COLUMNS : PAYOUT_COLUMNS },
    total: head.total,
    chunks: chunks(),
    footer: () => decodeRows(end?.footer ?? []),
    totalPaise: () => end?.totalPaise ?? 0,
  };
}
