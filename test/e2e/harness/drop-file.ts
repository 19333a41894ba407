/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/** Drops a file on the Import drop zone the way a user's drag does: a real `drop` event with a DataTransfer. */
export async function dropBytes(page: Page, bytes: Uint8Array | string, name: string): Promise<void> {
  const base64 = Buffer.from(bytes).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type: 'text/csv' }));
      return dt;
    },
    { base64, name },
  );
  await page.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer });
}
