import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../../src/main/db/audit';
import { defaultMigrationsDir, openDatabase } from '../../../src/main/db/open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mig006-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SRC = join(__dirname, '../../../src/main/db/migrations');

/** A migrations folder holding only 001–005: what a database of the previous release was built with. */
function upTo005(): string {
  const d = join(dir, 'm003');
  mkdirSync(d);
  for (const f of readdirSync(SRC).filter((f) => /^00[1-5]_/.test(f))) copyFileSync(join(SRC, f), join(d, f));
  return d;
}

describe('migration 006 (CONFLICT) upgrades a 005 database in place', () => {
  it('keeps every row, id, reference, the payee index and the audit chain, and allows CONFLICT', () => {
    expect(defaultMigrationsDir()).toBeTruthy();
    const file = join(dir, 'desk.sqlite');
    const old = openDatabase({ file, migrationsDir: upTo005() });
    const at = '2026-11-26T10:00:00.000Z';
    old
      .prepare(
        `INSERT INTO batches (id, name, environment, state, row_count, total_paise, created_at) VALUES (1, 'b', 'sandbox', 'SENT', 2, 300, ?)`,
      )
      .run(at);
    const ins = old.prepare(
      `INSERT INTO payouts (id, batch_id, row_number, transaction_id, payee_name, account_number, ifsc, amount_paise, mode, state, created_at, updated_at, retry_of_payout_id)
       VALUES (?, 1, ?, ?, ?, '123456789012', 'HDFC0000001', ?, 'IMPS', ?, ?, ?, ?)`,
    );
    ins.run(10, 2, 'TXNA1', 'Ravi Kumar', 100, 'SUCCESS', at, at, null);
    ins.run(11, 3, 'TXNB1', 'Asha Iyer', 200, 'UNKNOWN', at, at, 10);
    old
      .prepare(
        `INSERT INTO recon_runs (id, environment, from_date, to_date, range_start, range_end, fetched_start, fetched_end, created_at,
         line_count, matched_lines, unmatched_lines, unmatched_payouts, flagged, debit_paise, credit_paise)
       VALUES (1, 'sandbox', 'a', 'b', 'c', 'd', 'e', 'f', ?, 1, 1, 0, 0, 0, 100, 0)`,
      )
      .run(at);
    old
      .prepare(
        `INSERT INTO recon_lines (run_id, seq, in_range, direction, amount_paise, payout_id) VALUES (1, 0, 1, 'DEBIT', 100, 10)`,
      )
      .run();
    old
      .prepare('INSERT INTO payouts_payee_fts (rowid, payee_name, beneficiary_id, vpa) VALUES (10, ?, NULL, NULL)')
      .run('Ravi Kumar');
    old.prepare('UPDATE payee_index_state SET indexed_to = 11 WHERE id = 1').run();
    appendAudit(old, {
      at,
      entity: 'payout',
      entityId: 'TXNA1',
      action: 'result',
      fromState: 'SENDING',
      toState: 'SUCCESS',
      data: {},
    });
    old.close();

    const db = openDatabase({ file });
    try {
      const rows = db
        .prepare(
          'SELECT id, transaction_id AS t, state, account_last4 AS l4, retry_of_payout_id AS r FROM payouts ORDER BY id',
        )
        .all();
      expect(rows).toEqual([
        { id: 10, t: 'TXNA1', state: 'SUCCESS', l4: '9012', r: null },
        { id: 11, t: 'TXNB1', state: 'UNKNOWN', l4: '9012', r: 10 },
      ]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.prepare('SELECT payout_id AS p FROM recon_lines').get()).toEqual({ p: 10 });
      expect(
        db.prepare("SELECT rowid AS id FROM payouts_payee_fts WHERE payouts_payee_fts MATCH 'kum*'").all(),
      ).toEqual([{ id: 10 }]);
      expect(verifyAuditChain(db).ok).toBe(true);
      // The new state, columns and the payee trigger (recreated) all work.
      db.prepare("UPDATE payouts SET state = 'CONFLICT', conflict = '{}', flag = 'x' WHERE id = 11").run();
      db.prepare("UPDATE payouts SET payee_name = 'Asha R Iyer' WHERE id = 11").run();
      expect(db.prepare('SELECT payout_id AS p FROM payee_index_dirty').all()).toEqual([{ p: 11 }]);
      expect(() => db.prepare("UPDATE payouts SET state = 'BOGUS' WHERE id = 11").run()).toThrow(/CHECK/);
      expect(() => db.prepare("UPDATE payouts SET transaction_id = 'txna1' WHERE id = 11").run()).toThrow(/UNIQUE/);
      const indexes = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payouts'").all() as {
          name: string;
        }[]
      ).map((r) => r.name);
      expect(indexes).toEqual(
        expect.arrayContaining([
          'payouts_txn_upper',
          'payouts_last4',
          'payouts_state_created',
          'payouts_requested_txn',
        ]),
      );
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});
