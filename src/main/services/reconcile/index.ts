/** UNKNOWN resolution by search, status polling and the background reconciler (issue 5 §5), above the journal. */
export {
  reconcileOnStartup,
  reconcileRound,
  reconcileTick,
  createPoller,
  createReconciler,
  withReconcileLock,
} from './startup';
export type { Poller, TickReport } from './startup';
export { resolveUnknownOnce, END_OF_TIME } from './resolve';
export { pollOnce } from './poll';
export type { PollStats } from './poll';
