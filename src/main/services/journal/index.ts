/** The payout journal: state machines, the one state writer, ids and the injected dependencies. */
export * from './states';
export { transitionPayouts, transitionBatch, transitionChunk, editPayoutData } from './transition';
export type { PayoutChange, PayoutFields, TransitionResult } from './transition';
export { mintId, ID_PATTERN, PAYOUT_ID_PREFIX, BATCH_ID_PREFIX } from './ids';
export { DEFAULT_TIMING, journalDepsFromContext, scheduleFor } from './deps';
export type { JournalDeps, JournalEvent, JournalTiming } from './deps';
