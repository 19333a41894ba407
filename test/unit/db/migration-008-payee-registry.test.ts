import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { findRegisteredPayee, recordRegisteredPayee } from '../../../src/main/db/repos/payee-registry-repo';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mig008-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SRC = join(__dirname, '../../../src/main/db/migrations');

/** A migrations folder holding only 001–007: what a database of the previous release was built with. */
function upTo007(): string {
  const d = join(dir, 'm007');
  mkdirSync(d);
  for (const f of readdirSync(SRC).filter((f) => /^00[1-7]_/.test(f))) copyFileSync(join(SRC, f), join(d, f));
  return d;
}

const entry = {
  environment: 'sandbox',
  beneficiaryId: 'PD0123456789ABCDEF01234567',
  payeeKey: 'A:123456789012:HDFC0000001',
  payeeName: 'Ravi Kumar',
  accountNumber: '123456789012',
  ifsc: 'HDFC0000001',
  vpa: null,
  source: 'created' as const,
  registeredAt: '2026-12-03T10:00:00.000Z',
};

describe('migration 008 (payee registry) upgrades a 007 database in place', () => {
  it('keeps the journal, adds payee_registry per environment, and refuses a payee with two destinations', () => {
    const file = join(dir, 'desk.sqlite');
    const old = openDatabase({ file, migrationsDir: upTo007() });
    const at = '2026-12-01T10:00:00.000Z';
    old
      .prepare(
        `INSERT INTO batches (id, name, environment, state, row_count, total_paise, created_at) VALUES (1, 'b', 'sandbox', 'SENT', 1, 100, ?)`,
      )
      .run(at);
    old
      .prepare(
        `INSERT INTO payouts (id, batch_id, row_number, transaction_id, payee_name, account_number, ifsc, amount_paise, mode, state, created_at, updated_at)
         VALUES (10, 1, 2, 'TXNA1', 'Ravi Kumar', '123456789012', 'HDFC0000001', 100, 'IMPS', 'SUCCESS', ?, ?)`,
      )
      .run(at, at);
    expect(old.prepare("SELECT 1 FROM sqlite_master WHERE name = 'payee_registry'").get()).toBeUndefined();
    old.close();

    const db = openDatabase({ file });
    try {
      // Later migrations (009 …) may follow; this one is applied.
      expect(db.prepare('SELECT version AS v FROM schema_migrations WHERE version = 8').get()).toEqual({ v: 8 });
      expect(db.prepare('SELECT transaction_id AS t, state FROM payouts').all()).toEqual([
        { t: 'TXNA1', state: 'SUCCESS' },
      ]);
      recordRegisteredPayee(db, entry);
      // The first confirmed registration of an id stays; the same id is separate per environment.
      recordRegisteredPayee(db, { ...entry, payeeKey: 'A:999:ICIC0000001', source: 'found' });
      recordRegisteredPayee(db, { ...entry, environment: 'uat', source: 'found' });
      expect(findRegisteredPayee(db, 'sandbox', entry.beneficiaryId)).toEqual(entry);
      expect(findRegisteredPayee(db, 'uat', entry.beneficiaryId)?.source).toBe('found');
      expect(findRegisteredPayee(db, 'production', entry.beneficiaryId)).toBeNull();
      expect(() => recordRegisteredPayee(db, { ...entry, beneficiaryId: 'X1', vpa: 'ravi@okhdfc' })).toThrow(/CHECK/);
      expect(() => recordRegisteredPayee(db, { ...entry, beneficiaryId: 'X2', source: 'guessed' as never })).toThrow(
        /CHECK/,
      );
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
