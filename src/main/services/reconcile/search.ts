import { isAppError } from '../../../shared/domain/errors';
import type { Environment } from '../../../shared/settings/api-profile';
import { sql } from 'kysely';
import { getChunkOps } from '../../db/repos/batches-repo';
import { payoutsOfChunkOps, type PayoutRow } from '../../db/repos/payouts-repo';
import { all, type Ops, q } from '../../db/store/ops';
import type { EnkashClient } from '../../enkash/client';
import type { SearchPayoutsInput } from '../../enkash/inputs';
import type { PayoutRecord } from '../../enkash/payout-outputs';
import type { JournalDeps } from '../journal/deps';
import { runLimited } from '../journal/run-limited';
import { pickNewest } from '../journal/states';
import {
  clearSearchHealthOps,
  currentProofOps,
  knownLandedTransactionIdOps,
  recordProofOps,
  searchFingerprint,
  setSearchHealthOps,
  UNPROVEN_DETAIL,
} from './search-proof';

/**
 * Asking EnKash what happened to rows, as cheaply as is safe. Rows that went out in one batch call are looked
 * up together by batchTransactionId; others, and any row that answer does not show, one by one by
 * transactionId. Per row: found (EnKash's record, matched by exact transactionId), not found, or unanswered.
 *
 * Search's path and filters are guesses (enkash-api.md §15.18), so "not found" — which lets the resolver resend —
 * needs all of: a parseable list; every page of it (a short page with an honest total, or pages until an empty
 * one); no item outside what we asked for (a filter the server ignores); and a proof that this same search has
 * found a payout we know landed in this environment (search-proof.ts). Anything less is "unanswered".
 */

export type SearchVerdict = { kind: 'found'; record: PayoutRecord } | { kind: 'not-found' } | { kind: 'unanswered' };

/** Largest page EnKash's search is believed to accept (settlement search allows 5000). */
const MAX_LIMIT = 5000;
/** Pages followed for one question before giving up on it (unanswered, searched again next round). */
const MAX_PAGES = 20;

/** A list answer: `complete` says absence from `items` means something. */
type Listing = { items: PayoutRecord[]; complete: boolean };
/** Why Search cannot be used at all: shown to the user, nothing is concluded. */
class SearchUnavailable extends Error {}

const norm = (id: string) => id.toUpperCase();

/** 404, HTML, an unparseable body or a refused request: Search itself is broken, not just slow. */
function unavailableReason(error: unknown): string | null {
  if (!isAppError(error)) return null;
  const status = error.details?.httpStatus;
  if (error.code === 'enkash_rejected')
    return status === 404
      ? 'Search Payouts answered HTTP 404: the search path does not exist at this base URL'
      : `Search Payouts refused the search (HTTP ${String(status ?? '?')}): its path or filters are not accepted`;
  if (error.code === 'enkash_bad_response')
    return `Search Payouts answered something that is not a readable list (${String(error.details?.reason ?? 'unreadable')})`;
  return null;
}

/**
 * Every page of one search. Stops early (incomplete) at an item `mine` rejects: the server ignored a filter,
 * and the rest of its list says nothing about our rows.
 */
async function listAll(
  deps: JournalDeps,
  client: EnkashClient,
  filters: SearchPayoutsInput,
  limit: number,
  mine: (item: PayoutRecord) => boolean,
): Promise<Listing> {
  const pageUnit = deps.profile().switches.searchOffsetUnit === 'page';
  const items: PayoutRecord[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    let res;
    try {
      res = await client.searchPayouts({ ...filters, offset, limit });
    } catch (error) {
      const reason = unavailableReason(error);
      if (reason) throw new SearchUnavailable(reason);
      return { items, complete: false };
    }
    if (res.items.some((i) => !mine(i))) return { items: [...items, ...res.items.filter(mine)], complete: false };
    // A server that ignores `offset` repeats the first page: nothing new means we cannot page through it.
    const fresh = res.items.filter((i) => !seen.has(`${norm(i.transactionId)}|${i.enkashTransactionId ?? ''}`));
    if (res.items.length && !fresh.length) return { items, complete: false };
    for (const i of fresh) seen.add(`${norm(i.transactionId)}|${i.enkashTransactionId ?? ''}`);
    items.push(...fresh);
    if (!res.items.length) return { items, complete: res.total === null || items.length >= res.total };
    if (res.total !== null && items.length >= res.total) return { items, complete: true };
    // A short page while more exist is a silent page cap: page numbers would skip the rest.
    if (pageUnit && res.items.length < limit) return { items, complete: false };
    offset = pageUnit ? offset + limit : offset + res.items.length;
  }
  return { items, complete: false };
}

