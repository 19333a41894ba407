import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { createQueryClient } from './queries';
import { applyEvent, PUSHED_EVENTS } from './query-keys';

/**
 * The app root's cache: one QueryClient for every screen, and one subscription per main-process event that
 * turns the event into cache updates and invalidations (instead of each screen re-reading on its own timer).
 */
export function QueryProvider(props: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  useEffect(() => {
    const offs = PUSHED_EVENTS.map((name) => window.api.on(name, (payload) => void applyEvent(client, name, payload)));
    return () => offs.forEach((off) => off());
  }, [client]);
  return <QueryClientProvider client={client}>{props.children}</QueryClientProvider>;
}
