import { describe, expect, it } from 'vitest';
import {
  BATCH_STATES,
  type BatchState,
  canTransitionBatch,
  COMMITTED_BATCH_STATES,
  FINISHED_BATCH_STATES,
  OPEN_BATCH_STATES,
  SENDABLE_BATCH_STATES,
} from '../../../src/shared/domain/payout-states';

/**
 * Issue 10 point 1 (the services' part): the batch sets the journal, pre-flight and resubmission filter by are
 * named once beside the batch state machine, and agree with it — so a state added to the machine cannot leave
 * one hand-typed copy behind (the cancel path, the "already paid" check and the queued-money sum each had one).
 */

const sorted = (states: readonly BatchState[]) => [...states].sort();

function reachableFrom(start: BatchState): Set<BatchState> {
  const seen = new Set<BatchState>([start]);
  const queue = [start];
  while (queue.length) {
    const from = queue.shift()!;
    for (const to of BATCH_STATES)
      if (canTransitionBatch(from, to) && !seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
  }
  return seen;
}

describe('named batch state sets', () => {
  it('finished batches are exactly the ones the machine no longer lets a person cancel', () => {
    const uncancellable = BATCH_STATES.filter((s) => !canTransitionBatch(s, 'CANCELLED'));
    expect(sorted(FINISHED_BATCH_STATES)).toEqual(sorted(uncancellable));
  });

  it('committed batches are every state a confirmed batch can reach, except being called off', () => {
    const afterConfirm = [...reachableFrom('CONFIRMED')].filter((s) => s !== 'CANCELLED');
    expect(sorted(COMMITTED_BATCH_STATES)).toEqual(sorted(afterConfirm));
  });

  it('open batches are the committed ones not finished: the sendable ones and the paused ones', () => {
    const open = COMMITTED_BATCH_STATES.filter((s) => !FINISHED_BATCH_STATES.includes(s));
    expect(sorted(OPEN_BATCH_STATES)).toEqual(sorted(open));
    expect(OPEN_BATCH_STATES).toEqual(expect.arrayContaining([...SENDABLE_BATCH_STATES, 'PAUSED']));
    expect(OPEN_BATCH_STATES).not.toContain('DRAFT');
  });
});
