/** Deterministic payout sheets for the sheet benchmarks (not a bench file itself). */

const IFSCS = ['SBIN0000300', 'HDFC0000240', 'ICIC0000001', 'UTIB0000001', 'PUNB0244200', 'YESB0000001', 'BARB0VJVASH'];
const NAMES = ['Ravi Kumar', 'Priya Sharma', 'Anil Verma', 'Meena Iyer', 'Suresh Patel', 'Kavita Rao', 'Deepa Nair'];

/** A CSV of `rows` payouts: mostly valid, with a sprinkling of real mistakes so every rule path runs. */
export function payoutCsv(rows: number): Uint8Array {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  const lines = ['\ufeffSr No,Beneficiary Name,A/c No,IFSC Code,UPI ID,Amount (₹),Payment Mode,Narration,Ref No'];
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
    lines.push([i + 1, NAMES[r % NAMES.length], account, ifsc, vpa, amount, mode, remark, `INV${i}`].join(','));
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
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
