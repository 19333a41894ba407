/** Start-up recovery, UNKNOWN resolution and status polling (issue 5 §5). */
export {
  reconcileOnStartup,
  reconcileRound,
  reconcileTick,
  createPoller,
  markInterrupted,
  withReconcileLock,
} from './startup';
export type { Poller, StartupReport, TickReport } from './startup';
export { resolveUnknownOnce, END_OF_TIME } from './resolve';
export type { ResolveStats } from './resolve';
export { pollOnce } from './poll';
export type { PollStats } from './poll';
