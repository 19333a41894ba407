import { AppError } from '../../shared/domain/errors';
import type { Logger } from '../log';

type TeamUser = { name: string; role: string };
export type Session = { base: URL; token: string; user: TeamUser };

const NOT_SIGNED_IN = 'Sign in to the Desk Server first (Team screen, or Settings → Team server).';

/**
 * The desk's one session with a Desk Server, in this process's memory only: the Team screen's handlers sign in
 * and out through it, and Team mode's forwarding (forwarding.ts) calls the server with it. The token never
 * leaves main (no return value, file or log line carries it). `use` runs a call with the session and forgets
 * the session when the server answers signed_out (expired, locked, disabled), so the desk asks to sign in again.
 */
export function createTeamSession(log: Pick<Logger, 'info'>) {
  let session: Session | null = null;
  const listeners = new Set<(s: Session | null) => void>();
  const set = (next: Session | null) => {
    session = next;
    for (const l of listeners) l(next);
  };
  return {
    current: (): Session | null => session,
    /** Replaces the session; returns the one it replaced (the caller ends that on its server). */
    replace(next: Session | null): Session | null {
      const previous = session;
      set(next);
      return previous;
    },
    async use<T>(run: (s: Session) => Promise<T>): Promise<T> {
      const current = session;
      if (!current) throw new AppError('signed_out', NOT_SIGNED_IN);
      try {
        return await run(current);
      } catch (error) {
        if (error instanceof AppError && error.code === 'signed_out' && session === current) {
          set(null);
          log.info('team.session_ended', { server: current.base.origin, user: current.user.name });
        }
        throw error;
      }
    },
    /** Called with the new session (or null) whenever it changes; returns the unsubscribe. */
    onChange(listener: (s: Session | null) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type TeamSession = ReturnType<typeof createTeamSession>;
