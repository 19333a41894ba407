import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import { all, q } from '../../src/main/db/store/ops';
import { reconcileOnStartup, reconcileTick } from '../../src/main/services/reconcile/startup';
import { toPayoutInput } from '../../src/main/services/journal/request';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, manualClock, seedSearchProof } from './support/journal-harness';
import { claimChunk, confirmedBatch } from './support/lost-answer';

/**
 * Issue 9 point 3: a record found under our transactionId is adopted only when it is the same payout. Here
 * EnKash already holds another payee's payout under the id (another system used it), and our own create call
 * was lost: the search finds their payout. It must never become our SUCCESS, and nothing is paid twice.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe.each(ENGINES)('adopt only your own payout (%s)', (engine) => {
  it('a search hit with another amount and payee is never adopted, and no resend pays it', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, profile: { batchChunkSize: 5 }, timing: { unknownGraceMs: 60_000 } });
    await seedSearchProof(h); // a proven "not found" is the premise here (issue 9 point 5)
    const { chunkId } = await confirmedBatch(h, 5, 44);
    const rows = await h.store.run(payoutsOfChunkOps(chunkId));
    const victim = rows[0]!;
    const { client } = await h.deps.session();
    // Someone else's payout under our id: other amount, other payee.
    await client.createPayout({
      ...toPayoutInput({ ...victim, amountPaise: victim.amountPaise + 1_00, payeeName: 'Somebody Else' }),
      beneficiary: {
        name: 'Somebody Else',
        accountNumber: '99887766554433',
        ifsc: 'SBIN0000001',
      },
    });
    // Our request "left" and the answer was lost.
    await claimChunk(h, chunkId);
    await reconcileOnStartup(h.deps);
    for (let i = 0; i < 3; i++) {
      clock.advance(60_001);
      await reconcileTick(h.deps, client);
    }
    const after = await h.store.run(payoutsOfChunkOps(chunkId));
    const mine = after.find((r) => r.id === victim.id)!;
    // Not provably ours: CONFLICT for a person, with EnKash's side kept beside ours (never SUCCESS).
    expect(mine.state).toBe('CONFLICT');
    // Resends were answered 409 (the id is taken): none of them paid anything.
    expect(after.filter((r) => r.id !== victim.id).every((r) => r.state !== 'UNKNOWN')).toBe(true);
    // The sandbox holds exactly one payout under the id: theirs.
    const underId = h.sandbox.payouts().filter((p) => p.transactionId === victim.transactionId);
    expect(underId).toHaveLength(1);
    expect(underId[0]!.amountPaise).toBe(victim.amountPaise + 1_00);
    const mismatch = await h.store.run(
      all<{ data: string }>(
        q`SELECT data FROM audit_log WHERE entity = 'payout' AND action = 'conflict' AND entity_id = ${victim.transactionId}`,
      ),
    );
    expect(mismatch.length).toBeGreaterThan(0);
    expect(JSON.parse(mismatch[0]!.data).fields).toContain('amount');
    expect((await h.store.run(verifyAuditChainOps())).ok).toBe(true);
  });
});
