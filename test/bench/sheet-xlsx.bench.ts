/**
 * XLSX import, 100,000 rows: our read (limits-checked unzip + read-excel-file + cells as text) against
 * read-excel-file alone on the same bytes (issue 15 point 5, goal ≤ 1.5×). The workbook is built once here with
 * exceljs from the same payout rows the CSV bench uses, so both sides read shared strings and numbers.
 * Medians of 7 runs each.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/universal';
import { parseXlsxBytes } from '../../src/shared/sheet/xlsx-parse';
import { mb, payoutCsv } from './sheet-data';

const ROWS = 100_000;

async function payoutWorkbook(rows: number): Promise<Uint8Array> {
  const table = Papa.parse<string[]>(new TextDecoder().decode(payoutCsv(rows)).replace(/^\ufeff/, ''), {
    skipEmptyLines: true,
  }).data;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Payouts');
  ws.addRow(table[0]!);
  // Amount and serial number as real numbers, as a spreadsheet user would have them; the rest as text.
  for (const row of table.slice(1))
    ws.addRow(row.map((v, c) => (c === 0 || c === 5 ? Number(v.replace(/,/g, '')) : v)));
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const bytes = await payoutWorkbook(ROWS);
// read-excel-file takes an ArrayBuffer; the copy is made once, outside the timing.
const buffer = bytes.slice().buffer;

let theirRows = 0;
let ourRows = 0;
const readers = {
  theirs: async () => {
    const sheets = await readXlsxFile(buffer);
    theirRows = sheets[0]!.data.length;
  },
  ours: async () => {
    const out = await parseXlsxBytes(bytes, 'bench.xlsx');
    if (!out.ok) throw new Error(out.error.message);
    ourRows = out.sheet.rows.length;
  },
};

// The two readers take turns, run after run, so a busy machine slows both alike; medians, as issue 15 asks.
const times: Record<keyof typeof readers, number[]> = { theirs: [], ours: [] };
for (let run = 0; run < 7; run++) {
  for (const name of ['theirs', 'ours'] as const) {
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    await readers[name]();
    times[name].push(performance.now() - start);
  }
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1]!;
const baseline = median(times.theirs);
const ours = median(times.ours);

console.log(`   input: ${ROWS.toLocaleString('en-IN')} rows, ${mb(bytes.length)} .xlsx`);
console.log(`   read-excel-file alone      ${baseline.toFixed(0).padStart(6)} ms   (${theirRows} rows incl. header)`);
console.log(
  `   our xlsx read              ${ours.toFixed(0).padStart(6)} ms   ratio ${(ours / baseline).toFixed(2)}× read-excel-file (${ourRows} data rows)`,
);
