import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/domain/errors';
import { getPayoutOps, payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import { all, q, run } from '../../src/main/db/store/ops';
import type { EnkashClient } from '../../src/main/enkash/client';
import type { BatchPayoutInput, PayoutInput } from '../../src/main/enkash/inputs';
import { reconcileTick } from '../../src/main/services/reconcile/startup';
import { sendChunk, sendSingle } from '../../src/main/services/journal/send';
import { loadSingleRequestOps } from '../../src/main/services/journal/sent-requests';
import { chunksOfBatchOps } from '../../src/main/db/repos/batches-repo';
import { ENGINES } from '../support/test-store';
import {
  checkLedger,
  createHarness,
  type Harness,
  makeRows,
  manualClock,
  shaOf,
  stageConfirmed,
} from './support/journal-harness';
import { confirmedBatch } from './support/lost-answer';
import { ACCEPTED_STATES, type PayoutState } from '../../src/shared/domain/payout-states';

/**
 * Issue 9 point 1: a resend repeats the persisted original request (same chunk, same ids, same body) — it is
 * never rebuilt from today's Settings. Here the fund source changes in Settings while the rows are UNKNOWN.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Records every create request; `lose` makes the first one time out before it reaches EnKash. */
function recording(client: EnkashClient, lose: { first: boolean }) {
  const batches: BatchPayoutInput[] = [];
  const singles: PayoutInput[] = [];
  const timeout = () => new AppError('enkash_unknown_outcome', 'EnKash did not answer in time.', { reason: 'timeout' });
  const wrapped: EnkashClient = {
    ...client,
    createBatchPayout: async (input, opts) => {
      batches.push(structuredClone(input));
      if (lose.first) {
        lose.first = false;
        throw timeout();
      }
      return client.createBatchPayout(input, opts);
    },
    createPayout: async (input) => {
      singles.push(structuredClone(input));
      if (lose.first) {
        lose.first = false;
        throw timeout();
      }
      return client.createPayout(input);
    },
  };
  return { wrapped, batches, singles };
}

/** One payout EnKash accepted, so Search is proven in this environment and "not found" counts (point 5). */
async function landedPayout(hh: Harness): Promise<void> {
  const drafts = makeRows(1, 5, 50);
  const batchId = await stageConfirmed(hh, drafts, { fileName: 'landed.csv', sha256: shaOf('landed') });
  const chunkId = (await hh.store.run(chunksOfBatchOps(batchId)))[0]!.id;
  const { client } = await hh.deps.session();
  expect((await sendChunk(hh.deps, client, chunkId, 'first')).kind).toBe('answered');
}

describe.each(ENGINES)('a resend repeats the persisted request (%s)', (engine) => {
  it('a chunk resent after the fund source changed in Settings sends the original body', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, profile: { batchChunkSize: 5 }, timing: { unknownGraceMs: 60_000 } });
    await landedPayout(h);
    const { chunkId } = await confirmedBatch(h, 5, 17);
    const { client } = await h.deps.session();
    const rec = recording(client, { first: true });
    const out = await sendChunk(h.deps, rec.wrapped, chunkId, 'first');
    expect(out.kind).toBe('unknown');
    const original = h.deps.profile().fundSourceId;
    // Settings change something on the wire while the rows are UNKNOWN.
    h.deps.profile().fundSourceId = 'EKOTHERFUND';
    clock.advance(60_001);
    await reconcileTick(h.deps, rec.wrapped);
    clock.advance(60_001);
    await reconcileTick(h.deps, rec.wrapped);
    expect(rec.batches).toHaveLength(2);
    expect(rec.batches[1]).toEqual(rec.batches[0]);
    expect(rec.batches[1]!.transfers.every((t) => t.fundSourceId === original)).toBe(true);
    const rows = await h.store.run(payoutsOfChunkOps(chunkId));
    // Accepted (the wire body carried the original fund source); never REJECTED for "unknown fund source".
    expect(rows.every((r) => ACCEPTED_STATES.includes(r.state as PayoutState))).toBe(true);
    expect(rows.every((r) => h!.sandbox.paidCount(r.transactionId) === 1)).toBe(true);
    expect((await checkLedger(h)).paidTwice).toEqual([]);
  });

  it('a single row resent after the fund source changed sends its original body', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, profile: { batchChunkSize: 5 }, timing: { unknownGraceMs: 60_000 } });
    await landedPayout(h);
    const { chunkId } = await confirmedBatch(h, 1, 23);
    const [row] = await h.store.run(payoutsOfChunkOps(chunkId));
    // Send it alone: as a single payout (no chunk route).
    await h.store.run(run(q`UPDATE payouts SET chunk_id = NULL WHERE id = ${row!.id}`));
    const { client } = await h.deps.session();
    const rec = recording(client, { first: true });
    expect((await sendSingle(h.deps, rec.wrapped, row!.id, 'first')).kind).toBe('unknown');
    const stored = await h.store.run(
      all<{ t: string; body: string }>(q`SELECT transaction_id AS t, body FROM sent_requests WHERE kind = 'single'`),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.t).toBe(row!.transactionId);
    const original = h.deps.profile().fundSourceId;
    h.deps.profile().fundSourceId = 'EKOTHERFUND';
    clock.advance(60_001);
    await reconcileTick(h.deps, rec.wrapped);
    clock.advance(60_001);
    await reconcileTick(h.deps, rec.wrapped);
    expect(rec.singles).toHaveLength(2);
    expect(rec.singles[1]).toEqual(rec.singles[0]);
    expect(rec.singles[1]!.fundSourceId).toBe(original);
    expect(await h.store.run(payoutsOfChunkOps(chunkId))).toEqual([]);
    const after = (await h.store.run(getPayoutOps(row!.id)))!;
    // Accepted by EnKash, whatever happened since: the Sandbox may already have reversed it.
    expect(ACCEPTED_STATES).toContain(after.state);
    expect(h.sandbox.paidCount(row!.transactionId)).toBe(1);
    expect((await checkLedger(h)).paidTwice).toEqual([]);
    // A row that got a new transactionId ("not ours" on a CONFLICT) never repeats the request of the old one.
    expect(await h.store.run(loadSingleRequestOps(row!.id, row!.transactionId, null))).toEqual(rec.singles[0]);
    expect(await h.store.run(loadSingleRequestOps(row!.id, 'NEWID123', null))).toBeNull();
  });
});
