import { UsageError } from './command';

/**
 * Which database a command works on (issue 13 point 3): `--database-url postgres://…`, else the environment variable
 * PAYOUT_DESK_DATABASE_URL, else the data folder's SQLite file as always. The URL may carry a password, so it is
 * shown only through maskDatabaseUrl, and any message from the driver goes through scrubDatabaseUrl first.
 */

export const DATABASE_URL_FLAG = 'database-url';
export const DATABASE_URL_ENV = 'PAYOUT_DESK_DATABASE_URL';
export const DATABASE_URL_USAGE = '[--database-url postgres://…]';

const MASK = '***';
const UNREADABLE = '<unreadable database URL>';
// Query parameters libpq and node-postgres read secrets from; anything that looks like one is hidden too.
const SECRET_PARAM = /pass|secret|token|key/i;

/** The URL with its password (and any secret-looking parameter) replaced by `***`; never the text it cannot read. */
export function maskDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    // `user:pw@host` parses as scheme `user:` with the password in its path: only scheme://… has known parts.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new TypeError('no authority');
    parsed = new URL(url);
  } catch {
    return UNREADABLE;
  }
  if (parsed.password) parsed.password = MASK;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, MASK);
  }
  // URLSearchParams encodes `*`; keep the mask readable.
  return parsed.toString().replaceAll('%2A%2A%2A', MASK);
}

function secretsOf(url: string): string[] {
  const found = new Set<string>();
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      found.add(parsed.password);
      found.add(decodeURIComponent(parsed.password));
    }
    for (const [name, value] of parsed.searchParams) if (SECRET_PARAM.test(name) && value) found.add(value);
  } catch {
    // Unparseable: only the whole text is known to be sensitive.
  }
  return [...found].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** `message` with the URL masked and its secrets removed wherever they appear (driver errors, logs). */
export function scrubDatabaseUrl(message: string, url: string): string {
  let text = message.split(url).join(maskDatabaseUrl(url));
  for (const secret of secretsOf(url)) {
    text = text.split(secret).join(MASK);
    text = text.split(encodeURIComponent(secret)).join(MASK);
  }
  return text;
}

/**
 * Removes `--database-url URL` / `--database-url=URL` from a command's arguments (before any `--`), so the command's
 * own flag checks never see it. UsageError when it has no value.
 */
export function takeDatabaseUrlFlag(args: readonly string[]): { url: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let url: string | undefined;
  const bare = `--${DATABASE_URL_FLAG}`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === bare) {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--') || next.trim() === '')
        throw new UsageError(`${bare} needs a value`);
      url = next.trim();
      i++;
    } else if (arg.startsWith(`${bare}=`)) {
      url = arg.slice(bare.length + 1).trim();
      if (!url) throw new UsageError(`${bare} needs a value`);
    } else rest.push(arg);
  }
  return { url, rest };
}

/**
 * The PostgreSQL URL this run uses, or undefined for the data folder's SQLite file. The flag wins over the
 * environment variable; either must be a postgres:// (or postgresql://) URL.
 */
export function resolveDatabaseUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env[DATABASE_URL_ENV]?.trim() || undefined;
  const url = flag ?? fromEnv;
  if (url === undefined) return undefined;
  const source = flag !== undefined ? `--${DATABASE_URL_FLAG}` : DATABASE_URL_ENV;
  let scheme = '';
  try {
    scheme = new URL(url).protocol.toLowerCase();
  } catch {
    // Reported below, without echoing the text.
  }
  if (scheme !== 'postgres:' && scheme !== 'postgresql:') {
    throw new UsageError(
      `${source} must be a postgres://user:password@host:port/database URL (got ${maskDatabaseUrl(url)}).`,
    );
  }
  return url;
}
