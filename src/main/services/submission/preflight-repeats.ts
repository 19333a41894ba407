import { formatPaise } from '../../../shared/domain/money';
import { payeeKey } from '../../../shared/rules/duplicates';
import type { Db } from '../../db/open';
import { all, named, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import { type Finding, finding, type FindingRow, type Row } from './preflight-checks';
import { LEAVE_OUT_REPEAT } from './stage';

/**
 * Pre-flight's in-batch repeat checks (issue 17 point 1): the repeats staging left out are listed so a person can
 * include one with a click (draft-edit.ts includeRows), and rows that pay the same payee the same amount under
 * another remark or reference — two real payments as often as a mistake — stay a warning.
 */

/** Audit action that puts a left-out or excluded row back into its draft (draft-edit.ts). */
export const INCLUDE_ACTION = 'include';

type LeftOut = { id: number; rowNumber: number; transactionId: string; amountPaise: number; data: string };

/** CANCELLED rows of the batch that staging left out as repeats and nobody has included since. */
export function leftOutRepeats(db: Db, batchId: number): (FindingRow & { amountPaise: number })[] {
  return runSqlite(db, leftOutRepeatsOps(batchId));
}

export function* leftOutRepeatsOps(batchId: number): Ops<(FindingRow & { amountPaise: number })[]> {
  const rows = yield* all<LeftOut>(
    named(
      `SELECT p.id, p.row_number AS rowNumber, p.transaction_id AS transactionId, p.amount_paise AS amountPaise, a.data
     FROM payouts p
     JOIN audit_log a ON a.entity = 'payout' AND a.entity_id = p.transaction_id AND a.action = @leaveOut
     WHERE p.batch_id = @batchId AND p.state = 'CANCELLED'
       AND NOT EXISTS (SELECT 1 FROM audit_log i WHERE i.entity = 'payout' AND i.entity_id = p.transaction_id
                       AND i.action = @include)
     ORDER BY p.row_number, p.id`,
      { batchId, leaveOut: LEAVE_OUT_REPEAT, include: INCLUDE_ACTION },
    ),
  );
  return rows.map((r) => {
    const of = (JSON.parse(r.data) as { repeatOfRow?: number }).repeatOfRow;
    return {
      payoutId: r.id,
      rowNumber: r.rowNumber,
      transactionId: r.transactionId,
      amountPaise: r.amountPaise,
      detail: `Repeats row ${of ?? '?'}: ${formatPaise(r.amountPaise)} to the same payee with the same remark`,
    };
  });
}

export function* repeatLeftOutFindingsOps(batchId: number): Ops<Finding[]> {
  const rows = yield* leftOutRepeatsOps(batchId);
  if (!rows.length) return [];
  const paise = rows.reduce((s, r) => s + r.amountPaise, 0);
  return [
    finding(
      'repeat_left_out',
      `${rows.length} repeated row(s) (${formatPaise(paise)}) are left out and will not be paid: each repeats an earlier row exactly. Include one only if that payee is really paid twice.`,
      rows.map(({ amountPaise: _a, ...r }) => r),
    ),
  ];
}

/** Later rows paying the same payee the same amount as an earlier row of this batch (another remark/reference). */
export function samePayeeAmountFindings(rows: readonly Row[]): Finding[] {
  const first = new Map<string, Row>();
  const items: FindingRow[] = [];
  for (const r of rows) {
    const who = payeeKey({
      accountNumber: r.accountNumber ?? undefined,
      ifsc: r.ifsc ?? undefined,
      vpa: r.vpa ?? undefined,
      beneficiaryId: r.beneficiaryId ?? undefined,
    });
    if (who === null) continue;
    const key = `${who}#${r.amountPaise}`;
    const earlier = first.get(key);
    if (!earlier) first.set(key, r);
    else
      items.push({
        payoutId: r.id,
        rowNumber: r.rowNumber,
        transactionId: r.transactionId,
        detail: `Same payee and ${formatPaise(r.amountPaise)} as row ${earlier.rowNumber}`,
      });
  }
  if (!items.length) return [];
  return [
    finding(
      'same_payee_amount',
      `${items.length} row(s) pay the same payee the same amount as another row of this batch. Check they are meant to be paid twice.`,
      items,
    ),
  ];
}
