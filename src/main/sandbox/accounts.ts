import { isoTime, type Engine } from './engine';
import { has, readString, type JsonObject } from './exact-json';
import { paiseToRupees } from './money';
import { parseWireTime } from './paging';
import { nextSeq, type SourceAccount, type StatementLine } from './state';
import { MESSAGES, PATTERNS } from './validation';
import type { ApiResult } from './wire';

/** Balance, source (whitelisted) bank account, and the statement. */

const invalid: ApiResult = { kind: 'error', code: 422, message: MESSAGES.invalidParameter };

function activeAccount(engine: Engine): SourceAccount | undefined {
  return engine.state.sourceAccounts.find((a) => a.status === 'ACTIVE');
}

function accountView(engine: Engine, a: SourceAccount): Record<string, unknown> {
  return {
    accountNumber: a.accountNumber,
    ifsc: a.ifsc,
    status: a.status,
    fundSourceId: engine.config.credentials.fundSourceId,
    companyId: engine.config.credentials.companyId,
    createdOn: isoTime(a.createdOn),
  };
}

/** GET ?fundSourceId= (required) [&debitAccountNumber=] → {totalBalance: rupees}. */
export function getBalance(engine: Engine, query: URLSearchParams): ApiResult {
  if (query.get('fundSourceId') !== engine.config.credentials.fundSourceId) return invalid;
  const debit = query.get('debitAccountNumber');
  if (debit && debit !== activeAccount(engine)?.accountNumber) return invalid;
  return { kind: 'ok', payload: { totalBalance: paiseToRupees(engine.state.balancePaise) } };
}

/** GET → the one ACTIVE whitelisted source account (404 if none, which only a hand-edited state file allows). */
export function getSourceAccount(engine: Engine): ApiResult {
  const a = activeAccount(engine);
  if (!a) return { kind: 'error', code: 404, message: 'No source bank account is whitelisted' };
  return { kind: 'ok', payload: accountView(engine, a) };
}

/**
 * POST {accountNumber, ifsc, companyId?} whitelists a source account. Only one is active at a time: a new one
 * replaces (deactivates) the old; sending the active one again is a no-op that returns it. Moves no money.
 */
export function addSourceAccount(engine: Engine, body: JsonObject, now: number): ApiResult {
  const accountNumber = typeof body.accountNumber === 'string' ? body.accountNumber.trim() : '';
  const ifsc = typeof body.ifsc === 'string' ? body.ifsc.trim().toUpperCase() : '';
  if (!PATTERNS.sourceAccount.test(accountNumber) || !PATTERNS.ifsc.test(ifsc)) return invalid;
  if (has(body, 'companyId') && readString(body, 'companyId') !== engine.config.credentials.companyId) {
    return { kind: 'error', code: 412, message: MESSAGES.invalidCompany };
  }
  const current = activeAccount(engine);
  if (current && current.accountNumber === accountNumber && current.ifsc === ifsc) {
    return { kind: 'ok', payload: accountView(engine, current) };
  }
  if (current) current.status = 'INACTIVE';
  const added: SourceAccount = { accountNumber, ifsc, status: 'ACTIVE', createdOn: now };
  engine.state.sourceAccounts.push(added);
  engine.dirty = true;
  return { kind: 'ok', payload: accountView(engine, added) };
}

function statementLine(engine: Engine, l: StatementLine): Record<string, unknown> {
  return {
    transactionId: l.transactionId,
    transactionDate: isoTime(l.at),
    valueDate: isoTime(l.at),
    transactionType: l.type,
    remarks: l.remarks,
    transactionReferenceNumber: l.reference,
    transactionMode: l.mode,
    transactionAmount: engine.dialect.statementAmountUnit === 'paise' ? l.amountPaise : paiseToRupees(l.amountPaise),
    runningBalance: paiseToRupees(l.balanceAfterPaise),
  };
}

/**
 * POST {fundSourceId, debitAccountNumber, fromDate, toDate} → the documented fixed shape with a STRING
 * response_code. `debitAccountNumber` must be the active source account; dates are inclusive.
 */
export function fetchStatement(engine: Engine, body: JsonObject): ApiResult {
  if (readString(body, 'fundSourceId') !== engine.config.credentials.fundSourceId) return invalid;
  const debit = readString(body, 'debitAccountNumber');
  if (!debit || debit !== activeAccount(engine)?.accountNumber) return invalid;
  const from = parseWireTime(readString(body, 'fromDate'), 'start');
  const to = parseWireTime(readString(body, 'toDate'), 'end');
  if (from === null || to === null || from > to) return invalid;
  const lines = engine.state.statement.filter((l) => l.at >= from && l.at <= to);
  const requestId = `EKSTMT${String(nextSeq(engine.state)).padStart(10, '0')}`;
  engine.dirty = true;
  return {
    kind: 'raw',
    body: {
      response_code: '0',
      response_message: 'Success',
      requestId,
      data: lines.map((l) => statementLine(engine, l)),
    },
  };
}
