import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type HandlerMap } from '../../../src/main/ipc/dispatch';
import { AppError } from '../../../src/shared/domain/errors';
import { createTestApp, type TestApp } from '../../support/test-app';
import type { TestContext } from '../../support/test-context';

const OWN = 'file:///app/out/renderer/index.html';

describe('IPC dispatcher', () => {
  let app: TestApp;
  let ctx: TestContext;
  let calls: string[];
  let handlers: HandlerMap;
  beforeEach(async () => {
    app = await createTestApp();
    ctx = app.ctx;
    calls = [];
    const real = app.handlers;
    handlers = {
      ...real,
      getCredentialStatus: (input) => {
        calls.push('getCredentialStatus');
        return real.getCredentialStatus(input);
      },
    };
  });
  afterEach(() => app.cleanup());

  const dispatcher = (h: HandlerMap = handlers) =>
    createDispatcher(h, { isTrustedSender: (url) => url === OWN, log: ctx.log });

  it('refuses input that fails the zod schema, with the envelope, without running the handler', async () => {
    const reply = await dispatcher()('credentials:get-status', { environment: 'moon' }, OWN);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid_input');
      expect(JSON.stringify(reply.error.details)).toContain('environment');
    }
    expect(calls).toEqual([]);
  });

  it('refuses a call from a foreign frame URL before parsing its input', async () => {
    for (const url of ['https://evil.example/index.html', 'file:///tmp/other.html', '', 'data:text/html,hi']) {
      const reply = await dispatcher()('credentials:get-status', { environment: 'uat' }, url);
      expect(reply).toEqual({
        ok: false,
        error: { code: 'forbidden_sender', message: 'This request did not come from the app window.' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('answers a valid call with {ok:true,value}', async () => {
    const reply = await dispatcher()('credentials:get-status', { environment: 'uat' }, OWN);
    expect(reply).toMatchObject({ ok: true, value: { environment: 'uat', hasCredentials: false } });
    expect(calls).toEqual(['getCredentialStatus']);
  });

  it('reports an unknown channel as not_found', async () => {
    const reply = await dispatcher()('settings:steal-everything', undefined, OWN);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('not_found');
  });

  it('passes an AppError through and hides any other error behind a generic message', async () => {
    const failing = {
      ...handlers,
      getSettings: () => {
        throw new AppError('conflict', 'Already running');
      },
      getAppInfo: () => {
        throw new Error('ENOENT: /home/user/secret-path/credentials.json');
      },
    } satisfies HandlerMap;
    const d = dispatcher(failing);
    expect(await d('settings:get-settings', undefined, OWN)).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Already running' },
    });
    const hidden = await d('app:get-info', undefined, OWN);
    expect(hidden.ok).toBe(false);
    if (!hidden.ok) {
      expect(hidden.error.code).toBe('internal');
      expect(hidden.error.message).not.toContain('secret-path');
    }
  });

  it('strips fields the output contract does not declare, so a handler cannot leak a secret', async () => {
    const leaky = {
      ...handlers,
      getCredentialStatus: () => ({
        environment: 'uat' as const,
        hasCredentials: true,
        clientIdMasked: 'CEK•••UQ',
        usernameMasked: null,
        lastVerifiedAt: null,
        unavailableReason: null,
        clientSecret: 'leaked-secret',
      }),
    } satisfies HandlerMap;
    const reply = await dispatcher(leaky)('credentials:get-status', { environment: 'uat' }, OWN);
    expect(JSON.stringify(reply)).not.toContain('leaked-secret');
    expect(reply.ok).toBe(true);
  });

  it('refuses to switch to Production without the explicit confirmation', async () => {
    const refused = await dispatcher()('settings:set-environment', { environment: 'production' }, OWN);
    expect(refused.ok).toBe(false);
    expect(ctx.settings.get().environment).toBe('sandbox');
    const ok = await dispatcher()(
      'settings:set-environment',
      { environment: 'production', confirmProduction: true },
      OWN,
    );
    expect(ok.ok).toBe(true);
    expect(ctx.settings.get().environment).toBe('production');
  });
});
