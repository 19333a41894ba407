import { afterEach, describe, expect, it } from 'vitest';
import type { EnkashClient } from '../../src/main/enkash/client';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { checkLedger, createHarness, type Harness, makeRows, stageConfirmed } from './support/journal-harness';

/**
 * The engine's lanes are pipelined (issue 13 point 5): a lane's next chunk is claimed (SENDING committed) while the
 * one before is in the air, leaves the moment that one's answer arrives, and the answer is recorded after. Watched
 * from inside the batch call, on SQLite, where the store is synchronous: what the database holds at the instant a
 * request leaves is exactly what the engine committed before it (on PostgreSQL the look would race the recording).
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

type Departure = { ids: string[]; sending: string[]; pending: number };

/** The harness's client with its batch call watched: per call, its ids and the rows SENDING or PENDING as it leaves. */
async function watchDepartures(harness: Harness, onCall?: (n: number) => Promise<void> | void): Promise<Departure[]> {
  const seen: Departure[] = [];
  const session = await harness.deps.session();
  const client: EnkashClient = {
    ...session.client,
    createBatchPayout: (input, opts) => {
      const rows = harness.db.prepare('SELECT transaction_id AS t, state FROM payouts ORDER BY id').all() as {
        t: string;
        state: string;
      }[];
      seen.push({
        ids: input.transfers.map((t) => t.transactionId),
        sending: rows.filter((r) => r.state === 'SENDING').map((r) => r.t),
        pending: rows.filter((r) => r.state === 'PENDING').length,
      });
      const before = onCall?.(seen.length);
      return Promise.resolve(before).then(() => session.client.createBatchPayout(input, opts));
    },
  };
  harness.deps.session = async () => ({ ...session, client });
  return seen;
}

describe('pipelined lanes', () => {
  it('sends each chunk as the one before is answered, and records that answer after (one lane)', async () => {
    h = await createHarness({ engine: 'sqlite', profile: { batchChunkSize: 5 }, timing: { concurrency: 1 } });
    const batchId = await stageConfirmed(h, makeRows(20, 7));
    const seen = await watchDepartures(h);

    expect((await createSubmissionEngine(h.deps).start(batchId)).state).toBe('SENT');
    expect(seen).toHaveLength(4);
    seen.forEach((d, k) => {
      // Write-ahead: the chunk leaving is SENDING. From the second on, the chunk before it is answered but not yet
      // recorded (still SENDING), and nothing else is: the chunk after is claimed by that recording, later.
      const previous = k === 0 ? [] : seen[k - 1]!.ids;
      expect(new Set(d.sending), `departure ${k + 1}`).toEqual(new Set([...previous, ...d.ids]));
      expect(d.pending).toBe(Math.max(0, k - 1) * 5);
    });
    expect(await h.countIn(['PENDING'], batchId)).toBe(20);
    expect((await checkLedger(h)).paidTwice).toEqual([]);
  });

  it('a pause while a chunk is in the air: what was claimed still leaves, nothing more; resume sends the rest once', async () => {
    h = await createHarness({ engine: 'sqlite', profile: { batchChunkSize: 4 }, timing: { concurrency: 1 } });
    const batchId = await stageConfirmed(h, makeRows(24, 8));
    const engine = createSubmissionEngine(h.deps);
    const seen = await watchDepartures(h, async (n) => {
      if (n === 2) await engine.pause(batchId);
    });

    const paused = await engine.start(batchId);
    expect(paused.state).toBe('PAUSED');
    // The second chunk was claimed ahead while the first was in the air, so it left; the pause came before any
    // third claim. Both are recorded, none is left SENDING, the rest wait READY.
    expect(seen).toHaveLength(2);
    expect(await h.countIn(['PENDING'], batchId)).toBe(8);
    expect(await h.countIn(['SENDING'], batchId)).toBe(0);
    expect(await h.countIn(['READY'], batchId)).toBe(16);

    expect((await engine.resume(batchId)).state).toBe('SENT');
    expect(seen).toHaveLength(6);
    expect(await h.countIn(['PENDING'], batchId)).toBe(24);
    expect((await checkLedger(h)).paidTwice).toEqual([]);
  });
});
