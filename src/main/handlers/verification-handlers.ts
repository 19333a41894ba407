import { AppError } from '../../shared/domain/errors';
import { verificationConcurrency } from '../../shared/settings/api-profile';
import { verificationCacheDays } from '../../shared/settings/verification-settings';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { cachedVerdictsOps, verifyRowsOn } from '../services/verification/index';

type VerificationHandlers = Pick<HandlerMap, 'startVerify' | 'cancelVerify' | 'cachedVerify'>;

/**
 * Payee verification for the import preview. A job runs under the renderer's jobId so it can be cancelled;
 * cancelling stops new calls and the job still answers with every result so far (`cancelled: true`).
 */
export function createVerificationHandlers(ctx: MainContext): VerificationHandlers {
  const jobs = new Map<string, AbortController>();

  return {
    async startVerify({ jobId, rows, pennyDrop }) {
      if (jobs.has(jobId)) throw new AppError('conflict', 'That verification is already running.');
      const controller = new AbortController();
      jobs.set(jobId, controller);
      try {
        const { client, environment, profile } = await ctx.enkash.session();
        return await verifyRowsOn(
          {
            store: ctx.store,
            environment,
            client,
            now: ctx.now,
            cacheDays: verificationCacheDays(ctx.settings.get()),
            concurrency: verificationConcurrency(profile),
          },
          rows,
          {
            pennyDrop,
            signal: controller.signal,
            onProgress: (p) => ctx.events.emit('verifyProgress', { jobId, ...p }),
          },
        );
      } finally {
        jobs.delete(jobId);
      }
    },
    cancelVerify({ jobId }) {
      const job = jobs.get(jobId);
      job?.abort();
      return { cancelled: Boolean(job) };
    },
    // Never EnKash: the environment the app is set to, its cache, and the names the sheet has now.
    cachedVerify: ({ rows }) =>
      ctx.store.run(
        cachedVerdictsOps(
          {
            environment: ctx.settings.get().environment,
            now: ctx.now,
            cacheDays: verificationCacheDays(ctx.settings.get()),
          },
          rows,
        ),
      ),
  };
}
