import { AppError } from '../../../shared/domain/errors';
import { parseSheetBytes } from '../../../shared/sheet/parse-sheet';
import type { ParsedSheet } from '../../../shared/sheet/parsed-sheet';
import { ledgerNamesFromTallyXml } from './tally-ledgers';

/**
 * The ledger names in a Tally "List of Accounts" export, XML or Excel (TallyPrime exports both). The Excel file
 * is read by the same sheet parser as the payee sheets (read-excel-file after our size-limited unzip), so every
 * name comes back exactly as typed.
 */

/** Headers of the column that holds the ledger names in TallyPrime's Excel exports (and hand-made lists). */
const NAME_HEADERS = new Set([
  'name',
  'names',
  'ledger',
  'ledgers',
  'ledger name',
  'name of ledger',
  'particulars',
  'account',
  'account name',
]);

// An amount, a date or a count is never a ledger name (an opening-balance column, say).
const NOT_A_NAME = /^[-+\d.,\s()/₹:]*(dr|cr)?$/i;

function tidy(cell: string): string {
  return cell.replace(/\s+/g, ' ').trim();
}

/**
 * The names of an Excel List of Accounts: the column headed Name / Ledger / Particulars when there is one (an
 * "Under" column holds group names, which are not ledgers); otherwise every text cell, because the tree view
 * export puts groups and ledgers in one indented column and a known group name is a harmless extra.
 */
export function ledgerNamesFromSheet(sheet: Pick<ParsedSheet, 'headers' | 'rows'>): Set<string> {
  const column = sheet.headers.findIndex((h) => NAME_HEADERS.has(tidy(h).toLowerCase()));
  const cells = column >= 0 ? sheet.rows.map((r) => r[column] ?? '') : [...sheet.headers, ...sheet.rows.flat()];
  const names = new Set<string>();
  for (const cell of cells) {
    const name = tidy(cell);
    if (name && !NOT_A_NAME.test(name)) names.add(name);
  }
  return names;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];

/** Reads a List of Accounts by its content: an .xlsx workbook (a zip) or Tally's XML (UTF-8 or UTF-16). */
export async function ledgerNamesFromTallyList(bytes: Uint8Array, fileName: string): Promise<Set<string>> {
  const isZip = ZIP.every((b, i) => bytes[i] === b);
  if (!isZip && !OLE2.every((b, i) => bytes[i] === b)) return ledgerNamesFromTallyXml(bytes);
  const outcome = await parseSheetBytes(bytes, fileName);
  if (!outcome.ok) throw new AppError('invalid_input', outcome.error.message);
  const names = ledgerNamesFromSheet(outcome.sheet);
  if (!names.size) throw new AppError('invalid_input', 'No ledger names found in the Tally list of accounts (Excel).');
  return names;
}
