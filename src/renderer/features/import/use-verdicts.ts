import { useCallback, useMemo, useRef, useState } from 'react';
import type { ModeLimits } from '../../../shared/domain/payout';
import type { ColumnMapping } from '../../../shared/sheet/ui';
import type { VerificationResult } from '../../../shared/verify/verification';
import { useCachedVerify } from '../../api/verification';
import type { VerdictFilterValue } from './verdict-filter';
import { mappedRowFromCells, VERIFY_FIELDS, verdictCounts, verificationRowOf, withResults } from './verify-rows';

/**
 * The preview's payee verdicts, by sheet row number. Kept here in the screen, not in the sheet worker's
 * validation state: a verdict comes from main (the bank's name), not from the sheet's rules.
 */
export function useVerdicts() {
  const [verdicts, setVerdicts] = useState<ReadonlyMap<number, VerificationResult>>(new Map());
  const [filter, setFilter] = useState<VerdictFilterValue>('any');
  const [rescoreError, setRescoreError] = useState<string | null>(null);
  const cachedVerify = useCachedVerify();
  // The latest edit of a row wins: an older re-score that answers late is dropped.
  const edits = useRef(new Map<number, number>());
  const counts = useMemo(() => (verdicts.size ? verdictCounts(verdicts) : null), [verdicts]);

  const add = useCallback((results: VerificationResult[]) => setVerdicts((m) => withResults(m, results)), []);
  const reset = useCallback(() => {
    setVerdicts(new Map());
    setFilter('any');
    setRescoreError(null);
  }, []);

  /**
   * After a cell edit of a verified row: the row's new name (or account) is scored against the cached bank
   * name, with no EnKash call. A row the edit made invalid loses its verdict (it is not a payee to pay now).
   */
  const rescore = useCallback(
    async (row: number, cells: readonly string[], column: number, mapping: ColumnMapping, modeLimits: ModeLimits) => {
      if (!verdicts.has(row) || !VERIFY_FIELDS.some((f) => mapping[f] === column)) return;
      const seq = (edits.current.get(row) ?? 0) + 1;
      edits.current.set(row, seq);
      const input = verificationRowOf(mappedRowFromCells(row, cells, mapping), modeLimits);
      try {
        const results = input ? (await cachedVerify({ rows: [input] })).results : [];
        if (edits.current.get(row) !== seq) return;
        setRescoreError(null);
        setVerdicts((m) => {
          const next = withResults(m, results);
          if (!results.length) next.delete(row);
          return next;
        });
      } catch (e) {
        setRescoreError(`Row ${row} could not be re-scored: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [verdicts, cachedVerify],
  );

  return { verdicts, counts, filter, setFilter, add, reset, rescore, rescoreError };
}
