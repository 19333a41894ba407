/** Deterministic payout sheets for the sheet benchmarks (not a bench file itself). */
import { closeSync, openSync, writeSync } from 'node:fs';

const IFSCS = ['SBIN0000300', 'HDFC0000240', 'ICIC0000001', 'UTIB0000001', 'PUNB0244200', 'YESB0000001', 'BARB0VJVASH'];
const NAMES = ['Ravi Kumar', 'Priya Sharma', 'Anil Verma', 'Meena Iyer', 'Suresh Patel', 'Kavita Rao', 'Deepa Nair'];

const HEADER = '\ufeffSr No,Beneficiary Name,A/c No,IFSC Code,UPI ID,Amount (₹),Payment Mode,Narration,Ref No';

/** The sheet's lines, header first: mostly valid, with a sprinkling of real mistakes so every rule path runs. */
function* payoutLines(rows: number): Generator<string> {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  yield HEADER;
  for (let i = 0; i < rows; i++) {
    const r = next();
    const upi = r % 10 === 0;
    const account = upi ? '' : String(100000000000 + (next() % 899999999999));
    const ifsc = upi ? '' : r % 97 === 0 ? 'SBINO000300' : IFSCS[r % IFSCS.length]!;
    const vpa = upi ? `payee${i}@okaxis` : '';
    const rupees = 100 + (next() % 150000);
    const amount = r % 3 === 0 ? `"${rupees.toLocaleString('en-IN')}.50"` : String(rupees);
    const mode = upi ? 'UPI' : r % 5 === 0 ? '' : rupees > 200000 ? 'NEFT' : 'IMPS';
    const remark = r % 89 === 0 ? 'Salary-March' : 'Salary March';
    yield [i + 1, NAMES[r % NAMES.length], account, ifsc, vpa, amount, mode, remark, `INV${i}`].join(',');
  }
}

/** A CSV of `rows` payouts, CRLF line ends, with a BOM. */
export function payoutCsv(rows: number): Uint8Array {
  return new TextEncoder().encode(`${[...payoutLines(rows)].join('\r\n')}\r\n`);
}

/**
 * The same CSV as `payoutCsv`, written to `path` in slices, so a million-row fixture never sits whole in this
 * process (the processes that measure it read it from disk). Returns the file's size in bytes.
 */
export function writePayoutCsv(path: string, rows: number): number {
  const fd = openSync(path, 'w');
  let size = 0;
  let slice: string[] = [];
  const flush = () => {
    const chunk = Buffer.from(`${slice.join('\r\n')}\r\n`, 'utf8');
    writeSync(fd, chunk);
    size += chunk.length;
    slice = [];
  };
  try {
    for (const line of payoutLines(rows)) {
      slice.push(line);
      if (slice.length === 20_000) flush();
    }
    if (slice.length) flush();
  } finally {
    closeSync(fd);
  }
  return size;
}

export function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Best (minimum) wall time of `runs` runs, in ms. */
export async function best(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}
