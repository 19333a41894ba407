import { afterEach, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/shared/settings/api-profile';
import { chunksOfBatchOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfBatchOps, payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import type { EnkashClient } from '../../src/main/enkash/client';
import { transitionPayoutsOps } from '../../src/main/services/journal/transition';
import { createPoller, reconcileOnStartup, withReconcileLock } from '../../src/main/services/reconcile/startup';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, makeRows, manualClock, rupees, SHA, sumPaise } from './support/journal-harness';
import { claimChunk } from './support/lost-answer';

/**
 * Issue 9 point 2: a round queued behind the reconcile lock while the user switches the environment must search
 * and resend each row only with the client of the row's own environment.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe.each(ENGINES)('the environment is pinned (%s)', (engine) => {
  it('a round queued while Settings switch environment searches and resends each row only in its own environment', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, profile: { batchChunkSize: 4 }, timing: { unknownGraceMs: 0 } });
    let env: Environment = 'sandbox';
    h.deps.environment = () => env;
    const sandboxSession = await h.deps.session();
    const productionCalls: string[] = [];
    const production: EnkashClient = new Proxy({} as EnkashClient, {
      get: (_t, name) => async (arg: unknown) => {
        productionCalls.push(`${String(name)} ${JSON.stringify(arg)}`);
        throw new Error('production is not reachable from this test');
      },
    });
    h.deps.session = async () =>
      env === 'sandbox'
        ? sandboxSession
        : { client: production, environment: 'production', profile: sandboxSession.profile };

    // Rows of each environment whose answer was lost: four in Sandbox, four in Production.
    const lost = async (e: Environment, seed: number): Promise<number> => {
      env = e;
      const drafts = makeRows(4, seed);
      const { batchId } = await stageBatchOnStore(h!.deps, {
        fileName: `${e}.csv`,
        sha256: SHA,
        kind: 'payouts',
        rows: drafts,
      });
      if (e === 'sandbox') await confirmBatch(h!.deps, batchId!, rupees(sumPaise(drafts)));
      const [chunk] = await h!.store.run(chunksOfBatchOps(batchId!));
      const at = h!.deps.now();
      const rows = await h!.store.run(payoutsOfChunkOps(chunk!.id));
      if (e !== 'sandbox') {
        const ready = rows.map((r) => ({ id: r.id, from: 'DRAFT' as const, to: 'READY' as const, action: 'confirm' }));
        await h!.store.run(transitionPayoutsOps(ready, { at }));
      }
      await claimChunk(h!, chunk!.id);
      return batchId!;
    };
    const sandboxBatch = await lost('sandbox', 71);
    const productionBatch = await lost('production', 72);
    env = 'sandbox';
    await reconcileOnStartup(h.deps);
    clock.advance(1_000);

    // Another round holds the lock; the poller's round queues behind it; the user switches to Production.
    let release!: () => void;
    const held = withReconcileLock(h.store, () => new Promise<void>((r) => (release = r)));
    const queued = createPoller(h.deps).tickNow();
    await new Promise((r) => setTimeout(r, 20));
    env = 'production';
    release();
    await held;
    await queued;

    const ids = async (batchId: number) => (await h!.store.run(payoutsOfBatchOps(batchId))).map((r) => r.transactionId);
    // No Production row went to the Sandbox, no Sandbox row went to Production.
    const atSandbox = new Set(h.sandbox.payouts().map((p) => p.transactionId));
    expect((await ids(productionBatch)).filter((id) => atSandbox.has(id))).toEqual([]);
    expect((await ids(sandboxBatch)).filter((id) => productionCalls.some((c) => c.includes(id)))).toEqual([]);
    expect(
      (await h.store.run(payoutsOfBatchOps(productionBatch))).every((r) => r.state === 'UNKNOWN' && r.attempts === 1),
    ).toBe(true);
  });
});
