import { useState, type ReactNode } from 'react';
import { suggestedStem } from '../../../shared/ipc/contracts/exports';
import { call, errorMessage } from '../../api/client';
import { SavedFile } from '../../components/saved-file';
import { Alert } from '../../components/ui';
import type { SheetClient } from '../../workers/sheet-client';
import type { GridFilter } from './preview-grid';
import type { TableFormat } from '../../../shared/domain/file-types';

const FILTERS: [GridFilter, string][] = [
  ['all', 'All rows'],
  ['errors', 'Errors only'],
  ['warnings', 'Warnings'],
];

export function ImportToolbar(props: {
  client: SheetClient;
  fileName: string;
  filter: GridFilter;
  onFilter: (f: GridFilter) => void;
  onNextError: () => void;
  /** More filters beside the issue filters (the verdict filter once payees were verified). */
  children?: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const report = async (format: TableFormat) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const reply = await props.client.request({ type: 'error-report' });
      if (reply.type !== 'error-report') return;
      // IPC carries plain JSON values: dates as ISO text, blanks as null.
      const rows = reply.table.rows.map((r) =>
        r.map((c) => (c === undefined ? null : c instanceof Date ? c.toISOString() : c)),
      );
      const name = suggestedStem(props.fileName, 'errors');
      // Main asks where to save and writes the report there; a cancelled dialog saves nothing.
      const file = await call('saveTable', { table: { ...reply.table, rows }, format, name });
      if (file.status === 'saved') setSaved(file.path);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div className="toolbar">
        <div className="segmented" role="radiogroup" aria-label="Show">
          {FILTERS.map(([f, label]) => (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={props.filter === f}
              className={props.filter === f ? 'selected' : ''}
              onClick={() => props.onFilter(f)}
            >
              {label}
            </button>
          ))}
        </div>
        {props.children}
        <button className="btn" type="button" onClick={props.onNextError}>
          Next error ↓
        </button>
        <span className="spacer" />
        <button className="btn" type="button" disabled={busy} onClick={() => void report('csv')}>
          Error report .csv
        </button>
        <button className="btn" type="button" disabled={busy} onClick={() => void report('xlsx')}>
          Error report .xlsx
        </button>
      </div>
      {saved && <SavedFile path={saved} />}
      {error && <Alert tone="error">{error}</Alert>}
    </>
  );
}
