import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useCommand } from '../../api/queries';
import { errorLines, FieldsGrid, FormFooter } from '../../components/fields-grid';
import { Card } from '../../components/ui';

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
  const create = useCommand('createSinglePayout');
  const stage = async () => {
    setError(null);
    setIssues([]);
    try {
      const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
      const result = await create.mutateAsync({ values: clean });
      if (result.batchId === null) {
        setIssues(errorLines(result.issues));
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
      <FormFooter
        issues={issues}
        error={error}
        action="Continue to pre-flight"
        onAction={() => void stage()}
        onClose={props.onClose}
      />
    </Card>
  );
}
