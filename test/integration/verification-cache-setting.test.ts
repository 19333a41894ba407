import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../src/main/enkash/transport';
import type { VerificationRowInput } from '../../src/shared/verify/verification';
import { TEST_SENDER, type TestApp } from '../support/test-app';
import { ENGINES } from '../support/test-store';
import { createEngineApp } from './support/engine-app';

/** Issue 12 point 3: the cache age is a setting the user changes in Settings, and verification honours it. */

let app: TestApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

const DAY = 24 * 3600_000;
const priya: VerificationRowInput = {
  row: 2,
  payeeName: 'Priya Sharma',
  accountNumber: '50100012345678',
  ifsc: 'HDFC0000240',
  mode: 'IMPS',
};

describe.each(ENGINES)('settings:update-verification (%s)', (engine) => {
  it('a shorter cache age makes the next verify ask the bank again; the default would have reused it', async () => {
    let calls = 0;
    const fetch: FetchLike = (url, init) => {
      if (url.includes('/pennyDrop')) calls++;
      return globalThis.fetch(url, init);
    };
    let now = new Date('2026-12-01T06:00:00.000Z');
    app = await createEngineApp(engine, { enkashFetch: fetch, now: () => now });
    const verify = (jobId: string) =>
      app!.dispatch('verification:start', { jobId, rows: [priya], pennyDrop: false }, TEST_SENDER);

    expect((await verify('job-00000001')).ok).toBe(true);
    expect(calls).toBe(1);
    now = new Date(now.getTime() + 3 * DAY);
    expect((await verify('job-00000002')).ok).toBe(true);
    expect(calls).toBe(1); // 3 days old, within the default 90

    const saved = await app.dispatch('settings:update-verification', { cacheDays: 2 }, TEST_SENDER);
    expect(saved).toMatchObject({ ok: true, value: { verification: { cacheDays: 2 } } });
    expect((await verify('job-00000003')).ok).toBe(true);
    expect(calls).toBe(2); // now older than 2 days: checked again
  });

  it('refuses a cache age that is not 1–3650 whole days, and keeps the one stored', async () => {
    app = await createEngineApp(engine);
    for (const bad of [{ cacheDays: 0 }, { cacheDays: 3651 }, { cacheDays: 1.5 }, { cacheDays: '30' }, {}]) {
      const reply = await app.dispatch('settings:update-verification', bad, TEST_SENDER);
      expect(reply.ok, JSON.stringify(bad)).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('invalid_input');
    }
    expect(app.ctx.settings.get().verification.cacheDays).toBe(90);
  });
});
