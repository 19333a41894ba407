import { createHandlers } from '../../src/main/handlers/index';
import { createDispatcher, type Dispatch, type HandlerMap } from '../../src/main/ipc/dispatch';
import type { FileDeps } from '../../src/main/services/exports/save-desk';
import { startServices, type ServiceOptions, type Services } from '../../src/main/services/lifecycle';
import { createTestContext, type TestContext } from './test-context';

export const TEST_SENDER = 'app://payout-desk/index.html';

export type TestApp = {
  ctx: TestContext;
  services: Services;
  handlers: HandlerMap;
  dispatch: Dispatch;
  cleanup: () => Promise<void>;
};

/** The whole main side as the app builds it: context, services, handlers and the IPC dispatcher. */
export async function createTestApp(
  options: Parameters<typeof createTestContext>[0] & { services?: ServiceOptions; files?: FileDeps } = {},
): Promise<TestApp> {
  const ctx = createTestContext(options);
  const services = await startServices(ctx, options.services);
  const handlers = createHandlers(ctx, services, options.files);
  const dispatch = createDispatcher(handlers, { isTrustedSender: (u) => u === TEST_SENDER, log: ctx.log });
  return {
    ctx,
    services,
    handlers,
    dispatch,
    cleanup: async () => {
      await services.stop();
      await ctx.cleanup();
    },
  };
}