type Raw = { kind: 'found'; record: PayoutRecord; landed: boolean } | { kind: 'absent' } | { kind: 'unanswered' };

async function byTransactionId(deps: JournalDeps, client: EnkashClient, row: PayoutRow): Promise<Raw> {
  const id = norm(row.transactionId);
  const list = await listAll(
    deps,
    client,
    { transactionId: row.transactionId },
    deps.profile().searchPageSize,
    (i) => norm(i.transactionId) === id,
  );
  if (list.items.length) return { kind: 'found', record: pickNewest(list.items), landed: row.acceptedAt !== null };
  return list.complete ? { kind: 'absent' } : { kind: 'unanswered' };
}

/**
 * Found verdicts for the members of one chunk. A row missing from the answer is asked about alone: the proof
 * vouches for the transactionId search, not for this filter, so absence here never means "not sent".
 */
async function byBatch(
  deps: JournalDeps,
  client: EnkashClient,
  chunkId: number,
  batchTransactionId: string,
  members: PayoutRow[],
): Promise<Map<number, Raw>> {
  const profile = deps.profile();
  const everyone = await deps.store.run(payoutsOfChunkOps(chunkId));
  const ours = new Set(everyone.map((r) => norm(r.transactionId)));
  // One page big enough for the whole chunk (not just the rows asked about): its other items come back too.
  const limit = Math.min(MAX_LIMIT, Math.max(100, profile.batchChunkSize, profile.searchPageSize, everyone.length));
  const list = await listAll(deps, client, { batchTransactionId }, limit, (i) => ours.has(norm(i.transactionId)));
  const found = new Map<string, PayoutRecord[]>();
  for (const item of list.items)
    found.set(norm(item.transactionId), [...(found.get(norm(item.transactionId)) ?? []), item]);
  const verdicts = new Map<number, Raw>();
  for (const row of members) {
    const hits = found.get(norm(row.transactionId));
    if (hits) verdicts.set(row.id, { kind: 'found', record: pickNewest(hits), landed: row.acceptedAt !== null });
  }
  return verdicts;
}

/** The environment every row belongs to (its batch's); rows are only ever searched with their own client. */
function* environmentsOfOps(rows: readonly PayoutRow[]): Ops<Map<number, Environment>> {
  const ids = [...new Set(rows.map((r) => r.batchId))];
  const found = yield* all<{ id: number; environment: Environment }>(
    q`SELECT id, environment FROM batches WHERE id IN (${sql.join(ids)})`,
  );
  return new Map(found.map((b) => [Number(b.id), b.environment]));
}

/**
 * Verdicts for `rows` of one environment (the client's). Runs at most `concurrency` searches at once. Also keeps
 * the environment's search proof and health (search-proof.ts) up to date.
 */
