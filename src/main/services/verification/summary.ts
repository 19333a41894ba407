import { PAYEE_VERDICTS, type PayeeVerdict } from '../../../shared/verify/payee-verdict';
import type { VerificationResult, VerificationSummary } from '../../../shared/verify/verification';

/** Counts per verdict (every verdict present, zero when none) for the grid, pre-flight and the CLI. */
export function summarise(results: readonly VerificationResult[], calls: number): VerificationSummary {
  const counts = Object.fromEntries(PAYEE_VERDICTS.map((v) => [v, 0])) as Record<PayeeVerdict, number>;
  let fromCache = 0;
  for (const r of results) {
    counts[r.verdict]++;
    if (r.fromCache) fromCache++;
  }
  return { rows: results.length, calls, fromCache, counts };
}
