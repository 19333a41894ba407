import { useCallback, useEffect, useRef, useState } from 'react';
import type { VerificationRowInput } from '../../shared/verify/verification';
import { call } from './client';
import { useCommand } from './queries';
import type { CommandOutput } from './query-keys';

export type VerifyProgress = { done: number; total: number };
export type VerifyOutcome = CommandOutput<'startVerify'>;

/**
 * One "Verify payees" job at a time: main checks the rows (bounded concurrency, cache first) and pushes
 * `verifyProgress` for the job id the screen chose, so the bar moves and Cancel can name the job. Verifying
 * changes no cached server answer (pre-flight is run on demand), so this is a plain mutation with no keys.
 */
export function useVerifyJob() {
  const start = useCommand('startVerify');
  const jobId = useRef<string | null>(null);
  const [progress, setProgress] = useState<VerifyProgress | null>(null);

  useEffect(
    () =>
      window.api.on('verifyProgress', (p) => {
        if (p.jobId === jobId.current) setProgress({ done: p.done, total: p.total });
      }),
    [],
  );

  const run = useCallback(
    async (rows: VerificationRowInput[], pennyDrop: boolean): Promise<VerifyOutcome> => {
      const id = crypto.randomUUID();
      jobId.current = id;
      setProgress({ done: 0, total: rows.length });
      try {
        return await start.mutateAsync({ jobId: id, rows, pennyDrop });
      } finally {
        jobId.current = null;
        setProgress(null);
      }
    },
    [start],
  );

  // Cancel stops new checks; main still answers the start call with the results it has so far.
  const cancel = useCallback(async () => {
    if (jobId.current) await call('cancelVerify', { jobId: jobId.current });
  }, []);

  return { run, cancel, progress, running: progress !== null };
}

/** Re-scores rows against the cached bank names (never an EnKash call): used after a cell edit. */
export function useCachedVerify() {
  const cached = useCommand('cachedVerify');
  return cached.mutateAsync;
}
