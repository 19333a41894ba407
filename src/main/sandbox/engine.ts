import type { SandboxConfig } from './config';
import { advance } from './lifecycle';
import { emptyState, loadState, nextSeq, postLine, saveState, type SandboxState } from './state';
import type { Dialect } from './types';

/**
 * The simulator's core, independent of HTTP: config, state, the current dialect and a dirty flag. Every
 * operation first `sync`s (applies lifecycle steps due on the injected clock) and the caller `persist`s after.
 */
export type Engine = {
  config: SandboxConfig;
  state: SandboxState;
  dialect: Dialect;
  dirty: boolean;
  counters: { payoutsAccepted: number; payoutsRejected: number };
};

/** Credits the balance from outside (the opening balance, a top-up) with a statement line. */
export function fund(engine: Engine, amountPaise: number, at: number): void {
  if (!Number.isSafeInteger(amountPaise) || amountPaise <= 0) {
    throw new RangeError('amountPaise must be a positive integer');
  }
  const ref = `EKFUND${String(engine.state.seq + 1).padStart(8, '0')}`;
  postLine(engine.state, {
    transactionId: ref,
    at,
    type: 'CREDIT',
    remarks: 'Funds added to EnKash virtual account',
    reference: ref,
    mode: 'NEFT',
    amountPaise,
  });
  engine.dirty = true;
}

/** Loads the state file when there is one; otherwise starts fresh with the opening balance and source account. */
export function createEngine(config: SandboxConfig, dialect: Dialect): Engine {
  const loaded = config.stateFile ? loadState(config.stateFile) : null;
  const engine: Engine = {
    config,
    state: loaded ?? emptyState(),
    dialect,
    dirty: false,
    counters: { payoutsAccepted: 0, payoutsRejected: 0 },
  };
  if (!loaded) {
    const now = config.now();
    if (config.initialBalancePaise > 0) fund(engine, config.initialBalancePaise, now);
    engine.state.sourceAccounts.push({
      accountNumber: config.credentials.debitAccountNumber,
      ifsc: config.credentials.sourceIfsc,
      status: 'ACTIVE',
      createdOn: now,
    });
    nextSeq(engine.state);
    engine.dirty = true;
    persist(engine);
  }
  return engine;
}

/** Brings payout statuses, balance and statement up to the clock's now. */
export function sync(engine: Engine): number {
  const now = engine.config.now();
  if (advance(engine.state, now)) engine.dirty = true;
  return now;
}

/** Writes the state file if anything changed (synchronously, before the HTTP answer leaves). */
export function persist(engine: Engine): void {
  if (!engine.dirty) return;
  if (engine.config.stateFile) saveState(engine.config.stateFile, engine.state);
  engine.dirty = false;
}

// A batch's items share one timestamp (twice each in its answer): the last conversion is kept.
let lastIso = { ms: NaN, text: '' };

export function isoTime(ms: number): string {
  if (ms !== lastIso.ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}
