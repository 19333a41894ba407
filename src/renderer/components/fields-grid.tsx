import { Field } from './ui';

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
