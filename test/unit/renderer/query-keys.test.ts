import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { BatchProgressView } from '../../../src/shared/ipc/contracts/batches';
import { SETTLE_ACTIONS } from '../../../src/shared/ipc/contracts/journal';
import {
  applyEvent,
  batchRefetchInterval,
  commandKey,
  keysAfterCommand,
  keysForEvent,
  listRefetchInterval,
  progressIntoList,
} from '../../../src/renderer/api/query-keys';

function progress(batchId: number, over: Partial<BatchProgressView> = {}): BatchProgressView {
  return {
    batchId,
    state: 'SENDING',
    rowCount: 4,
    totalPaise: 619_999,
    byState: { SENDING: 1, READY: 3 },
    sent: 1,
    accepted: 0,
    rejected: 0,
    unknown: 0,
    conflict: 0,
    remaining: 3,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    amountSentPaise: 150_000,
    amountAcceptedPaise: 0,
    amountSucceededPaise: 0,
    etaMs: null,
    lastError: null,
    ...over,
  };
}

/** A client holding one cached answer per key, as the screens would have left it. */
function seeded(entries: [QueryKey, unknown][]): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  for (const [key, data] of entries) client.setQueryData(key, data);
  return client;
}
const invalidated = (client: QueryClient, key: QueryKey) => client.getQueryState(key)?.isInvalidated ?? false;

const batch1 = commandKey('getBatch', { batchId: 1, offset: 0, limit: 100 });
const batch1Failed = commandKey('getBatch', { batchId: 1, states: ['FAILED'], offset: 0, limit: 100 });
const batch2 = commandKey('getBatch', { batchId: 2, offset: 0, limit: 100 });
const list = commandKey('listBatches', { limit: 100 });
const settings = commandKey('getSettings');
const balance = commandKey('getBalance');

describe('renderer query keys: one per IPC command and input', () => {
  it('keys a command by its name, then its input', () => {
    expect(commandKey('getSettings')).toEqual(['getSettings']);
    expect(commandKey('getBatch', { batchId: 7 })).toEqual(['getBatch', { batchId: 7 }]);
  });
});

describe('main-pushed events invalidate the queries they make stale', () => {
  it('batchProgress marks that batch (every filter and page) stale, nothing else', async () => {
    const client = seeded([
      [batch1, { batch: { id: 1, state: 'CONFIRMED' }, progress: progress(1, { state: 'CONFIRMED' }), rows: [] }],
      [batch1Failed, { batch: { id: 1, state: 'CONFIRMED' }, progress: progress(1), rows: [] }],
      [batch2, { batch: { id: 2, state: 'SENT' }, progress: progress(2), rows: [] }],
      [list, [{ id: 1, state: 'CONFIRMED', progress: progress(1, { state: 'CONFIRMED' }) }]],
      [settings, { environment: 'sandbox' }],
      [balance, { balancePaise: 1 }],
    ]);
    await applyEvent(client, 'batchProgress', progress(1, { sent: 2 }));

    expect(invalidated(client, batch1)).toBe(true);
    expect(invalidated(client, batch1Failed)).toBe(true);
    // The list row is written from the payload instead (next test), not re-read.
    expect(invalidated(client, list)).toBe(false);
    expect(invalidated(client, batch2)).toBe(false);
    expect(invalidated(client, settings)).toBe(false);
    expect(invalidated(client, balance)).toBe(false);
  });

  it('batchProgress shows the pushed progress at once, before any re-read answers', async () => {
    const client = seeded([
      [batch1, { batch: { id: 1, state: 'CONFIRMED' }, progress: progress(1, { state: 'CONFIRMED' }), rows: [] }],
      [list, [{ id: 1, state: 'CONFIRMED', progress: progress(1, { state: 'CONFIRMED' }) }]],
    ]);
    await applyEvent(client, 'batchProgress', progress(1, { sent: 3, state: 'SENDING' }));

    const detail = client.getQueryData<{ batch: { state: string }; progress: BatchProgressView }>(batch1);
    expect(detail?.batch.state).toBe('SENDING');
    expect(detail?.progress.sent).toBe(3);
    const rows = client.getQueryData<{ state: string; progress: BatchProgressView }[]>(list);
    expect(rows?.[0]?.state).toBe('SENDING');
    expect(rows?.[0]?.progress.sent).toBe(3);
  });

  it('settingsChanged refreshes the settings and what depends on the environment', () => {
    expect(keysForEvent('settingsChanged', { environment: 'uat' })).toEqual(
      expect.arrayContaining([['getSettings'], ['getCredentialStatus']]),
    );
  });

  it('progress events of local jobs (exports, bulk beneficiaries) touch no server cache', () => {
    expect(keysForEvent('exportProgress', { jobId: 'x', written: 1, total: 2 })).toEqual([]);
    const bulk = { done: 1, total: 2, created: 1, existing: 0, failed: 0 };
    expect(keysForEvent('beneficiaryBulkProgress', bulk)).toEqual([]);
    expect(keysForEvent('verifyProgress', { jobId: 'x', done: 1, total: 2 })).toEqual([]);
  });
});

