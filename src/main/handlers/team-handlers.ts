import { AppError } from '../../shared/domain/errors';
import type { TeamApproval } from '../../shared/ipc/contracts/team';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import type { ApprovalStatus } from '../services/team/approvals';
import { deskIpc, deskRequest, parseDeskUrl } from '../services/team/desk-client';

type TeamHandlers = Pick<
  HandlerMap,
  'teamSignIn' | 'teamSignOut' | 'teamStatus' | 'teamApprovals' | 'teamApprove' | 'teamReject'
>;

type Session = { base: URL; token: string; user: { name: string; role: string } };
type BatchListed = { id: number; name: string; rowCount: number };

const NOT_SIGNED_IN = 'Sign in to a Desk Server on the Team screen first.';

/**
 * The desk's Team mode (issue 14 point 4): one session with one Desk Server, held in this process's memory only.
 * The bearer token is never returned to the renderer, written to disk or logged; quitting the app ends it. Every
 * refusal comes back as the server's AppError (forbidden, signed_out, invalid_input, conflict), and a signed_out
 * answer (expired session, locked user) forgets the session so the screen asks to sign in again.
 */
export function createTeamHandlers(ctx: Pick<MainContext, 'log'>): TeamHandlers {
  let session: Session | null = null;

  const status = () =>
    session ? { connected: true, serverUrl: session.base.origin, user: session.user } : { connected: false as const };

  const withSession = async <T>(run: (s: Session) => Promise<T>): Promise<T> => {
    const current = session;
    if (!current) throw new AppError('signed_out', NOT_SIGNED_IN);
    try {
      return await run(current);
    } catch (error) {
      if (error instanceof AppError && error.code === 'signed_out' && session === current) {
        session = null;
        ctx.log.info('team.session_ended', { server: current.base.origin, user: current.user.name });
      }
      throw error;
    }
  };

  const signOutQuietly = async (s: Session) => {
    await deskRequest(s.base, 'POST', '/api/sign-out', s.token).catch(() => undefined);
  };

  const view = (b: ApprovalStatus, listed?: BatchListed): TeamApproval => ({
    batchId: b.batchId,
    state: b.state,
    totalPaise: b.totalPaise,
    required: b.required,
    approvals: b.approvals,
    stagedBy: b.stagedBy,
    rejectedReason: b.rejectedReason,
    rowCount: listed?.rowCount ?? null,
    name: listed?.name ?? null,
  });

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
      const previous = session;
      session = { base, token: signed.token, user: { name: signed.user.name, role: signed.user.role } };
      if (previous) await signOutQuietly(previous);
      ctx.log.info('team.signed_in', { server: base.origin, user: signed.user.name, role: signed.user.role });
      return { user: session.user, serverUrl: base.origin };
    },
    teamSignOut: async () => {
      const previous = session;
      session = null;
      if (previous) {
        await signOutQuietly(previous);
        ctx.log.info('team.signed_out', { server: previous.base.origin, user: previous.user.name });
      }
      return status();
    },
    teamStatus: () => status(),
    teamApprovals: () =>
      withSession(async (s) => {
        const queue = await deskRequest<{ batches: ApprovalStatus[] }>(s.base, 'GET', '/api/approvals', s.token);
        // Rows and names come from the server's batch list; the queue still shows without them.
        const listed = await deskIpc<BatchListed[]>(s.base, s.token, 'listBatches', { limit: 500 }).catch(() => []);
        const byId = new Map(listed.map((b) => [b.id, b]));
        return { batches: queue.batches.map((b) => view(b, byId.get(b.batchId))) };
      }),
    teamApprove: ({ batchId, total }) =>
      withSession(async (s) =>
        view(await deskRequest<ApprovalStatus>(s.base, 'POST', `/api/batches/${batchId}/approve`, s.token, { total })),
      ),
    teamReject: ({ batchId, reason }) =>
      withSession(async (s) =>
        view(await deskRequest<ApprovalStatus>(s.base, 'POST', `/api/batches/${batchId}/reject`, s.token, { reason })),
      ),
  };
}
