import { AppError, ERROR_CODES, type ErrorCode } from '../shared/domain/errors';
import type { CliIo } from './command';
import { USER_ENV, USER_PASSWORD_ENV } from './team-user';

/**
 * A CLI command's line to a Desk Server (`--server URL`, issue 14 point 5): signs in as PAYOUT_DESK_USER with
 * PAYOUT_DESK_PASSWORD, calls the API with the session token, and signs out at the end. The server's error
 * envelope comes back as the same AppError (code and message), so exit codes match a local run.
 */
export type ServerSession = {
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  end(): Promise<void>;
};

const TIMEOUT_MS = 60_000;

export function checkServerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('invalid_input', `--server needs a URL such as https://desk.example.in:8750 (got "${text}").`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalid_input', '--server needs an http:// or https:// URL.');
  }
  if (url.username || url.password) {
    throw new AppError(
      'invalid_input',
      `--server takes no user or password in the URL: use ${USER_ENV} and ${USER_PASSWORD_ENV}.`,
    );
  }
  return url;
}

async function request<T>(base: URL, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new AppError(
      'db_error',
      `The Desk Server at ${base.origin} could not be reached: ${(error as Error).message}`,
    );
  }
  const text = await res.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('internal', `The Desk Server at ${base.origin} answered HTTP ${res.status} without JSON.`);
  }
  const err = (value as { error?: { code?: unknown; message?: unknown } }).error;
  if (!res.ok || err) {
    const code = (ERROR_CODES as readonly unknown[]).includes(err?.code) ? (err!.code as ErrorCode) : 'internal';
    throw new AppError(
      code,
      typeof err?.message === 'string' ? err.message : `The Desk Server answered HTTP ${res.status}.`,
    );
  }
  return value as T;
}

export async function openServerSession(serverUrl: string, io: CliIo): Promise<ServerSession> {
  const base = checkServerUrl(serverUrl);
  const name = io.env[USER_ENV];
  const password = io.env[USER_PASSWORD_ENV];
  if (!name || !password) {
    throw new AppError('signed_out', `Set ${USER_ENV} and ${USER_PASSWORD_ENV} to sign in to the Desk Server.`);
  }
  const { token } = await request<{ token: string }>(base, 'POST', '/api/sign-in', null, { name, password });
  return {
    call: (method, path, body) => request(base, method, path, token, body),
    end: async () => {
      await request(base, 'POST', '/api/sign-out', token).catch(() => undefined);
    },
  };
}

/**
 * One desk command run by a Desk Server (`/ipc/<command>`, role-checked there): signs in, calls, signs out, and
 * returns the value of the app's envelope — or throws its error as the same AppError a local run would.
 */
export async function viaServer<T>(serverUrl: string, io: CliIo, command: string, input?: unknown): Promise<T> {
  const session = await openServerSession(serverUrl, io);
  try {
    const envelope = await session.call<{ ok: boolean; value?: T; error?: { code: ErrorCode; message: string } }>(
      'POST',
      `/ipc/${command}`,
      input,
    );
    if (!envelope.ok) {
      const code = (ERROR_CODES as readonly unknown[]).includes(envelope.error?.code)
        ? envelope.error!.code
        : 'internal';
      throw new AppError(code, envelope.error?.message ?? 'The Desk Server refused the request.');
    }
    return envelope.value as T;
  } finally {
    await session.end();
  }
}
