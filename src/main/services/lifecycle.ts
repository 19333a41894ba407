import type { MainContext } from '../context';
import { journalDepsFromContext, type JournalDeps, type JournalTiming } from './journal/deps';
import { createJournalRuntime, type JournalRuntime } from './submission/index';

export type Services = { journal: JournalRuntime; deps: JournalDeps; stop: () => Promise<void> };

export type ServiceOptions = {
  timing?: Partial<JournalTiming>;
  pollEveryMs?: number;
  /** A desktop notification (Electron's Notification in the app; absent in the CLI and tests). */
  notify?: (title: string, body: string) => void;
};

/**
 * Background services started once the data is open: the payout journal (start-up reconciliation first, then
 * batches that were sending continue, then the status poller). Electron, the CLI and the e2e bridge all start
 * the very same set through here.
 */
export async function startServices(ctx: MainContext, options: ServiceOptions = {}): Promise<Services> {
  ctx.log.info('app.started', { version: ctx.appVersion });
  const lastState = new Map<number, string>();
  const deps = journalDepsFromContext(ctx, {
    timing: options.timing,
    emit: (event) => {
      if (event.type === 'progress') {
        ctx.events.emit('batchProgress', event.progress);
        const p = event.progress;
        const before = lastState.get(p.batchId);
        lastState.set(p.batchId, p.state);
        // Long batches run while the accountant does something else: say when sending is over.
        if (before && before !== p.state && (p.state === 'SENT' || p.state === 'PAUSED')) {
          options.notify?.(
            p.state === 'SENT' ? `Batch #${p.batchId} sent` : `Batch #${p.batchId} paused`,
            `${p.accepted} accepted, ${p.rejected} rejected, ${p.unknown} awaiting confirmation of ${p.rowCount} rows.`,
          );
        }
      }
    },
  });
  const journal = createJournalRuntime(deps, { pollEveryMs: options.pollEveryMs });
  // Start-up reconciliation talks to EnKash; the window must not wait for it (the engine's gate holds new
  // sends until it is done), so it runs in the background and only its outcome is logged.
  void journal.start().then(
    (report) => ctx.log.info('journal.startup', { ...report }),
    (error: unknown) => ctx.log.error('journal.startup_failed', { error: (error as Error).message }),
  );
  return { journal, deps, stop: () => journal.stop() };
}
