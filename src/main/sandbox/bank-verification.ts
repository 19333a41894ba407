import { ENKASH_FIELDS } from '../../shared/rules/enkash-fields';
import { bankRecordFor } from './bank-names';
import type { Engine } from './engine';
import { isJsonObject, JsonSyntaxError, parseJsonExact, readString, type JsonObject } from './exact-json';
import { nextSeq, type StoredVerification } from './state';
import type { Dialect } from './types';
import { MESSAGES } from './validation';
import {
  decodeEnvelope,
  renderResult,
  statusFor,
  wrap,
  type ApiResult,
  type DecodeResult,
  type WireReply,
} from './wire';

/**
 * `POST /api/v0/pennyDrop` (enkash-api.md §16). Its envelope, where the echoes sit and the `status` words are
 * UNKNOWN, so each is a dialect switch (see Dialect) and the client proves it reads every one. A
 * `customerRequestId` is accepted once, ever (EnKash says unique); a penny drop (`pennyLess: false`) gets a UTR.
 */

export const PENNY_DROP_REQUIRED =
  'beneficiaryAccountNumber, beneficiaryIfscCode, customerRequestId and pennyLess are required';
export const PENNY_DROP_DUPLICATE = 'Duplicate customerRequestId';

/** The request body per the dialect's envelope: a plain server reads JSON as is, an encrypted one opens it. */
export function decodePennyDropBody(text: string, key: Buffer, dialect: Dialect): DecodeResult {
  if (dialect.pennyDropEnvelope === 'encrypted') return decodeEnvelope(text, key);
  try {
    const body = parseJsonExact(text);
    // An envelope here is just a body without the fields: the handler refuses it as such.
    return isJsonObject(body) ? { ok: true, body } : { ok: false, message: MESSAGES.invalidFormat };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, message: MESSAGES.invalidFormat };
    throw e;
  }
}

const CUSTOMER_REQUEST_ID = /^[A-Za-z0-9_-]{1,50}$/;

export function pennyDrop(engine: Engine, body: JsonObject, now: number): ApiResult {
  const accountNumber = readString(body, 'beneficiaryAccountNumber');
  const ifsc = readString(body, 'beneficiaryIfscCode');
  const customerRequestId = readString(body, 'customerRequestId');
  const pennyLess = body.pennyLess;
  if (accountNumber === undefined || ifsc === undefined || customerRequestId === undefined) {
    return { kind: 'error', code: 400, message: PENNY_DROP_REQUIRED };
  }
  if (typeof pennyLess !== 'boolean') return { kind: 'error', code: 400, message: PENNY_DROP_REQUIRED };
  if (!ENKASH_FIELDS.accountNumber.pattern.test(accountNumber)) {
    return { kind: 'error', code: 422, message: 'Please provide a valid beneficiary account number' };
  }
  if (!ENKASH_FIELDS.ifsc.pattern.test(ifsc))
    return { kind: 'error', code: 422, message: 'Please provide a valid IFSC' };
  if (!CUSTOMER_REQUEST_ID.test(customerRequestId)) {
    return { kind: 'error', code: 422, message: 'Please provide a valid customerRequestId' };
  }
  if (engine.state.verifications.has(customerRequestId)) {
    return { kind: 'error', code: 409, message: PENNY_DROP_DUPLICATE };
  }

  const seq = nextSeq(engine.state);
  const record = bankRecordFor(accountNumber, ifsc);
  const verified = record.kind === 'holder';
  const stored: StoredVerification = {
    customerRequestId,
    accountNumber,
    ifsc: ifsc.toUpperCase(),
    pennyLess,
    enkashUniqueId: `EKV${String(seq).padStart(10, '0')}`,
    status: verified ? 'verified' : 'failed',
    // A penny drop credits the account, so the bank's reference exists; a penny-less check moves nothing.
    ...(pennyLess || !verified ? {} : { utr: String(700_000_000_000 + seq) }),
    at: now,
  };
  engine.state.verifications.set(customerRequestId, stored);
  engine.dirty = true;

  const unlisted = engine.dialect.pennyDropStatusWords === 'unlisted';
  const status = verified ? (unlisted ? 'NAME_FETCHED' : 'SUCCESS') : unlisted ? 'NAME_NOT_FETCHED' : 'FAILED';
  const answer: Record<string, unknown> = {
    ifsc: stored.ifsc,
    requestId: `SBXREQ${String(seq).padStart(8, '0')}`,
    enkashUniqueId: stored.enkashUniqueId,
    utr: stored.utr ?? null,
    status,
    beneficiaryName: record.kind === 'holder' ? record.name : null,
    ...(record.kind === 'unverifiable' ? { reason: record.reason } : {}),
  };
  const echoes = {
    beneficiaryAccountNumber: accountNumber,
    customerRequestId,
    beneficiaryIfscCode: ifsc,
    pennyLess,
  };
  if (engine.dialect.pennyDropEchoes === 'inside') {
    return { kind: 'raw', body: wrap(engine.dialect, 0, 'Success', { ...answer, ...echoes }) };
  }
  // The doc's sample: the echoes beside `payload`.
  return { kind: 'raw', body: { ...wrap(engine.dialect, 0, 'Success', answer), ...echoes } };
}

/** The answer in the dialect's envelope: sealed like every payout answer, or plain JSON throughout. */
export function renderPennyDrop(result: ApiResult, dialect: Dialect, key: Buffer): WireReply {
  if (dialect.pennyDropEnvelope === 'encrypted') return renderResult(result, dialect, key, false);
  switch (result.kind) {
    case 'ok':
      return { status: 200, body: wrap(dialect, 0, 'Success', result.payload) };
    case 'raw':
      return { status: 200, body: result.body };
    case 'error':
      return { status: statusFor(dialect, result.code), body: { code: result.code, message: result.message } };
  }
}
