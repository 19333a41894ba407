/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { BatchProgressView } from '../../src/shared/ipc/contracts/batches';
import { openApp, pageErrors } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';

const ROW = {
  row: 2,
  values: { name: 'Asha Rao', vpa: 'asha.rao@okicici', amount: '750', mode: 'UPI', remark: 'Refund' },
};

describe('Main-pushed batch progress (Chromium)', () => {
  const app = useE2eApp();

  it('the batch list shows every state main pushes, also one pushed right after another', async () => {
    const { bridge } = app;
    const { batchId } = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'pushed.csv',
      sha256: 'c'.repeat(64),
      kind: 'payouts',
      rows: [ROW],
    });
    const listed = await ipc<{ id: number; progress: BatchProgressView }[]>(bridge, 'batches:list-batches', {});
    const progress = listed.find((b) => b.id === batchId)!.progress;
    // As the engine does: the state is committed, then pushed. PAUSED and CANCELLED are states the engine
    // leaves alone, so nothing else moves this batch while the test does.
    const push = (state: 'PAUSED' | 'CANCELLED') => {
      bridge.ctx.db.prepare('UPDATE batches SET state = ? WHERE id = ?').run(state, batchId);
      bridge.ctx.events.emit('batchProgress', { ...progress, state });
    };

    const page = await openApp(app.browser, bridge.url, '#/batches');
    const badge = page.getByTestId('batch-list').locator('tr', { hasText: 'pushed' }).locator('[data-state]');
    await expect.poll(() => badge.getAttribute('data-state')).toBe('DRAFT');
    // Pushed until the page's event stream is connected and shows it.
    await expect.poll(() => (push('PAUSED'), badge.getAttribute('data-state'))).toBe('PAUSED');
    // The list is not polled: a push that arrives soon after the last one must still reach the screen
    // (a throttle that drops it leaves the list showing PAUSED for good).
    push('CANCELLED');
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 10_000 }).toBe('CANCELLED');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
