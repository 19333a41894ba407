import { useState, type ReactNode } from 'react';
import type { PayoutRowView } from '../../../shared/ipc/contracts/batches';
import { paiseToDecimal } from '../../../shared/domain/money';
import { errorMessage } from '../../api/client';
import { useCommand } from '../../api/queries';
import { errorLines, FieldsGrid, FormFooter } from '../../components/fields-grid';
import { Card } from '../../components/ui';

/** The payee and payment fields a user may correct on a row before it is (re)sent. */
export const ROW_FIELDS = [
  ['name', 'Name', (r: PayoutRowView) => r.payeeName ?? ''],
  ['accountNumber', 'Account number', (r: PayoutRowView) => r.accountNumber ?? ''],
  ['ifsc', 'IFSC', (r: PayoutRowView) => r.ifsc ?? ''],
  ['vpa', 'UPI ID', (r: PayoutRowView) => r.vpa ?? ''],
  ['amount', 'Amount (₹)', (r: PayoutRowView) => paiseToDecimal(r.amountPaise)],
  ['mode', 'Mode', (r: PayoutRowView) => r.mode],
  ['remark', 'Remark', (r: PayoutRowView) => r.remark ?? ''],
] as const;

/**
 * One row's fields in a form; main re-validates them with the shared rules and either saves or answers with
 * the problems, which stay on screen. Used for a rejected row (kept transactionId) and for a draft row.
 */
export function RowEditForm(props: {
  row: PayoutRowView;
  command: 'editRejectedRow' | 'editDraftRow';
  title: string;
  action: string;
  children?: ReactNode;
  onSaved: () => void;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(ROW_FIELDS.map(([k, , get]) => [k, get(props.row)])),
  );
  const [issues, setIssues] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const edit = useCommand(props.command);
  const save = async () => {
    setError(null);
    try {
      const result = await edit.mutateAsync({ payoutId: props.row.id, fields: values });
      if (!result.ok) {
        setIssues(errorLines(result.issues));
        return;
      }
      props.onSaved();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card title={props.title}>
      {props.children}
      <FieldsGrid fields={ROW_FIELDS} values={values} onChange={setValues} />
      <FormFooter
        issues={issues}
        error={error}
        action={props.action}
        onAction={() => void save()}
        onClose={props.onClose}
      />
    </Card>
  );
}
