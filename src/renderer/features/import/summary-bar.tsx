import type { SheetSummary } from '../../../shared/sheet/ui';
import { formatPaise } from '../../components/format';
import { PAYEE_VERDICT_INFO, PAYEE_VERDICTS, type PayeeVerdict } from '../../../shared/verify/payee-verdict';

const nf = new Intl.NumberFormat('en-IN');
const VERDICT_TONE: Record<PayeeVerdict, string> = {
  match: 'ok',
  partial: 'warn',
  mismatch: 'bad',
  failed: 'bad',
  skipped: '',
  unverified: '',
};

export function SummaryBar(props: {
  summary: SheetSummary;
  kind: 'payouts' | 'beneficiaries';
  /** Rows per payee verdict, once the payees were verified. */
  verdicts?: Record<PayeeVerdict, number> | null;
}) {
  const s = props.summary;
  const verdicts = props.verdicts ? PAYEE_VERDICTS.filter((v) => props.verdicts![v] > 0) : [];
  const modes = Object.entries(s.countByMode).filter(([, n]) => n > 0);
  return (
    <div className="summary-bar" data-testid="summary">
      <span>
        <b data-testid="count-rows">{nf.format(s.rows)}</b> rows
      </span>
      <span className="ok">
        <b data-testid="count-valid">{nf.format(s.validRows)}</b> valid
      </span>
      <span className={s.invalidRows ? 'bad' : ''}>
        <b data-testid="count-invalid">{nf.format(s.invalidRows)}</b> with errors
      </span>
      <span className={s.warnings ? 'warn' : ''}>
        <b data-testid="count-warnings">{nf.format(s.warnings)}</b> warnings
      </span>
      {props.kind === 'payouts' && (
        <>
          <span>
            Total of valid rows <b data-testid="total">{formatPaise(s.totalPaise)}</b>
          </span>
          {s.repeatRows > 0 && (
            // Repeats are valid rows, but main leaves them out of the batch unless included (issue 17 point 1).
            <span className="warn" data-testid="count-repeats">
              of which <b>{nf.format(s.repeatRows)}</b> repeated ({formatPaise(s.repeatPaise)}), left out
            </span>
          )}
          {modes.length > 0 && (
            <span className="muted">{modes.map(([m, n]) => `${m} ${nf.format(n)}`).join(' · ')}</span>
          )}
        </>
      )}
      {verdicts.length > 0 && (
        <span data-testid="verdict-counts">
          Payees:{' '}
          {verdicts.map((v, i) => (
            <span key={v} className={VERDICT_TONE[v]} data-verdict={v}>
              {i > 0 && ' · '}
              <b>{nf.format(props.verdicts![v])}</b> {PAYEE_VERDICT_INFO[v].label.toLowerCase()}
            </span>
          ))}
        </span>
      )}
    </div>
  );
}
