import { useRef, useState, type DragEvent } from 'react';
import { SHEET_PICKER_ACCEPT, type TableFormat } from '../../../shared/domain/file-types';
import type { SheetKind } from '../../../shared/domain/payout';
import { call, errorMessage } from '../../api/client';
import { SavedFile } from '../../components/saved-file';
import { Alert, Card } from '../../components/ui';

/** Where a sheet enters the app: drag and drop, or the file picker; plus the templates to start from. */
export function DropZone(props: { onFile: (file: File) => void; busy: boolean }) {
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) props.onFile(file);
  };
  const template = async (kind: SheetKind, format: TableFormat) => {
    setError(null);
    setSaved(null);
    try {
      // Main shows its save dialog and copies the template there; cancelling the dialog is not an error.
      const t = await call('saveTemplate', { kind, format });
      if (t.status === 'saved') setSaved(t.path);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card title="Import a sheet">
      <div
        className={`dropzone ${over ? 'over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p className="dropzone-title">Drop a payout or beneficiary sheet here</p>
        <p className="muted">CSV (comma, semicolon or tab) or Excel .xlsx — nothing is sent until you confirm.</p>
        <button className="btn btn-primary" type="button" disabled={props.busy} onClick={() => input.current?.click()}>
          Choose a file…
        </button>
        <input
          ref={input}
          type="file"
          accept={SHEET_PICKER_ACCEPT}
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) props.onFile(file);
            e.target.value = '';
          }}
        />
      </div>
      <p className="muted templates">
        Templates:{' '}
        {(['payouts', 'beneficiaries'] as const).map((kind) =>
          (['csv', 'xlsx'] as const).map((format) => (
            <button
              key={`${kind}-${format}`}
              type="button"
              className="link"
              onClick={() => void template(kind, format)}
            >
              {kind === 'payouts' ? 'Payouts' : 'Beneficiaries'} .{format}
            </button>
          )),
        )}
      </p>
      {saved && <SavedFile path={saved} />}
      {error && <Alert tone="error">{error}</Alert>}
    </Card>
  );
}
