import type { PayoutRowView } from '../../../shared/ipc/contracts/batches';
import { formatPaise, maskAccount } from '../../components/format';
import { canSettle } from '../history/settle-dialog';
import { StateBadge } from './state-badge';

/** One page of a batch's rows with what an accountant asks about: state, UTR, reject code. */
export function RowsTable(props: {
  rows: PayoutRowView[];
  selected: Set<number>;
  onToggle?: (row: PayoutRowView) => void;
  onFix?: (row: PayoutRowView) => void;
  /** A CONFLICT or UNKNOWN row a person may settle. */
  onSettle?: (row: PayoutRowView) => void;
}) {
  return (
    <table className="data" data-testid="batch-rows">
      <thead>
        <tr>
          {props.onToggle && <th />}
          <th>Row</th>
          <th>Payee</th>
          <th>Account / UPI</th>
          <th>Mode</th>
          <th className="num">Amount</th>
          <th>Status</th>
          <th>UTR / reason</th>
          <th>Transaction ID</th>
          {(props.onFix || props.onSettle) && <th />}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.id} data-row={r.rowNumber} data-state={r.state}>
            {props.onToggle && (
              <td>
                {r.state === 'REJECTED' && (
                  <input
                    type="checkbox"
                    aria-label={`Select row ${r.rowNumber}`}
                    checked={props.selected.has(r.id)}
                    onChange={() => props.onToggle?.(r)}
                  />
                )}
              </td>
            )}
            <td>{r.rowNumber}</td>
            <td>{r.payeeName ?? r.beneficiaryId ?? '—'}</td>
            <td>{r.vpa ?? maskAccount(r.accountNumber)}</td>
            <td>{r.mode}</td>
            <td className="num">{formatPaise(r.amountPaise)}</td>
            <td>
              <StateBadge state={r.state} />
            </td>
            {/* EnKash's reason in words before its code (REJECT_TRF_RMK tells an accountant nothing). */}
            <td className="muted">{r.utr ?? r.failureReason ?? r.rejectCode ?? ''}</td>
            <td className="mono">{r.transactionId}</td>
            {(props.onFix || props.onSettle) && (
              <td>
                {props.onFix && r.state === 'REJECTED' && (
                  <button className="btn btn-small" type="button" onClick={() => props.onFix?.(r)}>
                    Fix
                  </button>
                )}
                {props.onSettle && canSettle(r.state) && (
                  <button className="btn btn-small" type="button" onClick={() => props.onSettle?.(r)}>
                    Settle…
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
