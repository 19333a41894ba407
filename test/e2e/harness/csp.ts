/// <reference lib="dom" />
import type { Page } from 'playwright-core';

type CspWindow = Window & { cspViolations?: string[] };

/**
 * Records every Content-Security-Policy violation the page reports (a chart library that sets a style
 * attribute or evals would show up here). Reloads the page so the listener is in place before any app script.
 */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as CspWindow;
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.cspViolations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  await page.reload();
  return () => page.evaluate(() => (window as CspWindow).cspViolations ?? ['listener missing']);
}
