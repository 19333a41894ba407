import { describe, expect, it } from 'vitest';
import { bankRecordFor } from '../../../src/main/sandbox/bank-names';
import { decodePennyDropBody, pennyDrop, renderPennyDrop } from '../../../src/main/sandbox/bank-verification';
import { deriveKey, encryptText } from '../../../src/main/enkash/crypto';
import { deserializeState, serializeState } from '../../../src/main/sandbox/state';
import { DEFAULT_DIALECT } from '../../../src/main/sandbox/config';
import { testEngine, wire } from './helpers';

/** The Sandbox's bank-account verification: the banks' names, the dialects' bodies, one use per request id. */

const body = (customerRequestId: string, extra: Record<string, unknown> = {}) =>
  wire({
    beneficiaryAccountNumber: '123456789012',
    beneficiaryIfscCode: 'SBIN0000300',
    customerRequestId,
    pennyLess: true,
    ...extra,
  });

describe('Sandbox bank names', () => {
  it('demo payees are spelt as banks spell them; one is somebody else; one cannot be verified', () => {
    expect(bankRecordFor('123456789012', 'sbin0000300')).toEqual({ kind: 'holder', name: 'RAVI KR' });
    expect(bankRecordFor('50100012345678', 'HDFC0000240')).toEqual({ kind: 'holder', name: 'MS PRIYA SHARMA' });
    expect(bankRecordFor('912345678901', 'UTIB0000001')).toEqual({ kind: 'holder', name: 'S PATEL' });
    expect(bankRecordFor('123456789013', 'SBIN0000300')).toEqual({ kind: 'holder', name: 'RAO KAVITA' });
    expect(bankRecordFor('223456789012', 'SBIN0000300')).toEqual({ kind: 'holder', name: 'RAJESH MALHOTRA' });
    expect(bankRecordFor('823456789012', 'YESB0000001').kind).toBe('unverifiable');
  });

  it('any other account: a name derived from the number (stable), 999… unverifiable', () => {
    const a = bankRecordFor('000111222333', 'KKBK0000958');
    expect(a).toEqual(bankRecordFor('000111222333', 'KKBK0000958'));
    expect(a.kind).toBe('holder');
    expect(bankRecordFor('999111222333', 'KKBK0000958').kind).toBe('unverifiable');
  });
});

describe('Sandbox pennyDrop handler', () => {
  it('refuses a repeated customerRequestId with 409 and records each accepted one', () => {
    const { engine, clock } = testEngine();
    expect(pennyDrop(engine, body('R1'), clock.t).kind).toBe('raw');
    expect(pennyDrop(engine, body('R1', { beneficiaryAccountNumber: '223456789012' }), clock.t)).toMatchObject({
      kind: 'error',
      code: 409,
    });
    expect([...engine.state.verifications.keys()]).toEqual(['R1']);
  });

  it('refuses a body without the documented fields (an envelope sent to a plain server)', () => {
    const { engine, clock } = testEngine();
    expect(pennyDrop(engine, wire({ request: 'abc' }), clock.t)).toMatchObject({ kind: 'error', code: 400 });
    expect(pennyDrop(engine, body('R2', { pennyLess: 'yes' }), clock.t)).toMatchObject({ kind: 'error', code: 400 });
  });

  it('echoes beside payload by default, inside it in the other dialect; a utr only for a penny drop', () => {
    const { engine, clock } = testEngine();
    const beside = pennyDrop(engine, body('R3'), clock.t) as { kind: 'raw'; body: Record<string, unknown> };
    expect(beside.body).toMatchObject({ customerRequestId: 'R3', payload: { status: 'SUCCESS', utr: null } });
    engine.dialect = { ...engine.dialect, pennyDropEchoes: 'inside' };
    const inside = pennyDrop(engine, body('R4', { pennyLess: false }), clock.t) as { body: Record<string, unknown> };
    expect(inside.body.customerRequestId).toBeUndefined();
    expect(inside.body.payload).toMatchObject({
      customerRequestId: 'R4',
      pennyLess: false,
      utr: expect.stringMatching(/^\d{12}$/),
    });
  });

  it('each envelope dialect refuses the other', () => {
    const key = deriveKey('s', 'sha256-16');
    const plainText = JSON.stringify({ beneficiaryAccountNumber: '1' });
    const sealedText = JSON.stringify({ request: encryptText(plainText, key) });
    const encrypted = { ...DEFAULT_DIALECT, pennyDropEnvelope: 'encrypted' as const };
    expect(decodePennyDropBody(plainText, key, encrypted).ok).toBe(false);
    expect(decodePennyDropBody(sealedText, key, encrypted)).toMatchObject({ ok: true });
    // The plain server reads the envelope as a body, which the handler then refuses for missing fields.
    expect(decodePennyDropBody(sealedText, key, DEFAULT_DIALECT)).toMatchObject({
      ok: true,
      body: { request: expect.any(String) },
    });
    expect(renderPennyDrop({ kind: 'raw', body: { a: 1 } }, DEFAULT_DIALECT, key).body).toEqual({ a: 1 });
    expect(Object.keys(renderPennyDrop({ kind: 'raw', body: { a: 1 } }, encrypted, key).body as object)).toEqual([
      'request',
    ]);
  });

  it('request ids survive a restart; a state file from before verification reads as none', () => {
    const { engine, clock } = testEngine();
    pennyDrop(engine, body('R5'), clock.t);
    expect(deserializeState(serializeState(engine.state)).verifications.has('R5')).toBe(true);
    const older = JSON.parse(serializeState(engine.state)) as Record<string, unknown>;
    delete older.verifications;
    expect(deserializeState(JSON.stringify(older)).verifications.size).toBe(0);
  });
});
