import { QueryClient, useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CommandName } from '../../shared/ipc/registry';
import { call } from './client';
import { type CommandInput, type CommandOutput, commandKey, invalidateKeys, keysAfterCommand } from './query-keys';

/**
 * The app's one QueryClient. Main answers every command itself (SQLite, or EnKash behind its own retry
 * rules), so a failed answer is shown as it is rather than retried — a retried balance call would hit EnKash
 * three more times. Refocusing the window re-reads nothing for the same reason; what changes while the
 * window is open arrives as a main-process event (see query-provider.tsx) or is polled where needed.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

function callCommand<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  // `call` spells "no input" as no argument; both forms reach the same IPC method.
  return (call as (n: K, i?: CommandInput<K>) => Promise<CommandOutput<K>>)(name, input);
}

type QueryExtras<K extends CommandName> = Omit<
  UseQueryOptions<CommandOutput<K>, Error, CommandOutput<K>, readonly unknown[]>,
  'queryKey' | 'queryFn'
>;

/** Reads one IPC command through the cache, keyed by command and input (see `commandKey`). */
export function useCommandQuery<K extends CommandName>(name: K, input?: CommandInput<K>, options?: QueryExtras<K>) {
  return useQuery({
    queryKey: commandKey(name, input),
    queryFn: () => callCommand(name, input as CommandInput<K>),
    ...options,
  });
}

/**
 * Runs one changing IPC command; on success it invalidates what the command changes (`keysAfterCommand`) and
 * `mutateAsync` resolves after the visible queries were re-read, as the screens' own reloads did before.
 */
export function useCommand<K extends CommandName>(name: K) {
  const client = useQueryClient();
  return useMutation<CommandOutput<K>, Error, CommandInput<K>>({
    mutationKey: [name],
    mutationFn: (input) => callCommand(name, input),
    onSuccess: (_output, input) => invalidateKeys(client, keysAfterCommand(name, input)),
  });
}

/**
 * Like `useCommand`, for inputs that carry a secret (client secret, password): a TanStack mutation keeps its
 * variables in the mutation cache for minutes, so this calls main directly and only does the invalidation,
 * and the screen can drop the secret as soon as main has it.
 */
export function useSecretCommand<K extends CommandName>(name: K) {
  const client = useQueryClient();
  return useCallback(
    async (input: CommandInput<K>) => {
      const output = await callCommand(name, input);
      await invalidateKeys(client, keysAfterCommand(name, input));
      return output;
    },
    [client, name],
  );
}
