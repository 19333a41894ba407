import { getChunk } from '../../db/repos/batches-repo';
import type { PayoutRow } from '../../db/repos/payouts-repo';
import type { EnkashClient } from '../../enkash/client';
import type { PayoutRecord } from '../../enkash/payout-outputs';
import type { JournalDeps } from '../journal/deps';

/**
 * Asking EnKash what happened to rows, as cheaply as is safe. Rows that went out in one batch call are looked
 * up together by batchTransactionId (one call for up to a whole chunk); others, or when that answer looks
 * incomplete, one by one by transactionId. The result says, per row: found (with EnKash's record), not found
 * (a complete answer without it), or unanswered (the search failed — nothing may be concluded).
 */

export type SearchVerdict = { kind: 'found'; record: PayoutRecord } | { kind: 'not-found' } | { kind: 'unanswered' };

/** Largest page EnKash's search is believed to accept (settlement search allows 5000). */
const MAX_LIMIT = 5000;

/** Several records for one id (e.g. a REJECTED attempt and its re-initiation): the newest wins. */
function newest(records: PayoutRecord[]): PayoutRecord {
  return records.reduce((best, r) =>
    (r.updatedOn ?? r.createdOn ?? '') >= (best.updatedOn ?? best.createdOn ?? '') ? r : best,
  );
}

async function byTransactionId(client: EnkashClient, row: PayoutRow): Promise<SearchVerdict> {
  try {
    const res = await client.searchPayouts({ transactionId: row.transactionId });
    const mine = res.items.filter((i) => i.transactionId.toUpperCase() === row.transactionId.toUpperCase());
    return mine.length ? { kind: 'found', record: newest(mine) } : { kind: 'not-found' };
  } catch {
    return { kind: 'unanswered' };
  }
}

async function byBatch(
  client: EnkashClient,
  batchTransactionId: string,
  rows: PayoutRow[],
  pageAtLeast: number,
): Promise<Map<number, SearchVerdict> | null> {
  // One page big enough for the whole chunk (not just the rows asked about): its other items come back too.
  const limit = Math.min(MAX_LIMIT, Math.max(100, pageAtLeast, rows.length));
  try {
    const res = await client.searchPayouts({ batchTransactionId, offset: 0, limit });
    // More items than one page returned: the answer is partial, so nothing may be concluded from absence.
    const complete = res.total === null ? res.items.length < limit : res.items.length >= res.total;
    const found = new Map<string, PayoutRecord[]>();
    for (const item of res.items) {
      const key = item.transactionId.toUpperCase();
      found.set(key, [...(found.get(key) ?? []), item]);
    }
    const out = new Map<number, SearchVerdict>();
    for (const row of rows) {
      const hits = found.get(row.transactionId.toUpperCase());
      if (hits) out.set(row.id, { kind: 'found', record: newest(hits) });
      else if (complete) out.set(row.id, { kind: 'not-found' });
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * Verdicts for `rows` (any mix of chunks). Runs at most `concurrency` searches at once. A row counts as "not
 * found" only from a complete answer (every item of the batch fitted in the page), since a resend depends on it.
 */
export async function searchRows(
  deps: JournalDeps,
  client: EnkashClient,
  rows: PayoutRow[],
): Promise<Map<number, SearchVerdict>> {
  const verdicts = new Map<number, SearchVerdict>();
  const groups = new Map<number, PayoutRow[]>();
  const loose: PayoutRow[] = [];
  for (const row of rows) {
    if (row.lastRoute === 'batch' && row.chunkId !== null)
      groups.set(row.chunkId, [...(groups.get(row.chunkId) ?? []), row]);
    else loose.push(row);
  }
  const tasks: (() => Promise<void>)[] = [];
  for (const [chunkId, members] of groups) {
    const chunk = getChunk(deps.db, chunkId);
    if (!chunk || members.length < deps.timing.searchByBatchMin) {
      loose.push(...members);
      continue;
    }
    tasks.push(async () => {
      const profile = deps.profile();
      const found = await byBatch(
        client,
        chunk.batchTransactionId,
        members,
        Math.max(profile.batchChunkSize, profile.searchPageSize),
      );
      for (const row of members) {
        const v = found?.get(row.id);
        // Search failed: try the whole chunk again next round rather than a burst of single searches.
        if (!found) verdicts.set(row.id, { kind: 'unanswered' });
        else if (v) verdicts.set(row.id, v);
        else loose.push(row); // the answer was partial: ask about this row alone
      }
    });
  }
  await runLimited(tasks, deps.timing.concurrency);
  // Loose rows (and batch-search misses) one by one.
  await runLimited(
    loose.map((row) => async () => {
      verdicts.set(row.id, await byTransactionId(client, row));
    }),
    deps.timing.concurrency,
  );
  return verdicts;
}

/** Runs async tasks with at most `limit` at a time. */
export async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, lane));
}
