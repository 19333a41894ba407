import { afterEach, describe, expect, it } from 'vitest';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { findRegisteredPayeeOps } from '../../src/main/db/repos/payee-registry-repo';
import { get, q } from '../../src/main/db/store/ops';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { stablePayeeId } from '../../src/main/services/journal/payee-routing';
import { ACCEPTED_STATES } from '../../src/main/services/journal/states';
import { resubmitRejected } from '../../src/main/services/submission/fix-retry';
import { apiSwitchesSchema, DEFAULT_API_SWITCHES, PAYEE_ROUTINGS } from '../../src/shared/settings/api-profile';
import { ENGINES } from '../support/test-store';
import { presetProfile } from './support/dialect-profiles';
import { checkLedger, createHarness, type Harness, makeRows, rupees, sumPaise } from './support/journal-harness';
import { acceptedRows, payRows, QUIET, routingHarness } from './support/payee-routing';

/*
 * Issue 11 point 1: payee routing against a Sandbox that wants a beneficiaryId inside every inline payee
 * (enkash-api.md §15.17 read strictly) and one that does not; the default; the REJECT_BENEF_ID message.
 * Registration details (409, contact fields, lost answers): journal-payee-registered.test.ts.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const registered = (hh: Harness, id: string) => hh.store.run(findRegisteredPayeeOps('sandbox', id));

describe.each(ENGINES)('payee routing: each value against both servers (%s)', (engine) => {
  for (const strict of [false, true]) {
    for (const routing of PAYEE_ROUTINGS) {
      const server = strict ? 'a server that requires the id inline' : 'a server that does not';
      it(`${routing} on ${server}`, async () => {
        h = await routingHarness({ engine, routing, strict });
        const rows = makeRows(10, 21); // nine bank payees and one UPI payee
        const after = await payRows(h, rows);
        const sandboxPayouts = h.sandbox.payouts();
        if (routing === 'inline' && strict) {
          expect(after.map((r) => r.state)).toEqual(new Array(10).fill('REJECTED'));
          expect(h.sandbox.ledger()).toEqual([]);
        } else {
          expect(acceptedRows(after)).toHaveLength(10);
          expect(await checkLedger(h)).toMatchObject({ paidTwice: [], mismatched: [], ledgerPaise: sumPaise(rows) });
        }
        const creates = h.sandbox.stats().byOperation.createBeneficiary ?? 0;
        if (routing === 'registered') {
          expect(creates).toBe(10);
          for (const r of after) {
            const id = stablePayeeId(r)!;
            expect(await registered(h, id)).toMatchObject({ source: 'created', beneficiaryId: id });
            // Paid by beneficiaryId: the stored request names the id and carries no inline payee.
            const sent = sandboxPayouts.find((p) => p.transactionId === r.transactionId)!;
            expect(sent.beneficiaryId).toBe(id);
          }
          const stored = await h.store.run(
            get<{ body: string }>(q`SELECT body FROM sent_requests WHERE kind = 'batch' LIMIT 1`),
          );
          const body = JSON.parse(stored!.body);
          expect(body.transfers[0].beneficiaryId).toMatch(/^PD[0-9A-F]{24}$/);
          expect(body.transfers[0].beneficiary).toBeUndefined();
        } else {
          expect(creates).toBe(0);
        }
        if (routing === 'inline-with-id') {
          for (const r of after) {
            expect(sandboxPayouts.find((p) => p.transactionId === r.transactionId)?.beneficiaryId).toBe(
              stablePayeeId(r),
            );
          }
        }
      });
    }
  }

  it('the stable id is the same for the same bank details, whatever the name, and differs per account', () => {
    const a = { accountNumber: '123456789012', ifsc: 'hdfc0000001', vpa: null };
    expect(stablePayeeId(a)).toBe(stablePayeeId({ ...a, ifsc: 'HDFC0000001' }));
    expect(stablePayeeId(a)).not.toBe(stablePayeeId({ ...a, accountNumber: '123456789013' }));
    expect(stablePayeeId({ accountNumber: null, ifsc: null, vpa: 'Asha@okhdfc' })).toBe(
      stablePayeeId({ accountNumber: null, ifsc: null, vpa: 'asha@okhdfc' }),
    );
    expect(stablePayeeId({ accountNumber: null, ifsc: null, vpa: null })).toBeNull();
  });
});

describe.each(ENGINES)('the default profile (%s)', (engine) => {
  it('a strict server (id required inline) accepts every payout with the default profile', async () => {
    h = await routingHarness({ engine, strict: true });
    const rows = makeRows(12, 5);
    const after = await payRows(h, rows);
    expect(after.map((r) => r.state).filter((s) => !ACCEPTED_STATES.includes(s))).toEqual([]);
    expect(await checkLedger(h)).toMatchObject({ paidTwice: [], mismatched: [], ledgerPaise: sumPaise(rows) });
    expect(h.deps.profile().switches.payeeRouting).toBe('inline-with-id');
  });

  it('a profile stored before the setting existed reads the default', () => {
    const { payeeRouting: _dropped, ...older } = DEFAULT_API_SWITCHES;
    expect(apiSwitchesSchema.parse(older).payeeRouting).toBe('inline-with-id');
  });
});

describe.each(ENGINES)('the strict preset, with the profile a user saves for it (%s)', (engine) => {
  for (const routing of [undefined, 'registered'] as const) {
    it(`payee routing ${routing ?? 'left at the default'}: every payout accepted, each once`, async () => {
      const profile = presetProfile('strict');
      if (routing) profile.switches = { ...profile.switches, payeeRouting: routing };
      h = await createHarness({
        engine,
        sandbox: { ...QUIET, preset: 'strict' },
        profile: { ...profile, batchChunkSize: 4 },
      });
      const rows = makeRows(10, 19);
      if (routing) {
        // One payee already at EnKash: the 409 is settled through the strict server's own Search Beneficiary path.
        const v = rows[0]!.values;
        const id = stablePayeeId({ accountNumber: v.accountNumber!, ifsc: v.ifsc!, vpa: null })!;
        const { client } = await h.deps.session();
        await client.createBeneficiary({
          beneficiaryId: id,
          name: v.name!,
          accountNumber: v.accountNumber,
          ifsc: v.ifsc,
        });
      }
      const after = await payRows(h, rows);
      expect(acceptedRows(after)).toHaveLength(10);
      expect(await checkLedger(h)).toMatchObject({ paidTwice: [], mismatched: [], ledgerPaise: sumPaise(rows) });
      const first = after.find((r) => r.rowNumber === rows[0]!.row)!;
      expect((await registered(h, stablePayeeId(first)!))?.source).toBe(routing ? 'found' : undefined);
    });
  }
});

// SQLite only: resubmitRejected (src/main/services/submission/fix-retry.ts) still reads and writes deps.db.
describe.each(ENGINES)('REJECT_BENEF_ID on an inline payout (%s)', (engine) => {
  it('tells the user which setting to change', async () => {
    h = await routingHarness({ engine, routing: 'inline', strict: true });
    const [row] = await payRows(h, makeRows(1, 8));
    expect(row).toMatchObject({ state: 'REJECTED', rejectCode: 'REJECT_BENEF_ID' });
    expect(row!.failureReason).toContain('Settings → API profile → Payee routing');
    expect(row!.failureReason).toContain('inline-with-id');
    expect(row!.failureReason).toContain('nothing was paid');
    // Following the message: change the setting and resubmit the row — same transactionId, paid once.
    h.deps.profile().switches.payeeRouting = 'inline-with-id';
    await resubmitRejected(h.deps, row!.batchId, [row!.id], rupees(row!.amountPaise));
    await createSubmissionEngine(h.deps).start(row!.batchId);
    const [after] = await h.store.run(payoutsOfBatchOps(row!.batchId));
    expect(ACCEPTED_STATES).toContain(after!.state);
    expect(after!.transactionId).toBe(row!.transactionId);
    expect(h.sandbox.paidCount(row!.transactionId)).toBe(1);
  });
});

describe.each(ENGINES)('a server that registers inline payees (409 on their id the second time) (%s)', (engine) => {
  it('the refused row names the setting; with `registered` the same payee is reused and paid', async () => {
    h = await routingHarness({ engine, routing: 'inline-with-id', registersInline: true });
    const first = await payRows(h, makeRows(2, 16), 'first.csv');
    expect(acceptedRows(first)).toHaveLength(2);
    const again = await payRows(h, makeRows(2, 17), 'again.csv');
    expect(again.map((r) => r.state)).toEqual(['REJECTED', 'REJECTED']);
    expect(again[0]!.failureReason).toContain('Settings → API profile → Payee routing');
    expect(again[0]!.failureReason).toMatch(/already holds this payee.*registered/);
    expect(again.every((r) => h!.sandbox.paidCount(r.transactionId) === 0)).toBe(true);
    h.deps.profile().switches.payeeRouting = 'registered';
    const third = await payRows(h, makeRows(2, 18), 'third.csv');
    expect(acceptedRows(third)).toHaveLength(2);
    expect(await registered(h, stablePayeeId(third[0]!)!)).toMatchObject({ source: 'found' });
    expect(await checkLedger(h)).toMatchObject({ paidTwice: [], mismatched: [] });
  });
});
