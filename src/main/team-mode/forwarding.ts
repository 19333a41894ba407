import { AppError } from '../../shared/domain/errors';
import type { CommandName } from '../../shared/ipc/registry';
import type { HandlerMap } from '../ipc/dispatch';
import { TEAM_CHANNELS } from '../server/team-channels';
import type { SettingsService } from '../settings/settings-service';
import { deskIpc } from '../services/team/desk-client';
import type { TeamSession } from './session';

/**
 * Commands that belong to the desk in either mode: its settings, saved imports and templates, app information,
 * its keychain and connection checks (the "This computer" settings), and the Team line itself. Everything else
 * that a Desk Server does not serve would read or change this computer's journal, so Team mode refuses it.
 */
const DESK_LOCAL: ReadonlySet<CommandName> = new Set<CommandName>([
  'getSettings',
  'setEnvironment',
  'updateApiProfile',
  'resetApiProfile',
  'updateUiPrefs',
  'updateVerificationPrefs',
  'getCredentialStatus',
  'setCredentials',
  'clearCredentials',
  'testConnection',
  'runDiagnostics',
  'saveDraft',
  'getDraft',
  'discardDraft',
  'saveTemplate',
  // An error report of the rows on screen, written where the save dialog says: no journal in it.
  'saveTable',
  'cancelExport',
  'getAppInfo',
  'revealFile',
  'teamSignIn',
  'teamSignOut',
  'teamStatus',
  'teamApprovals',
  'teamApprove',
  'teamReject',
  'teamPreflight',
  'teamSetConnection',
  'teamSubmitImport',
]);

/** Why a command the server does not serve has no Team-mode equivalent yet: the refusal's second half. */
const WHY: Partial<Record<CommandName, string>> = {
  confirmBatch: 'in a team a batch is sent once its checkers approve it on the Approvals screen',
  saveAdvice: 'the payment advice would be of this computer’s journal, not the team’s',
  saveAuditPack: 'the audit pack would be of this computer’s journal, not the team’s',
};

type StageInput = Parameters<HandlerMap['stageImport']>[0];

/**
 * Commands the desk runs itself in Team mode but over the team's data: exports, whose rows the server streams
 * and whose file the desk writes (team-mode/exports.ts). cancelExport is among them, for those exports' jobs.
 */
type TeamExports = Pick<HandlerMap, 'startExport' | 'cancelExport' | 'saveTally'>;

type ForwardingDeps = { settings: Pick<SettingsService, 'get'>; team: TeamSession; exports: TeamExports };

const inTeamMode = (deps: ForwardingDeps) => deps.settings.get().connection.mode === 'team';

/**
 * Team mode's routing of the IPC registry (issue 14 point 4), decided per call: with "This computer" every
 * command runs here unchanged. With "Team server", a command the Desk Server serves (a non-null TEAM_CHANNELS
 * entry, read at call time so a newly served command is forwarded at once) goes to its `POST /ipc/<command>`
 * with the session token; exports and the Tally file are written here from rows the server streams; stageImport stages and submits for approval through `POST /api/batches`; desk-local
 * commands stay here; anything else is refused as forbidden rather than quietly using this computer's journal.
 */
export function withTeamForwarding(local: HandlerMap, deps: ForwardingDeps): HandlerMap {
  // The same path as the import screen's teamSubmitImport; no import is recorded on this desk (its journal is
  // not the team's), so the answer carries the server's batch and no import id.
  const stageOnServer = async (input: StageInput) => {
    const staged = await local.teamSubmitImport(input);
    return { importId: 0, batchId: staged.batchId, kind: input.kind, summary: staged.summary, previousImportId: null };
  };
  const wrapped = {} as Record<CommandName, (input: unknown) => unknown>;
  for (const name of Object.keys(local) as CommandName[]) {
    const here = local[name] as (input: unknown) => unknown;
    wrapped[name] = (input: unknown) => {
      if (!inTeamMode(deps)) return here(input);
      const teamExport = (deps.exports as Partial<Record<CommandName, (input: unknown) => unknown>>)[name];
      if (teamExport) return teamExport(input);
      if (DESK_LOCAL.has(name)) return here(input);
      if (name === 'stageImport') return stageOnServer(input as StageInput);
      if (TEAM_CHANNELS[name] !== null) return deps.team.use((s) => deskIpc(s.base, s.token, name, input));
      throw new AppError(
        'forbidden',
        `${name} is not available in Team mode: ${WHY[name] ?? 'it would use this computer’s own journal, not the team’s'}.`,
        { refusal: 'team_mode', command: name },
      );
    };
  }
  return wrapped as HandlerMap;
}
