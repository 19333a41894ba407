import { afterEach, describe, expect, it } from 'vitest';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { findRegisteredPayeeOps } from '../../src/main/db/repos/payee-registry-repo';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { stablePayeeId } from '../../src/main/services/journal/payee-routing';
import { ACCEPTED_STATES } from '../../src/main/services/journal/states';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { createSinglePayoutOnStore } from '../../src/main/services/submission/single';
import { DEFAULT_API_SWITCHES } from '../../src/shared/settings/api-profile';
import { ENGINES } from '../support/test-store';
import {
  checkLedger,
  createHarness,
  type Harness,
  makeRows,
  settle,
  SHA,
  stageConfirmed,
  sumPaise,
} from './support/journal-harness';
import { acceptedRows, payRows, QUIET, routingHarness } from './support/payee-routing';

/*
 * Issue 11 point 1, payee routing `registered`: the payee is created once under its stable id (or found under it
 * after a 409 and compared), then paid by beneficiaryId — and exactly-once holds through lost answers.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const registered = (hh: Harness, id: string) => hh.store.run(findRegisteredPayeeOps('sandbox', id));

describe.each(ENGINES)('registered: a single payout (%s)', (engine) => {
  it('registers the payee, then pays it by beneficiaryId on the single call', async () => {
    h = await routingHarness({ engine, routing: 'registered', strict: true });
    const values = { name: 'Asha Iyer', accountNumber: '123456789012', ifsc: 'HDFC0000001', amount: '150.50' };
    const staged = await createSinglePayoutOnStore(h.deps, { values });
    await confirmBatch(h.deps, staged.batchId!, '150.50');
    await createSubmissionEngine(h.deps).start(staged.batchId!);
    const [row] = await h.store.run(payoutsOfBatchOps(staged.batchId!));
    expect(row).toMatchObject({ lastRoute: 'single' });
    expect(ACCEPTED_STATES).toContain(row!.state);
    const id = stablePayeeId(row!)!;
    expect(h.sandbox.payouts()[0]).toMatchObject({ transactionId: row!.transactionId, beneficiaryId: id });
    expect((await registered(h, id))?.payeeName).toBe('Asha Iyer');
  });
});

describe.each(ENGINES)('registered: a beneficiary id EnKash already holds (409) (%s)', (engine) => {
  it('same details → the id is reused, nothing registered twice, the payout is made by that id', async () => {
    h = await routingHarness({ engine, routing: 'registered', strict: true });
    const rows = makeRows(2, 11);
    const v = rows[0]!.values;
    const id = stablePayeeId({ accountNumber: v.accountNumber!, ifsc: v.ifsc!, vpa: null })!;
    const { client } = await h.deps.session();
    // An earlier install (or a crash after EnKash created it, before we recorded it) registered this payee.
    await client.createBeneficiary({ beneficiaryId: id, name: v.name!, accountNumber: v.accountNumber, ifsc: v.ifsc });
    const after = await payRows(h, rows);
    expect(acceptedRows(after)).toHaveLength(2);
    expect(await registered(h, id)).toMatchObject({ source: 'found' });
    expect(h.sandbox.payouts().find((p) => p.transactionId === after[0]!.transactionId)?.beneficiaryId).toBe(id);
    expect((await checkLedger(h)).paidTwice).toEqual([]);
  });

  it('different details → the row is refused clearly and nothing is paid to it; the others are paid', async () => {
    h = await routingHarness({ engine, routing: 'registered' });
    const rows = makeRows(3, 12);
    const v = rows[1]!.values;
    const id = stablePayeeId({ accountNumber: v.accountNumber!, ifsc: v.ifsc!, vpa: null })!;
    const { client } = await h.deps.session();
    await client.createBeneficiary({
      beneficiaryId: id,
      name: 'Someone Else',
      accountNumber: '999988887777',
      ifsc: 'ICIC0000002',
    });
    const after = await payRows(h, rows);
    const refused = after.find((r) => r.rowNumber === rows[1]!.row)!;
    expect(refused).toMatchObject({ state: 'REJECTED', rejectCode: 'PAYEE_MISMATCH' });
    expect(refused.failureReason).toMatch(/other bank details.*Nothing was paid/);
    expect(h.sandbox.paidCount(refused.transactionId)).toBe(0);
    expect(h.sandbox.payouts().some((p) => p.transactionId === refused.transactionId)).toBe(false);
    expect(acceptedRows(after)).toHaveLength(2);
    expect(await registered(h, id)).toBeNull();
  });
});

describe.each(ENGINES)('registered: EnKash demands email and phone (%s)', (engine) => {
  it('a row without them says so and is not sent; a row with them is registered and paid', async () => {
    h = await routingHarness({ engine, routing: 'registered', contactRequired: true });
    const rows = makeRows(2, 13);
    rows[1] = { ...rows[1]!, values: { ...rows[1]!.values, email: 'asha@example.com', phone: '9876543210' } };
    const after = await payRows(h, rows);
    const [without, withContact] = [
      after.find((r) => r.rowNumber === rows[0]!.row)!,
      after.find((r) => r.rowNumber === rows[1]!.row)!,
    ];
    expect(without).toMatchObject({ state: 'REJECTED', rejectCode: 'PAYEE_EMAIL_REQUIRED' });
    expect(without.failureReason).toMatch(/requires the payee's email.*Nothing was paid/);
    expect(h.sandbox.payouts().some((p) => p.transactionId === without.transactionId)).toBe(false);
    expect(ACCEPTED_STATES).toContain(withContact.state);
  });
});

describe.each(ENGINES)('exactly-once with routed payees (%s)', (engine) => {
  it('registered: a lost Create Beneficiary answer (the payee was created) is repaired by 409 → search → reuse', async () => {
    h = await routingHarness({ engine, routing: 'registered' });
    const { client } = await h.deps.session();
    const real = client.createBeneficiary.bind(client);
    let lost = 0;
    client.createBeneficiary = async (input) => {
      const created = await real(input);
      if (lost++ === 0) throw new Error('socket hang up'); // EnKash created it; the answer never arrived
      return created;
    };
    const rows = makeRows(3, 14);
    const after = await payRows(h, rows);
    expect(acceptedRows(after)).toHaveLength(3);
    const first = stablePayeeId(after.find((r) => r.rowNumber === rows[0]!.row)!)!;
    expect(await registered(h, first)).toMatchObject({ source: 'found' });
    expect(h.sandbox.stats().byOperation.createBeneficiary).toBe(4); // 3 payees + the one repeated after the loss
    expect(await checkLedger(h)).toMatchObject({ paidTwice: [], mismatched: [] });
  });

  for (const routing of ['inline-with-id', 'registered'] as const) {
    it(`${routing}: answers lost after processing are settled by search (adopted, never CONFLICT), each paid once`, async () => {
      h = await createHarness({
        engine,
        sandbox: { ...QUIET, seed: 3, faults: { faultRate: 0.3, kinds: ['http5xx_after', 'code1_after'] } },
        profile: { batchChunkSize: 5, switches: { ...DEFAULT_API_SWITCHES, payeeRouting: routing } },
      });
      const rows = makeRows(40, 15);
      const batchId = await stageConfirmed(h, rows, { sha256: SHA });
      await settle(h, batchId, createSubmissionEngine(h.deps));
      const after = await h.store.run(payoutsOfBatchOps(batchId));
      expect(h.sandbox.stats().faults.http5xx_after + h.sandbox.stats().faults.code1_after).toBeGreaterThan(0);
      expect(after.filter((r) => r.state === 'CONFLICT')).toEqual([]);
      expect(acceptedRows(after)).toHaveLength(40);
      expect(await checkLedger(h)).toMatchObject({ paidTwice: [], mismatched: [], ledgerPaise: sumPaise(rows) });
    });
  }
});
