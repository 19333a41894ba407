import { describe, expect, it } from 'vitest';
import {
  DATABASE_URL_ENV,
  maskDatabaseUrl,
  resolveDatabaseUrl,
  scrubDatabaseUrl,
  takeDatabaseUrlFlag,
} from '../../../src/cli/database-url';
import { UsageError } from '../../../src/cli/command';

const SECRET = 'S3cr3t-pw';

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('maskDatabaseUrl', () => {
  it('hides the password and keeps what helps to recognise the server', () => {
    expect(maskDatabaseUrl(`postgres://desk:${SECRET}@db.example.in:5433/payouts`)).toBe(
      'postgres://desk:***@db.example.in:5433/payouts',
    );
  });

  it('hides secrets passed as query parameters, not the harmless ones', () => {
    const masked = maskDatabaseUrl(`postgresql://desk@db/payouts?sslmode=require&password=${SECRET}&sslpassword=x1`);
    expect(masked).not.toContain(SECRET);
    expect(masked).not.toContain('x1');
    expect(masked).toContain('sslmode=require');
    expect(masked).toContain('password=***');
  });

  it('leaves a URL without a password as it is', () => {
    expect(maskDatabaseUrl('postgres://desk@localhost/payouts')).toBe('postgres://desk@localhost/payouts');
  });

  it('never echoes text it cannot parse (it may hold a password)', () => {
    expect(maskDatabaseUrl(`desk:${SECRET}@nowhere`)).not.toContain(SECRET);
    expect(maskDatabaseUrl(`postgres://desk:${SECRET}@[bad`)).not.toContain(SECRET);
  });
});

describe('scrubDatabaseUrl', () => {
  it('replaces the URL and its password anywhere in a message', () => {
    const url = `postgres://desk:${SECRET}@db:5432/p`;
    const message = `failed for ${url}; password ${SECRET} rejected; again ${encodeURIComponent(SECRET)}`;
    const scrubbed = scrubDatabaseUrl(message, url);
    expect(scrubbed).not.toContain(SECRET);
    expect(scrubbed).toContain('postgres://desk:***@db:5432/p');
  });

  it('also catches a percent-encoded password in its decoded form', () => {
    const url = 'postgres://desk:p%40ss%2Fw0rd@db/p';
    expect(scrubDatabaseUrl('auth p@ss/w0rd failed', url)).toBe('auth *** failed');
  });
});

describe('--database-url and PAYOUT_DESK_DATABASE_URL', () => {
  const FLAG_URL = 'postgres://flag@db1/a';
  const ENV_URL = 'postgres://env@db2/b';

  it('takes the flag out of the arguments in both spellings, leaving the rest in order', () => {
    expect(takeDatabaseUrlFlag(['a.csv', '--database-url', FLAG_URL, '--yes'])).toEqual({
      url: FLAG_URL,
      rest: ['a.csv', '--yes'],
    });
    expect(takeDatabaseUrlFlag([`--database-url=${FLAG_URL}`, '--json'])).toEqual({ url: FLAG_URL, rest: ['--json'] });
    expect(takeDatabaseUrlFlag(['--json'])).toEqual({ url: undefined, rest: ['--json'] });
  });

  it('leaves arguments after `--` alone (they are data)', () => {
    expect(takeDatabaseUrlFlag(['--', '--database-url', FLAG_URL])).toEqual({
      url: undefined,
      rest: ['--', '--database-url', FLAG_URL],
    });
  });

  it('refuses the flag without a value', () => {
    expect(usageMessage(() => takeDatabaseUrlFlag(['--database-url']))).toMatch(/--database-url needs a value/);
    expect(usageMessage(() => takeDatabaseUrlFlag(['--database-url', '--json']))).toMatch(/needs a value/);
  });

  it('the flag wins over the environment variable; the variable is used without it; neither means SQLite', () => {
    expect(resolveDatabaseUrl(FLAG_URL, { [DATABASE_URL_ENV]: ENV_URL })).toBe(FLAG_URL);
    expect(resolveDatabaseUrl(undefined, { [DATABASE_URL_ENV]: ENV_URL })).toBe(ENV_URL);
    expect(resolveDatabaseUrl(undefined, {})).toBeUndefined();
    expect(resolveDatabaseUrl(undefined, { [DATABASE_URL_ENV]: '  ' })).toBeUndefined();
  });

  it('refuses anything but a postgres URL, naming where it came from and never showing the password', () => {
    const flagMessage = usageMessage(() => resolveDatabaseUrl(`mysql://u:${SECRET}@h/d`, {}));
    expect(flagMessage).toMatch(/--database-url must be a postgres:\/\//);
    expect(flagMessage).not.toContain(SECRET);
    const envMessage = usageMessage(() => resolveDatabaseUrl(undefined, { [DATABASE_URL_ENV]: `u:${SECRET}@h` }));
    expect(envMessage).toContain(DATABASE_URL_ENV);
    expect(envMessage).not.toContain(SECRET);
  });

  it('accepts both postgres schemes', () => {
    expect(resolveDatabaseUrl('postgresql://u@h/d', {})).toBe('postgresql://u@h/d');
    expect(resolveDatabaseUrl('POSTGRES://u@h/d', {})).toBe('POSTGRES://u@h/d');
  });
});
