import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_SENDER, type TestApp } from '../support/test-app';

describe('desktop notification when a batch finishes sending', () => {
  let app: TestApp;
  const notes: { title: string; body: string }[] = [];
  beforeAll(async () => {
    app = await createTestApp({
      sandboxOptions: { seed: 3, timing: { pendingMs: 100, processingMs: 100, failRate: 0, reverseRate: 0 } },
      services: { pollEveryMs: 100, notify: (title, body) => notes.push({ title, body }) },
    });
  });
  afterAll(() => app.cleanup());

  it('says "sent" once, with the counts, after the last row has left', async () => {
    const rows = [2, 3].map((row) => ({
      row,
      values: {
        name: 'Asha Rao',
        accountNumber: `12345678901${row}`,
        ifsc: 'SBIN0000300',
        amount: '100',
        mode: 'IMPS',
      },
    }));
    const staged = await app.dispatch(
      'imports:stage-import',
      { fileName: 'n.csv', sha256: 'd'.repeat(64), kind: 'payouts', rows },
      TEST_SENDER,
    );
    expect(staged.ok).toBe(true);
    const batchId = staged.ok ? (staged.value as { batchId: number }).batchId : 0;
    expect(notes).toEqual([]);
    const confirmed = await app.dispatch('batches:confirm-batch', { batchId, typedTotal: '₹200.00' }, TEST_SENDER);
    expect(confirmed.ok).toBe(true);
    await expect.poll(() => notes.length, { timeout: 20_000 }).toBe(1);
    expect(notes[0]).toEqual({
      title: `Batch #${batchId} sent`,
      body: '2 accepted, 0 rejected, 0 awaiting confirmation of 2 rows.',
    });
  });
});
