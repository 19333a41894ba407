import { AppError } from '../shared/domain/errors';
import { deskIpc, deskRequest, parseDeskUrl } from '../main/services/team/desk-client';
import { deskExportSource } from '../main/services/team/desk-exports';
import type { ExportSource } from '../main/services/exports/jobs';
import type { CliIo } from './command';
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
  /**
   * An export streamed by the server (`POST /api/exports`) as the source the local writers take
   * (main/services/team/desk-exports.ts, shared with the desk app's Team mode).
   */
  exportSource(body: unknown, signal?: AbortSignal): Promise<ExportSource>;
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
    exportSource: (body, signal) => deskExportSource(base, token, body, signal),
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
