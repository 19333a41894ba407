import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, auditAppenderInTransaction, verifyAuditChain } from '../../../src/main/db/audit';
import { openDatabase, type Db } from '../../../src/main/db/open';

describe('audit log hash chain', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'payout-audit-'));
    db = openDatabase({ file: join(dir, 'a.sqlite') });
    for (let i = 0; i < 5; i++) {
      appendAudit(db, {
        at: `2026-11-26T10:00:0${i}Z`,
        entity: 'payout',
        entityId: `TX${i}`,
        action: 'transition',
        fromState: 'READY',
        toState: 'SENDING',
        data: { attempt: i },
      });
    }
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies an untouched chain', () => {
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 5 });
  });

  const entry = (i: number) => ({
    at: '2026-11-26T10:01:00Z',
    entity: 'payout',
    entityId: `TY${i}`,
    action: 'result',
    data: { i },
  });

  it('an in-transaction appender carries the chain forward in memory and stays a valid chain', () => {
    const hashes = db.transaction(() => {
      const append = auditAppenderInTransaction(db);
      const out = [append(entry(0)), append(entry(1))];
      // A plain append in between (another writer of the same transaction) must not fork the chain.
      out.push(appendAudit(db, entry(2)));
      return out;
    })();
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 8 });
    const stored = db.prepare('SELECT hash, prev_hash AS prev FROM audit_log ORDER BY id').all() as {
      hash: string;
      prev: string;
    }[];
    expect(stored.slice(5).map((r) => r.hash)).toEqual(hashes);
    expect(stored[6]!.prev).toBe(stored[5]!.hash);
  });

  it('refuses to make an appender outside a transaction (its cached hash would go stale)', () => {
    expect(() => auditAppenderInTransaction(db)).toThrow(/open transaction/);
  });

  it('is append-only: UPDATE and DELETE are refused by the database', () => {
    expect(() => db.prepare("UPDATE audit_log SET to_state = 'SUCCESS' WHERE id = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/append-only/);
  });

  it('reports the first broken link when someone edits the file around the triggers', () => {
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET to_state = 'SUCCESS' WHERE id = 3").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAtId: 3, reason: 'entry content was changed' });
  });

  it('detects a deleted entry as a broken link', () => {
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE id = 2').run();
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false,
      brokenAtId: 3,
      reason: 'link to the previous entry is broken',
    });
  });
});
