import { isoTime, type Engine } from './engine';
import { has, readString, type JsonObject } from './exact-json';
import { pageOf, parsePaging } from './paging';
import type { StoredBeneficiary } from './state';
import { MESSAGES, PATTERNS, validateBeneficiary } from './validation';
import type { ApiResult } from './wire';

/**
 * Beneficiary calls. Delete is a soft delete: the record disappears from search and payouts, and its id stays
 * reserved (409 on re-create) unless the dialect says ids are reusable — EnKash does not document which.
 */

function view(b: StoredBeneficiary): Record<string, unknown> {
  const { createdOn, deletedOn: _deleted, ...fields } = b;
  return { ...fields, createdOn: isoTime(createdOn) };
}

export function createBeneficiary(engine: Engine, body: JsonObject, now: number): ApiResult {
  const result = validateBeneficiary(body);
  if (!result.ok) return { kind: 'error', code: result.code, message: result.message };
  const existing = engine.state.beneficiaries.get(result.value.beneficiaryId);
  if (existing && (existing.deletedOn === undefined || !engine.dialect.beneficiaryIdReusable)) {
    return { kind: 'error', code: 409, message: MESSAGES.beneficiaryExists };
  }
  const stored: StoredBeneficiary = { ...result.value, createdOn: now };
  engine.state.beneficiaries.set(stored.beneficiaryId, stored);
  engine.dirty = true;
  return { kind: 'ok', payload: view(stored) };
}

/**
 * POST search: `beneficiaryId` (exact) and/or `beneficiaryName` (case-insensitive substring); paging by
 * `offset`/`limit` query. The payload is a plain array of beneficiaries (deleted ones are never listed).
 */
export function searchBeneficiaries(engine: Engine, body: JsonObject, query: URLSearchParams): ApiResult {
  const paging = parsePaging(query, engine.dialect.searchOffset);
  const id = readString(body, 'beneficiaryId');
  const name = readString(body, 'beneficiaryName');
  if (
    !paging ||
    (has(body, 'beneficiaryId') && typeof body.beneficiaryId !== 'string') ||
    (has(body, 'beneficiaryName') && typeof body.beneficiaryName !== 'string')
  ) {
    return { kind: 'error', code: 422, message: MESSAGES.invalidParameter };
  }
  const needle = name?.trim().toLowerCase();
  const matches = [...engine.state.beneficiaries.values()]
    .filter((b) => b.deletedOn === undefined)
    .filter((b) => !id || b.beneficiaryId === id)
    .filter((b) => !needle || b.beneficiaryName.toLowerCase().includes(needle))
    .sort((a, b) => (paging.direction === 'DESC' ? b.createdOn - a.createdOn : a.createdOn - b.createdOn));
  return { kind: 'ok', payload: pageOf(matches, paging).map(view) };
}

/** DELETE by path segment, `?beneficiaryId=` or a body `{beneficiaryId}`; unknown or already deleted → 404. */
export function deleteBeneficiary(engine: Engine, id: string | undefined, now: number): ApiResult {
  if (!id || !PATTERNS.beneficiaryId.test(id))
    return { kind: 'error', code: 422, message: MESSAGES.invalidBeneficiaryId };
  const existing = engine.state.beneficiaries.get(id);
  if (!existing || existing.deletedOn !== undefined) {
    return { kind: 'error', code: 404, message: MESSAGES.beneficiaryNotFound };
  }
  existing.deletedOn = now;
  engine.dirty = true;
  return { kind: 'ok', payload: { beneficiaryId: id, deleted: true, deletedOn: isoTime(now) } };
}
