import { isoTime, type Engine } from './engine';
import { has, isJsonObject, readString, type JsonObject } from './exact-json';
import { contactFieldsOut, contactFieldsIn } from './contact-fields';
import { pageOf, searchPagingOf } from './paging';
import type { StoredBeneficiary } from './state';
import { MESSAGES, PATTERNS, validateBeneficiary } from './validation';
import type { ApiResult } from './wire';

/**
 * Beneficiary calls. Delete is a soft delete: the record disappears from search and payouts, and its id stays
 * reserved (409 on re-create) unless the dialect says ids are reusable — EnKash does not document which.
 */

function view(engine: Engine, b: StoredBeneficiary): Record<string, unknown> {
  const { createdOn, deletedOn: _deleted, ...fields } = b;
  return contactFieldsOut({ ...fields, createdOn: isoTime(createdOn) }, engine.dialect);
}

export function createBeneficiary(engine: Engine, body: JsonObject, now: number): ApiResult {
  const result = validateBeneficiary(contactFieldsIn(body, engine.dialect));
  if (!result.ok) return { kind: 'error', code: result.code, message: result.message };
  // Dialect `beneficiaryContactRequired`: §5.1's email/phone errors read as "mandatory in practice".
  if (engine.dialect.beneficiaryContactRequired) {
    if (!result.value.beneficiaryEmail) return { kind: 'error', code: 422, message: MESSAGES.invalidEmail };
    if (!result.value.beneficiaryPhone) return { kind: 'error', code: 422, message: MESSAGES.invalidPhone };
  }
  const existing = engine.state.beneficiaries.get(result.value.beneficiaryId);
  if (existing && (existing.deletedOn === undefined || !engine.dialect.beneficiaryIdReusable)) {
    return { kind: 'error', code: 409, message: MESSAGES.beneficiaryExists };
  }
  const stored: StoredBeneficiary = { ...result.value, createdOn: now };
  engine.state.beneficiaries.set(stored.beneficiaryId, stored);
  engine.dirty = true;
  return { kind: 'ok', payload: view(engine, stored) };
}

/**
 * POST search: `beneficiaryId` (exact) and/or `beneficiaryName` (case-insensitive substring); paging by
 * `offset`/`limit` in the query or the body, per dialect. The payload is a plain array of beneficiaries (deleted ones are never listed).
 */
export function searchBeneficiaries(engine: Engine, body: JsonObject, query: URLSearchParams): ApiResult {
  const paging = searchPagingOf(engine.dialect, query, body);
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
  return { kind: 'ok', payload: pageOf(matches, paging).map((b) => view(engine, b)) };
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

/** The inline payee of a transfer, when it carries its own id (dialect `inlineRegistersBeneficiary`). */
function inlineWithId(item: JsonObject): JsonObject | null {
  const d = item.beneficiaryDetail;
  return isJsonObject(d) && !has(item, 'beneficiaryId') && typeof d.beneficiaryId === 'string' ? d : null;
}

/** Dialect `inlineRegistersBeneficiary`: whether any transfer names an inline id that is already registered. */
export function inlineIdTaken(engine: Engine, items: readonly JsonObject[]): boolean {
  if (!engine.dialect.inlineRegistersBeneficiary) return false;
  return items.some((item) => {
    const id = inlineWithId(item)?.beneficiaryId;
    const existing = typeof id === 'string' ? engine.state.beneficiaries.get(id.trim()) : undefined;
    return existing !== undefined && (existing.deletedOn === undefined || !engine.dialect.beneficiaryIdReusable);
  });
}

/** Dialect `inlineRegistersBeneficiary`: an accepted transfer's inline payee becomes a registered beneficiary. */
export function registerInline(engine: Engine, item: JsonObject, now: number): void {
  const detail = engine.dialect.inlineRegistersBeneficiary ? inlineWithId(item) : null;
  const result = detail ? validateBeneficiary(detail) : null;
  if (!result?.ok || engine.state.beneficiaries.has(result.value.beneficiaryId)) return;
  engine.state.beneficiaries.set(result.value.beneficiaryId, { ...result.value, createdOn: now });
  engine.dirty = true;
}
