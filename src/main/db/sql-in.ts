/**
 * IN lists for SQL built from the named sets in shared/domain/payout-states.ts, so a query filters by the same
 * set the state machine defines instead of a hand-typed copy that can drift (a state added to UNRESOLVED_STATES
 * must reach every query that means "unresolved").
 */

/** Only plain upper-case words: the lists are spliced into SQL text, so nothing else may pass. */
const STATE_WORD = /^[A-Z][A-Z_]*$/;

/**
 * `'SENDING', 'UNKNOWN'` for a set of state names, spliced as literals. Literals (not bound parameters) keep
 * the SQL text constant, so the statement stays in the prepared cache and the planner sees the values.
 */
export function sqlInList(states: readonly string[]): string {
  if (states.length === 0) throw new RangeError('sqlInList needs at least one state');
  for (const s of states) {
    if (!STATE_WORD.test(s)) throw new RangeError(`not a state name: ${JSON.stringify(s)}`);
  }
  return states.map((s) => `'${s}'`).join(', ');
}

/** `?, ?, ?` for an IN list of `n` bound values (for lists chosen at run time, such as a user's filter). */
export function placeholders(n: number): string {
  return new Array(n).fill('?').join(', ');
}
