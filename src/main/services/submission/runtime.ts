import { listBatchRows } from '../../db/repos/batches-repo';
import { stmt } from '../../db/repos/statements';
import type { JournalDeps } from '../journal/deps';
import { createPoller, type Poller, reconcileOnStartup, type StartupReport } from '../reconcile/startup';
import { createSubmissionEngine, type SubmissionEngine } from './engine';

export type JournalRuntime = {
  engine: SubmissionEngine;
  poller: Poller;
  /**
   * App start: SENDING → UNKNOWN and one search round (the engine's gate holds new sends until it is done),
   * then batches that were sending continue, then the background poller starts.
   */
  start(): Promise<StartupReport>;
  /** App quit: stop the poller and let in-flight requests finish (batches stay SENDING and resume next start). */
  stop(): Promise<void>;
};

/** The engine + reconciler pair the app (and the CLI's `reconcile`) runs. */
export function createJournalRuntime(deps: JournalDeps, opts: { pollEveryMs?: number } = {}): JournalRuntime {
  const engine = createSubmissionEngine(deps);
  const poller = createPoller(deps, opts.pollEveryMs);
  return {
    engine,
    poller,
    async start() {
      const startup = reconcileOnStartup(deps);
      engine.setGate(startup);
      const report = await startup;
      const hasReady = stmt(deps.db, "SELECT 1 FROM payouts WHERE batch_id = ? AND state = 'READY' LIMIT 1");
      for (const b of listBatchRows(deps.db, { environment: deps.environment(), states: ['CONFIRMED', 'SENDING'] })) {
        if (!hasReady.get(b.id)) continue;
        engine
          .start(b.id)
          .catch((e: unknown) => deps.log.warn('engine.resume_failed', { batchId: b.id, error: (e as Error).message }));
      }
      poller.start();
      return report;
    },
    async stop() {
      await poller.stop();
      await engine.stopAll();
    },
  };
}
