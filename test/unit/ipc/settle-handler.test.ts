import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJournalHandlers } from '../../../src/main/handlers/journal-handlers';
import { createDispatcher } from '../../../src/main/ipc/dispatch';
import type { SettleInput } from '../../../src/main/services/journal/settle';
import { createTestApp, type TestApp } from '../../support/test-app';

const OWN = 'file:///app/out/renderer/index.html';

describe('journal:settle-payout over IPC', () => {
  let app: TestApp;
  let calls: SettleInput[];
  let dispatch: ReturnType<typeof createDispatcher>;
  beforeEach(async () => {
    app = await createTestApp();
    calls = [];
    const journal = createJournalHandlers(app.ctx, (...args: unknown[]) => {
      const [deps, input] = args as [{ store: unknown; now: unknown }, SettleInput];
      // The handler hands the app's own store and clock to the journal, not something of its own.
      expect(deps.store).toBe(app.ctx.store);
      expect(deps.now).toBe(app.ctx.now);
      calls.push(input);
      return { state: 'READY' as const, transactionId: 'PD-NEW-1' };
    });
    dispatch = createDispatcher(
      { ...app.handlers, ...journal },
      { isTrustedSender: (url) => url === OWN, log: app.ctx.log },
    );
  });
  afterEach(() => app.cleanup());

  it('calls settlePayout with the validated input and returns its result', async () => {
    const reply = await dispatch(
      'journal:settle-payout',
      { payoutId: 7, action: 'not-ours', reason: '  EnKash holds another payee under this id  ' },
      OWN,
    );
    expect(reply).toEqual({ ok: true, value: { state: 'READY', transactionId: 'PD-NEW-1' } });
    expect(calls).toEqual([{ payoutId: 7, action: 'not-ours', reason: 'EnKash holds another payee under this id' }]);
  });

  it.each([
    ['a payout id of 0', { payoutId: 0, action: 'adopt', reason: 'checked with EnKash' }],
    ['a fractional payout id', { payoutId: 1.5, action: 'adopt', reason: 'checked with EnKash' }],
    ['an unknown action', { payoutId: 1, action: 'success', reason: 'checked with EnKash' }],
    ['a reason under 3 characters', { payoutId: 1, action: 'paid', reason: ' ok ' }],
    ['a reason over 500 characters', { payoutId: 1, action: 'not-paid', reason: 'x'.repeat(501) }],
    ['no reason', { payoutId: 1, action: 'paid' }],
  ])('refuses %s without settling anything', async (_label, input) => {
    const reply = await dispatch('journal:settle-payout', input, OWN);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('invalid_input');
    expect(calls).toEqual([]);
  });

  it('refuses a sender that is not the app window', async () => {
    const reply = await dispatch(
      'journal:settle-payout',
      { payoutId: 7, action: 'adopt', reason: 'checked with EnKash' },
      'https://evil.example/',
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('forbidden_sender');
    expect(calls).toEqual([]);
  });

  it('the app registers the real handler on the channel', () => {
    expect(typeof app.handlers.settlePayout).toBe('function');
  });
});

describe('journal:search-health over IPC', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(() => app.cleanup());

  it('answers null until search is found wanting, then the current environment’s entry', async () => {
    const env = app.ctx.settings.get().environment;
    expect(await app.dispatch('journal:search-health', undefined, 'app://payout-desk/index.html')).toEqual({
      ok: true,
      value: null,
    });
    app.ctx.db
      .prepare('INSERT INTO search_health (environment, state, detail, checked_at) VALUES (?, ?, ?, ?)')
      .run(env, 'unavailable', 'Search answered HTTP 404', '2026-12-03T10:00:00.000Z');
    app.ctx.db
      .prepare('INSERT INTO search_health (environment, state, detail, checked_at) VALUES (?, ?, ?, ?)')
      .run(env === 'uat' ? 'production' : 'uat', 'unproven', 'other env', '2026-12-03T10:00:00.000Z');
    expect(await app.dispatch('journal:search-health', undefined, 'app://payout-desk/index.html')).toEqual({
      ok: true,
      value: {
        environment: env,
        state: 'unavailable',
        detail: 'Search answered HTTP 404',
        checkedAt: '2026-12-03T10:00:00.000Z',
      },
    });
  });
});
