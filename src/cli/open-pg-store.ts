import { createPgPool } from '../main/db/kysely/pg-kysely';
import { openPgStore } from '../main/db/store/store';
import type { Store } from '../main/db/store/store';
import { AppError, isAppError } from '../shared/domain/errors';
import { maskDatabaseUrl, scrubDatabaseUrl } from './database-url';

// A server that never answers (a firewalled host) would otherwise hold the command for the OS's TCP timeout.
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The PostgreSQL database at `url` as a migrated Store, or an AppError (`db_error`) that says what went wrong with
 * the URL masked: unreachable server, refused login, no such database, or a database a newer Payout Desk migrated
 * (refused before anything is written, db/pg/migrate.ts). No driver message leaves here unscrubbed.
 */
export async function openPgStoreAt(url: string, onPoolError: (message: string) => void): Promise<Store> {
  const shown = maskDatabaseUrl(url);
  let pool: ReturnType<typeof createPgPool>;
  try {
    pool = createPgPool({ connectionString: url, max: 4 });
  } catch (error) {
    throw new AppError('db_error', `The database URL ${shown} cannot be used: ${scrub(error, url)}`);
  }
  pool.options.connectionTimeoutMillis = CONNECT_TIMEOUT_MS;
  // An idle pooled connection the server drops emits 'error'; unhandled, it would end the process with the raw error.
  pool.on('error', (error) => onPoolError(scrubDatabaseUrl(error.message, url)));
  try {
    return await openPgStore(pool);
  } catch (error) {
    if (isAppError(error)) {
      throw new AppError('db_error', `PostgreSQL ${shown}: ${scrubDatabaseUrl(error.message, url)}`, error.details);
    }
    throw new AppError(
      'db_error',
      `Could not open the PostgreSQL database ${shown}: ${scrub(error, url)}. Nothing was written.`,
    );
  }
}

function scrub(error: unknown, url: string): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  const code = (error as { code?: unknown })?.code;
  return scrubDatabaseUrl(typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message, url);
}
