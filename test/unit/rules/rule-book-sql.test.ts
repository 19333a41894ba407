import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { ENKASH_AMOUNT, ENKASH_FIELDS, fieldAllows } from '../../../src/shared/rules/enkash-fields';

/*
 * The schema's CHECKs (migrations 001/006, which cannot change) against the rule book: payouts.transaction_id
 * must accept exactly what the rule book's transactionId accepts, and amount_paise (> 0, looser but compatible)
 * must accept every rule-book amount. If a rule changes and the CHECK no longer agrees, this fails and a
 * migration is due.
 */

let dir: string;
let db: Db;
let seq = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rule-book-sql-'));
  db = openDatabase({ file: join(dir, 'desk.sqlite') });
  db.prepare(
    `INSERT INTO batches (id, name, environment, state, row_count, total_paise, created_at) VALUES (1, 'b', 'sandbox', 'DRAFT', 0, 0, 'x')`,
  ).run();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Whether the payouts table's CHECKs take the row; nothing is kept (each try is rolled back). */
function schemaAccepts(transactionId: string, amountPaise = 1000): boolean {
  const insert = db.prepare(
    `INSERT INTO payouts (batch_id, row_number, transaction_id, amount_paise, mode, state, created_at, updated_at)
     VALUES (1, ?, ?, ?, 'NEFT', 'DRAFT', 'x', 'x')`,
  );
  try {
    db.exec('SAVEPOINT probe');
    insert.run(++seq, transactionId, amountPaise);
    return true;
  } catch (e) {
    if (!/CHECK constraint failed/.test(String(e))) throw e;
    return false;
  } finally {
    db.exec('ROLLBACK TO probe');
    db.exec('RELEASE probe');
  }
}

describe('the schema CHECKs agree with the rule book', () => {
  it('transaction_id: the boundaries', () => {
    const { max } = ENKASH_FIELDS.transactionId;
    for (const id of ['A', 'Ab9', 'A'.repeat(max), 'A'.repeat(max + 1), '', 'T_1', 'T-1', 'T 1', 'T1é', 'T1\n']) {
      expect({ id, schema: schemaAccepts(id) }).toEqual({ id, schema: fieldAllows('transactionId', id) });
    }
  });

  it('transaction_id: any string over a mixed alphabet is accepted by the CHECK exactly when the rule allows it', () => {
    const unit = fc.constantFrom(...'aZ09_- .*?[é'.split(''), 'A', 'z', '5');
    fc.assert(
      fc.property(fc.string({ unit, minLength: 0, maxLength: 34 }), (id) => {
        expect(schemaAccepts(id)).toBe(fieldAllows('transactionId', id));
      }),
      { numRuns: 400 },
    );
  });

  it('amount_paise (> 0) accepts every amount the rule book allows', () => {
    expect(schemaAccepts('A1', ENKASH_AMOUNT.minPaise)).toBe(true);
    expect(schemaAccepts('A2', ENKASH_AMOUNT.maxPaise)).toBe(true);
    expect(schemaAccepts('A3', 0)).toBe(false);
    expect(schemaAccepts('A4', -ENKASH_AMOUNT.minPaise)).toBe(false);
  });
});
