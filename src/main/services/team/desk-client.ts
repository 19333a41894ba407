import { AppError, ERROR_CODES, type AppErrorShape, type ErrorCode } from '../../../shared/domain/errors';

/**
 * A client's line to a Desk Server's JSON API (issue 14 points 4-5): one request with an optional bearer token,
 * the server's error envelope turned back into the same AppError (code and message) the server threw. The token
 * is only ever put in the Authorization header: never in a message, a log line or a return value.
 */

const TIMEOUT_MS = 60_000;

/** The server's error code if this build knows it, else `internal` (a newer server's code is not guessed at). */
export const knownCode = (code: unknown): ErrorCode =>
  (ERROR_CODES as readonly unknown[]).includes(code) ? (code as ErrorCode) : 'internal';

/**
 * A Desk Server's address as a person typed it: http(s) only, no user or password in it (the sign-in form has
 * its own fields, and a URL ends up in logs and settings). Paths are dropped: the API lives at the root.
 */
export function parseDeskUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AppError('invalid_input', `Enter the Desk Server's address, such as https://desk.example.in:8750.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalid_input', "The Desk Server's address must start with http:// or https://.");
  }
  if (url.username || url.password) {
    throw new AppError('invalid_input', "Put no user name or password in the server's address: use the form.");
  }
  return new URL(url.origin);
}

export async function deskRequest<T>(
  base: URL,
  method: 'GET' | 'POST',
  path: string,
  token: string | null,
  body?: unknown,
): Promise<T> {
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
  const err = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!res.ok || err) {
    throw new AppError(
      knownCode(err?.code),
      typeof err?.message === 'string' ? err.message : `The Desk Server answered HTTP ${res.status}.`,
    );
  }
  return value as T;
}

/** One desk command run by the server (`POST /ipc/<command>`): the app's envelope unwrapped, or its AppError. */
export async function deskIpc<T>(base: URL, token: string, command: string, input?: unknown): Promise<T> {
  const envelope = await deskRequest<{ ok: boolean; value?: T; error?: Partial<AppErrorShape> }>(
    base,
    'POST',
    `/ipc/${command}`,
    token,
    input,
  );
  if (!envelope.ok) {
    throw new AppError(knownCode(envelope.error?.code), envelope.error?.message ?? 'The Desk Server refused it.');
  }
  return envelope.value as T;
}
