import type { ColumnMapping } from './column-mapping';
import type { FieldKey } from './fields';
import type { ParsedSheet, ParseRowProblem } from './parsed-sheet';
import type { MappedRow } from './row-draft';
import { tableCellsInto } from './sheet-table';

/**
 * A parsed sheet's rows read through a column mapping as field → text rows (MappedRow): the full validation path
 * of a row that is not plain (validation-state.ts), a row's draft, and the rows handed to main at staging.
 */

export function mappingEntries(mapping: ColumnMapping): [FieldKey, number][] {
  return Object.entries(mapping) as [FieldKey, number][];
}

export function problemsByRow(parsed: ParsedSheet): Map<number, ParseRowProblem[]> {
  const problems = new Map<number, ParseRowProblem[]>();
  for (const p of parsed.rowProblems) problems.set(p.row, [...(problems.get(p.row) ?? []), p]);
  return problems;
}

/** The mapping read for a pass over rows: its fields, their columns, and a scratch list for the cells. */
export type RowReader = { fields: FieldKey[]; cols: Int32Array; cells: string[] };

export function rowReader(entries: [FieldKey, number][]): RowReader {
  return {
    fields: entries.map(([field]) => field),
    cols: Int32Array.from(entries, ([, col]) => col),
    cells: entries.map(() => ''),
  };
}

/**
 * `values[field] = text` as a store by name: a keyed store whose key changes cell after cell is megamorphic, and
 * it ran nine times a row (issue 15). The switch compares interned strings; every case is one fixed store.
 */
function setValue(values: MappedRow['values'], field: FieldKey, text: string): void {
  switch (field) {
    case 'beneficiaryId':
      values.beneficiaryId = text;
      return;
    case 'name':
      values.name = text;
      return;
    case 'accountNumber':
      values.accountNumber = text;
      return;
    case 'ifsc':
      values.ifsc = text;
      return;
    case 'vpa':
      values.vpa = text;
      return;
    case 'email':
      values.email = text;
      return;
    case 'phone':
      values.phone = text;
      return;
    case 'amount':
      values.amount = text;
      return;
    case 'mode':
      values.mode = text;
      return;
    case 'remark':
      values.remark = text;
      return;
    case 'reference':
      values.reference = text;
      return;
    case 'transactionId':
      values.transactionId = text;
      return;
    case 'address':
      values.address = text;
      return;
    case 'city':
      values.city = text;
      return;
    case 'state':
      values.state = text;
      return;
    case 'pincode':
      values.pincode = text;
      return;
  }
}

/**
 * Row i of the parsed sheet read into `into` (a row reused for every row of a pass: evaluating a row keeps
 * nothing of it, drafts and issues copy what they need). The row's cells are read in one go (`tableCellsInto`).
 */
export function readRowInto(
  parsed: ParsedSheet,
  reader: RowReader,
  problems: Map<number, ParseRowProblem[]>,
  i: number,
  into: MappedRow,
): MappedRow {
  const { fields, cols, cells } = reader;
  tableCellsInto(parsed.table, i, cols, cells);
  const values = into.values;
  for (let e = 0; e < fields.length; e++) setValue(values, fields[e]!, cells[e]!);
  const numericCells = parsed.numericCells[i];
  let numeric: Partial<Record<FieldKey, string>> | undefined;
  if (numericCells !== undefined) {
    for (let e = 0; e < fields.length; e++) {
      const text = numericCells[cols[e]!];
      if (text !== undefined) (numeric ??= {})[fields[e]!] = text;
    }
  }
  into.row = parsed.rowNumbers[i]!;
  // `delete` only what is there: a delete of an absent property still costs its lookup, row after row.
  if (numeric) into.numeric = numeric;
  else if (into.numeric !== undefined) delete into.numeric;
  const p = problems.size ? problems.get(into.row) : undefined;
  if (p) into.problems = p;
  else if (into.problems !== undefined) delete into.problems;
  return into;
}

/** Turns the parsed sheet's rows into field → text rows through the mapping (what the renderer hands to main). */
export function toMappedRows(parsed: ParsedSheet, mapping: ColumnMapping): MappedRow[] {
  const reader = rowReader(mappingEntries(mapping));
  const problems = problemsByRow(parsed);
  const out: MappedRow[] = [];
  for (let i = 0; i < parsed.rowNumbers.length; i++)
    out.push(readRowInto(parsed, reader, problems, i, { row: 0, values: {} }));
  return out;
}
