/**
 * The one account masker, for screens, CLI output, exports, PDFs and logs alike.
 *
 * Style (chosen over the renderer's old `••••1234`, which showed a short number whole, and the log masker's
 * `min(n-4, 8)` stars, which leaked the length of numbers under 12 digits):
 * - a fixed eight `*` whatever the length, so the mask never tells how long the number is; `*` rather than `•`
 *   because the same text lands in CSV, PDF and terminals, where plain ASCII always renders;
 * - the last four digits only when at least four stay hidden (8+ characters): the last four of a 5–7 digit
 *   number would give away most of it, so those — like anything of 4 or fewer — are masked completely;
 * - spaces are ignored (people type `5010 0123 4567 89`); nothing to show is a dash, as elsewhere on screen.
 */

export const MASKED = '********';

const MIN_LENGTH_TO_SHOW_TAIL = 8;

export function maskAccount(value: string | null | undefined): string {
  const compact = (value ?? '').replace(/\s+/g, '');
  if (compact === '') return '—';
  return compact.length < MIN_LENGTH_TO_SHOW_TAIL ? MASKED : `${MASKED}${compact.slice(-4)}`;
}

/**
 * A person's or company's name where it is kept but need not be read (the audit log, which audit packs export):
 * each word's first letter and a fixed three `*`, so the mask tells neither the name nor the length of its words
 * ("Ravi Kumar" → "R*** K***"). Nothing to show is a dash, as for accounts.
 */
export function maskName(value: string | null | undefined): string {
  const words = (value ?? '').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '—';
  return words.map((w) => `${Array.from(w)[0]!.toUpperCase()}***`).join(' ');
}
