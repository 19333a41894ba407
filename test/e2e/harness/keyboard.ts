/// <reference lib="dom" />
import type { Page } from 'playwright-core';

export type Focused = { tag: string; name: string; focusVisible: boolean; outline: string };

/** What has the focus now: its accessible-ish name and whether a :focus-visible outline is drawn. */
export function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    const name = (el.getAttribute('aria-label') || label || el.textContent || '').replace(/\s+/g, ' ').trim();
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      name,
      focusVisible: el.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element's name matches, as a keyboard user would; fails if it
 * is not reachable within `max` presses.
 */
export async function tabTo(page: Page, name: RegExp, options: { back?: boolean; max?: number } = {}) {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 80); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f && name.test(f.name)) return f;
    seen.push(f ? `${f.tag}:${f.name.slice(0, 30)}` : 'body');
  }
  throw new Error(`Not reachable by keyboard: ${name} (tabbed through ${seen.join(', ')})`);
}

/** A keyboard user must see where the focus is: :focus-visible and an outline that is drawn. */
export function isVisiblyFocused(f: Focused | null): boolean {
  return !!f && f.focusVisible && !f.outline.startsWith('none') && !/ 0px$/.test(f.outline);
}
