import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { exportRequestSchema } from '../../shared/ipc/contracts/exports';
import { call, errorMessage } from '../api/client';
import { formatPaise } from './format';
import { SavedFile } from './saved-file';
import { Alert } from './ui';
import type { TableFormat } from '../../shared/domain/file-types';

type What = z.input<typeof exportRequestSchema>['what'];

/** CSV/XLSX export of a batch, a history view or a reconciliation: progress, cancel, masked or full accounts. */
export function ExportButtons(props: { what: What; label?: string }) {
  const [full, setFull] = useState(false);
  const [job, setJob] = useState<{ id: string; written: number; total: number } | null>(null);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [saved, setSaved] = useState<{ path: string; text: string } | null>(null);
  const jobId = useRef<string | null>(null);

  useEffect(
    () =>
      window.api.on('exportProgress', (p) => {
        if (p.jobId === jobId.current) setJob({ id: p.jobId, written: p.written, total: p.total });
      }),
    [],
  );

  const run = async (format: TableFormat) => {
    const id = crypto.randomUUID();
    jobId.current = id;
    setJob({ id, written: 0, total: 0 });
    setMessage(null);
    setSaved(null);
    try {
      // Main asks where to save (its own dialog) and writes the file there; only the path comes back.
      const file = await call('startExport', { jobId: id, what: props.what, format, fullAccount: full });
      if (file.status === 'cancelled') setMessage({ tone: 'info', text: 'Export cancelled; nothing was saved.' });
      else setSaved({ path: file.path, text: `Exported ${file.rows} rows, ${formatPaise(file.totalPaise)}.` });
    } catch (e) {
      setMessage({ tone: 'error', text: errorMessage(e) });
    } finally {
      jobId.current = null;
      setJob(null);
    }
  };

  return (
    <div className="export-buttons">
      <label className="check">
        <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> Full account numbers
      </label>
      <button className="btn" type="button" disabled={job !== null} onClick={() => void run('csv')}>
        {props.label ?? 'Export'} .csv
      </button>
      <button className="btn" type="button" disabled={job !== null} onClick={() => void run('xlsx')}>
        {props.label ?? 'Export'} .xlsx
      </button>
      {job && (
        <>
          <span className="muted" data-testid="export-progress">
            {job.total ? `${job.written} of ${job.total} rows…` : 'Preparing…'}
          </span>
          <button className="btn btn-small" type="button" onClick={() => void call('cancelExport', { jobId: job.id })}>
            Cancel
          </button>
        </>
      )}
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {saved && <SavedFile path={saved.path} detail={saved.text} />}
    </div>
  );
}
