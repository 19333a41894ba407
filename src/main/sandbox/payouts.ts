import { isoTime, type Engine } from './engine';
import { has, isJsonObject, readString, type JsonObject, type JsonValue } from './exact-json';
import { planLifecycle, schedulePayout } from './lifecycle';
import { paiseToRupees } from './money';
import { nextSeq, postLine, type StoredPayout } from './state';
import { checkTransfer, MESSAGES, PATTERNS } from './validation';
import { inlineIdTaken, registerInline } from './beneficiaries';
import { ENKASH_PAYOUT_STATUSES } from '../../shared/domain/payout-states';
import type { SandboxPayout } from './types';
import type { ApiResult } from './wire';
import { pageOf, parseWireTime, searchPagingOf } from './paging';
import { contactFieldsIn } from './contact-fields';

/**
 * Create payout, batch payout and search. The money rule: a payout debits the balance, and appends exactly one
 * ledger entry, at the moment it is accepted — and a transactionId that was accepted can never be accepted
 * again (409), whatever faults hid the first answer from the client.
 */

const INSUFFICIENT = 'Insufficient balance in the fund source';

/** The item shape used in create, batch and search responses (amounts in rupees, times ISO-8601 UTC). */
export function payoutView(p: StoredPayout): Record<string, unknown> {
  return {
    transactionId: p.transactionId,
    enkashTransactionId: p.enkashTransactionId,
    batchTransactionId: p.batchTransactionId,
    beneficiaryId: p.beneficiaryId,
    beneficiaryName: p.payee?.name,
    transferAmount: p.amountPaise === undefined ? undefined : paiseToRupees(p.amountPaise),
    transferMode: p.transferMode,
    transferRemark: p.transferRemark,
    reference: p.reference,
    payoutStatus: p.status,
    rejectCode: p.rejectCode,
    rejectReason: p.rejectReason,
    utr: p.utr,
    failureReason: p.failureReason,
    createdOn: isoTime(p.createdAt),
    updatedOn: isoTime(p.updatedAt),
  };
}

export function toSandboxPayout(p: StoredPayout): SandboxPayout {
  const { seq: _seq, steps: _steps, nextStep: _next, plannedUtr: _u, plannedFailureReason: _f, ...rest } = p;
  return structuredClone(rest);
}

/** A conflict with an existing payout: any earlier attempt that was not REJECTED owns the id. */
function conflicts(engine: Engine, transactionId: string): boolean {
  const existing = engine.state.payouts.get(transactionId);
  return existing !== undefined && existing.status !== 'REJECTED';
}

