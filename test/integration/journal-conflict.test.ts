import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { getPayoutOps, payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import { all, type Engine, get, q } from '../../src/main/db/store/ops';
import type { EnkashClient } from '../../src/main/enkash/client';
import type { PayoutRecord } from '../../src/main/enkash/payout-outputs';
import { transitionPayoutsOps } from '../../src/main/services/journal/transition';
import { pollOnce } from '../../src/main/services/reconcile/poll';
import { resolveUnknownOnce } from '../../src/main/services/reconcile/resolve';
import { reconcileOnStartup, reconcileTick } from '../../src/main/services/reconcile/startup';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { sendSingle } from '../../src/main/services/journal/send';
import { toPayoutInput } from '../../src/main/services/journal/request';
import { AppError } from '../../src/shared/domain/errors';
import { type SettleInput, settlePayoutOps } from '../../src/main/services/journal/settle';
import { ENGINES } from '../support/test-store';
import { checkLedger, createHarness, type Harness, manualClock, settle } from './support/journal-harness';
import { claimChunk, confirmedBatch } from './support/lost-answer';

/**
 * Issue 9 point 3 (and the manual settle of point 5): a record under our transactionId that is not provably our
 * payout puts the row into CONFLICT with both sides kept — never SUCCESS, never resent — and a person settles
 * it, audited with a reason. A row that stays UNKNOWN can be settled "paid" / "not paid".
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

type Raw = { state: string; conflict: string | null; flag: string | null; prev: string | null; chunk: number | null };
const raw = async (id: number) =>
  (await h!.store.run(
    get<Raw>(
      q`SELECT state, conflict, flag, previous_transaction_ids AS prev, chunk_id AS chunk FROM payouts WHERE id = ${id}`,
    ),
  ))!;
const audits = async (txn: string, action: string) =>
  (
    await h!.store.run(
      all<{ data: string; f: string; t: string }>(
        q`SELECT data, from_state AS f, to_state AS t FROM audit_log
          WHERE entity = 'payout' AND entity_id = ${txn} AND action = ${action}`,
      ),
    )
  ).map((a) => ({ ...a, data: JSON.parse(a.data) as Record<string, unknown> }));
const payout = async (id: number) => (await h!.store.run(getPayoutOps(id)))!;
const chunkRows = (chunkId: number) => h!.store.run(payoutsOfChunkOps(chunkId));
const chainOk = async () => (await h!.store.run(verifyAuditChainOps())).ok;
/** settlePayout on the harness's store, whichever engine holds it. */
const settleRow = (input: SettleInput) => h!.store.run(settlePayoutOps(input, h!.deps.now(), h!.deps.log));

/** One lost-answer row whose id EnKash already holds for somebody else (other amount and payee). */
async function conflictRow(engine: Engine, clock: ReturnType<typeof manualClock>) {
  h = await createHarness({ engine, clock, timing: { unknownGraceMs: 60_000 } });
  const { batchId, chunkId } = await confirmedBatch(h, 1, 91);
  const victim = (await chunkRows(chunkId))[0]!;
  const { client } = await h.deps.session();
  await client.createPayout({
    ...toPayoutInput({ ...victim, amountPaise: victim.amountPaise + 1_00, payeeName: 'Somebody Else' }),
    beneficiary: { name: 'Somebody Else', accountNumber: '99887766554433', ifsc: 'SBIN0000001' },
  });
  await claimChunk(h, chunkId);
  await reconcileOnStartup(h.deps);
  for (let i = 0; i < 3; i++) {
    clock.advance(60_001);
    await reconcileTick(h.deps, client);
  }
  return { batchId, victim, client };
}

/** A client whose search answers one record for whatever it is asked (what the sandbox cannot be made to say). */
function searchAnswering(record: (txn: string) => PayoutRecord): EnkashClient {
  return {
    searchPayouts: async (input: { transactionId?: string }) => ({
      items: [record(input.transactionId ?? '')],
      total: 1,
    }),
  } as unknown as EnkashClient;
}

const record = (txn: string, over: Partial<PayoutRecord>): PayoutRecord => ({
  transactionId: txn,
  enkashTransactionId: 'EK-OTHER',
  status: 'SUCCESS',
  amountPaise: 1,
  mode: null,
  utr: null,
  rejectCode: null,
  message: null,
  batchTransactionId: null,
  beneficiaryId: null,
  createdOn: null,
  updatedOn: null,
  ...over,
});

describe.each(ENGINES)('a record that is not our payout puts the row into CONFLICT (%s)', (engine) => {
  it('a record under our id with a different amount → CONFLICT with both sides, never SUCCESS, not resent', async () => {
    const clock = manualClock();
    const { victim } = await conflictRow(engine, clock);
    const r = await raw(victim.id);
    expect(r.state).toBe('CONFLICT');
    const theirs = JSON.parse(r.conflict!) as { amountPaise: number; fields: string[] };
    expect(theirs.amountPaise).toBe(victim.amountPaise + 1_00);
    expect(theirs.fields).toContain('amount');
    expect((await payout(victim.id)).amountPaise).toBe(victim.amountPaise); // ours kept beside theirs
    const moves = await audits(victim.transactionId, 'conflict');
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ f: 'UNKNOWN', t: 'CONFLICT' });
    const everSuccess = await h!.store.run(
      get<{ n: number | string }>(
        q`SELECT count(*) AS n FROM audit_log WHERE entity_id = ${victim.transactionId} AND to_state = 'SUCCESS'`,
      ),
    );
    expect(Number(everSuccess!.n)).toBe(0);
    // Not resent: EnKash holds exactly one payout under the id, theirs.
    expect(h!.sandbox.payouts().filter((p) => p.transactionId === victim.transactionId)).toHaveLength(1);
    expect(await chainOk()).toBe(true);
  });

  it('the poller puts an accepted row into CONFLICT when EnKash now shows another payout under its id', async () => {
    h = await createHarness({ engine });
    const { chunkId } = await confirmedBatch(h, 1, 92);
    const row = (await chunkRows(chunkId))[0]!;
    await claimChunk(h, chunkId);
    await h.store.run(
      transitionPayoutsOps([{ id: row.id, from: 'SENDING', to: 'PENDING', action: 'result' }], { at: h.deps.now() }),
    );
    await pollOnce(
      h.deps,
      searchAnswering((t) => record(t, { amountPaise: row.amountPaise + 7 })),
      { all: true },
    );
    expect((await raw(row.id)).state).toBe('CONFLICT');
    expect((await audits(row.transactionId, 'conflict'))[0]).toMatchObject({ f: 'PENDING', t: 'CONFLICT' });
  });

  it('a record without an amount is not adopted: the row stays UNKNOWN, flagged no_amount', async () => {
    h = await createHarness({ engine });
    const { chunkId } = await confirmedBatch(h, 1, 93);
    const row = (await chunkRows(chunkId))[0]!;
    await claimChunk(h, chunkId);
    await reconcileOnStartup(h.deps).catch(() => undefined);
    expect((await payout(row.id)).state).toBe('UNKNOWN');
    await resolveUnknownOnce(
      h.deps,
      searchAnswering((t) => record(t, { amountPaise: null })),
      { all: true },
    );
    const r = await raw(row.id);
    expect(r.state).toBe('UNKNOWN');
    expect(r.flag).toBe('no_amount');
    expect((await payout(row.id)).searchedAt).toBeNull();
    // A later answer with the amount proves it ours: adopted, and the flag no longer applies.
    await resolveUnknownOnce(
      h.deps,
      searchAnswering((t) => record(t, { amountPaise: row.amountPaise })),
      { all: true },
    );
    expect(await raw(row.id)).toMatchObject({ state: 'SUCCESS', flag: null });
  });
});

