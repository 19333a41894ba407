import type { MainContext } from '../context';
import { DEFAULT_TIMING, type JournalDeps, type JournalEvent, type JournalTiming } from './journal/deps';
import { createJournalRuntime, type JournalRuntime, type RuntimeOptions } from './journal/runtime';
import { createReconciler } from './reconcile/startup';
import { verificationCacheDays } from '../../shared/settings/verification-settings';

export type Services = { journal: JournalRuntime; deps: JournalDeps; stop: () => Promise<void> };

export type ServiceOptions = {
  timing?: Partial<JournalTiming>;
  pollEveryMs?: number;
  /** A desktop notification (Electron's Notification in the app; absent in the CLI and tests). */
  notify?: (title: string, body: string) => void;
};

/** Builds the journal's deps from the app context (Electron main and the e2e bridge). */
export function journalDepsFromContext(
  ctx: MainContext,
  extra: { emit?: (event: JournalEvent) => void; timing?: Partial<JournalTiming> } = {},
): JournalDeps {
  return {
    store: ctx.store,
    db: ctx.db,
    session: () => ctx.enkash.session(),
    environment: () => ctx.settings.get().environment,
    profile: () => ctx.settings.get().apiProfile,
    now: ctx.now,
    log: ctx.log,
    emit: extra.emit,
    timing: { ...DEFAULT_TIMING, ...extra.timing },
    verificationCacheDays: () => verificationCacheDays(ctx.settings.get()),
  };
}

/**
 * The journal runtime as the app runs it: the journal's lease owner (sending, recovery, hand-over) driving the
 * reconciler built on top of it (start-up search round, background poller). Wired here, above both, because the
 * journal is the bottom layer and never imports reconcile.
 */
export function createAppRuntime(
  deps: JournalDeps,
  opts: { pollEveryMs?: number; lease?: RuntimeOptions['lease'] } = {},
): JournalRuntime {
  return createJournalRuntime(deps, { reconciler: createReconciler(deps, opts.pollEveryMs), lease: opts.lease });
}

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
  const journal = createAppRuntime(deps, { pollEveryMs: options.pollEveryMs });
  // Start-up reconciliation talks to EnKash; the window must not wait for it (the engine's gate holds new
  // sends until it is done), so it runs in the background and only its outcome is logged.
  void journal.start().then(
    (report) => ctx.log.info('journal.startup', { ...report }),
    (error: unknown) => ctx.log.error('journal.startup_failed', { error: (error as Error).message }),
  );
  return { journal, deps, stop: () => journal.stop() };
}
