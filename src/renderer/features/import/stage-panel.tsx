import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Issue } from '../../../shared/domain/issue';
import type { SheetKind } from '../../../shared/domain/payout';
import type { SheetSummary } from '../../../shared/sheet/ui';
import { ApiError, call, errorMessage } from '../../api/client';
import { useCommand, useCommandQuery } from '../../api/queries';
import type { CommandInput } from '../../api/query-keys';
import { formatPaise } from '../../components/format';
import { focusWhenLost } from '../../components/focus-when-lost';
import { Alert, Card, ConfirmDialog } from '../../components/ui';
import type { SheetClient } from '../../workers/sheet-client';
import type { ParsedInfo } from '../../workers/sheet-protocol';
import { BulkBeneficiaries } from './bulk-beneficiaries';
import { leftOutValidCount, RowExclusion } from './row-exclusion';

type Staged = {
  importId: number;
  batchId: number | null;
  summary: SheetSummary;
  kind: SheetKind;
  /** Team mode: the server's batch state and approvals needed (AWAITING_APPROVAL until checkers approve). */
  approval?: { state: string; required: number } | null;
};

/**
 * Team mode's staging (issue 14 point 4): the same rows go to the Desk Server, staged and submitted for approval
 * in one call. Keyed 'stageImport' like the desk's own staging: the saved import's tracker watches that key.
 */
function useTeamSubmit() {
  const client = useQueryClient();
  return useMutation({
    mutationKey: ['stageImport'],
    mutationFn: (input: CommandInput<'teamSubmitImport'>) => call('teamSubmitImport', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['listBatches'] }),
  });
}

/** "Continue": hands the mapped rows to main, which checks them again and stores the import. */
export function StagePanel(props: {
  client: SheetClient;
  loaded: { info: ParsedInfo; kind: SheetKind; issuesByIndex?: Record<number, Issue[]> };
  summary: SheetSummary;
  /** The preview row the user selected (index into the sheet's rows), for "Leave row N out". */
  selected?: number | null;
  /** Rows "Verify payees" found a mismatch: main holds them out of the batch at staging (issue 12 point 4). */
  mismatches?: number;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const [staged, setStaged] = useState<Staged | null>(null);
  const [leftOut, setLeftOut] = useState<Set<number>>(new Set());
  const { info, kind } = props.loaded;
  // A staged import is a new draft batch: the mutation refreshes the batch list (query-keys.ts).
  const stageImport = useCommand('stageImport');
  const teamSubmit = useTeamSubmit();
  const teamMode = useCommandQuery('getSettings').data?.connection.mode === 'team';

  const stage = async (allowDuplicate = false) => {
    setBusy(true);
    setError(null);
    try {
      const reply = await props.client.request({ type: 'mapped-rows' });
      if (reply.type !== 'mapped-rows') return;
      // Rows the user left out in the preview are never handed to main: they are not part of this import.
      const rows = leftOut.size ? reply.rows.filter((r) => !leftOut.has(r.row)) : reply.rows;
      if (!rows.length) {
        setError('Every row is left out: put at least one back to continue.');
        return;
      }
      const input = { fileName: info.fileName, sha256: info.sha256, kind, rows, labels: reply.labels, allowDuplicate };
      if (teamMode) {
        const result = await teamSubmit.mutateAsync(input);
        setDuplicate(null);
        setStaged({ importId: 0, batchId: result.batchId, summary: result.summary, kind, approval: result.approval });
        return;
      }
      const result = await stageImport.mutateAsync(input);
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
  // Repeats of an earlier row are left out of the batch by main (issue 17 point 1); so are the rows left out here.
  const repeats = kind === 'payouts' ? s.repeatRows : 0;
  const toStage = Math.max(
    0,
    s.validRows - repeats - leftOutValidCount(leftOut, info.rowNumbers, props.loaded.issuesByIndex ?? {}),
  );
  const stagedRepeats = staged?.kind === 'payouts' ? staged.summary.repeatRows : 0;
  return (
    <>
      {!staged && (
        <RowExclusion
          selectedRow={props.selected != null ? (info.rowNumbers[props.selected] ?? null) : null}
          leftOut={leftOut}
          onChange={setLeftOut}
        />
      )}
      <Card title="Continue">
        {staged?.kind === 'beneficiaries' && (
          <BulkBeneficiaries client={props.client} validRows={staged.summary.validRows} fileName={info.fileName} />
        )}
        {staged ? (
          <Alert
            tone="success"
            title={
              teamMode
                ? staged.batchId !== null
                  ? `Batch #${staged.batchId} submitted for approval.`
                  : 'Checked.'
                : `Staged as import #${staged.importId}.`
            }
          >
            <span data-testid="staged" ref={focusWhenLost} tabIndex={-1}>
              All {staged.summary.rows} rows were checked again before saving:{' '}
              {staged.summary.validRows - stagedRepeats} valid
              {staged.kind === 'payouts'
                ? `, ${formatPaise(staged.summary.totalPaise - staged.summary.repeatPaise)}`
                : ''}
              .
              {stagedRepeats > 0 &&
                ` ${stagedRepeats} repeated row(s) left out (${formatPaise(staged.summary.repeatPaise)}): pre-flight lists them, and you can include them there.`}
              {staged.approval && (
                <>
                  {' '}
                  <span data-testid="staged-approval">
                    It is {staged.approval.state} on the Desk Server and needs {staged.approval.required} checker
                    approval(s) before anything is sent.
                  </span>{' '}
                  Track it on the <a href="#/batches">Batches</a> screen.
                </>
              )}
              {!teamMode && staged.batchId !== null && (
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
              {teamMode
                ? 'Nothing is paid yet: the batch goes to the Desk Server, where checkers approve it before it is sent.'
                : 'Nothing is paid yet: the next step shows a pre-flight check and asks you to confirm the total.'}
            </p>
            {(props.mismatches ?? 0) > 0 && (
              <Alert tone="warning">
                <span data-testid="held-mismatches">
                  {props.mismatches} payee(s) verified as a mismatch (the bank holds another name) will be held out of
                  the batch and not paid; pre-flight lists them, and you can accept each one with a reason.
                </span>
              </Alert>
            )}
            {repeats > 0 && (
              <Alert tone="warning">
                <span data-testid="repeat-rows">
                  {repeats} repeated row(s) ({formatPaise(s.repeatPaise)}) repeat an earlier row exactly (same payee,
                  amount, remark and reference) and will be left out of the batch; pre-flight lists them, with a button
                  to include each one.
                </span>
              </Alert>
            )}
            <button
              className="btn btn-primary"
              type="button"
              disabled={busy || toStage === 0}
              onClick={() => void stage()}
            >
              {busy
                ? 'Checking…'
                : teamMode && kind === 'payouts'
                  ? `Submit ${toStage} valid rows for approval`
                  : `Continue with ${toStage} valid rows`}
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
    </>
  );
}
