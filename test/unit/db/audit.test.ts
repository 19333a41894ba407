import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../../src/main/db/audit';
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
