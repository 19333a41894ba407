import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BATCH_STATES,
  IN_FLIGHT_STATES,
  PAYOUT_STATES,
  SENDABLE_BATCH_STATES,
  UNRESOLVED_STATES,
} from '../../../src/shared/domain/payout-states';
import * as journalStates from '../../../src/main/services/journal/states';
import { batchContracts, batchSchema, payoutRowSchema } from '../../../src/shared/ipc/contracts/batches';
import { historyFiltersSchema, historyRowSchema } from '../../../src/shared/ipc/contracts/history';

// Issue 10 point 1: the state vocabulary lives once in src/shared/domain, and the IPC contracts validate with it.
const ROOT = join(__dirname, '../../..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('payout state vocabulary in shared', () => {
  it('is the same object the journal re-exports', () => {
    expect(journalStates.PAYOUT_STATES).toBe(PAYOUT_STATES);
    expect(journalStates.UNRESOLVED_STATES).toBe(UNRESOLVED_STATES);
    expect(IN_FLIGHT_STATES).toEqual(['PENDING', 'PROCESSING']);
    expect(SENDABLE_BATCH_STATES).toEqual(['CONFIRMED', 'SENDING']);
  });

  it('imports nothing (pure domain module)', () => {
    const text = readFileSync(join(ROOT, 'src/shared/domain/payout-states.ts'), 'utf8');
    expect(text).not.toMatch(/^\s*import\s/m);
  });

  it('src/main/db imports nothing from services', () => {
    const offenders = filesUnder(join(ROOT, 'src/main/db')).filter((f) =>
      /from '[./]*\/services\//.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

describe('IPC contracts use z.enum over the shared states', () => {
  it('history filters refuse a state that does not exist', () => {
    expect(historyFiltersSchema.safeParse({ states: ['SUCCESS', 'CONFLICT'] }).success).toBe(true);
    expect(historyFiltersSchema.safeParse({ states: ['PAID'] }).success).toBe(false);
  });

  it('getBatch refuses an unknown state filter', () => {
    const input = batchContracts.getBatch.input;
    expect(input.safeParse({ batchId: 1, states: ['UNKNOWN'] }).success).toBe(true);
    expect(input.safeParse({ batchId: 1, states: ['unknown'] }).success).toBe(false);
  });

  it('row and batch views accept every declared state and nothing else', () => {
    const row = historyRowSchema.shape.state;
    for (const s of PAYOUT_STATES) expect(row.safeParse(s).success).toBe(true);
    expect(row.safeParse('SETTLED').success).toBe(false);
    expect(payoutRowSchema.shape.state.safeParse('SETTLED').success).toBe(false);
    for (const s of BATCH_STATES) expect(batchSchema.shape.state.safeParse(s).success).toBe(true);
    expect(batchSchema.shape.state.safeParse('PENDING').success).toBe(false);
  });
});
