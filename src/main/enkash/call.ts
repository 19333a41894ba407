import type { z } from 'zod';
import type { ChecksumMode } from '../../shared/settings/api-profile';
import { applyRequestChecksum } from './checksum';
import { deriveKey, encryptText, type KeyDerivation } from './crypto';
import { stringifyJson } from './decimal-json';
import { type CallEffect, EnkashFailureError, fail, isEncryptionFailedMessage, toAppError } from './errors';
import type { EnkashLog } from './redact';
import { type ParsedBody, parseResponseBody } from './response';
import type { TokenManager } from './token-manager';
import type { HttpMethod, Transport } from './transport';
import { FILE_TYPES } from '../../shared/domain/file-types';

/**
 * One authenticated EnKash call: token → checksum hook → encrypt → send → parse → classify, with exactly one
 * re-login and one retry on a 401/403 (a second 403 is "this computer is refused", never a loop). Every failure
 * leaves here as an AppError from the single mapping in errors.ts.
 */

export type CallSpec<T> = {
  operation: string;
  effect: CallEffect;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Plain request JSON (may hold DecimalLiterals); sent as the encrypted `{"request": …}` envelope. */
  body?: unknown;
  /** Reads the parsed success body; throw (via fail) bad_shape when it does not fit. */
  accept: (parsed: ParsedBody, httpStatus: number) => T;
  /** A non-success answer that is really a result (e.g. "no records found" → empty list). */
  recover?: (answer: { httpStatus: number; code: number | null; message: string | null }) => T | undefined;
  /** Value for a 2xx with an empty body (e.g. 204 on delete). */
  emptyBody?: () => T;
  /**
   * `encrypted` (default): the payout `{"request": …}` envelope. `plain`: the JSON as is, for a product page that
   * shows no encryption (verification, enkash-api.md §16). Answers are read tolerantly either way.
   */
  envelope?: 'encrypted' | 'plain';
  /** Override the effect's retry: a read whose id may be used only once must not be re-sent either. */
  retry?: 'never';
  /** Aborts the request in flight (a user's cancel). */
  signal?: AbortSignal;
};

export type CallCore = {
  execute<T>(spec: CallSpec<T>): Promise<T>;
  /** Raw access for diagnostics: an authenticated request whose body text is returned unparsed. */
  raw(
    spec: Omit<CallSpec<unknown>, 'accept'>,
    derivation?: KeyDerivation,
  ): Promise<{ status: number; text: string; key: Buffer }>;
};

export type CallCoreOptions = {
  transport: Transport;
  tokens: TokenManager;
  derivation: KeyDerivation;
  /** The profile's checksum switch (`off` unless EnKash supplied the steps). */
  checksum?: ChecksumMode;
  log: EnkashLog;
};

/**
 * Validates a call's input with zod; a failure is an invalid_input AppError naming paths, never values
 * (values may be account numbers).
 */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data as z.infer<S>;
  const issues = result.error.issues
    .slice(0, 20)
    .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw toAppError(new EnkashFailureError({ kind: 'invalid_input', issues }), { operation, effect: 'read' });
}

export function createCallCore(opts: CallCoreOptions): CallCore {
  async function send(spec: Omit<CallSpec<unknown>, 'accept'>, derivation: KeyDerivation) {
    const session = await opts.tokens.getSession();
    const key = deriveKey(session.credentials.clientSecret, derivation);
    // The single checksum hook: every authenticated request, write or read, passes here before encryption.
    const signed = applyRequestChecksum(
      { operation: spec.operation, method: spec.method, path: spec.path, body: spec.body },
      opts.checksum ?? 'off',
    );
    const body =
      signed.body === undefined
        ? undefined
        : spec.envelope === 'plain'
          ? stringifyJson(signed.body)
          : // Base64 needs no escaping and holds no DecimalLiteral: the built-in writes the same text, faster.
            JSON.stringify({ request: encryptText(stringifyJson(signed.body), key) });
    const response = await opts.transport.send({
      operation: spec.operation,
      method: spec.method,
      path: spec.path,
      query: spec.query,
      headers: {
        ...signed.headers,
        Authorization: `Bearer ${session.accessToken}`,
        'Content-Type': FILE_TYPES.json.mime,
      },
      body,
      retry: spec.retry ?? (spec.effect === 'read' ? 'read-once' : 'never'),
      signal: spec.signal,
    });
    return { ...response, key, accessToken: session.accessToken };
  }

  async function attempt<T>(spec: CallSpec<T>): Promise<T> {
    for (let round = 0; ; round++) {
      const res = await send(spec, opts.derivation);
      let parsed: ParsedBody | null = null;
      let parseError: unknown = null;
      try {
        parsed = parseResponseBody(res.text, res.status, res.key);
      } catch (e) {
        parseError = e;
      }
      const message = parsed?.message ?? null;
      const code = parsed && parsed.code !== null && parsed.code >= 0 ? parsed.code : null;
      // A 401, a 403 that is not "Encryption failed for response" (that one means the request may have run),
      // or a body code 401: the token is stale. Log in once more and retry once; never loop.
      const authProblem =
        res.status === 401 ||
        (res.status === 403 && !isEncryptionFailedMessage(message)) ||
        (res.status >= 200 && res.status < 300 && code === 401);
      if (authProblem) {
        opts.tokens.invalidate(res.accessToken);
        if (round === 0) {
          opts.log('reauth', { operation: spec.operation, status: res.status });
          continue;
        }
        // A 403 that a fresh token did not cure: this computer's IP (or the account) is refused, not the token.
        const kind = res.status === 403 ? 'forbidden' : 'auth_rejected';
        const answer = { httpStatus: res.status, enkashCode: code, enkashMessage: message };
        fail(kind === 'forbidden' ? { kind, during: 'call', ...answer } : { kind, ...answer });
      }
      const httpOk = res.status >= 200 && res.status < 300;
      if (!httpOk || (parsed && parsed.code !== null && parsed.code !== 0)) {
        const recovered = spec.recover?.({ httpStatus: res.status, code, message });
        if (recovered !== undefined) return recovered;
        fail({
          kind: 'server_code',
          httpStatus: res.status,
          enkashCode: code,
          enkashMessage: message ?? (parsed?.codeText ? `code ${parsed.codeText}` : null),
          enkashCodeText: parsed?.codeText ?? null,
        });
      }
      if (parseError) {
        const empty =
          parseError instanceof EnkashFailureError &&
          parseError.failure.kind === 'unreadable_body' &&
          parseError.failure.reason === 'empty';
        if (empty && spec.emptyBody) return spec.emptyBody();
        throw parseError;
      }
      opts.log('ok', {
        operation: spec.operation,
        status: res.status,
        wrapper: parsed!.wrapper,
        encrypted: parsed!.encrypted,
      });
      return spec.accept(parsed!, res.status);
    }
  }

  return {
    async execute(spec) {
      try {
        return await attempt(spec);
      } catch (e) {
        const err = toAppError(e, spec);
        opts.log('error', {
          operation: spec.operation,
          code: err.code,
          reason: err.details?.reason,
          httpStatus: err.details?.httpStatus,
          enkashCode: err.details?.enkashCode,
        });
        throw err;
      }
    },
    async raw(spec, derivation = opts.derivation) {
      try {
        const { status, text, key } = await send(spec, derivation);
        return { status, text, key };
      } catch (e) {
        throw toAppError(e, spec);
      }
    },
  };
}
