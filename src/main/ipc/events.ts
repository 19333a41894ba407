import type { z } from 'zod';
import { events, type EventName, type Events } from '../../shared/ipc/registry';

export type EventListener = (channel: string, payload: unknown) => void;

/**
 * Main → renderer events, validated against their contract before they leave. Electron forwards them to the
 * window; the e2e bridge forwards them over server-sent events.
 */
export function createEventBus() {
  const listeners = new Set<EventListener>();
  return {
    emit<K extends EventName>(name: K, payload: z.input<Events[K]['payload']>): void {
      const contract = events[name];
      const parsed = contract.payload.parse(payload);
      for (const listener of listeners) listener(contract.channel, parsed);
    },
    subscribe(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;