describe.each(ENGINES)('a 409 carries no record (%s)', (engine) => {
  it('a 409 on the single route leaves the row UNKNOWN; it is searched by its own transactionId → CONFLICT', async () => {
    h = await createHarness({ engine });
    const { chunkId } = await confirmedBatch(h, 3, 97);
    const rows = await chunkRows(chunkId);
    const asked: Record<string, unknown>[] = [];
    const client = {
      createPayout: async () => {
        throw new AppError('enkash_rejected', 'Duplicate transactionId', { duplicate: true, httpStatus: 409 });
      },
      searchPayouts: async (input: Record<string, unknown>) => {
        asked.push(input);
        const txn = String(input.transactionId ?? '');
        const row = rows.find((r) => r.transactionId === txn);
        return { items: row ? [record(txn, { amountPaise: row.amountPaise + 1 })] : [], total: row ? 1 : 0 };
      },
    } as unknown as EnkashClient;
    for (const r of rows) await sendSingle(h.deps, client, r.id, 'first');
    expect(await Promise.all(rows.map(async (r) => (await payout(r.id)).state))).toEqual([
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
    ]);
    await resolveUnknownOnce(h.deps, client, { all: true });
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(asked.every((q) => typeof q.transactionId === 'string' && q.batchTransactionId === undefined)).toBe(true);
    expect(await Promise.all(rows.map(async (r) => (await raw(r.id)).state))).toEqual([
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
    ]);
  });
});

