import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/main/db/audit';
import { payoutsOfBatch } from '../../src/main/db/repos/payouts-repo';
import { FAULT_KINDS, type FaultKind } from '../../src/main/sandbox/index';
import { ACCEPTED_STATES } from '../../src/main/services/journal/states';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { stageBatch } from '../../src/main/services/submission/stage';
import {
  createHarness,
  type Harness,
  ledgerCheck,
  makeRows,
  rupees,
  settle,
  SHA,
  sumPaise,
} from './support/journal-harness';

/**
 * The journal under the sandbox's fault knobs at 20 %: every row must end in a known state, the sandbox
 * ledger must show each transactionId paid at most once, and the DB's accepted total must equal the ledger
 * to the paisa.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function runWithFaults(kinds: FaultKind[], seed: number) {
  h = await createHarness({
    sandbox: { seed, faults: { faultRate: 0.2, kinds, hangMs: 400 } },
    // Shorter than hangMs: a held connection becomes a client-side timeout, the classic "did it go?".
    profile: { batchChunkSize: 20, requestTimeoutMs: 250 },
  });
  const rows = makeRows(300, seed);
  const { batchId } = stageBatch(h.deps, { fileName: 'f.csv', sha256: SHA, kind: 'payouts', rows });
  // Faults hit the create calls, not the balance read, so confirmation goes through.
  await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows)));
  const engine = createSubmissionEngine(h.deps);
  await settle(h, batchId!, engine);
  const payouts = payoutsOfBatch(h.db, batchId!);
  const stats = h.sandbox.stats();
  return { payouts, stats, check: ledgerCheck(h), total: sumPaise(rows) };
}

describe('journal under injected faults (20 %)', () => {
  const cases: [string, FaultKind[]][] = [
    ['timeouts after processing', ['timeout_after_processing']],
    ['5xx before processing', ['http5xx_before']],
    ['5xx after processing', ['http5xx_after']],
    ['token expiry mid-batch', ['token_expiry']],
    ['garbled envelopes', ['garbled_envelope']],
    ['code 1 after processing', ['code1_after']],
    ['all faults together', [...FAULT_KINDS]],
  ];
  cases.forEach(([label, kinds], i) => {
    it(`${label}: every row known, each transactionId paid at most once, totals equal`, async () => {
      const { payouts, stats, check, total } = await runWithFaults(kinds, 101 + i);
      // The faults really happened.
      const fired = kinds.reduce((s, k) => s + stats.faults[k], 0);
      expect(fired).toBeGreaterThan(0);
      expect(payouts).toHaveLength(300);
      expect(payouts.filter((p) => !ACCEPTED_STATES.includes(p.state))).toEqual([]);
      expect(check.paidTwice).toEqual([]);
      expect(check.mismatched).toEqual([]);
      expect(check.ledgerPaise).toBe(check.dbAcceptedPaise);
      expect(check.ledgerPaise).toBe(total);
      expect(verifyAuditChain(h!.db).ok).toBe(true);
      if (!kinds.every((k) => k === 'token_expiry')) {
        // Ambiguous answers went through UNKNOWN and were settled by searching, not guessed.
        const q = (sql: string) => (h!.db.prepare(sql).get() as { n: number }).n;
        expect(
          q("SELECT count(*) AS n FROM audit_log WHERE entity = 'payout' AND to_state = 'UNKNOWN'"),
        ).toBeGreaterThan(0);
        // After-processing faults: found by Search. Before-processing: not found, so resent with the same ids.
        const action = kinds.every((k) => k === 'http5xx_before') ? 'resend' : 'search';
        expect(
          q(`SELECT count(*) AS n FROM audit_log WHERE entity = 'payout' AND action = '${action}'`),
        ).toBeGreaterThan(0);
      }
    });
  });

  it('an unknown outcome is never recorded as FAILED or REJECTED: resends reuse the very same ids', async () => {
    const { payouts } = await runWithFaults(['http5xx_before', 'timeout_after_processing'], 77);
    const resent = payouts.filter((p) => p.attempts > 1);
    expect(resent.length).toBeGreaterThan(0);
    const sandboxIds = new Set(h!.sandbox.payouts().map((p) => p.transactionId));
    // Nothing was minted anew: the sandbox knows exactly our 300 ids.
    expect(sandboxIds).toEqual(new Set(payouts.map((p) => p.transactionId)));
    const audit = h!.db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'payout' AND action = 'resend'")
      .get() as { n: number };
    expect(audit.n).toBeGreaterThan(0);
  });
});