describe('commands that change data invalidate what they change', () => {
  it('batch actions refresh that batch and the list', () => {
    const keysPerCommand = [
      keysAfterCommand('pauseBatch', { batchId: 5 }),
      keysAfterCommand('resumeBatch', { batchId: 5 }),
      keysAfterCommand('cancelBatch', { batchId: 5 }),
      keysAfterCommand('retryFailedRows', { batchId: 5 }),
      keysAfterCommand('excludeRows', { batchId: 5, payoutIds: [1] }),
      keysAfterCommand('confirmBatch', { batchId: 5, typedTotal: '10' }),
      keysAfterCommand('acceptMismatch', { batchId: 5, payoutIds: [1], reason: 'Confirmed by phone' }),
    ];
    for (const keys of keysPerCommand) {
      expect(keys).toEqual(expect.arrayContaining([['getBatch', { batchId: 5 }], ['listBatches']]));
    }
  });

  it('settling a payout refreshes its timeline, the batches, the aging board and the audit log', () => {
    const keys = keysAfterCommand('settlePayout', { payoutId: 9, action: SETTLE_ACTIONS[0], reason: 'EnKash said so' });
    expect(keys).toEqual(
      expect.arrayContaining([
        ['payoutTimelineById', { payoutId: 9 }],
        ['getBatch'],
        ['listBatches'],
        ['agingBoard'],
        ['listAudit'],
      ]),
    );
  });

  it('saving credentials refreshes only that environment’s status', () => {
    const credentials = { environment: 'uat' as const, clientId: 'C', clientSecret: 's', username: 'u', password: 'p' };
    expect(keysAfterCommand('setCredentials', credentials)).toEqual([['getCredentialStatus', { environment: 'uat' }]]);
  });

  it('a read changes nothing', () => {
    expect(keysAfterCommand('getBatch', { batchId: 1 })).toEqual([]);
  });
});

describe('polling only while EnKash may still move a row', () => {
  it('re-reads every 2 s while a row is open, and stops when none is', () => {
    expect(batchRefetchInterval(progress(1, { byState: { PENDING: 2, SUCCESS: 2 } }))).toBe(2000);
    expect(batchRefetchInterval(progress(1, { byState: { UNKNOWN: 1, SUCCESS: 3 } }))).toBe(2000);
    expect(batchRefetchInterval(progress(1, { byState: { SUCCESS: 3, FAILED: 1 } }))).toBe(false);
    expect(batchRefetchInterval(undefined)).toBe(false);
  });
});

describe('the batches list never disagrees with a detail the poller settled (issue 17 point 5)', () => {
  it("a detail's fresh read is written into the list's row, other batches untouched", () => {
    const client = seeded([
      [
        list,
        [
          { id: 1, state: 'SENDING', progress: progress(1) },
          { id: 2, state: 'SENT', progress: progress(2, { state: 'SENT', byState: { SUCCESS: 4 } }) },
        ],
      ],
    ]);
    progressIntoList(client, progress(1, { state: 'SENT', byState: { SUCCESS: 3, REJECTED: 1 }, succeeded: 3 }));
    const rows = client.getQueryData<{ id: number; state: string; progress: BatchProgressView }[]>(list);
    expect(rows?.map((r) => [r.id, r.state, r.progress.succeeded])).toEqual([
      [1, 'SENT', 3],
      [2, 'SENT', 0],
    ]);
  });

  it('the list polls while any batch on it has an open row, and stops when none has', () => {
    const open = { id: 1, state: 'SENT', progress: progress(1, { byState: { PENDING: 1, SUCCESS: 3 } }) };
    const done = { id: 2, state: 'SENT', progress: progress(2, { byState: { SUCCESS: 4 } }) };
    expect(listRefetchInterval([done, open])).toBe(2000);
    expect(listRefetchInterval([done])).toBe(false);
    expect(listRefetchInterval(undefined)).toBe(false);
  });
});