describe.each(ENGINES)('a person settles a CONFLICT (%s)', (engine) => {
  it('adopt: the row takes EnKash’s state, audited with the reason and both sides', async () => {
    const clock = manualClock();
    const { victim } = await conflictRow(engine, clock);
    const out = await settleRow({
      payoutId: victim.id,
      action: 'adopt',
      reason: 'Checked with EnKash support: ours',
      actor: 'asha',
    });
    const theirs = h!.sandbox.payouts().find((p) => p.transactionId === victim.transactionId)!;
    const row = await payout(victim.id);
    expect(out).toEqual({ state: row.state, transactionId: victim.transactionId });
    expect(['PENDING', 'PROCESSING', 'SUCCESS']).toContain(row.state);
    expect(row.enkashTransactionId).not.toBeNull();
    expect(theirs).toBeDefined();
    const [entry] = await audits(victim.transactionId, 'settle');
    expect(entry).toMatchObject({ f: 'CONFLICT', t: row.state });
    expect(entry!.data).toMatchObject({ settle: 'adopt', reason: 'Checked with EnKash support: ours', actor: 'asha' });
    expect((entry!.data.theirs as { amountPaise: number }).amountPaise).toBe(victim.amountPaise + 1_00);
    expect((entry!.data.ours as { amountPaise: number }).amountPaise).toBe(victim.amountPaise);
    expect(JSON.stringify(entry!.data)).not.toContain('99887766554433');
    // The poller keeps asking about it: the record the person adopted must not throw it back into CONFLICT.
    clock.advance(7 * 3600_000);
    await pollOnce(h!.deps, (await h!.deps.session()).client, { all: true });
    expect((await raw(victim.id)).state).not.toBe('CONFLICT');
    expect(await chainOk()).toBe(true);
  });

  it('not-ours: a new id, READY, the old id kept; sent again it pays once', async () => {
    const clock = manualClock();
    const { batchId, victim } = await conflictRow(engine, clock);
    const out = await settleRow({ payoutId: victim.id, action: 'not-ours', reason: 'Another payee under id' });
    expect(out.state).toBe('READY');
    expect(out.transactionId).not.toBe(victim.transactionId);
    expect(out.transactionId).toMatch(/^PD[A-Z0-9]{21}$/);
    const r = await raw(victim.id);
    expect(r).toMatchObject({ state: 'READY', conflict: null, chunk: null });
    expect(JSON.parse(r.prev!)).toEqual([victim.transactionId]);
    const [entry] = await audits(victim.transactionId, 'settle');
    expect(entry).toMatchObject({ f: 'CONFLICT', t: 'READY' });
    expect(entry!.data).toMatchObject({ settle: 'not-ours', transactionId: out.transactionId });
    await settle(h!, batchId, createSubmissionEngine(h!.deps));
    const sent = await payout(victim.id);
    expect(['PENDING', 'PROCESSING', 'SUCCESS']).toContain(sent.state);
    expect(h!.sandbox.ledger().filter((e) => e.transactionId === out.transactionId)).toHaveLength(1);
    expect((await checkLedger(h!)).paidTwice).toEqual([]);
    expect(await chainOk()).toBe(true);
  });

  it('refuses a reason that is too short and a wrong starting state; nothing changes', async () => {
    const clock = manualClock();
    const { victim } = await conflictRow(engine, clock);
    const before = await raw(victim.id);
    await expect(settleRow({ payoutId: victim.id, action: 'adopt', reason: ' ok ' })).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    await expect(settleRow({ payoutId: victim.id, action: 'paid', reason: 'EnKash says paid' })).rejects.toThrow(
      /CONFLICT/,
    );
    expect(await raw(victim.id)).toEqual(before);
    expect(await audits(victim.transactionId, 'settle')).toEqual([]);
  });
});

