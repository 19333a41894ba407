import type { MainContext } from '../context';

/**
 * Background services started once the data is open (the Sandbox simulator, the reconciler and poller as they
 * arrive). Kept out of index.ts so the CLI and the e2e bridge start the very same set.
 */
export async function startServices(ctx: MainContext): Promise<{ stop: () => Promise<void> }> {
  ctx.log.info('app.started', { version: ctx.appVersion });
  return { stop: async () => undefined };
}
