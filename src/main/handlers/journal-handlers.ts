import type { MainContext } from '../context';
import { getSearchHealth } from '../db/repos/search-health-repo';
import type { HandlerMap } from '../ipc/dispatch';
import { settlePayout } from '../services/journal/settle';

type JournalHandlers = Pick<HandlerMap, 'settlePayout' | 'getSearchHealth'>;

/** A person's decision on a CONFLICT or UNKNOWN row, and whether search can be trusted right now. */
export function createJournalHandlers(
  ctx: Pick<MainContext, 'db' | 'now' | 'log' | 'settings'>,
  settle: typeof settlePayout = settlePayout,
): JournalHandlers {
  return {
    // settlePayout checks which actions the row's state allows and writes the audit entry with the reason.
    settlePayout: ({ payoutId, action, reason }) =>
      settle({ db: ctx.db, now: ctx.now, log: ctx.log }, { payoutId, action, reason }),
    getSearchHealth: () => getSearchHealth(ctx.db, ctx.settings.get().environment),
  };
}