describe.each(ENGINES)('a person settles an UNKNOWN row (%s)', (engine) => {
  async function unknownRow(seed: number) {
    h = await createHarness({ engine, timing: { unknownGraceMs: 60_000 } });
    const { chunkId } = await confirmedBatch(h, 1, seed);
    const row = (await chunkRows(chunkId))[0]!;
    await claimChunk(h, chunkId);
    await reconcileOnStartup(h.deps).catch(() => undefined);
    expect((await payout(row.id)).state).toBe('UNKNOWN');
    return row;
  }

  it('paid: SUCCESS, flagged settled_by_person, audited', async () => {
    const row = await unknownRow(94);
    const out = await settleRow({ payoutId: row.id, action: 'paid', reason: 'EnKash portal shows it paid' });
    expect(out).toEqual({ state: 'SUCCESS', transactionId: row.transactionId });
    expect(await raw(row.id)).toMatchObject({ state: 'SUCCESS', flag: 'settled_by_person' });
    expect((await audits(row.transactionId, 'settle'))[0]).toMatchObject({ f: 'UNKNOWN', t: 'SUCCESS' });
  });

  it('not-paid: stays UNKNOWN, may be resent with the same ids at once, and pays once', async () => {
    const row = await unknownRow(95);
    const { client } = await h!.deps.session();
    // Without the person's word the grace (60 s) would hold the resend back.
    await resolveUnknownOnce(h!.deps, client, { all: true });
    expect(h!.sandbox.ledger()).toHaveLength(0);
    const out = await settleRow({ payoutId: row.id, action: 'not-paid', reason: 'EnKash: never received' });
    expect(out).toEqual({ state: 'UNKNOWN', transactionId: row.transactionId });
    expect(await raw(row.id)).toMatchObject({ state: 'UNKNOWN', flag: 'settled_by_person' });
    expect((await audits(row.transactionId, 'settle'))[0]).toMatchObject({ f: 'UNKNOWN', t: 'UNKNOWN' });
    // The next round's search still finds nothing; that must not undo the person's word (no grace to wait).
    await resolveUnknownOnce(h!.deps, client, { all: true });
    expect(h!.sandbox.ledger().filter((e) => e.transactionId === row.transactionId)).toHaveLength(1);
  });

  it('paid / not-paid are refused on a row that is not UNKNOWN', async () => {
    h = await createHarness({ engine });
    const { chunkId } = await confirmedBatch(h, 1, 96);
    const row = (await chunkRows(chunkId))[0]!;
    await expect(settleRow({ payoutId: row.id, action: 'not-paid', reason: 'not paid really' })).rejects.toThrow(
      /READY/,
    );
    await expect(settleRow({ payoutId: row.id, action: 'not-ours', reason: 'not ours really' })).rejects.toThrow(
      /READY/,
    );
    expect((await raw(row.id)).state).toBe('READY');
    expect(await audits(row.transactionId, 'settle')).toEqual([]);
  });
});
