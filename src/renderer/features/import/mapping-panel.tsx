import type { SheetKind } from '../../../shared/domain/payout';
import { columnLabel, FIELD_LABELS, KIND_FIELDS, type ColumnMapping, type FieldKey } from '../../../shared/sheet/ui';
import { Card } from '../../components/ui';

/** Shows which column feeds which field; every choice can be changed, and the layout is remembered. */
export function MappingPanel(props: {
  headers: string[];
  kind: SheetKind;
  mapping: ColumnMapping;
  remembered: boolean;
  onKind: (kind: SheetKind) => void;
  onMapping: (mapping: ColumnMapping) => void;
}) {
  const fields = KIND_FIELDS[props.kind];
  const set = (field: FieldKey, value: string) => {
    const next: ColumnMapping = { ...props.mapping };
    if (value === '') delete next[field];
    else {
      const column = Number(value);
      // One column feeds one field: taking it away from another field keeps the mapping unambiguous.
      for (const f of Object.keys(next) as FieldKey[]) if (next[f] === column) delete next[f];
      next[field] = column;
    }
    props.onMapping(next);
  };
  return (
    <Card
      title="Columns"
      actions={
        <div className="segmented" role="radiogroup" aria-label="Sheet kind">
          {(['payouts', 'beneficiaries'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={props.kind === k}
              className={props.kind === k ? 'selected' : ''}
              onClick={() => props.onKind(k)}
            >
              {k === 'payouts' ? 'Payout sheet' : 'Beneficiary sheet'}
            </button>
          ))}
        </div>
      }
    >
      {props.remembered && <p className="muted">Using the mapping you chose last time for this column layout.</p>}
      <div className="mapping-grid" data-testid="mapping">
        {fields.map((field) => (
          <label key={field} className="mapping-row">
            <span>{FIELD_LABELS[field]}</span>
            <select
              aria-label={`Column for ${FIELD_LABELS[field]}`}
              value={props.mapping[field] ?? ''}
              onChange={(e) => set(field, e.target.value)}
            >
              <option value="">— not in this sheet —</option>
              {props.headers.slice(0, 500).map((_, i) => (
                <option key={i} value={i}>
                  {columnLabel(props.headers, i)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
    </Card>
  );
}
