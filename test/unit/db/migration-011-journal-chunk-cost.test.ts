import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../../src/main/db/audit';
import { openDatabase } from '../../../src/main/db/open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mig011-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SRC = join(__dirname, '../../../src/main/db/migrations');

/** A migrations folder holding only 001–010: what a database of the previous release was built with. */
function upTo010(): string {
  const d = join(dir, 'm010');
  mkdirSync(d);
  for (const f of readdirSync(SRC).filter((f) => /^0(0[1-9]|10)_/.test(f))) copyFileSync(join(SRC, f), join(d, f));
  return d;
}

const entry = (i: number) => ({
  at: `2026-12-07T10:00:0${i}.000Z`,
  entity: 'payout',
  entityId: `TX${i}`,
  action: 'send',
  fromState: 'READY',
  toState: 'SENDING',
  data: { payoutId: i },
});

describe('migration 011 (audit hash not unique, progress index) upgrades a 010 database in place', () => {
  it('keeps every audit row and id, the id counter and the append-only rules; guards the chain instead', () => {
    const file = join(dir, 'desk.sqlite');
    const old = openDatabase({ file, migrationsDir: upTo010() });
    for (let i = 0; i < 5; i++) appendAudit(old, entry(i));
    const before = old.prepare('SELECT * FROM audit_log ORDER BY id').all();
    expect(old.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get()).toEqual({ seq: 5 });
    old.close();

    const db = openDatabase({ file });
    try {
      expect(db.prepare('SELECT * FROM audit_log ORDER BY id').all()).toEqual(before);
      expect(db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get()).toEqual({ seq: 5 });
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_sequence WHERE name = 'audit_log_new'").get()).toEqual({
        n: 0,
      });
      const indexes = db.prepare('SELECT name, "unique" AS u FROM pragma_index_list(\'audit_log\')').all();
      expect(indexes).toEqual([{ name: 'audit_entity', u: 0 }]);
      const triggers = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name")
        .all();
      expect(triggers).toEqual([
        { name: 'audit_log_chain' },
        { name: 'audit_log_no_delete' },
        { name: 'audit_log_no_update' },
      ]);

      appendAudit(db, entry(5));
      expect(db.prepare('SELECT max(id) AS id FROM audit_log').get()).toEqual({ id: 6 });
      expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 6 });
      expect(() => db.prepare("UPDATE audit_log SET action = 'x' WHERE id = 2").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/append-only/);

      // A fork: an entry linking to an older entry than the last one (a writer holding a stale chain end).
      const { prev, hash } = db.prepare('SELECT prev_hash AS prev, hash FROM audit_log WHERE id = 3').get() as {
        prev: string;
        hash: string;
      };
      const insert = db.prepare(`INSERT INTO audit_log (at, entity, entity_id, action, data, prev_hash, hash)
        VALUES ('2026-12-07T10:01:00.000Z', 'payout', 'TX9', 'send', '{}', ?, ?)`);
      expect(() => insert.run(prev, 'f'.repeat(64))).toThrow(/does not follow the last entry/);
      expect(() => insert.run(hash, 'e'.repeat(64))).toThrow(/does not follow the last entry/);
      expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 6 });

      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT state, count(*) AS n, coalesce(sum(amount_paise), 0) AS amount,
             sum(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS sentN FROM payouts WHERE batch_id = 1 GROUP BY state`,
        )
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail)).toEqual([
        'SEARCH payouts USING COVERING INDEX payouts_batch_progress (batch_id=?)',
      ]);
    } finally {
      db.close();
    }
  });

  it('a new database starts its chain from the genesis link only', () => {
    const db = openDatabase({ file: join(dir, 'new.sqlite') });
    try {
      const insert = db.prepare(`INSERT INTO audit_log (at, entity, entity_id, action, data, prev_hash, hash)
        VALUES ('2026-12-07T10:01:00.000Z', 'payout', 'TX9', 'send', '{}', ?, ?)`);
      expect(() => insert.run('1'.repeat(64), 'f'.repeat(64))).toThrow(/does not follow the last entry/);
      appendAudit(db, entry(0));
      expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 1 });
    } finally {
      db.close();
    }
  });
});
