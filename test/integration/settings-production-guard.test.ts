import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/main/db/audit';
import { apiProfileSchema, DEFAULT_API_PROFILE } from '../../src/shared/settings/api-profile';
import { createTestApp, TEST_SENDER, type TestApp } from '../support/test-app';

/** Issue 9 point 8: Production is hard to redirect — https only, typed PRODUCTION checked in main, audited. */

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.cleanup();
});

const call = (channel: string, input?: unknown) => app.dispatch(channel, input, TEST_SENDER);

function settingsAudit() {
  return app.ctx.db
    .prepare("SELECT action, data FROM audit_log WHERE entity = 'settings' ORDER BY id")
    .all()
    .map((r) => {
      const row = r as { action: string; data: string };
      return { action: row.action, data: JSON.parse(row.data) as Record<string, unknown> };
    });
}

describe('API profile schema: UAT and Production are https', () => {
  it.each(['uat', 'production'] as const)('%s base URL over http is refused', (env) => {
    const profile = {
      ...DEFAULT_API_PROFILE,
      baseUrls: { ...DEFAULT_API_PROFILE.baseUrls, [env]: 'http://api.enkash.in' },
    };
    expect(apiProfileSchema.safeParse(profile).success).toBe(false);
  });

  it('https stays valid, and Custom may still be a loopback http relay', () => {
    const profile = {
      ...DEFAULT_API_PROFILE,
      baseUrls: { uat: 'https://uat.example.in', production: 'https://api.example.in', custom: 'http://127.0.0.1:9' },
    };
    expect(apiProfileSchema.safeParse(profile).success).toBe(true);
  });

  it('main refuses to save an http Production base URL even with the confirmation', async () => {
    const profile = app.ctx.settings.get().apiProfile;
    const reply = await call('settings:update-profile', {
      ...profile,
      baseUrls: { ...profile.baseUrls, production: 'http://evil.example' },
      confirmation: 'PRODUCTION',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(app.ctx.settings.get().apiProfile.baseUrls.production).toBe('https://api.enkash.in');
  });
});

describe('changing where Production payouts go needs PRODUCTION typed, checked in main', () => {
  it('Production base URL change without the confirmation is refused and nothing is saved or audited', async () => {
    const profile = app.ctx.settings.get().apiProfile;
    const next = { ...profile, baseUrls: { ...profile.baseUrls, production: 'https://relay.example.in' } };
    for (const confirmation of [undefined, 'production', 'yes']) {
      const reply = await call('settings:update-profile', { ...next, confirmation });
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'conflict', details: { keys: ['baseUrls.production'] } },
      });
    }
    expect(app.ctx.settings.get().apiProfile.baseUrls.production).toBe('https://api.enkash.in');
    expect(settingsAudit()).toEqual([]);
  });

  it('with PRODUCTION it is saved and audited in the hash chain (before and after values)', async () => {
    const profile = app.ctx.settings.get().apiProfile;
    const reply = await call('settings:update-profile', {
      ...profile,
      baseUrls: { ...profile.baseUrls, production: 'https://relay.example.in' },
      confirmation: 'PRODUCTION',
    });
    expect(reply.ok).toBe(true);
    expect(app.ctx.settings.get().apiProfile.baseUrls.production).toBe('https://relay.example.in');
    // The confirmation text is not part of the stored profile.
    expect(JSON.stringify(app.ctx.settings.get())).not.toContain('confirmation');
    expect(settingsAudit()).toEqual([
      {
        action: 'production-profile-change',
        data: {
          source: 'app',
          environment: 'sandbox',
          changes: [{ key: 'baseUrls.production', from: 'https://api.enkash.in', to: 'https://relay.example.in' }],
        },
      },
    ]);
    expect(verifyAuditChain(app.ctx.db).ok).toBe(true);
  });

  it('a path change needs PRODUCTION only while Production is the environment', async () => {
    const profile = app.ctx.settings.get().apiProfile;
    const moved = { ...profile, paths: { ...profile.paths, searchPayouts: '/api/v1/search' } };
    // In Sandbox a path is an ordinary setting.
    expect((await call('settings:update-profile', moved)).ok).toBe(true);
    expect(settingsAudit()).toEqual([]);

    expect((await call('settings:set-environment', { environment: 'production', confirmProduction: true })).ok).toBe(
      true,
    );
    const again = { ...moved, paths: { ...moved.paths, createPayout: '/api/v1/pay' } };
    expect(await call('settings:update-profile', again)).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: { keys: ['paths.createPayout'] } },
    });
    expect(app.ctx.settings.get().apiProfile.paths.createPayout).toBe('/api/v0/payout-transaction');
    // Other settings are not guarded, even in Production.
    expect((await call('settings:update-profile', { ...moved, batchChunkSize: 50 })).ok).toBe(true);

    expect((await call('settings:update-profile', { ...again, confirmation: 'PRODUCTION' })).ok).toBe(true);
    expect(settingsAudit().map((a) => a.data.changes)).toEqual([
      [{ key: 'paths.createPayout', from: '/api/v0/payout-transaction', to: '/api/v1/pay' }],
    ]);
  });

  it('a reset that would move Production paths needs PRODUCTION too', async () => {
    const profile = app.ctx.settings.get().apiProfile;
    await call('settings:update-profile', { ...profile, paths: { ...profile.paths, balance: '/x/balance' } });
    await call('settings:set-environment', { environment: 'production', confirmProduction: true });
    expect(await call('settings:reset-profile')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(app.ctx.settings.get().apiProfile.paths.balance).toBe('/x/balance');
    expect((await call('settings:reset-profile', { confirmation: 'PRODUCTION' })).ok).toBe(true);
    expect(app.ctx.settings.get().apiProfile.paths.balance).toBe(DEFAULT_API_PROFILE.paths.balance);
    expect(settingsAudit()).toHaveLength(1);
  });
});
