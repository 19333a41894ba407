/**
 * The payout, batch and chunk state machines and their named sets (DESIGN.md "The journal protocol"): the
 * vocabulary every layer shares — the journal's one writer (main/services/journal/transition.ts) refuses any move
 * not listed here, the repositories and SQL filter by these sets, the IPC contracts validate with z.enum over
 * them, and the renderer reads them instead of keeping its own lists. Pure: no imports at all.
 * Every legal move is listed here so a bug elsewhere cannot, say, turn an UNKNOWN row into FAILED (which would
 * invite a second payment) or move money state backwards.
 */

export const PAYOUT_STATES = [
  'DRAFT',
  'READY',
  'SENDING',
  'PENDING',
  'PROCESSING',
  'SUCCESS',
  'FAILED',
  'REVERSED',
  'REJECTED',
  'UNKNOWN',
  'CANCELLED',
  // EnKash holds a payout under our transactionId that is not this row's (amount, payee or mode differ):
  // shown to a person with both sides, never counted as paid or as not paid (issue 9 point 3).
  'CONFLICT',
] as const;
export type PayoutState = (typeof PAYOUT_STATES)[number];

/** EnKash took the payout (money left or is leaving the balance): the states the sandbox ledger has. */
export const ACCEPTED_STATES: readonly PayoutState[] = ['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'REVERSED'];
/** EnKash accepted it and the bank has not answered yet: the poller asks about these. */
export const IN_FLIGHT_STATES: readonly PayoutState[] = ['PENDING', 'PROCESSING'];
/** Nothing more will happen on its own (SUCCESS may still become REVERSED; the poller watches it for a while). */
export const FINAL_STATES: readonly PayoutState[] = ['SUCCESS', 'FAILED', 'REVERSED', 'REJECTED', 'CANCELLED'];
/** Our side does not know what EnKash did: only Search Payouts may settle these. */
export const UNRESOLVED_STATES: readonly PayoutState[] = ['SENDING', 'UNKNOWN'];
/** How a sent payout ended, as the dashboard counts and charts it (in this order). */
export const OUTCOME_STATES = ['SUCCESS', 'FAILED', 'REVERSED'] as const satisfies readonly PayoutState[];
/** The bank paid the payee (a REVERSED row was paid and later taken back): what the books record as payments. */
export const PAID_STATES: readonly PayoutState[] = ['SUCCESS', 'REVERSED'];
/** EnKash debited the payout and the money came back to the balance (a refund line on the bank statement). */
export const MONEY_RETURNED_STATES: readonly PayoutState[] = ['FAILED', 'REVERSED'];
/** No request of the row is at EnKash to be paid (staged, waiting to be sent, or cancelled): it moved no money. */
export const UNSENT_STATES: readonly PayoutState[] = ['DRAFT', 'READY', 'CANCELLED'];

/**
 * What happened to the money, as History's headline counts it: every state is in exactly one bucket (the
 * Record makes the compiler prove it), so the buckets always add up to the rows shown. Drafts never sent are
 * not "payouts" an accountant would total with what was paid; UNKNOWN and CONFLICT are neither paid nor not.
 */
export const MONEY_BUCKETS = ['paid', 'inFlight', 'failed', 'attention', 'notSent', 'cancelled'] as const;
export type MoneyBucket = (typeof MONEY_BUCKETS)[number];
export const MONEY_BUCKET_OF: Readonly<Record<PayoutState, MoneyBucket>> = {
  SUCCESS: 'paid',
  SENDING: 'inFlight',
  PENDING: 'inFlight',
  PROCESSING: 'inFlight',
  // REVERSED was paid and taken back, so it is not money with the payee: it counts as a failure (issue 17).
  FAILED: 'failed',
  REJECTED: 'failed',
  REVERSED: 'failed',
  UNKNOWN: 'attention',
  CONFLICT: 'attention',
  DRAFT: 'notSent',
  READY: 'notSent',
  CANCELLED: 'cancelled',
};

/** The states of one bucket, in PAYOUT_STATES order (for a status filter or a "show these rows" link). */
export function statesInBucket(bucket: MoneyBucket): PayoutState[] {
  return PAYOUT_STATES.filter((s) => MONEY_BUCKET_OF[s] === bucket);
}

/**
 * The payout statuses EnKash documents; each is also the state a row takes on that answer (the Sandbox plays
 * exactly these). Any other status is kept verbatim and flagged (isKnownEnkashStatus).
 */
export const ENKASH_PAYOUT_STATUSES = ['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'REVERSED', 'REJECTED'] as const;

// Typed as PayoutState so the compiler proves each EnKash status is one of our states.
const RESULT_STATES: readonly PayoutState[] = ENKASH_PAYOUT_STATUSES;

const PAYOUT_TRANSITIONS: Record<PayoutState, readonly PayoutState[]> = {
  DRAFT: ['READY', 'CANCELLED'],
  // REJECTED before departure: EnKash refused to register the payee (payee routing `registered`), so the payout
  // request never left; the row is fixed and resubmitted like any REJECTED row.
  READY: ['SENDING', 'CANCELLED', 'REJECTED'],
  // READY again only when the request provably never reached EnKash (connection refused, login refused):
  // nothing was sent, so the row may be sent later exactly as if it never left.
  SENDING: [...RESULT_STATES, 'UNKNOWN', 'READY', 'CONFLICT'],
  // SENDING again = the identical request resent after Search did not find it past the grace period.
  UNKNOWN: [...RESULT_STATES, 'SENDING', 'CONFLICT'],
  PENDING: ['PROCESSING', 'SUCCESS', 'FAILED', 'REVERSED', 'REJECTED', 'CONFLICT'],
  // REJECTED after PROCESSING: EnKash's word is final for that attempt (its lifecycle page does not forbid it),
  // and refusing the move left such rows PROCESSING forever.
  PROCESSING: ['SUCCESS', 'FAILED', 'REVERSED', 'REJECTED', 'CONFLICT'],
  SUCCESS: ['REVERSED', 'CONFLICT'],
  FAILED: [],
  REVERSED: [],
  // EnKash's rule: a REJECTED payout is fixed and re-initiated with the same transactionId (READY again).
  REJECTED: ['READY', 'CANCELLED'],
  CANCELLED: [],
  // Settled by a person: "this is our payout" takes EnKash's status; "not ours" mints a new transactionId and
  // the row goes READY (safe: EnKash refused our request under the old id, so nothing of ours was paid).
  CONFLICT: [...RESULT_STATES, 'READY'],
};

export function canTransition(from: PayoutState, to: PayoutState): boolean {
  return PAYOUT_TRANSITIONS[from].includes(to);
}

/** AWAITING_APPROVAL: Team mode only (a Desk Server's maker-checker); the desk alone confirms its own drafts. */
export const BATCH_STATES = [
  'DRAFT',
  'AWAITING_APPROVAL',
  'CONFIRMED',
  'SENDING',
  'PAUSED',
  'SENT',
  'CANCELLED',
] as const;
export type BatchState = (typeof BATCH_STATES)[number];

/** A batch the engine may send from (or resume): confirmed by a person and not paused, finished or cancelled. */
export const SENDABLE_BATCH_STATES: readonly BatchState[] = ['CONFIRMED', 'SENDING'];
/** Confirmed and not finished: money a person committed that may still leave (sendable or paused). */
export const OPEN_BATCH_STATES: readonly BatchState[] = [...SENDABLE_BATCH_STATES, 'PAUSED'];
/** A person confirmed it (typed the control total) and it was not cancelled: open, or every row has left. */
export const COMMITTED_BATCH_STATES: readonly BatchState[] = [...OPEN_BATCH_STATES, 'SENT'];
/** Nothing is left to send: every row has left (SENT) or the batch was called off (CANCELLED). */
export const FINISHED_BATCH_STATES: readonly BatchState[] = ['SENT', 'CANCELLED'];

const BATCH_TRANSITIONS: Record<BatchState, readonly BatchState[]> = {
  DRAFT: ['CONFIRMED', 'AWAITING_APPROVAL', 'CANCELLED'],
  // → DRAFT: rejected, back to its maker; → CONFIRMED: the policy's approvals are in.
  AWAITING_APPROVAL: ['CONFIRMED', 'DRAFT', 'CANCELLED'],
  CONFIRMED: ['SENDING', 'PAUSED', 'SENT', 'CANCELLED'],
  SENDING: ['PAUSED', 'SENT', 'CANCELLED'],
  PAUSED: ['SENDING', 'CANCELLED'],
  // SENT → SENDING when fixed REJECTED rows are resubmitted.
  SENT: ['SENDING'],
  CANCELLED: [],
};

export function canTransitionBatch(from: BatchState, to: BatchState): boolean {
  return BATCH_TRANSITIONS[from].includes(to);
}

export const CHUNK_STATES = ['READY', 'SENDING', 'SENT', 'UNKNOWN'] as const;
export type ChunkState = (typeof CHUNK_STATES)[number];

const CHUNK_TRANSITIONS: Record<ChunkState, readonly ChunkState[]> = {
  READY: ['SENDING'],
  SENDING: ['SENT', 'UNKNOWN', 'READY'],
  UNKNOWN: ['SENDING', 'SENT'],
  SENT: [],
};

export function canTransitionChunk(from: ChunkState, to: ChunkState): boolean {
  return CHUNK_TRANSITIONS[from].includes(to);
}

/** The statuses EnKash documents (enkash-api.md §7). */
const KNOWN_STATUSES = new Set<string>([...ENKASH_PAYOUT_STATUSES, '']);

/** False for a status string EnKash does not document: it is kept verbatim and flagged, never guessed at. */
export function isKnownEnkashStatus(status: string | null): boolean {
  return KNOWN_STATUSES.has((status ?? '').trim().toUpperCase());
}

/**
 * The row state for a status EnKash reported. Unknown strings (EnKash may add statuses) are treated as still
 * in progress — never as final — and the raw string is kept verbatim beside the state (and flagged, see
 * isKnownEnkashStatus). Any later documented status still moves the row (nextStateFor is total).
 */
export function stateForEnkashStatus(status: string | null): PayoutState {
  const s = (status ?? '').trim().toUpperCase();
  if (s === '') return 'PENDING';
  return KNOWN_STATUSES.has(s) ? (s as PayoutState) : 'PROCESSING';
}

/** Flag kept on a row whose EnKash status is not one we know (shown in the UI, CLI and exports). */
export const UNKNOWN_STATUS_FLAG = 'unknown_status';

type Timed = { updatedOn: string | null; createdOn: string | null };

/**
 * Several records for one id (a REJECTED attempt and its re-initiation): the newest by parsed time (an
 * offset like +05:30 makes string order wrong), then by attempt — EnKash lists attempts in order, so on a tie
 * the later item wins. A record without a readable time loses to one with a time.
 */
export function pickNewest<T extends Timed>(records: readonly T[]): T {
  if (!records.length) throw new RangeError('pickNewest needs at least one record');
  const time = (r: T) => {
    const t = Date.parse(r.updatedOn ?? r.createdOn ?? '');
    return Number.isNaN(t) ? -Infinity : t;
  };
  let best = records[0]!;
  for (const r of records.slice(1)) if (time(r) >= time(best)) best = r;
  return best;
}

/** Order used to ignore a stale answer that would move a row backwards (PROCESSING seen after SUCCESS). */
const PROGRESS_RANK: Partial<Record<PayoutState, number>> = {
  PENDING: 1,
  PROCESSING: 2,
  SUCCESS: 3,
  FAILED: 3,
  REJECTED: 3,
  REVERSED: 4,
};

/**
 * The state a row should move to when EnKash reports `observed`, or null when the report changes nothing
 * (same state, a stale/backwards answer, or a move the state machine does not allow).
 */
export function nextStateFor(current: PayoutState, observed: PayoutState): PayoutState | null {
  // FAILED (or REVERSED) after SUCCESS: the bank took the money back — REVERSED, with EnKash's word kept in
  // enkash_status by the caller. Never FAILED: a SUCCESS row was paid, and FAILED would read as "not paid".
  if (current === 'SUCCESS' && (observed === 'FAILED' || observed === 'REVERSED')) return 'REVERSED';
  if (current === observed) return null;
  if (current === 'SENDING' || current === 'UNKNOWN') return canTransition(current, observed) ? observed : null;
  const a = PROGRESS_RANK[current];
  const b = PROGRESS_RANK[observed];
  if (a === undefined || b === undefined || b <= a) return null;
  return canTransition(current, observed) ? observed : null;
}
