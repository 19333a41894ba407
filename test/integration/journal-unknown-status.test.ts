import { afterEach, describe, expect, it } from 'vitest';
import { getPayoutOps, payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import type { EnkashClient } from '../../src/main/enkash/client';
import { pollOnce } from '../../src/main/services/reconcile/poll';
import { resolveUnknownOnce } from '../../src/main/services/reconcile/resolve';
import { sendChunk } from '../../src/main/services/journal/send';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, manualClock, seedSearchProof } from './support/journal-harness';
import { confirmedBatch } from './support/lost-answer';

/**
 * Issue 9 point 6: a status EnKash reports that we do not know is kept verbatim and flagged (the row waits in
 * PROCESSING, never final); the next known status moves the row on and clears the flag — REJECTED included.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/**
 * The Sandbox's answers, with EnKash's status word replaced by `say.status` while it is set: the Sandbox only
 * ever reports documented statuses, and EnKash may add new ones.
 */
function saying(client: EnkashClient, say: { status: string | null }): EnkashClient {
  return {
    ...client,
    searchPayouts: async (input) => {
      const r = await client.searchPayouts(input);
      const status = say.status;
      return status === null ? r : { ...r, items: r.items.map((i) => ({ ...i, status })) };
    },
  };
}

async function acceptedRow(hh: Harness, seed: number): Promise<number> {
  const { chunkId } = await confirmedBatch(hh, 1, seed);
  const { client } = await hh.deps.session();
  expect((await sendChunk(hh.deps, client, chunkId, 'first')).kind).toBe('answered');
  const [row] = await hh.store.run(payoutsOfChunkOps(chunkId));
  expect(row!.state).toBe('PENDING');
  return row!.id;
}

describe.each(ENGINES)('unknown EnKash statuses (%s)', (engine) => {
  it('an unknown status is kept verbatim and flagged; REJECTED after it ends the row REJECTED, unflagged', async () => {
    h = await createHarness({ engine, clock: manualClock() });
    const id = await acceptedRow(h, 31);
    const say = { status: 'ON_HOLD_BY_BANK' as string | null };
    const { client } = await h.deps.session();
    await pollOnce(h.deps, saying(client, say), { all: true });
    let row = (await h.store.run(getPayoutOps(id)))!;
    expect(row.state).toBe('PROCESSING');
    expect(row.enkashStatus).toBe('ON_HOLD_BY_BANK');
    expect(row.flag).toBe('unknown_status');
    say.status = 'REJECTED';
    await pollOnce(h.deps, saying(client, say), { all: true });
    row = (await h.store.run(getPayoutOps(id)))!;
    expect(row.state).toBe('REJECTED');
    expect(row.enkashStatus).toBe('REJECTED');
    expect(row.flag).toBeNull();
  });

  it('a known status after an unknown one clears the flag (SUCCESS)', async () => {
    h = await createHarness({ engine, clock: manualClock() });
    const id = await acceptedRow(h, 37);
    const say = { status: 'Parked' as string | null };
    const { client } = await h.deps.session();
    await pollOnce(h.deps, saying(client, say), { all: true });
    expect(await h.store.run(getPayoutOps(id))).toMatchObject({
      state: 'PROCESSING',
      enkashStatus: 'Parked',
      flag: 'unknown_status',
    });
    say.status = 'SUCCESS';
    await pollOnce(h.deps, saying(client, say), { all: true });
    expect(await h.store.run(getPayoutOps(id))).toMatchObject({
      state: 'SUCCESS',
      enkashStatus: 'SUCCESS',
      flag: null,
    });
  });

  it('a row already PROCESSING is flagged by an unknown status and unflagged by the next known one', async () => {
    h = await createHarness({ engine, clock: manualClock() });
    const id = await acceptedRow(h, 39);
    const say = { status: 'PROCESSING' as string | null };
    const { client } = await h.deps.session();
    await pollOnce(h.deps, saying(client, say), { all: true });
    expect(await h.store.run(getPayoutOps(id))).toMatchObject({ state: 'PROCESSING', flag: null });
    say.status = 'AWAITING_BANK';
    await pollOnce(h.deps, saying(client, say), { all: true });
    expect(await h.store.run(getPayoutOps(id))).toMatchObject({
      state: 'PROCESSING',
      enkashStatus: 'AWAITING_BANK',
      flag: 'unknown_status',
    });
    say.status = 'PROCESSING';
    await pollOnce(h.deps, saying(client, say), { all: true });
    expect(await h.store.run(getPayoutOps(id))).toMatchObject({
      state: 'PROCESSING',
      enkashStatus: 'PROCESSING',
      flag: null,
    });
  });

  it('an UNKNOWN row found by Search with an unknown status is kept verbatim and flagged, never final', async () => {
    h = await createHarness({
      engine,
      clock: manualClock(),
      sandbox: { faults: { faultRate: 1, kinds: ['timeout_after_processing'], hangMs: 400 } },
      profile: { requestTimeoutMs: 250 },
    });
    await seedSearchProof(h);
    const { chunkId } = await confirmedBatch(h, 1, 37);
    const { client } = await h.deps.session();
    // The request landed but its answer was lost: the row is UNKNOWN until Search says what happened.
    await sendChunk(h.deps, client, chunkId, 'first');
    const [sent] = await h.store.run(payoutsOfChunkOps(chunkId));
    expect(sent!.state).toBe('UNKNOWN');
    h.sandbox.setFaults({ faultRate: 0 });
    await resolveUnknownOnce(h.deps, saying(client, { status: 'PARKED_AT_NPCI' }), { all: true });
    expect(await h.store.run(getPayoutOps(sent!.id))).toMatchObject({
      state: 'PROCESSING',
      enkashStatus: 'PARKED_AT_NPCI',
      flag: 'unknown_status',
    });
  });
});
