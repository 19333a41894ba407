import { insertImportOps } from '../../db/repos/imports-repo';
import type { Environment } from '../../../shared/settings/api-profile';
import type { FieldKey } from '../../../shared/sheet/fields';
import { appendAuditOps } from '../../db/audit';
import {
  type BatchKind,
  batchTransactionIdTakenOps,
  insertBatchOps,
  insertChunkOps,
  refreshBatchTotalsOps,
} from '../../db/repos/batches-repo';
import { getPayoutByTransactionIdOps, insertPayoutOps, transactionIdTakenOps } from '../../db/repos/payouts-repo';
import { type Ops, transaction } from '../../db/store/ops';
import type { JournalDeps } from '../journal/deps';
import { BATCH_ID_PREFIX, mintId, PAYOUT_ID_PREFIX } from '../journal/ids';
import { transitionPayoutsOps } from '../journal/transition';
import { uniqueBatchNameOps } from './batch-name';
import { holdRowsOps, payeeVerdictsOps, rowsToHoldOps } from './payee-verdicts';
import type { Candidate, StageIssue, StageInput } from './stage';
import { type HoldCandidate, heldStageIssue } from './stage-payee';
import { draftColumns } from './stage-rows';

/**
 * The staging transaction (stage.ts validates first): the import, the DRAFT batch, its chunks and rows, the
 * repeats left out and the mismatches held, and the batch's audit entry — all committed together, on either engine.
 */

/** Audit action of a repeat that staging left out; pre-flight finds the left-out repeats by it. */
export const LEAVE_OUT_REPEAT = 'leave_out_repeat';

export type StageWriteContext = {
  input: StageInput;
  kind: BatchKind;
  parentBatchId: number | null;
  candidates: readonly Candidate[];
  labels: Partial<Record<FieldKey, string>>;
  errors: number;
  warnings: number;
  environment: Environment;
  chunkSize: number;
  now: Date;
};

/** What the transaction wrote. Returned, never accumulated in the caller's state: PostgreSQL may run it twice. */
export type StageWritten = {
  batchId: number;
  issues: StageIssue[];
  rowCount: number;
  totalPaise: number;
  blockedRows: number;
  leftOut: number;
  leftOutPaise: number;
  held: number;
  heldPaise: number;
};

export function* stageWriteOps(
  deps: Pick<JournalDeps, 'now' | 'verificationCacheDays'>,
  c: StageWriteContext,
): Ops<StageWritten> {
  return yield* transaction(() => writeBody(deps, c));
}

