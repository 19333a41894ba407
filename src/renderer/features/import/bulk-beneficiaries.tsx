import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { bulkResultSchema } from '../../../shared/ipc/contracts/beneficiaries';
import { suggestedStem } from '../../../shared/ipc/contracts/exports';
import { call, errorMessage } from '../../api/client';
import { SavedFile } from '../../components/saved-file';
import { Alert, ConfirmDialog } from '../../components/ui';
import type { SheetClient } from '../../workers/sheet-client';
import type { TableFormat } from '../../../shared/domain/file-types';
import { ProgressBar } from '../../components/progress-bar';

type Result = z.infer<typeof bulkResultSchema>;
type Progress = { done: number; total: number; created: number; existing: number; failed: number };

/** After a beneficiary sheet is staged: register its valid rows at EnKash, with progress and a result file. */
export function BulkBeneficiaries(props: { client: SheetClient; validRows: number; fileName: string }) {
  const [confirm, setConfirm] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [results, setResults] = useState<Result[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const running = progress !== null && results === null && error === null;

  useEffect(() => window.api.on('beneficiaryBulkProgress', (p) => setProgress(p)), []);

  const run = async () => {
    setConfirm(false);
    setError(null);
    setProgress({ done: 0, total: props.validRows, created: 0, existing: 0, failed: 0 });
    try {
      const reply = await props.client.request({ type: 'mapped-rows' });
      if (reply.type !== 'mapped-rows') return;
      const out = await call('createBeneficiariesFromSheet', { rows: reply.rows });
      setProgress(out.progress);
      setResults(out.results);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const exportResults = async (format: TableFormat) => {
    if (!results) return;
    const table = {
      sheetName: 'Results',
      columns: ['Row', 'Beneficiary ID', 'Name', 'Result', 'Message'].map((header) => ({
        header,
        type: 'text' as const,
      })),
      rows: results.map((r) => [String(r.row), r.beneficiaryId, r.name, r.status, r.message]),
    };
    try {
      const name = suggestedStem(props.fileName, 'results');
      const file = await call('saveTable', { table, format, name });
      if (file.status === 'saved') setSaved(file.path);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="stack" data-testid="bulk-beneficiaries">
      {!progress && (
        <button className="btn btn-primary" type="button" onClick={() => setConfirm(true)}>
          Create {props.validRows} beneficiaries at EnKash
        </button>
      )}
      {progress && (
        <>
          <ProgressBar
            label="Creating beneficiaries"
            percent={progress.total ? (progress.done / progress.total) * 100 : 100}
          />
          <p data-testid="bulk-progress">
            {running ? 'Creating… ' : 'Done. '}
            {progress.done} of {progress.total}: {progress.created} created, {progress.existing} already existed,{' '}
            {progress.failed} failed.
          </p>
        </>
      )}
      {results && (
        <div className="toolbar">
          <button className="btn" type="button" onClick={() => void exportResults('csv')}>
            Results .csv
          </button>
          <button className="btn" type="button" onClick={() => void exportResults('xlsx')}>
            Results .xlsx
          </button>
        </div>
      )}
      {saved && <SavedFile path={saved} />}
      {error && <Alert tone="error">{error}</Alert>}
      {confirm && (
        <ConfirmDialog
          title="Register beneficiaries at EnKash?"
          confirmLabel="Create beneficiaries"
          onConfirm={() => void run()}
          onCancel={() => setConfirm(false)}
        >
          <p>
            The {props.validRows} valid rows are registered one by one. Payees that already exist are left as they are;
            rows with errors are skipped.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