/** Validates, then accepts (debit + ledger + lifecycle plan) or records a REJECTED attempt. */
function submit(
  engine: Engine,
  obj: JsonObject,
  now: number,
  batchId?: string,
): { view: Record<string, unknown>; accepted: boolean } {
  const { state, config } = engine;
  const detail = obj.beneficiaryDetail;
  const named = isJsonObject(detail) ? contactFieldsIn(detail, engine.dialect) : detail;
  // Copied only when the dialect renamed a contact field: a spread of every item cost more than checking it.
  const check = checkTransfer(
    named === detail ? obj : { ...obj, beneficiaryDetail: named as JsonObject },
    config,
    (id) => state.beneficiaries.get(id),
    engine.dialect.remarkMaxLength,
    engine.dialect.requireInlineBeneficiaryId,
  );
  const txnId = check.draft.transactionId;
  if (!txnId) {
    engine.counters.payoutsRejected += 1;
    const raw = readString(obj, 'transactionId');
    // Without a usable id nothing can be stored or searched later; the item is only echoed back.
    const view = {
      transactionId: raw,
      payoutStatus: 'REJECTED',
      rejectCode: 'REJECT_TXN_ID',
      rejectReason: 'Transaction ID missing or invalid',
    };
    return { view, accepted: false };
  }
  const previous = state.payouts.get(txnId);
  const seq = nextSeq(state);
  const base: StoredPayout = {
    seq,
    transactionId: txnId,
    enkashTransactionId: `EKPT${String(seq).padStart(10, '0')}`,
    batchTransactionId: batchId,
    beneficiaryId: check.draft.beneficiaryId,
    payee: check.draft.payee,
    amountPaise: check.draft.amountPaise,
    transferMode: check.draft.transferMode,
    transferRemark: check.draft.transferRemark,
    reference: check.draft.reference,
    status: 'REJECTED',
    steps: [],
    nextStep: 0,
    createdAt: now,
    updatedAt: now,
    attempts: (previous?.attempts ?? 0) + 1,
  };
  engine.dirty = true;
  const rejectWith = (code: StoredPayout['rejectCode'], reason: string) => {
    const p: StoredPayout = { ...base, rejectCode: code, rejectReason: reason };
    state.payouts.set(txnId, p);
    schedulePayout(state, p);
    engine.counters.payoutsRejected += 1;
    return { view: payoutView(p), accepted: false };
  };
  if (!check.ok) return rejectWith(check.rejectCode, check.reason);
  const amount = check.draft.amountPaise;
  // Insufficient funds has no documented code; REJECT_TRF_AMT keeps it in the REJECT_* family the client
  // already understands, and REJECTED lets the user top up and re-initiate with the same transactionId.
  if (amount > state.balancePaise) return rejectWith('REJECT_TRF_AMT', INSUFFICIENT);

  const plan = planLifecycle(
    config.seed,
    config.timing,
    txnId,
    base.attempts,
    check.draft.payee.name,
    now,
    batchId !== undefined,
  );
  // `base`'s members in its order (so the state file reads the same), without copying it through a spread.
  const p: StoredPayout = {
    seq,
    transactionId: txnId,
    enkashTransactionId: base.enkashTransactionId,
    batchTransactionId: batchId,
    beneficiaryId: base.beneficiaryId,
    payee: base.payee,
    amountPaise: base.amountPaise,
    transferMode: base.transferMode,
    transferRemark: base.transferRemark,
    reference: base.reference,
    status: plan.steps[0]!.status,
    steps: plan.steps,
    nextStep: 1,
    createdAt: now,
    updatedAt: now,
    attempts: base.attempts,
    plannedUtr: plan.plannedUtr,
    plannedFailureReason: plan.plannedFailureReason,
  };
  postLine(state, {
    transactionId: txnId,
    at: now,
    type: 'DEBIT',
    remarks: `Payout to ${check.draft.payee.name}${check.draft.transferRemark ? ` ${check.draft.transferRemark}` : ''}`,
    reference: p.enkashTransactionId,
    mode: check.draft.transferMode,
    amountPaise: amount,
  });
  state.ledger.push({ transactionId: txnId, amountPaise: amount, at: now });
  state.payouts.set(txnId, p);
  schedulePayout(state, p);
  engine.counters.payoutsAccepted += 1;
  return { view: payoutView(p), accepted: true };
}

export function createPayout(engine: Engine, body: JsonObject, now: number): ApiResult {
  const txnId = typeof body.transactionId === 'string' ? body.transactionId : undefined;
  if (txnId !== undefined && conflicts(engine, txnId))
    return { kind: 'error', code: 409, message: MESSAGES.transactionExists };
  if (inlineIdTaken(engine, [body])) return { kind: 'error', code: 409, message: MESSAGES.beneficiaryExists };
  const r = submit(engine, body, now);
  if (r.accepted) registerInline(engine, body, now);
  return { kind: 'ok', payload: r.view };
}

