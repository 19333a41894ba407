import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fund, sync } from '../../../src/main/sandbox/engine';
import { createBatchPayout, createPayout } from '../../../src/main/sandbox/payouts';
import { item, testEngine, wire } from './helpers';

describe('ledger: money moves exactly when a payout is accepted', () => {
  it('debits once on acceptance; a duplicate is 409 and moves nothing', () => {
    const { engine, clock } = testEngine({ initialBalancePaise: 100_00 });
    expect(createPayout(engine, wire(item('T1')), clock.t)).toMatchObject({ kind: 'ok' });
    expect(createPayout(engine, wire(item('T1')), clock.t)).toEqual({
      kind: 'error',
      code: 409,
      message: 'Transaction ID already exists',
    });
    expect(engine.state.ledger).toEqual([{ transactionId: 'T1', amountPaise: 10_00, at: clock.t }]);
    expect(engine.state.balancePaise).toBe(90_00);
  });

  it('a REJECTED id can be re-initiated and then pays exactly once', () => {
    const { engine, clock } = testEngine();
    createPayout(engine, wire(item('T2', { transferMode: 'X' })), clock.t);
    createPayout(engine, wire(item('T2', { transferMode: 'Y' })), clock.t);
    expect(engine.state.ledger).toEqual([]);
    expect(engine.state.payouts.get('T2')).toMatchObject({ status: 'REJECTED', attempts: 2 });
    createPayout(engine, wire(item('T2')), clock.t);
    createPayout(engine, wire(item('T2')), clock.t);
    expect(engine.state.ledger.map((e) => e.transactionId)).toEqual(['T2']);
  });

  it('failure and reversal credits go to the statement, never to the ledger', () => {
    const { engine, clock } = testEngine({
      initialBalancePaise: 100_00,
      timing: { processingMs: 10, reversalMs: 10, failRate: 0, reverseRate: 0 },
    });
    const detail = (name: string) => ({
      beneficiaryName: name,
      beneficiaryAccountNumber: '123456789',
      beneficiaryIfsc: 'SBIN0001234',
    });
    createPayout(engine, wire(item('F', { beneficiaryDetail: detail('A FAIL') })), clock.t);
    createPayout(engine, wire(item('R', { beneficiaryDetail: detail('A REVERSE') })), clock.t);
    clock.t += 100;
    sync(engine);
    expect(engine.state.ledger.map((e) => e.transactionId)).toEqual(['F', 'R']);
    expect(engine.state.balancePaise).toBe(100_00);
    expect(engine.state.statement.filter((l) => l.type === 'CREDIT').map((l) => l.transactionId)).toEqual([
      expect.stringMatching(/^EKFUND/),
      'F',
      'R',
    ]);
  });

  it('a batch stops paying when the balance runs out, rejecting the rest as insufficient', () => {
    const { engine, clock } = testEngine({ initialBalancePaise: 25_00 });
    const r = createBatchPayout(
      engine,
      wire({ batchTransactionId: 'B1', transfers: [item('I1'), item('I2'), item('I3')] }),
      clock.t,
    );
    expect(r.kind).toBe('ok');
    const payload = (r as { payload: Record<string, Record<string, unknown>[]> }).payload;
    expect(payload.successfulPayoutTransactionCreateResponses!.map((x) => x.transactionId)).toEqual(['I1', 'I2']);
    expect(payload.failedPayoutTransactionCreateResponses).toEqual([
      expect.objectContaining({
        transactionId: 'I3',
        rejectCode: 'REJECT_TRF_AMT',
        rejectReason: 'Insufficient balance in the fund source',
      }),
    ]);
    expect(engine.state.balancePaise).toBe(5_00);
  });

  it('balance always equals funding − ledger + credits, and no id is ever paid twice (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.constantFrom('A', 'B', 'C', 'D'),
            rupees: fc.integer({ min: 1, max: 40 }),
            bad: fc.boolean(),
            batch: fc.boolean(),
          }),
          { maxLength: 25 },
        ),
        (ops) => {
          const { engine, clock } = testEngine({
            initialBalancePaise: 100_00,
            timing: { processingMs: 5, failRate: 0.3, reverseRate: 0.3, reversalMs: 5 },
          });
          ops.forEach((op, i) => {
            clock.t += 3;
            const body = item(op.id, { transferAmount: op.rupees, transferMode: op.bad ? 'NOPE' : 'NEFT' });
            if (op.batch) createBatchPayout(engine, wire({ batchTransactionId: `B${i}`, transfers: [body] }), clock.t);
            else createPayout(engine, wire(body), clock.t);
          });
          clock.t += 1000;
          sync(engine);
          const ids = engine.state.ledger.map((e) => e.transactionId);
          expect(new Set(ids).size).toBe(ids.length);
          const credits = engine.state.statement
            .filter((l) => l.type === 'CREDIT')
            .reduce((s, l) => s + l.amountPaise, 0);
          const debits = engine.state.ledger.reduce((s, e) => s + e.amountPaise, 0);
          expect(engine.state.balancePaise).toBe(credits - debits);
          expect(engine.state.balancePaise).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('fund() credits with a statement line and refuses non-integer amounts', () => {
    const { engine, clock } = testEngine({ initialBalancePaise: 0 });
    fund(engine, 12_34, clock.t);
    expect(engine.state.balancePaise).toBe(12_34);
    expect(() => fund(engine, 1.5, clock.t)).toThrow(RangeError);
  });
});
