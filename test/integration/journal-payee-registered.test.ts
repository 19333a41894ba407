import { afterEach, describe, expect, it } from 'vitest';
import { payoutsOfBatch } from '../../src/main/db/repos/payouts-repo';
import { findRegisteredPayee } from '../../src/main/db/repos/payee-registry-repo';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { stablePayeeId } from '../../src/main/services/journal/payee-routing';
import { ACCEPTED_STATES } from '../../src/main/services/journal/states';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { createSinglePayout } from '../../src/main/services/submission/single';
import { stageBatch } from '../../src/main/services/submission/stage';
import { DEFAULT_API_SWITCHES } from '../../src/shared/settings/api-profile';
import {
  createHarness,
  type Harness,
  ledgerCheck,
  makeRows,
  rupees,
  settle,
  SHA,
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

describe('registered: a single payout', () => {
  it('registers the payee, then pays it by beneficiaryId on the single call', async () => {
    h = await routingHarness({ routing: 'registered', strict: true });
    const values = { name: 'Asha Iyer', accountNumber: '123456789012', ifsc: 'HDFC0000001', amount: '150.50' };
    const staged = createSinglePayout(h.deps, { values });
    await confirmBatch(h.deps, staged.batchId!, '150.50');
    await createSubmissionEngine(h.deps).start(staged.batchId!);
    const [row] = payoutsOfBatch(h.db, staged.batchId!);
    expect(row).toMatchObject({ lastRoute: 'single' });
    expect(ACCEPTED_STATES).toContain(row!.state);
    const id = stablePayeeId(row!)!;
    expect(h.sandbox.payouts()[0]).toMatchObject({ transactionId: row!.transactionId, beneficiaryId: id });
    expect(findRegisteredPayee(h.db, 'sandbox', id)?.payeeName).toBe('Asha Iyer');
  });
});

describe('registered: a beneficiary id EnKash already holds (409)', () => {
  it('same details → the id is reused, nothing registered twice, the payout is made by that id', async () => {
    h = await routingHarness({ routing: 'registered', strict: true });
    const rows = makeRows(2, 11);
    const v = rows[0]!.values;
    const id = stablePayeeId({ accountNumber: v.accountNumber!, ifsc: v.ifsc!, vpa: null })!;
    const { client } = await h.deps.session();
    // An earlier install (or a crash after EnKash created it, before we recorded it) registered this payee.
    await client.createBeneficiary({ beneficiaryId: id, name: v.name!, accountNumber: v.accountNumber, ifsc: v.ifsc });
    const after = await payRows(h, rows);
    expect(acceptedRows(after)).toHaveLength(2);
    expect(findRegisteredPayee(h.db, 'sandbox', id)).toMatchObject({ source: 'found' });
    expect(h.sandbox.payouts().find((p) => p.transactionId === after[0]!.transactionId)?.beneficiaryId).toBe(id);
    expect(ledgerCheck(h).paidTwice).toEqual([]);
  });

  it('different details → the row is refused clearly and nothing is paid to it; the others are paid', async () => {
    h = await routingHarness({ routing: 'registered' });
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
    expect(findRegisteredPayee(h.db, 'sandbox', id)).toBeNull();
  });
});

describe('registered: EnKash demands email and phone', () => {
  it('a row without them says so and is not sent; a row with them is registered and paid', async () => {
    h = await routingHarness({ routing: 'registered', contactRequired: true });
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

describe('exactly-once with routed payees', () => {
  it('registered: a lost Create Beneficiary answer (the payee was created) is repaired by 409 → search → reuse', async () => {
    h = await routingHarness({ routing: 'registered' });
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
    expect(findRegisteredPayee(h.db, 'sandbox', first)).toMatchObject({ source: 'found' });
    expect(h.sandbox.stats().byOperation.createBeneficiary).toBe(4); // 3 payees + the one repeated after the loss
    expect(ledgerCheck(h)).toMatchObject({ paidTwice: [], mismatched: [] });
  });

  for (const routing of ['inline-with-id', 'registered'] as const) {
    it(`${routing}: answers lost after processing are settled by search (adopted, never CONFLICT), each paid once`, async () => {
      h = await createHarness({
        sandbox: { ...QUIET, seed: 3, faults: { faultRate: 0.3, kinds: ['http5xx_after', 'code1_after'] } },
        profile: { batchChunkSize: 5, switches: { ...DEFAULT_API_SWITCHES, payeeRouting: routing } },
      });
      const rows = makeRows(40, 15);
      const { batchId } = stageBatch(h.deps, { fileName: 'f.csv', sha256: SHA, kind: 'payouts', rows });
      await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows)));
      await settle(h, batchId!, createSubmissionEngine(h.deps));
      const after = payoutsOfBatch(h.db, batchId!);
      expect(h.sandbox.stats().faults.http5xx_after + h.sandbox.stats().faults.code1_after).toBeGreaterThan(0);
      expect(after.filter((r) => r.state === 'CONFLICT')).toEqual([]);
      expect(acceptedRows(after)).toHaveLength(40);
      expect(ledgerCheck(h)).toMatchObject({ paidTwice: [], mismatched: [], ledgerPaise: sumPaise(rows) });
    });
  }
});