function* writeBody(deps: Pick<JournalDeps, 'now' | 'verificationCacheDays'>, c: StageWriteContext): Ops<StageWritten> {
  const { input, candidates, labels, now, environment, chunkSize } = c;
  const at = now.toISOString();
  const issues: StageIssue[] = [];
  let blockedRows = 0;
  let leftOutPaise = 0;
  const importId =
    input.importId ??
    (yield* insertImportOps({
      fileName: input.fileName,
      sha256: input.sha256.toLowerCase(),
      kind: 'payouts',
      rows: input.rows.length,
      valid: candidates.length,
      errors: c.errors,
      warnings: c.warnings,
      totalPaise: candidates.reduce((s, x) => s + x.draft.amountPaise, 0),
      environment,
      at,
    }));
  const id = yield* insertBatchOps({
    importId,
    parentBatchId: c.parentBatchId,
    name: yield* uniqueBatchNameOps(input.name ?? input.fileName.replace(/\.[^.]+$/, '')),
    environment,
    kind: c.kind,
    createdAt: at,
  });
  // Single payouts go out on the single-payout call: no chunk, no batchTransactionId.
  const chunkIds: number[] = [];
  if (c.kind !== 'single') {
    for (let seq = 0; seq * chunkSize < candidates.length; seq++) {
      let btid = mintId(BATCH_ID_PREFIX, now);
      while (yield* batchTransactionIdTakenOps(btid)) btid = mintId(BATCH_ID_PREFIX, now);
      chunkIds.push(yield* insertChunkOps({ batchId: id, seq, batchTransactionId: btid }));
    }
  }
  const usedHere = new Set<string>();
  const leftOut: { id: number; repeatOf: number; row: number }[] = [];
  const payable: HoldCandidate[] = [];
  for (const [i, cand] of candidates.entries()) {
    const d = cand.draft;
    const own = d.transactionId;
    const ownKey = own?.toUpperCase();
    let requested: string | null = null;
    let txn: string;
    if (own && ownKey && !usedHere.has(ownKey) && !(yield* transactionIdTakenOps(own))) {
      txn = own;
    } else {
      // Already in history: stage under a minted id so the row can be shown, and let pre-flight block it.
      if (own) {
        requested = own;
        blockedRows++;
        const prior = yield* getPayoutByTransactionIdOps(own);
        issues.push({
          row: d.row,
          column: labels.transactionId ?? 'Transaction ID',
          field: 'transactionId',
          code: 'transaction_id_exists',
          severity: 'error',
          message: prior
            ? `Transaction ID ${own} was already used by batch #${prior.batchId} (row ${prior.rowNumber}, ${prior.state}); paying it again is blocked.`
            : `Transaction ID ${own} is used twice in this sheet.`,
        });
      }
      txn = mintId(PAYOUT_ID_PREFIX, now);
      while (usedHere.has(txn) || (yield* transactionIdTakenOps(txn))) txn = mintId(PAYOUT_ID_PREFIX, now);
    }
    usedHere.add(txn.toUpperCase());
    const cols = draftColumns(d);
    const payoutId = yield* insertPayoutOps({
      batchId: id,
      chunkId: chunkIds[Math.floor(i / chunkSize)] ?? null,
      rowNumber: d.row,
      transactionId: txn,
      ...cols,
      state: 'DRAFT',
      createdAt: at,
      requestedTransactionId: requested,
      idFromSheet: txn === own,
    });
    if (cand.repeatOf !== undefined) {
      leftOut.push({ id: payoutId, repeatOf: cand.repeatOf, row: d.row });
      leftOutPaise += d.amountPaise;
    } else {
      payable.push({
        id: payoutId,
        rowNumber: d.row,
        transactionId: txn,
        amountPaise: d.amountPaise,
        mode: d.mode,
        payeeName: cols.payeeName ?? null,
        accountNumber: cols.accountNumber ?? null,
        ifsc: cols.ifsc ?? null,
        vpa: cols.vpa ?? null,
      });
    }
  }
  // Staged, then left out in the same transaction: the row keeps its data for "Include", and the audit
  // trail says why it is not paid. CANCELLED rows are outside the batch total.
  yield* transitionPayoutsOps(
    leftOut.map((r) => ({
      id: r.id,
      from: 'DRAFT' as const,
      to: 'CANCELLED' as const,
      action: LEAVE_OUT_REPEAT,
      data: { batchId: id, rowNumber: r.row, repeatOfRow: r.repeatOf },
    })),
    { at: now },
  );
  // A verified mismatch never enters the payable set: held like a repeat, back only with a reason.
  const hold = yield* rowsToHoldOps(payable, yield* payeeVerdictsOps(deps, environment, payable));
  const held = yield* holdRowsOps(id, hold, now, 'stage');
  for (const r of hold) issues.push(heldStageIssue(r, labels));
  const totals = yield* refreshBatchTotalsOps(id);
  yield* appendAuditOps({
    at,
    entity: 'batch',
    entityId: String(id),
    action: 'stage',
    fromState: null,
    toState: 'DRAFT',
    data: {
      rows: totals.rowCount,
      totalPaise: totals.totalPaise,
      chunks: chunkIds.length,
      importId,
      environment,
      leftOutRepeats: leftOut.length,
      heldMismatches: held,
    },
  });
  return {
    batchId: id,
    issues,
    rowCount: totals.rowCount,
    totalPaise: totals.totalPaise,
    blockedRows,
    leftOut: leftOut.length,
    leftOutPaise,
    held,
    heldPaise: hold.reduce((sum, r) => sum + r.amountPaise, 0),
  };
}
