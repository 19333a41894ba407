import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startBridge, type Bridge } from './bridge-server';
import { launchBrowser } from './browser';

/** Starts the bridge (real handlers) and Chromium for a describe block, and stops both after it. */
export function useE2eApp(options: Parameters<typeof startBridge>[0] = {}): { bridge: Bridge; browser: Browser } {
  const app = {} as { bridge: Bridge; browser: Browser };
  beforeAll(async () => {
    app.bridge = await startBridge(options);
    app.browser = await launchBrowser();
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.bridge?.close();
  });
  return app;
}
