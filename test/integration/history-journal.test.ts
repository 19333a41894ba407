import { afterEach, describe, expect, it } from 'vitest';
import { agingBoardOps, checkRowsNow } from '../../src/main/services/history/aging';
import { getBatchDetailOps } from '../../src/main/services/history/batches';
import { verifyChainOps } from '../../src/main/services/history/audit-viewer';
import { searchPayoutsOps } from '../../src/main/services/history/search';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { ENGINES } from '../support/test-store';
import {
  createHarness,
  type Harness,
  makeRows,
  manualClock,
  stageConfirmed,
  sumPaise,
} from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

// On both engines (issue 13): "check now" is served by a Desk Server too, so it must run on PostgreSQL's store.
describe.each(ENGINES)('history over batches the journal really sent (%s)', (engine) => {
  it('batch detail shows each row\'s audited transitions; "check now" settles waiting rows on the aging board', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 26, 6, 0, 0));
    h = await createHarness({
      engine,
      clock,
      sandbox: { timing: { pendingMs: 1_000, processingMs: 2_000, failRate: 0, reverseRate: 0 } },
      // Nothing would be due for a day: only "check now" makes the rows due.
      timing: { pollDelaysMs: [86_400_000] },
    });
    const rows = makeRows(12, 17);
    const batchId = await stageConfirmed(h, rows, { fileName: 'dec.csv' });
    await createSubmissionEngine(h.deps).start(batchId);
    const store = h.store;
    const aging = () => store.run(agingBoardOps({ now: h!.deps.now(), environment: 'sandbox' }));

    clock.advance(2 * 3_600_000);
    const board = await aging();
    const waiting = board.buckets.find((b) => b.key === 'under1d')!;
    expect(waiting.count).toBe(12);
    expect(waiting.amountPaise).toBe(sumPaise(rows));
    const banked = waiting.rows.filter((r) => r.account !== null);
    expect(banked.length).toBeGreaterThan(0);
    expect(banked.every((r) => /^\*{8}\d{4}$/.test(r.account!))).toBe(true);

    const pick = (await h.rows(batchId)).slice(0, 3).map((p) => p.id);
    const { scheduled, report } = await checkRowsNow(h.deps, [...pick, 999_999]);
    expect(scheduled).toBe(3);
    expect(report.poll.checked).toBe(3);
    const after = await h.rows(batchId);
    expect(
      after
        .filter((p) => p.state === 'SUCCESS')
        .map((p) => p.id)
        .sort(),
    ).toEqual([...pick].sort());
    expect((await aging()).count).toBe(9);

    const detail = await store.run(getBatchDetailOps(batchId, { limit: 50, withTimelines: true }));
    expect(detail.totalsByStatus.map((s) => [s.state, s.count])).toEqual([
      ['PENDING', 9],
      ['SUCCESS', 3],
    ]);
    const timeline = detail.timelines![pick[0]!]!;
    expect(timeline.map((e) => e.toState)).toEqual(['READY', 'SENDING', 'PENDING', 'SUCCESS']);
    expect(timeline.at(-1)!.data).toMatchObject({ utr: expect.stringMatching(/^\d{12}$/) });
    expect(detail.events.map((e) => e.toState)).toContain('SENT');

    const utr = (timeline.at(-1)!.data as { utr: string }).utr;
    expect((await store.run(searchPayoutsOps({ utr }))).rows.map((r) => r.id)).toEqual([pick[0]]);
    expect((await store.run(verifyChainOps())).ok).toBe(true);
  });
});
