import type { PayoutRowView } from '../../../shared/ipc/contracts/batches';
import { RowEditForm } from './row-edit-form';

/** Edits a REJECTED row; main re-validates it. It keeps its transactionId, as EnKash asks for re-initiation. */
export function FixRejected(props: { row: PayoutRowView; onSaved: () => void; onClose: () => void }) {
  return (
    <RowEditForm
      row={props.row}
      command="editRejectedRow"
      title={`Fix row ${props.row.rowNumber} (${props.row.rejectCode ?? 'rejected'})`}
      action="Save fix"
      onSaved={props.onSaved}
      onClose={props.onClose}
    >
      <p className="muted">
        It will be sent again with the same transaction ID {props.row.transactionId}, as EnKash asks for rejected
        payouts.
      </p>
    </RowEditForm>
  );
}
