import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './client';

export type AsyncState<T> = {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
};

/** Loads data on mount (and when `deps` change) with loading and error states; ignores stale results. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    run().then(
      (value) => {
        if (mine !== seq.current) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(errorMessage(e));
        setLoading(false);
      },
    );
  }, [run, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
