import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors';

/**
 * Team users' passwords (issue 14 point 2): scrypt, memory-hard, so a stolen `pg_dump` costs an attacker 32 MiB and
 * tens of milliseconds per guess per core. The stored form carries its own cost parameters, so raising them later
 * keeps old hashes verifiable: `scrypt$N$r$p$salt$hash` (salt and hash base64).
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
// scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly that, so leave room.
const MAX_MEM = 256 * N * R;

export const MIN_PASSWORD_LENGTH = 12;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * n * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Why `password` may not be set, or null. Length only: a passphrase beats composition rules. */
export function passwordProblem(password: string | undefined): string | null {
  if (password === undefined || password === '') return 'a password is needed';
  if ([...password].length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'a password may have at most 1,024 characters';
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('invalid_input', `Password refused: ${problem}.`);
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `stored`. A malformed stored hash never matches (and never throws at sign-in). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every(Number.isSafeInteger) || 256 * n * r > MAX_MEM * 4) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const key = await derive(password, Buffer.from(parts[4]!, 'base64'), n, r, p);
  return timingSafeEqual(key, expected);
}
