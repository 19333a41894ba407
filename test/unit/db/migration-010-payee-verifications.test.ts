import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import {
  cachedBankCheck,
  DuplicateRequestIdError,
  listVerificationRequests,
  recordBankCheck,
  recordVerificationError,
  recordVerificationRequest,
} from '../../../src/main/db/repos/payee-verifications-repo';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mig010-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SRC = join(__dirname, '../../../src/main/db/migrations');

/** A migrations folder holding only 001–009: what a database of the previous release was built with. */
function upTo009(): string {
  const d = join(dir, 'm009');
  mkdirSync(d);
  for (const f of readdirSync(SRC).filter((f) => /^00[1-9]_/.test(f))) copyFileSync(join(SRC, f), join(d, f));
  return d;
}

const T0 = '2026-12-03T10:00:00.000Z';
const request = {
  environment: 'sandbox',
  accountNumber: '5010 0012 345678',
  ifsc: 'hdfc0001234',
  pennyDrop: false,
  customerRequestId: 'PV0000000000001',
  requestedAt: T0,
};
const answer = {
  status: 'verified' as const,
  bankName: 'RAMESH KUMAR',
  rawStatus: 'SUCCESS',
  enkashUniqueId: 'E1',
  utr: null,
};

describe('migration 010 (payee verifications) upgrades a 009 database in place', () => {
  it('keeps the journal; caches per environment + account + IFSC; customerRequestId unique in any case', () => {
    const file = join(dir, 'desk.sqlite');
    const old = openDatabase({ file, migrationsDir: upTo009() });
    old
      .prepare(
        `INSERT INTO batches (id, name, environment, state, row_count, total_paise, created_at) VALUES (1, 'b', 'sandbox', 'SENT', 1, 100, ?)`,
      )
      .run(T0);
    old.close();

    const db = openDatabase({ file });
    try {
      expect(db.prepare('SELECT version AS v FROM schema_migrations WHERE version = 10').get()).toEqual({ v: 10 });
      expect(db.prepare('SELECT name FROM batches').all()).toEqual([{ name: 'b' }]);

      recordVerificationRequest(db, request);
      expect(listVerificationRequests(db, 'sandbox')).toEqual([
        { customerRequestId: request.customerRequestId, environment: 'sandbox', outcome: 'sent', errorKind: null },
      ]);
      expect(() => recordVerificationRequest(db, { ...request, customerRequestId: 'pv0000000000001' })).toThrow(
        DuplicateRequestIdError,
      );
      const key = { environment: 'sandbox', accountNumber: '50100012345678', ifsc: 'HDFC0001234' };
      expect(cachedBankCheck(db, { ...key, now: new Date(T0), maxAgeDays: 90 })).toBeNull();

      recordBankCheck(db, request, answer, T0);
      expect(listVerificationRequests(db, 'sandbox')[0]!.outcome).toBe('verified');
      // Spaces and IFSC case do not make another account.
      expect(cachedBankCheck(db, { ...key, now: new Date(T0), maxAgeDays: 90 })).toEqual({
        status: 'verified',
        bankName: 'RAMESH KUMAR',
        verifiedAt: T0,
        pennyDrop: false,
      });
      expect(cachedBankCheck(db, { ...key, environment: 'uat', now: new Date(T0), maxAgeDays: 90 })).toBeNull();
      expect(cachedBankCheck(db, { ...key, ifsc: 'HDFC0009999', now: new Date(T0), maxAgeDays: 90 })).toBeNull();

      // The newest answer replaces the old one.
      const later = '2026-12-05T10:00:00.000Z';
      const second = { ...request, customerRequestId: 'PV0000000000002', pennyDrop: true, requestedAt: later };
      recordVerificationRequest(db, second);
      recordBankCheck(db, second, { ...answer, status: 'failed', bankName: null, utr: 'UTR9' }, later);
      expect(cachedBankCheck(db, { ...key, now: new Date(later), maxAgeDays: 90 })).toMatchObject({
        status: 'failed',
        pennyDrop: true,
      });
      expect(db.prepare('SELECT COUNT(*) AS n FROM payee_verifications').get()).toEqual({ n: 1 });

      recordVerificationRequest(db, { ...request, customerRequestId: 'PV0000000000003', requestedAt: later });
      recordVerificationError(db, 'PV0000000000003', 'auth_failed', later);
      expect(listVerificationRequests(db, 'sandbox').map((r) => [r.outcome, r.errorKind])).toEqual([
        ['verified', null],
        ['failed', null],
        ['error', 'auth_failed'],
      ]);
      expect(() =>
        db.prepare("UPDATE payee_verification_requests SET outcome = 'maybe' WHERE rowid = 1").run(),
      ).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });

  it('an answer older than the cache age is not returned (a manual clock, to the millisecond)', () => {
    const db = openDatabase({ file: join(dir, 'age.sqlite') });
    try {
      recordVerificationRequest(db, request);
      recordBankCheck(db, request, answer, T0);
      const at = (ms: number) => new Date(Date.parse(T0) + ms);
      const q = { environment: 'sandbox', accountNumber: '50100012345678', ifsc: 'HDFC0001234', maxAgeDays: 90 };
      expect(cachedBankCheck(db, { ...q, now: at(90 * 86_400_000) })).not.toBeNull();
      expect(cachedBankCheck(db, { ...q, now: at(90 * 86_400_000 + 1) })).toBeNull();
    } finally {
      db.close();
    }
  });
});
