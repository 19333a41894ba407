import { afterEach, describe, expect, it } from 'vitest';
import { payoutsOfBatch } from '../../src/main/db/repos/payouts-repo';
import { agingBoard, checkRowsNow } from '../../src/main/services/history/aging';
import { getBatchDetail } from '../../src/main/services/history/batches';
import { verifyChain } from '../../src/main/services/history/audit-viewer';
import { searchPayouts } from '../../src/main/services/history/search';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { stageBatch } from '../../src/main/services/submission/stage';
import { createHarness, type Harness, makeRows, manualClock, rupees, SHA, sumPaise } from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('history over batches the journal really sent', () => {
  it('batch detail shows each row\'s audited transitions; "check now" settles waiting rows on the aging board', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 26, 6, 0, 0));
    h = await createHarness({
      clock,
      sandbox: { timing: { pendingMs: 1_000, processingMs: 2_000, failRate: 0, reverseRate: 0 } },
      // Nothing would be due for a day: only "check now" makes the rows due.
      timing: { pollDelaysMs: [86_400_000] },
    });
    const rows = makeRows(12, 17);
    const { batchId } = stageBatch(h.deps, { fileName: 'dec.csv', sha256: SHA, kind: 'payouts', rows });
    await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows)));
    await createSubmissionEngine(h.deps).start(batchId!);

    clock.advance(2 * 3_600_000);
    const board = agingBoard(h.db, { now: h.deps.now(), environment: 'sandbox' });
    const waiting = board.buckets.find((b) => b.key === 'under1d')!;
    expect(waiting.count).toBe(12);
    expect(waiting.amountPaise).toBe(sumPaise(rows));
    const banked = waiting.rows.filter((r) => r.account !== null);
    expect(banked.length).toBeGreaterThan(0);
    expect(banked.every((r) => /^\*{8}\d{4}$/.test(r.account!))).toBe(true);

    const pick = payoutsOfBatch(h.db, batchId!)
      .slice(0, 3)
      .map((p) => p.id);
    const { scheduled, report } = await checkRowsNow(h.deps, [...pick, 999_999]);
    expect(scheduled).toBe(3);
    expect(report.poll.checked).toBe(3);
    const after = payoutsOfBatch(h.db, batchId!);
    expect(
      after
        .filter((p) => p.state === 'SUCCESS')
        .map((p) => p.id)
        .sort(),
    ).toEqual([...pick].sort());
    expect(agingBoard(h.db, { now: h.deps.now(), environment: 'sandbox' }).count).toBe(9);

    const detail = getBatchDetail(h.db, batchId!, { limit: 50, withTimelines: true });
    expect(detail.totalsByStatus.map((s) => [s.state, s.count])).toEqual([
      ['PENDING', 9],
      ['SUCCESS', 3],
    ]);
    const timeline = detail.timelines![pick[0]!]!;
    expect(timeline.map((e) => e.toState)).toEqual(['READY', 'SENDING', 'PENDING', 'SUCCESS']);
    expect(timeline.at(-1)!.data).toMatchObject({ utr: expect.stringMatching(/^\d{12}$/) });
    expect(detail.events.map((e) => e.toState)).toContain('SENT');

    const utr = after.find((p) => p.id === pick[0])!.utr!;
    expect(searchPayouts(h.db, { utr }).rows.map((r) => r.id)).toEqual([pick[0]]);
    expect(verifyChain(h.db).ok).toBe(true);
  });
});
