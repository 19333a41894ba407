import { AppError } from '../../shared/domain/errors';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import type { PreflightView } from '../../shared/ipc/contracts/batches';
import type { ApprovalStatus } from '../services/team/approvals';
import { discardDraft } from '../services/import-drafts';
import { deskIpc, deskRequest, parseDeskUrl } from '../services/team/desk-client';
import type { Session, TeamSession } from '../team-mode/session';
import { approvalView, submitImport } from '../team-mode/stage';

type TeamHandlers = Pick<
  HandlerMap,
  | 'teamSignIn'
  | 'teamSignOut'
  | 'teamStatus'
  | 'teamApprovals'
  | 'teamApprove'
  | 'teamReject'
  | 'teamPreflight'
  | 'teamSetConnection'
  | 'teamSubmitImport'
>;

type BatchListed = { id: number; name: string; rowCount: number };

/**
 * The desk's Team mode (issue 14 point 4): one session with one Desk Server (team-mode/session.ts), held in this
 * process's memory only. The bearer token is never returned to the renderer, written to disk or logged; quitting
 * the app ends it. Every refusal comes back as the server's AppError (forbidden, signed_out, invalid_input,
 * conflict), and a signed_out answer (expired session, locked user) forgets the session so the desk asks to sign
 * in again. The connection mode and the server's address are desk settings; the session is not.
 */
export function createTeamHandlers(ctx: MainContext, team: TeamSession): TeamHandlers {
  const status = () => {
    const session = team.current();
    return session
      ? { connected: true, serverUrl: session.base.origin, user: session.user }
      : { connected: false as const };
  };

  const signOutQuietly = async (s: Session) => {
    await deskRequest(s.base, 'POST', '/api/sign-out', s.token).catch(() => undefined);
  };

  const signOut = async () => {
    const previous = team.replace(null);
    if (previous) {
      await signOutQuietly(previous);
      ctx.log.info('team.signed_out', { server: previous.base.origin, user: previous.user.name });
    }
  };

  return {
    teamSignIn: async ({ serverUrl, name, password }) => {
      const base = parseDeskUrl(serverUrl);
      const signed = await deskRequest<{ token: string; user: { name: string; role: string } }>(
        base,
        'POST',
        '/api/sign-in',
        null,
        { name, password },
      );
      // One session at a time: a new sign-in ends the old one on its server.
      const user = { name: signed.user.name, role: signed.user.role };
      const previous = team.replace({ base, token: signed.token, user });
      if (previous) await signOutQuietly(previous);
      // In Team mode the address signed in to is the one the desk remembers for the next start.
      const { connection } = ctx.settings.get();
      if (connection.mode === 'team' && connection.serverUrl !== base.origin) {
        ctx.settings.setConnection({ mode: 'team', serverUrl: base.origin });
      }
      ctx.log.info('team.signed_in', { server: base.origin, user: user.name, role: user.role });
      return { user, serverUrl: base.origin };
    },
    teamSignOut: async () => {
      await signOut();
      return status();
    },
    teamStatus: () => status(),
    teamSetConnection: async ({ mode, serverUrl }) => {
      if (mode === 'local') {
        // Back to this computer's journal: the team session has no use here, so it ends.
        await signOut();
        const { serverUrl: remembered } = ctx.settings.get().connection;
        return ctx.settings.setConnection({ mode: 'local', ...(remembered ? { serverUrl: remembered } : {}) });
      }
      if (!serverUrl) throw new AppError('invalid_input', "Enter the Desk Server's address to use Team mode.");
      const base = parseDeskUrl(serverUrl);
      // A session with another server is not this team's: sign out so every call goes where the setting says.
      const current = team.current();
      if (current && current.base.origin !== base.origin) await signOut();
      ctx.log.info('team.connection_set', { mode, server: base.origin });
      return ctx.settings.setConnection({ mode: 'team', serverUrl: base.origin });
    },
    teamSubmitImport: (input) =>
      team.use(async (s) => {
        const submitted = await submitImport(s, ctx.settings, input);
        // Submitted: the saved import of this file (a desk-local draft) has done its job, as after local staging.
        discardDraft(ctx, input.kind, input.sha256);
        return submitted;
      }),
    teamApprovals: () =>
      team.use(async (s) => {
        const queue = await deskRequest<{ batches: ApprovalStatus[] }>(s.base, 'GET', '/api/approvals', s.token);
        // Rows and names come from the server's batch list; the queue still shows without them.
        const listed = await deskIpc<BatchListed[]>(s.base, s.token, 'listBatches', { limit: 500 }).catch(() => []);
        const byId = new Map(listed.map((b) => [b.id, b]));
        return { batches: queue.batches.map((b) => approvalView(b, byId.get(b.batchId))) };
      }),
    teamApprove: ({ batchId, total }) =>
      team.use(async (s) =>
        approvalView(
          await deskRequest<ApprovalStatus>(s.base, 'POST', `/api/batches/${batchId}/approve`, s.token, { total }),
        ),
      ),
    teamReject: ({ batchId, reason }) =>
      team.use(async (s) =>
        approvalView(
          await deskRequest<ApprovalStatus>(s.base, 'POST', `/api/batches/${batchId}/reject`, s.token, { reason }),
        ),
      ),
    // The server's pre-flight (its balance, its journal), whatever this desk's own connection mode: a checker
    // decides on what the server will send. The dispatcher's output schema checks the server's answer.
    teamPreflight: ({ batchId }) =>
      team.use((s) => deskIpc<PreflightView>(s.base, s.token, 'runPreflight', { batchId })),
  };
}
