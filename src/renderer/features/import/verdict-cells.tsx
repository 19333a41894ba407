import { PAYEE_VERDICT_INFO, type PayeeVerdict } from '../../../shared/verify/payee-verdict';
import type { VerificationResult } from '../../../shared/verify/verification';
import type { VerdictFilterValue } from './verdict-filter';
import type { VerdictMap } from './verify-rows';

// Colour repeats the words (the label is always written out): green, amber, red, or plain for "no check".
const TONE: Record<PayeeVerdict, string> = {
  match: 'status status-ok',
  partial: 'status status-warning',
  mismatch: 'status status-error',
  failed: 'status status-error',
  skipped: 'muted',
  unverified: 'muted',
};

/** The grid's two extra column widths, once the sheet's payees were verified. */
export const VERDICT_COLUMNS = '120px 170px';

export function VerdictHeads() {
  return (
    <>
      <div role="columnheader">Verdict</div>
      <div role="columnheader">Bank name</div>
    </>
  );
}

/** A row's verdict (its reason as the tooltip) and the name the bank holds; blank until the row is checked. */
export function VerdictCells(props: { result: VerificationResult | undefined }) {
  const r = props.result;
  if (!r) {
    return (
      <>
        <div role="gridcell" />
        <div role="gridcell" />
      </>
    );
  }
  const info = PAYEE_VERDICT_INFO[r.verdict];
  const why = r.reason || info.explanation;
  return (
    <>
      <div role="gridcell" className={TONE[r.verdict]} title={why} data-verdict={r.verdict}>
        {info.label}
        <span className="visually-hidden">: {why}</span>
      </div>
      <div role="gridcell" title={r.bankName ?? undefined}>
        {r.bankName ?? '—'}
      </div>
    </>
  );
}

/**
 * Sheet row indexes whose verdict is `filter`, in sheet order. Walks the results (one per checked row), not the
 * sheet, and keeps only the indexes the issue filter already let through.
 */
export function rowsWithVerdict(
  results: VerdictMap,
  filter: VerdictFilterValue,
  rowNumbers: readonly number[],
  shown: readonly number[],
): number[] {
  if (filter === 'any') return shown.slice();
  const indexOf = new Map<number, number>();
  rowNumbers.forEach((n, i) => indexOf.set(n, i));
  const allowed = shown.length === rowNumbers.length ? null : new Set(shown);
  const out: number[] = [];
  for (const r of results.values()) {
    const i = indexOf.get(r.row);
    if (r.verdict === filter && i !== undefined && (!allowed || allowed.has(i))) out.push(i);
  }
  return out.sort((a, b) => a - b);
}
