import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { createEnkashHandlers } from './enkash-handlers';
import { createImportHandlers } from './import-handlers';
import { createSettingsHandlers } from './settings-handlers';

/** Every IPC handler, built over one context. The type makes a missing handler a compile error. */
export function createHandlers(ctx: MainContext): HandlerMap {
  return {
    ...createSettingsHandlers(ctx),
    ...createEnkashHandlers(ctx),
    ...createImportHandlers(ctx),
  };
}
