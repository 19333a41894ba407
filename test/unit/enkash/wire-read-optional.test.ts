import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { optionalBoolean } from '../../../src/main/enkash/wire-read';
import { clientFor, createFakeServer, json } from './fake-enkash';

/** zod 4 reads a bare `z.unknown()` key as required: an optional flag left out must still read as null. */
describe('optionalBoolean', () => {
  it('an absent flag is null, not a bad shape', () => {
    expect(z.object({ enabled: optionalBoolean }).parse({})).toEqual({ enabled: null });
    expect(z.object({ enabled: optionalBoolean }).parse({ enabled: 'true' })).toEqual({ enabled: true });
  });

  it('a stored webhook read back without `enabled` is read', async () => {
    const server = createFakeServer().on('GET /api/v0/webhook-data', () =>
      json({ webhookUrl: 'https://hooks.example.com/x', events: ['PAYOUT_SUCCESS'] }),
    );
    const hook = await clientFor(server).client.getWebhook();
    expect(hook).toMatchObject({ webhookUrl: 'https://hooks.example.com/x', enabled: null });
  });
});
