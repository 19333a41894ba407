/**
 * The payout journal, the bottom layer of the services: state machines, the one state writer, ids, the injected
 * dependencies, sending (claiming chunks, posting, reading answers, resending stored requests), the engine, the
 * lease runtime and start-up recovery. It imports only src/shared, main/db, main/enkash and main/log;
 * submission/ (staging, pre-flight, confirm) and reconcile/ (search, polling) are built on it.
 */
export * from './states';
export { transitionPayouts, transitionBatch, transitionChunk, editPayoutData } from './transition';
export type { PayoutChange, PayoutFields, TransitionResult } from './transition';
export { mintId, ID_PATTERN, PAYOUT_ID_PREFIX, BATCH_ID_PREFIX } from './ids';
export { DEFAULT_TIMING, scheduleFor } from './deps';
export type { JournalDeps, JournalEvent, JournalSession, JournalTiming } from './deps';
export { createSubmissionEngine } from './engine';
export type { SubmissionEngine, EngineRunResult } from './engine';
export type { CancelResult } from './cancel';
export { createJournalRuntime } from './runtime';
export type { JournalRuntime, RuntimeOptions, RuntimeStartReport } from './runtime';
export type { JournalReconciler, ResolveStats, StartupReport } from './recovery';
export { getBatchProgress } from './progress';
export type { BatchProgress } from './progress';
export { toPayoutInput } from './request';
