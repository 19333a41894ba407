import { DecryptError, decryptResponseText } from './crypto';
import { fail } from './errors';

/**
 * Tolerant reading of EnKash response bodies. The docs show at least four wrappers (enkash-api.md §2.3):
 * `{response_code, response_message, payload}`, `{response_code: "string", data}`, `{code, message}` and a
 * bare object, any of which may arrive inside the `{"request": base64}` envelope — or not (GET and error
 * bodies are probably plain). This module accepts all of them and reports which one it saw.
 */

export type WrapperStyle = 'response_code' | 'code' | 'bare';

export type ParsedBody = {
  /** 0 = success; null = the body carried no code (bare object); -1 = a code we could not read as a number. */
  code: number | null;
  /** The code as sent when it was not numeric (e.g. "FAILURE"), for diagnostics. */
  codeText: string | null;
  message: string | null;
  data: unknown;
  wrapper: WrapperStyle;
  encrypted: boolean;
  requestId: string | null;
  /**
   * The (opened) wrapper object itself, when the body was one: some answers put fields beside `payload` rather
   * than inside it (the verification sample's echoes, enkash-api.md §16).
   */
  outer?: Record<string, unknown>;
};

const CODE_KEYS = ['response_code', 'responseCode', 'code'] as const;
const MESSAGE_KEYS = ['response_message', 'responseMessage', 'message', 'error_description', 'error'] as const;
// Keys a wrapper may carry besides code/message/data; an object made only of these plus payload/data is a
// wrapper even when it has no code.
const WRAPPER_KEYS = new Set<string>([
  ...CODE_KEYS,
  ...MESSAGE_KEYS,
  'payload',
  'data',
  'requestId',
  'request_id',
  'status',
  'success',
  'timestamp',
  'errors',
  'path',
]);

type Json = unknown;

/**
 * Parses a response body. Throws (as an EnKash failure) `unreadable_body` for HTML, truncated or non-JSON
 * text and for `null`/primitive bodies, and `undecryptable` when an envelope will not open with `key`.
 */
export function parseResponseBody(text: string, httpStatus: number, key: Buffer | null): ParsedBody {
  const outer = parseJsonText(text, httpStatus);
  if (outer === null || typeof outer !== 'object') fail({ kind: 'unreadable_body', httpStatus, reason: 'not_object' });

  let encrypted = false;
  let body: Json = outer;
  const envelope = envelopeCipher(outer);
  if (envelope !== null) {
    body = openEnvelope(envelope, key, httpStatus);
    encrypted = true;
    // Some servers put the code beside the envelope rather than inside it; keep the outer one as a fallback.
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const { request: _ignored, ...outerRest } = outer as Record<string, unknown>;
      body = { ...outerRest, ...(body as Record<string, unknown>) };
    }
  }
  if (body === null || typeof body !== 'object') fail({ kind: 'unreadable_body', httpStatus, reason: 'not_object' });

  const parsed = unwrap(body);
  // A wrapper may hold the envelope one level down: {"response_code":0,"payload":{"request":"…"}}.
  const inner = envelopeCipher(parsed.data);
  if (inner !== null) {
    parsed.data = openEnvelope(inner, key, httpStatus);
    encrypted = true;
  }
  return { ...parsed, encrypted };
}

/** JSON.parse with typed failures, and one level of double encoding undone (a JSON string of JSON). */
export function parseJsonText(text: string, httpStatus: number): Json {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') fail({ kind: 'unreadable_body', httpStatus, reason: 'empty' });
  if (trimmed.startsWith('<') || /<html[\s>]/i.test(trimmed.slice(0, 512))) {
    fail({ kind: 'unreadable_body', httpStatus, reason: 'html' });
  }
  let value: Json;
  try {
    value = JSON.parse(trimmed);
  } catch {
    const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"');
    fail({ kind: 'unreadable_body', httpStatus, reason: looksJson ? 'truncated_json' : 'not_json' });
  }
  if (typeof value === 'string') {
    // EnKash's Node sample JSON.stringify()s its input, so a JSON text may arrive encoded a second time.
    const again = value.trim();
    if (again.startsWith('{') || again.startsWith('[')) {
      try {
        return JSON.parse(again);
      } catch {
        fail({ kind: 'unreadable_body', httpStatus, reason: 'truncated_json' });
      }
    }
  }
  return value;
}

function envelopeCipher(value: Json): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const request = (value as Record<string, unknown>).request;
  return typeof request === 'string' ? request : null;
}

function openEnvelope(cipherText: string, key: Buffer | null, httpStatus: number): Json {
  if (!key) fail({ kind: 'undecryptable', httpStatus });
  let plain: string;
  try {
    // Tolerant on purpose: MIME line breaks and URL-safe base64 are still this server's ciphertext.
    plain = decryptResponseText(cipherText, key);
  } catch (e) {
    if (e instanceof DecryptError) fail({ kind: 'undecryptable', httpStatus });
    throw e;
  }
  try {
    return parseJsonText(plain, httpStatus);
  } catch {
    // Valid padding but not JSON: almost always the wrong key (1 in 256 wrong keys pads correctly).
    fail({ kind: 'undecryptable', httpStatus });
  }
}

function unwrap(body: object): Omit<ParsedBody, 'encrypted'> {
  if (Array.isArray(body)) {
    return { code: null, codeText: null, message: null, data: body, wrapper: 'bare', requestId: null };
  }
  const obj = body as Record<string, unknown>;
  const codeKey = CODE_KEYS.find((k) => obj[k] !== undefined && obj[k] !== null);
  const hasDataKey = 'payload' in obj || 'data' in obj;
  const onlyWrapperKeys = Object.keys(obj).every((k) => WRAPPER_KEYS.has(k));
  const isWrapper = codeKey !== undefined || (hasDataKey && onlyWrapperKeys);

  const message = firstString(obj, MESSAGE_KEYS);
  const requestId = firstString(obj, ['requestId', 'request_id']);
  if (!isWrapper) {
    return { code: null, codeText: null, message, data: obj, wrapper: 'bare', requestId };
  }
  const { code, codeText } = codeKey ? readCode(obj[codeKey]) : { code: null, codeText: null };
  let data: unknown;
  if (obj.payload !== undefined) data = obj.payload;
  else if (obj.data !== undefined) data = obj.data;
  else {
    // `{response_code: 0, totalBalance: 5}`: whatever is not wrapper furniture is the data.
    const rest = Object.fromEntries(Object.entries(obj).filter(([k]) => !WRAPPER_KEYS.has(k)));
    data = Object.keys(rest).length > 0 ? rest : null;
  }
  const wrapper: WrapperStyle = codeKey === 'code' || codeKey === undefined ? 'code' : 'response_code';
  return { code, codeText, message, data, wrapper, requestId, outer: obj };
}

/** A body code as a number: 0, 409, "409", "0"; "SUCCESS"/"OK" count as 0; anything else is -1. */
export function readCode(raw: unknown): { code: number | null; codeText: string | null } {
  if (typeof raw === 'number' && Number.isInteger(raw)) return { code: raw, codeText: null };
  if (typeof raw === 'string') {
    const t = raw.trim();
    if (/^-?\d{1,9}$/.test(t)) return { code: Number(t), codeText: null };
    if (/^(success|ok)$/i.test(t)) return { code: 0, codeText: t };
    return { code: -1, codeText: t.slice(0, 40) };
  }
  if (typeof raw === 'boolean') return { code: raw ? 0 : -1, codeText: String(raw) };
  return { code: -1, codeText: null };
}

function firstString(obj: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}
