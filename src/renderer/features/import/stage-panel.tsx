import { useState } from 'react';
import type { SheetKind } from '../../../shared/domain/payout';
import type { SheetSummary } from '../../../shared/sheet/ui';
import { ApiError, call, errorMessage } from '../../api/client';
import { formatPaise } from '../../components/format';
import { Alert, Card, ConfirmDialog } from '../../components/ui';
import type { SheetClient } from '../../workers/sheet-client';
import type { ParsedInfo } from '../../workers/sheet-protocol';
import { BulkBeneficiaries } from './bulk-beneficiaries';

type Staged = { importId: number; batchId: number | null; summary: SheetSummary; kind: SheetKind };

/** "Continue": hands the mapped rows to main, which checks them again and stores the import. */
export function StagePanel(props: {
  client: SheetClient;
  loaded: { info: ParsedInfo; kind: SheetKind };
  summary: SheetSummary;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const [staged, setStaged] = useState<Staged | null>(null);
  const { info, kind } = props.loaded;

  const stage = async (allowDuplicate = false) => {
    setBusy(true);
    setError(null);
    try {
      const reply = await props.client.request({ type: 'mapped-rows' });
      if (reply.type !== 'mapped-rows') return;
      const result = await call('stageImport', {
        fileName: info.fileName,
        sha256: info.sha256,
        kind,
        rows: reply.rows,
        labels: reply.labels,
        allowDuplicate,
      });
      setDuplicate(null);
      setStaged({ importId: result.importId, batchId: result.batchId, summary: result.summary, kind: result.kind });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict' && e.details?.duplicateOfImportId) setDuplicate(e.message);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const s = props.summary;
  return (
    <Card title="Continue">
      {staged?.kind === 'beneficiaries' && (
        <BulkBeneficiaries client={props.client} validRows={staged.summary.validRows} fileName={info.fileName} />
      )}
      {staged ? (
        <Alert tone="success" title={`Staged as import #${staged.importId}.`}>
          <span data-testid="staged">
            Main checked all {staged.summary.rows} rows again: {staged.summary.validRows} valid
            {staged.kind === 'payouts' ? `, ${formatPaise(staged.summary.totalPaise)}` : ''}.
            {staged.batchId !== null && (
              <>
                {' '}
                Draft batch #{staged.batchId} is waiting on the <a href="#/batches">Batches</a> screen.
              </>
            )}
          </span>
        </Alert>
      ) : (
        <>
          <p className="muted">
            {s.invalidRows > 0
              ? `${s.invalidRows} rows have errors and will be left out unless you fix them above. `
              : 'Every row passed. '}
            Nothing is paid yet: the next step shows a pre-flight check and asks you to confirm the total.
          </p>
          <button
            className="btn btn-primary"
            type="button"
            disabled={busy || s.validRows === 0}
            onClick={() => void stage()}
          >
            {busy ? 'Checking…' : `Continue with ${s.validRows} valid rows`}
          </button>
        </>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {duplicate && (
        <ConfirmDialog
          title="Already imported"
          confirmLabel="Import again"
          tone="danger"
          onConfirm={() => void stage(true)}
          onCancel={() => setDuplicate(null)}
        >
          <p>{duplicate}</p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
