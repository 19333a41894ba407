import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { exportRequestSchema } from '../../shared/ipc/contracts/history';
import { call, errorMessage } from '../api/client';
import { downloadBase64 } from './download';
import { formatPaise } from './format';
import { Alert } from './ui';

type What = z.input<typeof exportRequestSchema>['what'];

/** CSV/XLSX export of a batch, a history view or a reconciliation: progress, cancel, masked or full accounts. */
export function ExportButtons(props: { what: What; label?: string }) {
  const [full, setFull] = useState(false);
  const [job, setJob] = useState<{ id: string; written: number; total: number } | null>(null);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const jobId = useRef<string | null>(null);

  useEffect(
    () =>
      window.api.on('exportProgress', (p) => {
        if (p.jobId === jobId.current) setJob({ id: p.jobId, written: p.written, total: p.total });
      }),
    [],
  );

  const run = async (format: 'csv' | 'xlsx') => {
    const id = crypto.randomUUID();
    jobId.current = id;
    setJob({ id, written: 0, total: 0 });
    setMessage(null);
    try {
      const file = await call('startExport', { jobId: id, what: props.what, format, fullAccount: full });
      downloadBase64(file.base64, file.mime, file.fileName);
      setMessage({ tone: 'success', text: `Exported ${file.rows} rows, ${formatPaise(file.totalPaise)}.` });
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
    </div>
  );
}
