import { useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { FieldsGrid } from '../../components/fields-grid';
import { Alert, Card } from '../../components/ui';

const FIELDS = [
  ['name', 'Payee name'],
  ['accountNumber', 'Account number'],
  ['ifsc', 'IFSC'],
  ['vpa', 'or UPI ID'],
  ['beneficiaryId', 'or existing beneficiary ID'],
  ['amount', 'Amount (₹)'],
  ['mode', 'Mode (blank = automatic)'],
  ['remark', 'Remark'],
] as const;

/** One payee typed in: the same rules, pre-flight and journal as a sheet, as a one-row draft batch. */
export function SinglePayout(props: { onStaged: (batchId: number) => void; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [issues, setIssues] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const stage = async () => {
    setError(null);
    setIssues([]);
    try {
      const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
      const result = await call('createSinglePayout', { values: clean });
      if (result.batchId === null) {
        setIssues(result.issues.filter((i) => i.severity === 'error').map((i) => `${i.column}: ${i.message}`));
        return;
      }
      props.onStaged(result.batchId);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card title="Single payout">
      <FieldsGrid fields={FIELDS} values={values} onChange={setValues} />
      {issues.map((i) => (
        <Alert key={i} tone="error">
          {i}
        </Alert>
      ))}
      {error && <Alert tone="error">{error}</Alert>}
      <div className="toolbar">
        <button className="btn btn-primary" type="button" onClick={() => void stage()}>
          Continue to pre-flight
        </button>
        <button className="btn" type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Card>
  );
}
