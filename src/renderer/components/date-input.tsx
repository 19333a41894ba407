import { useEffect, useState } from 'react';
import { formatIndianDate, INDIAN_DATE_HINT, parseIndianDate } from '../../shared/domain/indian-date';

/**
 * A date typed DD/MM/YYYY, meaning that calendar day in IST (issue 17 point 10). Not `<input type="date">`:
 * its display and typing order follow the browser's locale (MM/DD/YYYY on an en-US machine), which turns
 * 03/12 into the 12th of March for an accountant who meant the 3rd of December.
 * `value` and `onChange` carry YYYY-MM-DD (or '' for no date); text that is not a real day stays on screen,
 * marked aria-invalid (a form checks that before it submits), and is not passed on.
 */
export function DateInput(props: { id?: string; value: string; onChange: (day: string) => void; label?: string }) {
  const [text, setText] = useState(() => formatIndianDate(props.value));
  const [left, setLeft] = useState(false);
  // A value changed from outside (Clear, a preset range) replaces what is typed, unless it means the same day.
  useEffect(() => {
    if ((parseIndianDate(text) ?? '') !== props.value) setText(formatIndianDate(props.value));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only an outside change of the value resets the text
  }, [props.value]);
  const day = parseIndianDate(text);
  const invalid = text.trim() !== '' && day === null;
  // Half-typed text is not an error yet: say so once the field is left or the year has been typed.
  const shown = invalid && (left || /\d{4}\s*$/.test(text));
  const errorId = props.id ? `${props.id}-error` : undefined;
  return (
    <span className="date-input">
      <input
        id={props.id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="DD/MM/YYYY"
        aria-label={props.label}
        aria-invalid={invalid}
        aria-describedby={shown ? errorId : undefined}
        size={11}
        value={text}
        onBlur={() => setLeft(true)}
        onChange={(e) => {
          const next = e.target.value;
          setLeft(false);
          setText(next);
          if (next.trim() === '') props.onChange('');
          else {
            const parsed = parseIndianDate(next);
            if (parsed) props.onChange(parsed);
          }
        }}
      />
      {shown && (
        <span className="field-error" id={errorId} role="alert">
          {INDIAN_DATE_HINT}
        </span>
      )}
    </span>
  );
}
