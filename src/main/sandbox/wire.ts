import type { IncomingMessage, ServerResponse } from 'node:http';
import { DecryptError, decryptText, encryptText } from '../enkash/crypto';
import { isJsonObject, JsonSyntaxError, parseJsonExact, type JsonObject } from './exact-json';
import { MESSAGES } from './validation';
import type { Dialect } from './types';
import { FILE_TYPES } from '../../shared/domain/file-types';

/**
 * The wire format: the encrypted envelope `{"request": base64(AES-128-ECB(JSON))}` in both directions, the
 * dialect-dependent success wrapper, and plain-JSON error bodies. Handlers return an {@link ApiResult}; only
 * this module decides how it looks on the wire.
 */

export type ApiResult =
  /** Business success: wrapped per dialect (or bare for a GET when `wrapGets` is off). */
  | { kind: 'ok'; payload: unknown }
  /** A body with its own fixed shape (the statement's `response_code` string wrapper). */
  | { kind: 'raw'; body: unknown }
  /** A business error: body code, and the HTTP status too when `errorsAsHttpStatus`. */
  | { kind: 'error'; code: number; message: string };

export type WireReply = { status: number; body: unknown };

export function wrap(dialect: Dialect, code: number, message: string, payload: unknown): Record<string, unknown> {
  switch (dialect.wrapper) {
    case 'code':
      return { code, message, payload };
    case 'data':
      return { response_code: code, response_message: message, data: payload };
    case 'response_code':
      return { response_code: code, response_message: message, payload };
  }
}

/** HTTP status for a body code: the code itself for 4xx/5xx when the dialect says so, else 200. */
export function statusFor(dialect: Dialect, code: number): number {
  return dialect.errorsAsHttpStatus && code >= 400 && code <= 599 ? code : 200;
}

/** Turns a handler result into the HTTP status and JSON body the client receives. */
export function renderResult(result: ApiResult, dialect: Dialect, key: Buffer, isGet: boolean): WireReply {
  const encrypt = !isGet || dialect.encryptGets;
  const seal = (plain: unknown): unknown => (encrypt ? { request: encryptText(JSON.stringify(plain), key) } : plain);
  switch (result.kind) {
    case 'ok':
      return {
        status: 200,
        body: seal(isGet && !dialect.wrapGets ? result.payload : wrap(dialect, 0, 'Success', result.payload)),
      };
    case 'raw':
      return { status: 200, body: seal(result.body) };
    case 'error': {
      const body = dialect.encryptErrors
        ? { request: encryptText(JSON.stringify(wrap(dialect, result.code, result.message, null)), key) }
        : { code: result.code, message: result.message };
      return { status: statusFor(dialect, result.code), body };
    }
  }
}

export type DecodeResult = { ok: true; body: JsonObject } | { ok: false; message: string };

/**
 * Opens a request envelope. A wrong key fails the padding check (or, 1 time in 256, yields bytes that are not
 * UTF-8 JSON); both are reported as "Invalid encrypted request", which is the signal the client's
 * key-derivation probe looks for. Readable JSON that is not an object is "Invalid request format".
 */
export function decodeEnvelope(text: string, key: Buffer): DecodeResult {
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch {
    return { ok: false, message: MESSAGES.invalidFormat };
  }
  const cipher = (outer as { request?: unknown } | null)?.request;
  if (typeof outer !== 'object' || outer === null || typeof cipher !== 'string') {
    return { ok: false, message: MESSAGES.invalidFormat };
  }
  let plain: string;
  try {
    plain = decryptText(cipher, key);
  } catch (e) {
    if (e instanceof DecryptError) return { ok: false, message: MESSAGES.invalidEncrypted };
    throw e;
  }
  if (plain.includes('\uFFFD')) return { ok: false, message: MESSAGES.invalidEncrypted };
  try {
    const inner = parseJsonExact(plain);
    return isJsonObject(inner) ? { ok: true, body: inner } : { ok: false, message: MESSAGES.invalidFormat };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, message: MESSAGES.invalidEncrypted };
    throw e;
  }
}

/** A ciphertext that can never be opened (not a whole number of AES blocks): the `garbled_envelope` fault. */
export function garble(validCipher: string): string {
  const bytes = Buffer.from(validCipher, 'base64');
  return bytes.subarray(0, Math.max(1, bytes.length - 5)).toString('base64');
}

export class BodyTooLargeError extends Error {}

/** Reads the request body as UTF-8, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': FILE_TYPES.json.mime,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}
