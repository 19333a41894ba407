import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/main/db/audit';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { insertBatch } from '../../../src/main/db/repos/batches-repo';
import { insertPayout } from '../../../src/main/db/repos/payouts-repo';
import { createLogger } from '../../../src/main/log';
import { transitionPayouts } from '../../../src/main/services/journal/transition';

let dir: string;
let db: Db;
let id: number;
const t = (s: number) => new Date(Date.UTC(2026, 10, 26, 10, 0, s));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journal-dropped-'));
  db = openDatabase({ file: join(dir, 'j.sqlite') });
  const batchId = insertBatch(db, {
    importId: null,
    parentBatchId: null,
    name: 'b',
    environment: 'sandbox',
    kind: 'sheet',
    createdAt: t(0).toISOString(),
  });
  id = insertPayout(db, {
    batchId,
    chunkId: null,
    rowNumber: 2,
    transactionId: 'TXNDROP1',
    payeeName: 'Asha Iyer',
    accountNumber: '123456789012',
    ifsc: 'HDFC0000001',
    amountPaise: 1000,
    mode: 'IMPS',
    state: 'DRAFT',
    createdAt: t(0).toISOString(),
  });
  transitionPayouts(db, [{ id, from: 'DRAFT', to: 'READY', action: 'confirm' }], { at: t(0) });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

// Issue 9 point 4 (last sentence): a dropped transition is an error in the log and the audit trail.
describe('a change whose row is no longer in the expected state', () => {
  it('is reported, logged at error level and audited as `dropped` with expected and actual state', () => {
    const lines: string[] = [];
    const log = createLogger(null, (line) => lines.push(line));
    const r = transitionPayouts(
      db,
      [{ id, from: 'SENDING', to: 'SUCCESS', action: 'result', set: { enkashStatus: 'SUCCESS' } }],
      { at: t(1), log },
    );
    expect(r.applied).toEqual([]);
    expect(r.skipped).toEqual([{ id, actual: 'READY' }]);
    const audit = db
      .prepare(
        "SELECT entity_id AS e, action, from_state AS f, to_state AS t, data FROM audit_log WHERE action = 'dropped'",
      )
      .all() as { e: string; action: string; f: string; t: string; data: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ e: 'TXNDROP1', f: 'READY', t: 'READY' });
    expect(JSON.parse(audit[0]!.data)).toMatchObject({
      payoutId: id,
      expected: ['SENDING'],
      actual: 'READY',
      wanted: 'SUCCESS',
      action: 'result',
    });
    expect(verifyAuditChain(db).ok).toBe(true);
    const errorLine = lines.find((l) => l.includes('journal.transition_dropped'));
    expect(errorLine).toBeDefined();
    expect(JSON.parse(errorLine!).level).toBe('error');
    // The row itself is untouched.
    expect((db.prepare('SELECT state FROM payouts WHERE id = ?').get(id) as { state: string }).state).toBe('READY');
  });
});
