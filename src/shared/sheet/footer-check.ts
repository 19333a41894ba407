import { formatPaise } from '../format/rupees';
import type { SheetFooter } from './footer';
import { footerAmountPaise } from './footer';

/** The sheet's own total compared with the sum of its rows; shown on the import screen and by `cli validate`. */
export type FooterCheck = {
  /** Excel row of the total used. */
  row: number;
  label: string;
  /** What the total row says; null when its amount cell could not be read. */
  sheetTotalPaise: number | null;
  /** Sum of every row above it with a readable amount, errors or not (the register's SUM counts them too). */
  rowsSumPaise: number;
  /** sheet total − rows' sum; null when the total could not be read. */
  differencePaise: number | null;
  /** Rows above the total whose amount could not be read, so are not in the sum. */
  rowsWithoutAmount: number;
  message: string;
};

/** The total the cross-check uses: the last grand total / total row (sub-totals cover only part of the sheet). */
export function checkedFooter(footers: readonly SheetFooter[] | undefined): SheetFooter | null {
  if (!footers) return null;
  for (let i = footers.length - 1; i >= 0; i--) if (!footers[i]!.subtotal) return footers[i]!;
  return null;
}

/**
 * Compares the total row with the rows' sum. `amountAt(i)` is row i's amount in paise (null: unreadable) and
 * `rowNumbers[i]` its Excel row; only rows above the total count. Integer paise, summed as bigint. A getter, not
 * an array: this runs after every edit, and a million-row copy per keystroke is waste.
 */
export function checkFooterTotal(
  footer: SheetFooter,
  amountColumn: number,
  rowNumbers: ArrayLike<number>,
  amountAt: (index: number) => number | null,
): FooterCheck {
  let sum = 0n;
  let rowsWithoutAmount = 0;
  for (let i = 0; i < rowNumbers.length; i++) {
    if (rowNumbers[i]! > footer.row) continue;
    const a = amountAt(i);
    if (a === null) rowsWithoutAmount++;
    else sum += BigInt(a);
  }
  const rowsSumPaise = Number(sum);
  const cell = (footer.cells[amountColumn] ?? '').trim();
  const sheetTotalPaise = footerAmountPaise(cell);
  const differencePaise = sheetTotalPaise === null ? null : sheetTotalPaise - rowsSumPaise;
  const missing =
    rowsWithoutAmount > 0
      ? ` ${rowsWithoutAmount} ${rowsWithoutAmount === 1 ? 'row has' : 'rows have'} no readable amount and ${rowsWithoutAmount === 1 ? 'is' : 'are'} not in the sum.`
      : '';
  let message: string;
  if (sheetTotalPaise === null) {
    message = `The total row ${footer.row} ("${footer.label}") has no readable amount${cell ? ` ("${cell}")` : ''}, so the rows' sum ${formatPaise(rowsSumPaise)} could not be checked.${missing}`;
  } else if (differencePaise === 0) {
    message = `The rows' sum ${formatPaise(rowsSumPaise)} matches the sheet's total ${formatPaise(sheetTotalPaise)} (row ${footer.row}).${missing}`;
  } else {
    const by = formatPaise(Math.abs(differencePaise!));
    message = `The sheet's total ${formatPaise(sheetTotalPaise)} differs from the rows' sum ${formatPaise(rowsSumPaise)} by ${by} (total on row ${footer.row}, left out of the payouts). Check for a missing or changed row.${missing}`;
  }
  return {
    row: footer.row,
    label: footer.label,
    sheetTotalPaise,
    rowsSumPaise,
    differencePaise,
    rowsWithoutAmount,
    message,
  };
}
