import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/open';
import type { Engine } from '../../src/main/db/store/ops';
import { openPgStore, sqliteStore, type Store } from '../../src/main/db/store/store';
import { freshPgDatabase } from './pg-database';

/** Both engines, for `describe.each(ENGINES)`: the journal's promises are tested once and must hold on both. */
export const ENGINES: readonly Engine[] = ['sqlite', 'pg'];

export type TestStore = { store: Store; url: string | null; file: string | null; close(): Promise<void> };

/** A migrated, empty journal database on `engine`: a temp SQLite file, or a fresh database on the test cluster. */
export async function openTestStore(engine: Engine): Promise<TestStore> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const file = join(dir, 'desk.sqlite');
    const db = openDatabase({ file });
    return {
      store: sqliteStore(db),
      url: null,
      file,
      close: async () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const fresh = await freshPgDatabase();
  const store = await openPgStore(fresh.pool);
  return { store, url: fresh.url, file: null, close: () => fresh.close() };
}
