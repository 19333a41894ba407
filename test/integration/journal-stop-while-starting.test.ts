import { afterEach, describe, expect, it } from 'vitest';
import { createJournalRuntime } from '../../src/main/services/journal/runtime';
import type { StartupReport } from '../../src/main/services/journal/recovery';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness } from './support/journal-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each(ENGINES)('journal runtime: a stop that comes while the start-up round still runs (%s)', (engine) => {
  it('waits for the round, then starts no poller and no lease heartbeat that would outlive the database', async () => {
    h = await createHarness({ engine });
    await h.dropLease(); // the runtime below takes the journal lease itself
    let finishStartup: ((report: StartupReport) => void) | null = null;
    const calls: string[] = [];
    const runtime = createJournalRuntime(h.deps, {
      reconciler: {
        startup: () => new Promise<StartupReport>((resolve) => (finishStartup = resolve)),
        poller: { start: () => void calls.push('poller.start'), stop: async () => void calls.push('poller.stop') },
      },
      lease: { renewEveryMs: 5 },
    });
    const started = runtime.start();
    const stopped = runtime.stop();
    let stopDone = false;
    void stopped.then(() => (stopDone = true));
    // The round starts once the lease is taken (on PostgreSQL that can take longer than a fixed wait on a busy machine).
    for (let i = 0; i < 500 && finishStartup === null; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 20));
    // The stop does not release the lease under a start-up round that is still using the database.
    expect(stopDone).toBe(false);
    expect(finishStartup).not.toBeNull();
    finishStartup!({ interrupted: 0, resolve: null, stillUnknown: 0 });
    await Promise.all([started, stopped]);
    expect(calls).toEqual(['poller.stop']);
    expect(runtime.isOwner()).toBe(false);
    // Nothing ticks afterwards: closing the database now must not be followed by a heartbeat on it.
    if (h.store.sqlite) h.store.sqlite.close();
    else await h.store.close();
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toEqual(['poller.stop']);
  });
});
