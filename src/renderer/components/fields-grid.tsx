import { Alert, Field } from './ui';

/** A grid of labelled text inputs over a `Record<string, string>`: the small edit forms share it. */
export function FieldsGrid(props: {
  fields: readonly (readonly [string, string, ...unknown[]])[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  return (
    <div className="form-grid">
      {props.fields.map(([key, label]) => (
        <Field key={key} label={label}>
          {(id) => (
            <input
              id={id}
              value={props.values[key] ?? ''}
              onChange={(e) => props.onChange({ ...props.values, [key]: e.target.value })}
            />
          )}
        </Field>
      ))}
    </div>
  );
}

/** The row issues (errors only) of a staged or edited row, as the small edit forms list them. */
export function errorLines(issues: readonly { severity: string; column: string; message: string }[]): string[] {
  return issues.filter((i) => i.severity === 'error').map((i) => `${i.column}: ${i.message}`);
}

/** The foot of a small edit form: what was wrong, the last failure, then its action beside Close. */
export function FormFooter(props: {
  issues: readonly string[];
  error: string | null;
  action: string;
  onAction: () => void;
  onClose: () => void;
}) {
  return (
    <>
      {props.issues.map((i) => (
        <Alert key={i} tone="error">
          {i}
        </Alert>
      ))}
      {props.error && <Alert tone="error">{props.error}</Alert>}
      <div className="toolbar">
        <button className="btn btn-primary" type="button" onClick={props.onAction}>
          {props.action}
        </button>
        <button className="btn" type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </>
  );
}
