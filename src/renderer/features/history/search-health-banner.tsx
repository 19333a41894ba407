import { call } from '../../api/client';
import { useAsync } from '../../api/use-async';
import { formatIst } from '../../components/format';
import { Alert } from '../../components/ui';

/**
 * Shown where UNKNOWN rows are listed: when EnKash's search cannot be trusted, UNKNOWN rows stay UNKNOWN
 * and nothing is re-sent — the user must know why they are not moving, and that a person can settle them.
 */
export function SearchHealthBanner(props: { refreshKey?: unknown }) {
  const health = useAsync(() => call('getSearchHealth'), [props.refreshKey]);
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
        {h.detail} (checked {formatIst(h.checkedAt)}). Payouts awaiting confirmation stay as they are and nothing will
        be re-sent until search works. If EnKash tells you what happened to a payout, open it and settle it.
      </Alert>
    </div>
  );
}
