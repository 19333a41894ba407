import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError } from '../../api/client';

const endedSession = (error: unknown) => error instanceof ApiError && error.code === 'signed_out';

/**
 * Team mode: when any call answers signed_out (the session expired after idle hours, or the user was locked),
 * main has already forgotten the session; re-reading teamStatus turns the window back to the sign-in screen
 * instead of leaving every screen showing the same error.
 */
export function useSessionWatch(): void {
  const client = useQueryClient();
  useEffect(() => {
    const refresh = () => void client.invalidateQueries({ queryKey: ['teamStatus'] });
    const offQueries = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && endedSession(event.query.state.error)) refresh();
    });
    const offMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && endedSession(event.mutation?.state.error)) refresh();
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [client]);
}
