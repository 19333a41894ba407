import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainContext, type ContextOptions } from '../../../src/main/context';
import type { Engine } from '../../../src/main/db/store/ops';
import { createHandlers } from '../../../src/main/handlers/index';
import { createDispatcher } from '../../../src/main/ipc/dispatch';
import type { FileDeps } from '../../../src/main/services/exports/save-desk';
import { startServices, type ServiceOptions } from '../../../src/main/services/lifecycle';
import { createConfBackend } from '../../../src/main/settings/conf-backend';
import { createFakeSafeStorage } from '../../support/fake-safe-storage';
import { TEST_SENDER, type TestApp } from '../../support/test-app';
import { openTestStore } from '../../support/test-store';

export type EngineAppOptions = Partial<Pick<ContextOptions, 'sandboxOptions' | 'enkashFetch' | 'now'>> & {
  services?: ServiceOptions;
  files?: FileDeps;
};

/**
 * createTestApp on either engine: the same context, services, handlers and dispatcher, whose journal is the data
 * folder's SQLite file or (PostgreSQL) a fresh database handed to the context as its store, as a Desk Server does.
 */
export async function createEngineApp(engine: Engine, options: EngineAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), `payout-desk-${engine}-`));
  const pg = engine === 'pg' ? await openTestStore('pg') : null;
  const logLines: string[] = [];
  const main = createMainContext({
    dataDir,
    settingsBackend: createConfBackend(dataDir),
    safeStorage: createFakeSafeStorage(),
    appVersion: '0.0.0-test',
    logSink: (line) => logLines.push(line),
    sandboxOptions: options.sandboxOptions,
    enkashFetch: options.enkashFetch,
    now: options.now,
    ...(pg ? { store: pg.store } : {}),
  });
  const ctx = {
    ...main,
    logLines,
    cleanup: async () => {
      await main.close();
      await pg?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
