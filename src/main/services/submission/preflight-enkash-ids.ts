import { formatPaise } from '../../../shared/domain/money';
import { all, named, type Ops } from '../../db/store/ops';
import type { EnkashClient } from '../../enkash/client';
import type { PayoutRecord } from '../../enkash/payout-outputs';
import { maskAccount } from '../../../shared/domain/mask';
import { formatIst } from '../../../shared/domain/ist';
import { pickNewest } from '../journal/states';
import { runLimited } from '../journal/run-limited';
import { type Finding, finding, type FindingRow } from './preflight-checks';

/**
 * Ids the sheet supplied are looked up at EnKash before anything is confirmed (issue 9 point 3): another desk,
 * an earlier installation or a person in EnKash's portal may already have used one. EnKash would refuse our
 * create with a 409, and that 409 tells nothing about whose payout holds the id — so the user must see, before
 * paying, which payout it is (when, how much, to whom) and give the row a new id or drop it.
 *
 * Only a found record blocks. A failed lookup is a warning, not a block: EnKash still refuses a used id, and the
 * 409 path then searches the id and shows the row as a CONFLICT, never as paid.
 */

type IdRow = { id: number; rowNumber: number; transactionId: string };

export type EnkashIdFindings = { blocks: Finding[]; warnings: Finding[] };

export function* sheetIdRowsOps(payoutIds: readonly number[]): Ops<IdRow[]> {
  if (!payoutIds.length) return [];
  const wanted = new Set(payoutIds);
  const rows = yield* all<IdRow>(
    named(
      `SELECT p.id, p.row_number AS rowNumber, p.transaction_id AS transactionId
       FROM payouts p WHERE p.batch_id = (SELECT batch_id FROM payouts WHERE id = @first) AND p.id_from_sheet = 1
       ORDER BY p.row_number, p.id`,
      { first: payoutIds[0] },
    ),
  );
  return rows.filter((r) => wanted.has(r.id));
}

function describe(record: PayoutRecord): string {
  const echo = record as PayoutRecord & { accountNumber?: string | null; vpa?: string | null };
  const amount = record.amountPaise !== null ? formatPaise(record.amountPaise) : 'an unknown amount';
  const payee = echo.vpa
    ? `VPA ${echo.vpa}`
    : echo.accountNumber
      ? `account ${maskAccount(echo.accountNumber)}`
      : record.beneficiaryId
        ? `beneficiary ${record.beneficiaryId}`
        : 'an unknown payee';
  const when = record.createdOn && !Number.isNaN(Date.parse(record.createdOn));
  const at = when ? ` on ${formatIst(new Date(record.createdOn as string))} IST` : '';
  const mode = record.mode ? `${record.mode} ` : '';
  return `${amount} ${mode}payout to ${payee}${at}, status ${record.status ?? 'not reported'}`;
}

export async function enkashIdFindings(
  client: EnkashClient,
  rows: IdRow[],
  concurrency: number,
): Promise<EnkashIdFindings> {
  const used: FindingRow[] = [];
  const unchecked: FindingRow[] = [];
  await runLimited(
    rows.map((row) => async () => {
      try {
        const res = await client.searchPayouts({ transactionId: row.transactionId });
        // A search that ignores its filter answers other payouts too: only the exact id counts.
        const mine = res.items.filter((i) => i.transactionId.toUpperCase() === row.transactionId.toUpperCase());
        if (!mine.length) return;
        const record = pickNewest(mine);
        used.push({
          payoutId: row.id,
          rowNumber: row.rowNumber,
          transactionId: row.transactionId,
          detail: describe(record),
        });
      } catch {
        unchecked.push({ payoutId: row.id, rowNumber: row.rowNumber, transactionId: row.transactionId });
      }
    }),
    concurrency,
  );
  const byRow = (a: FindingRow, b: FindingRow) => a.rowNumber - b.rowNumber;
  const blocks = used.length
    ? [
        finding(
          'transaction_id_at_enkash',
          `${used.length} transaction ID(s) from the sheet already exist at EnKash (details per row). EnKash would refuse them; clear the ID cell so a new one is made, or remove the row.`,
          used.sort(byRow),
        ),
      ]
    : [];
  const warnings = unchecked.length
    ? [
        finding(
          'transaction_id_unchecked',
          `${unchecked.length} transaction ID(s) from the sheet could not be looked up at EnKash. If one is already used there, EnKash will refuse it and the row will be shown as a conflict, never as paid.`,
          unchecked.sort(byRow),
        ),
      ]
    : [];
  return { blocks, warnings };
}