export async function searchRows(
  deps: JournalDeps,
  client: EnkashClient,
  rows: PayoutRow[],
): Promise<Map<number, SearchVerdict>> {
  const verdicts = new Map<number, SearchVerdict>();
  if (!rows.length) return verdicts;
  const envOf = await deps.store.run(environmentsOfOps(rows));
  const env = envOf.get(rows[0]!.batchId)!;
  // Rows of another environment are never searched here: a foreign client's "not found" means nothing.
  const mine = rows.filter((r) => envOf.get(r.batchId) === env);
  for (const r of rows) if (envOf.get(r.batchId) !== env) verdicts.set(r.id, { kind: 'unanswered' });

  const raw = new Map<number, Raw>();
  let landedSeen: string | null = null;
  let unavailable: string | null = null;
  const guard = async (task: () => Promise<void>) => {
    try {
      await task();
    } catch (error) {
      if (!(error instanceof SearchUnavailable)) throw error;
      unavailable ??= error.message;
    }
  };

  const groups = new Map<number, PayoutRow[]>();
  const loose: PayoutRow[] = [];
  for (const row of mine) {
    if (row.lastRoute === 'batch' && row.chunkId !== null)
      groups.set(row.chunkId, [...(groups.get(row.chunkId) ?? []), row]);
    else loose.push(row);
  }
  const tasks: (() => Promise<void>)[] = [];
  for (const [chunkId, members] of groups) {
    const chunk = await deps.store.run(getChunkOps(chunkId));
    if (!chunk || members.length < deps.timing.searchByBatchMin) {
      loose.push(...members);
      continue;
    }
    tasks.push(() =>
      guard(async () => {
        const found = await byBatch(deps, client, chunkId, chunk.batchTransactionId, members);
        for (const row of members) {
          const v = found.get(row.id);
          if (v) raw.set(row.id, v);
          else loose.push(row); // not in the batch answer: ask about this row alone
        }
      }),
    );
  }
  await runLimited(tasks, deps.timing.concurrency);
  if (!unavailable)
    await runLimited(
      loose.map((row) => () => guard(async () => void raw.set(row.id, await byTransactionId(deps, client, row)))),
      deps.timing.concurrency,
    );

  const at = deps.now();
  const fingerprint = searchFingerprint(deps.profile(), env, client.baseUrl ?? '');
  // Only the transactionId search proves itself (loose rows): the batch filter's finds vouch for nothing else.
  for (const row of loose) {
    const v = raw.get(row.id);
    if (v?.kind === 'found' && v.landed) landedSeen ??= v.record.transactionId;
  }
  if (!unavailable && landedSeen)
    await deps.store.run(recordProofOps(env, { fingerprint, transactionId: landedSeen, source: 'landed', at }));
  let proven = !!(await deps.store.run(currentProofOps(env, fingerprint)));
  if (!unavailable && !proven && [...raw.values()].some((v) => v.kind === 'absent')) {
    await guard(async () => {
      proven = await proveSearch(deps, client, env, fingerprint);
    });
  }

  if (unavailable) {
    await deps.store.run(
      setSearchHealthOps(
        env,
        { state: 'unavailable', detail: `${unavailable}. Unknown payouts stay UNKNOWN; nothing will be re-sent.` },
        at,
      ),
    );
    for (const row of mine) verdicts.set(row.id, { kind: 'unanswered' });
    return verdicts;
  }
  const absent = [...raw.values()].some((v) => v.kind === 'absent');
  if (absent && !proven)
    await deps.store.run(setSearchHealthOps(env, { state: 'unproven', detail: UNPROVEN_DETAIL }, at));
  else if ([...raw.values()].some((v) => v.kind !== 'unanswered')) await deps.store.run(clearSearchHealthOps(env));
  for (const row of mine) {
    const v = raw.get(row.id);
    if (v?.kind === 'found') verdicts.set(row.id, { kind: 'found', record: v.record });
    else if (v?.kind === 'absent' && proven) verdicts.set(row.id, { kind: 'not-found' });
    else verdicts.set(row.id, { kind: 'unanswered' });
  }
  return verdicts;
}

/**
 * Proves Search in `env` by looking up one payout EnKash accepted from us; true when it was found under its
 * exact id (and the proof stored). Throws SearchUnavailable like any search.
 */
export async function proveSearch(
  deps: JournalDeps,
  client: EnkashClient,
  env: Environment,
  fingerprint: string,
): Promise<boolean> {
  const id = await deps.store.run(knownLandedTransactionIdOps(env));
  if (!id) return false;
  const list = await listAll(
    deps,
    client,
    { transactionId: id },
    deps.profile().searchPageSize,
    (i) => norm(i.transactionId) === norm(id),
  );
  if (!list.items.length) return false;
  await deps.store.run(recordProofOps(env, { fingerprint, transactionId: id, source: 'landed', at: deps.now() }));
  return true;
}
