import type { MainContext } from '../context';
import { getSearchHealthOps } from '../db/repos/search-health-repo';
import type { HandlerMap } from '../ipc/dispatch';
import { type SettleInput, settlePayoutOps } from '../services/journal/settle';

type JournalHandlers = Pick<HandlerMap, 'settlePayout' | 'getSearchHealth'>;

type SettleDeps = Pick<MainContext, 'store' | 'now' | 'log'>;
/** settlePayoutOps on the context's store (the desk's SQLite file, or PostgreSQL on a Desk Server). */
function settleOnStore(deps: SettleDeps, input: SettleInput) {
  return deps.store.run(settlePayoutOps(input, deps.now(), deps.log));
}

type Settled = Awaited<ReturnType<typeof settleOnStore>>;

/** A person's decision on a CONFLICT or UNKNOWN row, and whether search can be trusted right now. */
export function createJournalHandlers(
  ctx: Pick<MainContext, 'store' | 'now' | 'log' | 'settings'>,
  settle: (deps: SettleDeps, input: SettleInput) => Promise<Settled> | Settled = settleOnStore,
): JournalHandlers {
  return {
    // settlePayoutOps checks which actions the row's state allows and writes the audit entry with the reason.
    settlePayout: ({ payoutId, action, reason }) =>
      settle({ store: ctx.store, now: ctx.now, log: ctx.log }, { payoutId, action, reason }),
    getSearchHealth: () => ctx.store.run(getSearchHealthOps(ctx.settings.get().environment)),
  };
}
