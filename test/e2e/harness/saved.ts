import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SaveRequest } from '../../../src/main/services/exports/save-desk';
import type { Bridge } from './bridge-server';

/**
 * Clicks something that saves a file, lets the bridge's stand-in save dialog answer (a path in its temp folder)
 * and waits for the page to say "Saved to <that path>". Returns the request main made and the path written.
 */
export async function saveFrom(
  page: Page,
  bridge: Bridge,
  click: () => Promise<void>,
): Promise<{ request: SaveRequest; path: string }> {
  const before = bridge.dialogs.length;
  await click();
  await expect.poll(() => bridge.dialogs.length, { timeout: 30_000 }).toBe(before + 1);
  const request = bridge.dialogs[before]!;
  const path = bridge.answerDialog(request);
  if (!path) throw new Error('the stand-in dialog was set to cancel');
  const notice = page.getByTestId('saved-file');
  await expect
    .poll(async () => (await notice.count()) > 0 && (await notice.first().textContent()), { timeout: 30_000 })
    .toContain(path);
  return { request, path };
}
