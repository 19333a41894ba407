import { useCommandQuery } from '../../api/queries';
import { formatIstForScreen } from '../../components/format';
import { Alert } from '../../components/ui';

/**
 * Shown where UNKNOWN rows are listed: when EnKash's search cannot be trusted, UNKNOWN rows stay UNKNOWN
 * and nothing is re-sent — the user must know why they are not moving, and that a person can settle them.
 */
export function SearchHealthBanner() {
  // Re-read after a settle or a "check now", which invalidate it (query-keys.ts).
  const health = useCommandQuery('getSearchHealth');
  const h = health.data;
  if (!h) return null;
  return (
    <div data-testid="search-health">
      <Alert
        tone="warning"
        title={
          h.state === 'unavailable'
            ? 'EnKash’s payout search is unavailable'
            : 'EnKash’s payout search has not proven itself yet'
        }
      >
        {h.detail} (checked {formatIstForScreen(h.checkedAt)}). Payouts awaiting confirmation stay as they are and
        nothing will be re-sent until search works. If EnKash tells you what happened to a payout, open it and settle
        it.
      </Alert>
    </div>
  );
}
