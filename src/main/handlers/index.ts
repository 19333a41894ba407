import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { createExportJobs } from '../services/exports/export-jobs';
import { createSaveDesk, type FileDeps } from '../services/exports/save-desk';
import type { Services } from '../services/lifecycle';
import { createAccountingHandlers } from './accounting-handlers';
import { createBatchHandlers } from './batch-handlers';
import { createEnkashHandlers } from './enkash-handlers';
import { createExportHandlers } from './export-handlers';
import { createHistoryHandlers } from './history-handlers';
import { createImportHandlers } from './import-handlers';
import { createJournalHandlers } from './journal-handlers';
import { createSettingsHandlers } from './settings-handlers';
import { createTeamHandlers } from './team-handlers';
import { withTeamForwarding } from '../team-mode/forwarding';
import { followServerEvents } from '../team-mode/server-events';
import { createTeamExports } from '../team-mode/exports';
import { createTeamSession } from '../team-mode/session';
import { createVerificationHandlers } from './verification-handlers';

/**
 * Every IPC handler, built over one context. The type makes a missing handler a compile error. `files` is the
 * save dialog (Electron's in the app, a stub in tests and the e2e bridge); without it saving is refused. In Team
 * mode (Settings → Team server) the map is routed to the Desk Server per call (team-mode/forwarding.ts).
 */
export function createHandlers(ctx: MainContext, services: Services, files?: FileDeps): HandlerMap {
  const desk = createSaveDesk(files);
  const jobs = createExportJobs();
  const team = createTeamSession(ctx.log);
  // Signed in to a Team server, the server's batch progress reaches the window like the desk's own.
  followServerEvents({ team, settings: ctx.settings, events: ctx.events, log: ctx.log });
  const local: HandlerMap = {
    ...createSettingsHandlers(ctx),
    ...createEnkashHandlers(ctx),
    ...createImportHandlers(ctx, services, desk),
    ...createBatchHandlers(ctx, services),
    ...createHistoryHandlers(ctx, services),
    ...createExportHandlers(ctx, desk, jobs),
    ...createAccountingHandlers(ctx, desk),
    ...createJournalHandlers(ctx),
    ...createVerificationHandlers(ctx),
    ...createTeamHandlers(ctx, team),
  };
  const exports = createTeamExports({ events: ctx.events, now: ctx.now, desk, team, jobs });
  return withTeamForwarding(local, { settings: ctx.settings, team, exports });
}
