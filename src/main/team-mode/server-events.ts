import { events } from '../../shared/ipc/registry';
import type { EventBus } from '../ipc/events';
import type { Logger } from '../log';
import type { SettingsService } from '../settings/settings-service';
import type { Session, TeamSession } from './session';

const RETRY_MS = 5_000;

type Deps = {
  team: TeamSession;
  settings: Pick<SettingsService, 'get' | 'onChange'>;
  events: Pick<EventBus, 'emit'>;
  log: Pick<Logger, 'info' | 'warn'>;
};

/**
 * Team mode's live progress (issue 14 point 4): while the desk is signed in to a Team server it follows the
 * server's journal events (`GET /api/events`, server-sent events) and hands each batch's progress to the window
 * as the desk's own batchProgress event, so a batch the server sends moves on the screen as a local one does.
 * One stream per session; it ends with the session or the mode, and a dropped stream is reopened after a pause.
 */
export function followServerEvents(deps: Deps): () => void {
  let stream: AbortController | null = null;
  let following: Session | null = null;

  const wanted = (): Session | null => (deps.settings.get().connection.mode === 'team' ? deps.team.current() : null);

  const stop = () => {
    stream?.abort();
    stream = null;
    following = null;
  };

  const open = (session: Session) => {
    const controller = new AbortController();
    stream = controller;
    following = session;
    void read(session, controller.signal).finally(() => {
      if (controller.signal.aborted || wanted() !== session) return;
      // The stream dropped (server restarted, network): try again while the same session still holds.
      setTimeout(() => {
        if (stream === controller && wanted() === session) open(session);
      }, RETRY_MS).unref();
    });
  };

  const read = async (session: Session, signal: AbortSignal) => {
    try {
      const res = await fetch(new URL('/api/events', session.base), {
        headers: { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' },
        signal,
      });
      if (!res.ok || !res.body) return;
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          deliver(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (error) {
      if (!signal.aborted) deps.log.warn('team.events_dropped', { message: (error as Error).message });
    }
  };

  const deliver = (block: string) => {
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trim())
      .join('\n');
    if (!data) return;
    try {
      const event = JSON.parse(data) as { type?: string; progress?: unknown };
      if (event.type !== 'progress') return;
      // Checked against the event's contract: a payload the desk does not understand is dropped, not shown.
      const progress = events.batchProgress.payload.safeParse(event.progress);
      if (progress.success) deps.events.emit('batchProgress', progress.data);
    } catch (error) {
      deps.log.warn('team.event_unreadable', { message: (error as Error).message });
    }
  };

  const sync = () => {
    const next = wanted();
    if (next === following) return;
    stop();
    if (next) open(next);
  };
  const offSession = deps.team.onChange(sync);
  const offSettings = deps.settings.onChange(sync);
  sync();
  return () => {
    offSession();
    offSettings();
    stop();
  };
}
