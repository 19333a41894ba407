import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import type { Engine } from '../../src/main/db/store/ops';
import { FAULT_KINDS, type FaultKind } from '../../src/main/sandbox/index';
import { ACCEPTED_STATES } from '../../src/main/services/journal/states';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { ENGINES } from '../support/test-store';
import {
  checkLedger,
  createHarness,
  type Harness,
  makeRows,
  settle,
  SHA,
  stageConfirmed,
  sumPaise,
} from './support/journal-harness';

/**
 * The journal under the sandbox's fault knobs at 20 %: every row must end in a known state, the sandbox
 * ledger must show each transactionId paid at most once, and the DB's accepted total must equal the ledger
 * to the paisa. On both engines (issue 13).
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function runWithFaults(engine: Engine, kinds: FaultKind[], seed: number) {
  h = await createHarness({
    engine,
    sandbox: { seed, faults: { faultRate: 0.2, kinds, hangMs: 400 } },
    // Shorter than hangMs: a held connection becomes a client-side timeout, the classic "did it go?".
    profile: { batchChunkSize: 20, requestTimeoutMs: 250 },
  });
  const rows = makeRows(300, seed);
  // Faults hit the create calls, not the balance read, so confirmation goes through.
  const batchId = await stageConfirmed(h, rows, { sha256: SHA });
  await settle(h, batchId, createSubmissionEngine(h.deps));
  const payouts = await h.rows(batchId);
  const stats = h.sandbox.stats();
  return { payouts, stats, check: await checkLedger(h), total: sumPaise(rows) };
}

describe.each(ENGINES)('journal under injected faults (20 %) on %s', (engine) => {
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
      const { payouts, stats, check, total } = await runWithFaults(engine, kinds, 101 + i);
      // The faults really happened.
      const fired = kinds.reduce((s, k) => s + stats.faults[k], 0);
      expect(fired).toBeGreaterThan(0);
      expect(payouts).toHaveLength(300);
      expect(payouts.filter((p) => !ACCEPTED_STATES.includes(p.state))).toEqual([]);
      expect(check.paidTwice).toEqual([]);
      expect(check.mismatched).toEqual([]);
      expect(check.ledgerPaise).toBe(check.dbAcceptedPaise);
      expect(check.ledgerPaise).toBe(total);
      expect((await h!.store.run(verifyAuditChainOps())).ok).toBe(true);
      if (!kinds.every((k) => k === 'token_expiry')) {
        // Ambiguous answers went through UNKNOWN and were settled by searching, not guessed.
        expect(await h!.auditCount({ entity: 'payout', toState: 'UNKNOWN' })).toBeGreaterThan(0);
        // After-processing faults: found by Search. Before-processing: not found, so resent with the same ids.
        const action = kinds.every((k) => k === 'http5xx_before') ? 'resend' : 'search';
        expect(await h!.auditCount({ entity: 'payout', action })).toBeGreaterThan(0);
      }
    });
  });

  it('an unknown outcome is never recorded as FAILED or REJECTED: resends reuse the very same ids', async () => {
    const { payouts } = await runWithFaults(engine, ['http5xx_before', 'timeout_after_processing'], 77);
    const resent = payouts.filter((p) => p.attempts > 1);
    expect(resent.length).toBeGreaterThan(0);
    const sandboxIds = new Set(h!.sandbox.payouts().map((p) => p.transactionId));
    // Nothing was minted anew: the sandbox knows exactly our 300 ids.
    expect(sandboxIds).toEqual(new Set(payouts.map((p) => p.transactionId)));
    expect(await h!.auditCount({ entity: 'payout', action: 'resend' })).toBeGreaterThan(0);
  });
});