export function createBatchPayout(engine: Engine, body: JsonObject, now: number): ApiResult {
  const batchId = readString(body, 'batchTransactionId');
  const transfers: JsonValue | undefined = body.transfers;
  const invalid: ApiResult = { kind: 'error', code: 422, message: MESSAGES.invalidParameter };
  if (typeof body.batchTransactionId !== 'string' || !batchId || !PATTERNS.batchTransactionId.test(batchId))
    return invalid;
  if (engine.state.batches.has(batchId)) return { kind: 'error', code: 409, message: MESSAGES.batchExists };
  if (!Array.isArray(transfers) || transfers.length === 0 || transfers.length > engine.config.maxBatchSize)
    return invalid;
  const items: JsonObject[] = [];
  for (const t of transfers) {
    if (!isJsonObject(t)) return invalid;
    items.push(t);
  }
  // Any id already owned (or repeated inside this batch) fails the whole batch before anything moves, so a
  // resent batch can never half-apply.
  const seen = new Set<string>();
  for (const item of items) {
    const id = typeof item.transactionId === 'string' ? item.transactionId : undefined;
    if (id === undefined) continue;
    if (seen.has(id) || conflicts(engine, id)) return { kind: 'error', code: 409, message: MESSAGES.transactionExists };
    seen.add(id);
  }
  const successful: Record<string, unknown>[] = [];
  const failed: Record<string, unknown>[] = [];
  const ids: string[] = [];
  if (inlineIdTaken(engine, items)) return { kind: 'error', code: 409, message: MESSAGES.beneficiaryExists };
  for (const item of items) {
    const r = submit(engine, item, now, batchId);
    if (r.accepted) registerInline(engine, item, now);
    (r.accepted ? successful : failed).push(r.view);
    if (typeof r.view.transactionId === 'string') ids.push(r.view.transactionId);
  }
  engine.state.batches.set(batchId, { batchTransactionId: batchId, createdOn: now, transactionIds: ids });
  engine.dirty = true;
  return {
    kind: 'ok',
    payload: {
      batchTransactionId: batchId,
      successfulPayoutTransactionCreateResponses: successful,
      failedPayoutTransactionCreateResponses: failed,
    },
  };
}

const FILTERS = ['transactionId', 'batchTransactionId', 'enkashTransactionId', 'beneficiaryId'] as const;

/** POST search: body filters (all optional, ANDed), paging per dialect → {content, totalElements} or its strict twin. */
export function searchPayouts(engine: Engine, body: JsonObject, query: URLSearchParams): ApiResult {
  const invalid: ApiResult = { kind: 'error', code: 422, message: MESSAGES.invalidParameter };
  const paging = searchPagingOf(engine.dialect, query, body);
  if (!paging) return invalid;
  for (const f of FILTERS) if (has(body, f) && typeof body[f] !== 'string') return invalid;
  let statuses: string[] | undefined;
  const rawStatus = body.payoutStatus;
  if (typeof rawStatus === 'string') statuses = [rawStatus];
  else if (Array.isArray(rawStatus) && rawStatus.every((s) => typeof s === 'string')) statuses = rawStatus as string[];
  else if (has(body, 'payoutStatus')) return invalid;
  if (statuses?.some((s) => !(ENKASH_PAYOUT_STATUSES as readonly string[]).includes(s))) return invalid;
  const from = has(body, 'fromDate') ? parseWireTime(readString(body, 'fromDate'), 'start') : undefined;
  const to = has(body, 'toDate') ? parseWireTime(readString(body, 'toDate'), 'end') : undefined;
  if (from === null || to === null) return invalid;

  const { searchIgnoresFilters, searchPageCap, searchOmitsTotal } = engine.dialect;
  const ignored = new Set<string>(searchIgnoresFilters ? ['transactionId', 'batchTransactionId'] : []);
  const matches = [...engine.state.payouts.values()]
    .filter((p) => FILTERS.every((f) => ignored.has(f) || !has(body, f) || p[f] === body[f]))
    .filter((p) => !statuses || statuses.includes(p.status))
    .filter((p) => (from === undefined || p.createdAt >= from) && (to === undefined || p.createdAt <= to))
    .sort((a, b) => (paging.direction === 'DESC' ? b.seq - a.seq : a.seq - b.seq));
  const page = pageOf(matches, paging).slice(0, searchPageCap > 0 ? searchPageCap : undefined);
  const content = page.map(payoutView);
  // Dialect `searchPayoutsShape`: the same page under names the default reader does not know.
  if (engine.dialect.searchPayoutsShape === 'transaction-list') {
    const payload = { payoutTransactionList: content };
    return { kind: 'ok', payload: searchOmitsTotal ? payload : { ...payload, totalCount: matches.length } };
  }
  return { kind: 'ok', payload: searchOmitsTotal ? { content } : { content, totalElements: matches.length } };
}
