import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import type { Services } from '../services/lifecycle';
import { createBatchHandlers } from './batch-handlers';
import { createEnkashHandlers } from './enkash-handlers';
import { createHistoryHandlers } from './history-handlers';
import { createImportHandlers } from './import-handlers';
import { createJournalHandlers } from './journal-handlers';
import { createSettingsHandlers } from './settings-handlers';

/** Every IPC handler, built over one context. The type makes a missing handler a compile error. */
export function createHandlers(ctx: MainContext, services: Services): HandlerMap {
  return {
    ...createSettingsHandlers(ctx),
    ...createEnkashHandlers(ctx),
    ...createImportHandlers(ctx, services),
    ...createBatchHandlers(ctx, services),
    ...createHistoryHandlers(ctx, services),
    ...createJournalHandlers(ctx),
  };
}
