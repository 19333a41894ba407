import { useId } from 'react';
import { PAYEE_VERDICT_INFO, PAYEE_VERDICTS, type PayeeVerdict } from '../../../shared/verify/payee-verdict';

/** The grid's verdict filter: every row, or only the rows verification gave this verdict. */
export type VerdictFilterValue = PayeeVerdict | 'any';

/** Beside the issue filters once payees were verified; each choice says how many rows it shows. */
export function VerdictFilter(props: {
  value: VerdictFilterValue;
  counts: Record<PayeeVerdict, number>;
  onChange: (v: VerdictFilterValue) => void;
}) {
  const id = useId();
  return (
    <span className="verdict-filter">
      <label htmlFor={id}>Verdict </label>
      <select
        id={id}
        data-testid="verdict-filter"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as VerdictFilterValue)}
      >
        <option value="any">Any verdict</option>
        {PAYEE_VERDICTS.map((v) => (
          <option key={v} value={v}>
            {PAYEE_VERDICT_INFO[v].label} ({props.counts[v]})
          </option>
        ))}
      </select>
    </span>
  );
}
