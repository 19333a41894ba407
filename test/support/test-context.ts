import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainContext, type ContextOptions, type MainContext } from '../../src/main/context';
import { createConfBackend } from '../../src/main/settings/conf-backend';
import type { SafeStorageLike } from '../../src/main/settings/vault';
import { createFakeSafeStorage } from './fake-safe-storage';

export type TestContext = MainContext & { logLines: string[]; cleanup: () => Promise<void> };

/**
 * A real main context (SQLite file, settings file, vault) in a fresh temp folder; with `store`, its journal is that
 * store instead (the caller closes it), as a Desk Server's is.
 */
export function createTestContext(
  options: { safeStorage?: SafeStorageLike; dataDir?: string } & Partial<
    Pick<ContextOptions, 'sandboxOptions' | 'enkashFetch' | 'now' | 'store'>
  > = {},
): TestContext {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'payout-desk-test-'));
  const logLines: string[] = [];
  const ctx = createMainContext({
    dataDir,
    settingsBackend: createConfBackend(dataDir),
    safeStorage: options.safeStorage ?? createFakeSafeStorage(),
    appVersion: '0.0.0-test',
    logSink: (line) => logLines.push(line),
    sandboxOptions: options.sandboxOptions,
    enkashFetch: options.enkashFetch,
    now: options.now,
    ...(options.store ? { store: options.store } : {}),
  });
  return {
    ...ctx,
    logLines,
    cleanup: async () => {
      await ctx.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
