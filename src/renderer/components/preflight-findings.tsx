import type { PreflightView } from '../../shared/ipc/contracts/batches';
import { stateLabel } from '../../shared/domain/state-words';
import { formatPaise } from './format';

/**
 * A pre-flight's blocks or warnings with their rows (and, for payee findings, the sheet's and the bank's names):
 * the batch screen's confirmation and the checker's Approvals screen show the same list.
 */
// Payee findings whose rows carry the sheet's and the bank's names (issue 12): shown row by row.
const DETAIL_CODES = new Set(['payee_partial', 'payee_failed', 'payee_name_history', 'payee_mismatch']);

export function Findings(props: { title: string; tone: 'error' | 'warning'; list: PreflightView['blocks'] }) {
  if (!props.list.length) return null;
  return (
    <div
      className={`findings findings-${props.tone}`}
      data-testid={`preflight-${props.tone === 'error' ? 'blocks' : 'warnings'}`}
    >
      <h3 className="subhead">{props.title}</h3>
      <ul>
        {props.list.map((f) => (
          <li key={f.code + f.message}>
            <b>{f.message}</b>
            {f.rows.length > 0 && (
              <span className="muted">
                {' '}
                — {f.count === 1 ? 'row' : `${f.count} rows`}{' '}
                <span data-testid="finding-rows">{f.rows.map((r) => r.rowNumber).join(', ')}</span>
                {/* Main lists up to 500 rows of a finding (FINDING_ROW_CAP) and counts the rest. */}
                {f.count > f.rows.length ? ` and ${f.count - f.rows.length} more` : ''}
              </span>
            )}
            {DETAIL_CODES.has(f.code) && (
              <ul className="links" data-testid={`finding-${f.code}`}>
                {f.rows
                  .filter((r) => r.detail)
                  .map((r) => (
                    <li key={r.payoutId}>
                      Row {r.rowNumber}: {r.detail}
                    </li>
                  ))}
              </ul>
            )}
            {f.rows.some((r) => r.links?.length) && (
              <ul className="links">
                {f.rows
                  .filter((r) => r.links?.length)
                  .map((r) => (
                    <li key={r.payoutId}>
                      Row {r.rowNumber} resembles{' '}
                      {r.links!.map((l, i) => (
                        <span key={l.payoutId}>
                          {i > 0 && '; '}
                          <a href={`#/batches?batch=${l.batchId}`}>
                            {l.batchName} row {l.rowNumber} ({formatPaise(l.amountPaise)}, {stateLabel(l.state)})
                          </a>
                        </span>
                      ))}
                    </li>
                  ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
