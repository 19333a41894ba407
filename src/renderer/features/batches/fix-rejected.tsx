import { useState } from 'react';
import type { PayoutRowView } from '../../../shared/ipc/contracts/batches';
import { paiseToDecimal } from '../../../shared/domain/money';
import { call, errorMessage } from '../../api/client';
import { FieldsGrid } from '../../components/fields-grid';
import { Alert, Card } from '../../components/ui';

const FIELDS = [
  ['name', 'Name', (r: PayoutRowView) => r.payeeName ?? ''],
  ['accountNumber', 'Account number', (r: PayoutRowView) => r.accountNumber ?? ''],
  ['ifsc', 'IFSC', (r: PayoutRowView) => r.ifsc ?? ''],
  ['vpa', 'UPI ID', (r: PayoutRowView) => r.vpa ?? ''],
  ['amount', 'Amount (₹)', (r: PayoutRowView) => paiseToDecimal(r.amountPaise)],
  ['mode', 'Mode', (r: PayoutRowView) => r.mode],
  ['remark', 'Remark', (r: PayoutRowView) => r.remark ?? ''],
] as const;

/** Edits a REJECTED row; main re-validates it. It keeps its transactionId, as EnKash asks for re-initiation. */
export function FixRejected(props: { row: PayoutRowView; onSaved: () => void; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map(([k, , get]) => [k, get(props.row)])),
  );
  const [issues, setIssues] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    try {
      const result = await call('editRejectedRow', { payoutId: props.row.id, fields: values });
      if (!result.ok) {
        setIssues(result.issues.filter((i) => i.severity === 'error').map((i) => `${i.column}: ${i.message}`));
        return;
      }
      props.onSaved();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card title={`Fix row ${props.row.rowNumber} (${props.row.rejectCode ?? 'rejected'})`}>
      <p className="muted">
        It will be sent again with the same transaction ID {props.row.transactionId}, as EnKash asks for rejected
        payouts.
      </p>
      <FieldsGrid fields={FIELDS} values={values} onChange={setValues} />
      {issues.map((i) => (
        <Alert key={i} tone="error">
          {i}
        </Alert>
      ))}
      {error && <Alert tone="error">{error}</Alert>}
      <div className="toolbar">
        <button className="btn btn-primary" type="button" onClick={() => void save()}>
          Save fix
        </button>
        <button className="btn" type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Card>
  );
}
