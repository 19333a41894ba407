import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { z } from 'zod';
import { IN_FLIGHT_STATES, type PayoutState, UNRESOLVED_STATES } from '../../shared/domain/payout-states';
import type { BatchProgressView } from '../../shared/ipc/contracts/batches';
import type { CommandName, Commands, EventName, Events } from '../../shared/ipc/registry';

/**
 * The renderer's server-state cache policy in one place: how a command's answer is keyed, which cached answers
 * a main-process event or a command makes stale, and when a screen still has to poll. Pure (no `window`), so
 * the mapping is unit-tested without a browser.
 */

export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = z.output<Commands[K]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

/**
 * One key per IPC command and input: `[name]` or `[name, input]`. TanStack matches key prefixes and partial
 * objects, so `['getBatch', { batchId: 1 }]` reaches every filter and page of batch 1.
 */
export function commandKey<K extends CommandName>(name: K, input?: CommandInput<K>): QueryKey {
  return input === undefined ? [name] : [name, input];
}

const batchKeys = (batchId?: number): QueryKey[] => [
  batchId === undefined ? ['getBatch'] : commandKey('getBatch', { batchId }),
  ['listBatches'],
];

type EventKeys = { [E in EventName]: (payload: EventPayload<E>) => QueryKey[] };

/** What each main → renderer event makes stale. Every event is listed, so a new one needs a decision here. */
const EVENT_KEYS: EventKeys = {
  // The engine's progress (already throttled in main to a few a second): that batch's rows are re-read. The
  // list is not: `applyEvent` writes the payload into its row, which is all a list row shows of it, so a
  // long history is not re-read several times a second while a batch sends.
  batchProgress: (p) => [commandKey('getBatch', { batchId: p.batchId })],
  // A new environment or profile changes what the credential card and the settings show.
  settingsChanged: () => [['getSettings'], ['getCredentialStatus']],
  // Progress of a job the screen itself started; no cached server answer depends on it.
  exportProgress: () => [],
  beneficiaryBulkProgress: () => [],
  // A verification job's bar: the verdicts come back in the job's own answer, nothing cached depends on it.
  verifyProgress: () => [],
};

/** Every event the cache listens to (all of them: each has its entry above). */
export const PUSHED_EVENTS = Object.keys(EVENT_KEYS) as (EventName & string)[];

export function keysForEvent<E extends EventName>(name: E, payload: EventPayload<E>): QueryKey[] {
  return (EVENT_KEYS[name] as (p: EventPayload<E>) => QueryKey[])(payload);
}

type CommandKeys = { [K in CommandName]?: (input: CommandInput<K>) => QueryKey[] };

/** What a successful command changes. Reads are absent: they change nothing. */
const COMMAND_KEYS: CommandKeys = {
  stageImport: () => [['listBatches']],
  createSinglePayout: () => [['listBatches']],
  confirmBatch: (i) => batchKeys(i.batchId),
  excludeRows: (i) => batchKeys(i.batchId),
  includeRows: (i) => batchKeys(i.batchId),
  // A held payee put back changes that batch's rows and total, like includeRows.
  acceptMismatch: (i) => batchKeys(i.batchId),
  editDraftRow: () => batchKeys(),
  pauseBatch: (i) => batchKeys(i.batchId),
  resumeBatch: (i) => batchKeys(i.batchId),
  cancelBatch: (i) => batchKeys(i.batchId),
  retryFailedRows: (i) => batchKeys(i.batchId),
  resubmitRejected: (i) => batchKeys(i.batchId),
  // The input names the payout, not its batch: refresh every cached batch (they are local SQLite reads).
  editRejectedRow: () => batchKeys(),
  settlePayout: (i) => [
    commandKey('payoutTimelineById', { payoutId: i.payoutId }),
    ...batchKeys(),
    ['agingBoard'],
    ['getSearchHealth'],
    ['listAudit'],
    ['dashboard'],
  ],
  checkRowsNow: () => [['agingBoard']],
  reconcileStatement: () => [['listReconciliations']],
  addSourceAccount: () => [['getSourceAccounts']],
  setCredentials: (i) => [commandKey('getCredentialStatus', { environment: i.environment })],
  clearCredentials: (i) => [commandKey('getCredentialStatus', { environment: i.environment })],
  setEnvironment: () => [['getSettings']],
  updateApiProfile: () => [['getSettings']],
  resetApiProfile: () => [['getSettings']],
  updateUiPrefs: () => [['getSettings']],
  updateVerificationPrefs: () => [['getSettings']],
  // Team mode: a new session (or none) changes who is shown and whose queue; a decision changes the queue.
  teamSignIn: () => [['teamStatus'], ['teamApprovals']],
  teamSignOut: () => [['teamStatus'], ['teamApprovals']],
  teamApprove: () => [['teamApprovals']],
  teamReject: () => [['teamApprovals']],
};

export function keysAfterCommand<K extends CommandName>(name: K, input: CommandInput<K>): QueryKey[] {
  const keys = COMMAND_KEYS[name] as ((i: CommandInput<K>) => QueryKey[]) | undefined;
  return keys ? keys(input) : [];
}

export function invalidateKeys(client: QueryClient, keys: QueryKey[]): Promise<void> {
  return Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey }))).then(() => undefined);
}

type BatchDetailData = { batch: { state: string }; progress: BatchProgressView };
type BatchListData = { id: number; state: string; progress: BatchProgressView }[];

/**
 * Handles one pushed event: progress is written into the cached batch and list at once (the bar moves with
 * the engine), then the affected queries are re-read for their rows.
 */
export function applyEvent<E extends EventName>(client: QueryClient, name: E, payload: EventPayload<E>): Promise<void> {
  if (name === 'batchProgress') {
    const p = payload as BatchProgressView;
    client.setQueriesData<BatchDetailData>({ queryKey: commandKey('getBatch', { batchId: p.batchId }) }, (d) =>
      d ? { ...d, progress: p, batch: { ...d.batch, state: p.state } } : d,
    );
    progressIntoList(client, p);
  }
  return invalidateKeys(client, keysForEvent(name, payload));
}

/**
 * Writes one batch's progress (and state) into the cached batches list. The detail calls it with every fresh
 * read too: the status poller settles rows without an event, and the list must never say "In progress" beside
 * a detail that says "Completed" (issue 17 point 5).
 */
export function progressIntoList(client: QueryClient, p: BatchProgressView): void {
  client.setQueriesData<BatchListData>({ queryKey: ['listBatches'] }, (list) =>
    list?.map((b) => (b.id === p.batchId ? { ...b, state: p.state, progress: p } : b)),
  );
}

// A row EnKash or the journal may still move on its own (or that is about to be sent).
const OPEN_STATES: readonly PayoutState[] = [...UNRESOLVED_STATES, ...IN_FLIGHT_STATES, 'READY'];
const POLL_MS = 2000;

/**
 * The status poller in main settles rows without an event, so a batch with open rows is re-read from SQLite
 * every couple of seconds (a local query, so it costs nothing); once every row is final, polling stops.
 */
export function batchRefetchInterval(progress: BatchProgressView | undefined): number | false {
  if (!progress) return false;
  return OPEN_STATES.some((st) => (progress.byState[st] ?? 0) > 0) ? POLL_MS : false;
}

/** The list polls, like a detail, while any batch on it still has a row that may move. */
export function listRefetchInterval(list: BatchListData | undefined): number | false {
  return list?.some((b) => batchRefetchInterval(b.progress) !== false) ? POLL_MS : false;
}
