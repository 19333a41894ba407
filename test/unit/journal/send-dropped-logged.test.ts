import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { sqliteStore } from '../../../src/main/db/store/store';
import { insertBatch, insertChunk } from '../../../src/main/db/repos/batches-repo';
import { getPayout, insertPayout } from '../../../src/main/db/repos/payouts-repo';
import type { EnkashClient } from '../../../src/main/enkash/client';
import { createLogger } from '../../../src/main/log';
import { DEFAULT_TIMING, type JournalDeps } from '../../../src/main/services/journal/deps';
import { transitionPayouts } from '../../../src/main/services/journal/transition';
import { sendChunk } from '../../../src/main/services/journal/send';

/**
 * Issue 9 point 4 (last sentence): an answer the journal could not apply because the row moved on meanwhile
 * (another process recovered it) is an error in the log — the send path passes its logger to the one writer.
 */

let dir: string;
let db: Db;
let lines: string[];
let deps: JournalDeps;
let payoutId: number;
let chunkId: number;
const at = new Date(Date.UTC(2026, 10, 26, 10, 0, 0));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'send-dropped-'));
  db = openDatabase({ file: join(dir, 'j.sqlite') });
  lines = [];
  const batchId = insertBatch(db, {
    importId: null,
    parentBatchId: null,
    name: 'b',
    environment: 'sandbox',
    kind: 'sheet',
    createdAt: at.toISOString(),
  });
  db.prepare("UPDATE batches SET state = 'CONFIRMED' WHERE id = ?").run(batchId);
  chunkId = insertChunk(db, { batchId, seq: 1, batchTransactionId: 'BTXNDROP1' });
  payoutId = insertPayout(db, {
    batchId,
    chunkId,
    rowNumber: 2,
    transactionId: 'TXNDROP2',
    payeeName: 'Asha Iyer',
    accountNumber: '123456789012',
    ifsc: 'HDFC0000001',
    amountPaise: 1000,
    mode: 'IMPS',
    state: 'DRAFT',
    createdAt: at.toISOString(),
  });
  transitionPayouts(db, [{ id: payoutId, from: 'DRAFT', to: 'READY', action: 'confirm' }], { at });
  deps = {
    db,
    store: sqliteStore(db),
    session: async () => {
      throw new Error('not used');
    },
    environment: () => 'sandbox',
    profile: () => ({ ...DEFAULT_API_PROFILE }),
    now: () => at,
    log: createLogger(null, (line) => lines.push(line)),
    timing: DEFAULT_TIMING,
  };
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sendChunk and a row that moved on while the request was out', () => {
  it('logs the dropped answer at error level (and audits it)', async () => {
    const client = {
      createBatchPayout: async () => {
        // Another process's start-up recovery takes the row while our request is out.
        transitionPayouts(db, [{ id: payoutId, from: 'SENDING', to: 'UNKNOWN', action: 'startup' }], { at });
        return {
          accepted: [
            {
              transactionId: 'TXNDROP2',
              enkashTransactionId: 'EK1',
              status: 'PENDING',
              amountPaise: 1000,
              mode: 'IMPS',
              utr: null,
              rejectCode: null,
              message: null,
              batchTransactionId: 'BTXNDROP1',
              beneficiaryId: null,
              createdOn: null,
              updatedOn: null,
            },
          ],
          failed: [],
          missing: [],
          batchTransactionId: 'BTXNDROP1',
        };
      },
    } as unknown as EnkashClient;
    await sendChunk(deps, client, chunkId, 'first');
    expect(getPayout(db, payoutId)!.state).toBe('UNKNOWN');
    const errorLine = lines.find((l) => l.includes('journal.transition_dropped'));
    expect(errorLine).toBeDefined();
    expect(JSON.parse(errorLine!).level).toBe('error');
    const dropped = db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'dropped'").get() as { n: number };
    expect(dropped.n).toBe(1);
  });
});
