import type { ReactNode } from 'react';
import { flagLabel, parseConflict, parseIdList, type ConflictView } from '../../../shared/domain/payout-conflict';
import { formatIstForScreen, formatPaise, maskAccount } from '../../components/format';
import { Alert } from '../../components/ui';

/** What the panel needs of a row: a history row or a batch row both carry these. */
export type SidesRow = {
  state: string;
  amountPaise: number;
  payeeName?: unknown;
  beneficiaryId?: unknown;
  account?: unknown;
  accountNumber?: unknown;
  ifsc?: unknown;
  vpa?: unknown;
  mode?: unknown;
  enkashStatus?: unknown;
  conflict?: unknown;
  flag?: unknown;
  previousTransactionIds?: unknown;
};

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

type Line = { label: string; ours: string; theirs: string; differs: boolean };

function lines(row: SidesRow, c: ConflictView): Line[] {
  const differs = (...f: string[]) => f.some((x) => c.fields.includes(x));
  const ourAccount = text(row.accountNumber) ?? text(row.account);
  return [
    {
      label: 'Amount',
      ours: formatPaise(row.amountPaise),
      theirs: c.amountPaise === null ? 'not given' : formatPaise(c.amountPaise),
      differs: differs('amount'),
    },
    {
      label: 'Payee',
      ours: text(row.beneficiaryId) ?? text(row.payeeName) ?? '—',
      theirs: c.beneficiaryId ?? '—',
      differs: differs('beneficiaryId'),
    },
    {
      label: 'Account',
      ours: ourAccount ? maskAccount(ourAccount) : '—',
      theirs: c.accountNumber ? maskAccount(c.accountNumber) : '—',
      differs: differs('accountNumber'),
    },
    { label: 'IFSC', ours: text(row.ifsc) ?? '—', theirs: c.ifsc ?? '—', differs: differs('ifsc') },
    { label: 'UPI', ours: text(row.vpa) ?? '—', theirs: c.vpa ?? '—', differs: differs('vpa') },
    { label: 'Mode', ours: text(row.mode) ?? '—', theirs: c.mode ?? '—', differs: differs('mode') },
    { label: 'Status', ours: row.state, theirs: c.status ?? '—', differs: false },
  ];
}

/**
 * Our payout beside the one EnKash holds under the same transactionId, the fields that differ marked, so a
 * person can decide "this is ours" or "not ours". Also says in words why a row is flagged.
 */
export function ConflictPanel(props: { row: SidesRow; actions?: ReactNode }) {
  const { row } = props;
  const conflict = row.state === 'CONFLICT' ? parseConflict(row.conflict) : null;
  const flag = flagLabel(text(row.flag));
  const previous = parseIdList(row.previousTransactionIds);
  if (!conflict && !flag && previous.length === 0 && row.state !== 'CONFLICT' && !props.actions) return null;
  return (
    <div className="stack" data-testid="conflict-panel">
      {row.state === 'CONFLICT' && (
        <Alert tone="warning" title="EnKash holds a different payout under this transaction ID">
          Nothing is counted as paid until a person decides whether it is this payout.
        </Alert>
      )}
      {conflict && (
        <table className="data" data-testid="conflict-sides">
          <thead>
            <tr>
              <th />
              <th>Ours</th>
              <th>EnKash</th>
            </tr>
          </thead>
          <tbody>
            {lines(row, conflict).map((l) => (
              <tr key={l.label} className={l.differs ? 'differs' : undefined} data-differs={l.differs || undefined}>
                <th scope="row">{l.label}</th>
                <td>{l.ours}</td>
                <td>{l.differs ? <mark>{l.theirs}</mark> : l.theirs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {conflict && (conflict.enkashTransactionId || conflict.createdOn) && (
        <p className="muted">
          EnKash’s payout {conflict.enkashTransactionId ?? ''}
          {conflict.createdOn ? `, created ${formatIstForScreen(conflict.createdOn)}` : ''}
        </p>
      )}
      {flag && (
        <p data-testid="row-flag">
          <b>Note:</b> {flag}
        </p>
      )}
      {previous.length > 0 && <p className="muted">Earlier transaction IDs: {previous.join(', ')}</p>}
      {props.actions}
    </div>
  );
}
