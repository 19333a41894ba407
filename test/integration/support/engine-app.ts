import type { Engine } from '../../../src/main/db/store/ops';
import { createTestApp, type TestApp } from '../../support/test-app';
import { openTestStore } from '../../support/test-store';

/**
 * createTestApp on either engine: the same context, services, handlers and dispatcher, whose journal is the data
 * folder's SQLite file or (PostgreSQL) a fresh database handed to the context as its store, as a Desk Server does.
 */
export async function createEngineApp(
  engine: Engine,
  options: Omit<NonNullable<Parameters<typeof createTestApp>[0]>, 'store' | 'dataDir' | 'safeStorage'> = {},
): Promise<TestApp> {
  const pg = engine === 'pg' ? await openTestStore('pg') : null;
  const app = await createTestApp({ ...options, ...(pg ? { store: pg.store } : {}) });
  return {
    ...app,
    cleanup: async () => {
      await app.cleanup();
      await pg?.close();
    },
  };
}
