/**
 * A ref callback that takes the focus when the element appears and nothing holds the focus. A button that
 * disappears once pressed ("Continue", "Confirm and send") drops a keyboard user's focus to the top of the
 * page; the panel that replaces it catches it instead. Use with tabIndex={-1}: `ref={focusWhenLost}`.
 */
export function focusWhenLost(element: HTMLElement | null): void {
  if (!element) return;
  if (!document.activeElement || document.activeElement === document.body) element.focus();
}
