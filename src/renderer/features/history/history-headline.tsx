import type { MoneyBucket } from '../../../shared/domain/payout-states';
import { MONEY_BUCKETS, statesInBucket } from '../../../shared/domain/payout-states';
import { formatPaise } from '../../components/format';

type Totals = { count: number; amountPaise: number };

/** Words for each bucket of MONEY_BUCKET_OF, in the order the headline and the status filter show them. */
export const BUCKET_LABELS: Record<MoneyBucket, string> = {
  paid: 'Paid',
  inFlight: 'In flight',
  failed: 'Failed or returned',
  attention: 'Needs attention',
  notSent: 'Not sent (drafts)',
  cancelled: 'Cancelled',
};
// Always shown, even at zero, so "nothing failed" reads as a fact rather than as a missing figure.
const ALWAYS: ReadonlySet<MoneyBucket> = new Set(['paid', 'inFlight', 'failed', 'notSent']);
const TONE: Partial<Record<MoneyBucket, string>> = { paid: 'ok', failed: 'bad', attention: 'warn' };

const nf = new Intl.NumberFormat('en-IN');

/**
 * The matches split by what happened to the money. No single rupee figure adds paid money to drafts never
 * sent: that sum ("15 payouts · ₹11,79,751.00") is not an amount anyone paid or owes.
 */
export function HistoryHeadline(props: { buckets: Record<MoneyBucket, Totals> }) {
  const shown = MONEY_BUCKETS.filter((b) => ALWAYS.has(b) || props.buckets[b].count > 0);
  return (
    <div className="summary-bar" data-testid="history-headline">
      {shown.map((b) => (
        <span key={b} className={TONE[b] ?? ''} data-bucket={b} title={statesInBucket(b).join(', ')}>
          {BUCKET_LABELS[b]} <b>{nf.format(props.buckets[b].count)}</b> · {formatPaise(props.buckets[b].amountPaise)}
        </span>
      ))}
    </div>
  );
}
