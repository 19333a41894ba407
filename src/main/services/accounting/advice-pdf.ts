import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportTable } from '../../../shared/domain/export-table';
import { formatPaise } from '../../../shared/domain/money';
import { paiseInWords } from '../../../shared/format/amount-words';
import { AppError } from '../../../shared/domain/errors';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import { all, q, type Ops } from '../../db/store/ops';
import type { Store } from '../../db/store/store';
import { getAccountingSettingOps, setAccountingSettingOps } from './accounting-settings';
import { maskAccount } from '../../../shared/domain/mask';
import { formatIst } from '../../../shared/domain/ist';
import { writeAtomically } from '../exports/atomic-file';
import { writeTableFile } from '../exports/table-file';

/**
 * Payment advice: one PDF per paid payout of a batch (what a payee asks for as proof), plus an email-ready CSV
 * (nothing is sent). The font is embedded DejaVu Sans (resources/fonts, with its licence) because the PDF
 * standard fonts have no ₹ glyph. The account number is masked: an advice is forwarded around by email.
 */

const PAYER_KEY = 'advice.payer';

/** The remembered payer; null before the user named one. */
export function getPayerOps(): Ops<string | null> {
  return getAccountingSettingOps(PAYER_KEY);
}

export function* setPayerOps(name: string, at: Date): Ops<void> {
  const payer = name.replace(/\s+/g, ' ').trim();
  if (!payer || payer.length > 200) throw new AppError('invalid_input', 'The payer name is empty or too long.');
  yield* setAccountingSettingOps(PAYER_KEY, payer, at);
}

export type AdviceRow = {
  transactionId: string;
  payeeName: string;
  email: string | null;
  accountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  amountPaise: number;
  mode: string;
  utr: string | null;
  reference: string | null;
  remark: string | null;
  finalAt: string;
};

/** The lines of one advice, label → value (shared by the PDF and the email body). */
export function adviceLines(payer: string, r: AdviceRow): [string, string][] {
  const to = r.accountNumber
    ? `A/c ${maskAccount(r.accountNumber)}${r.ifsc ? ` (IFSC ${r.ifsc})` : ''}`
    : (r.vpa ?? '');
  return [
    ['Payer', payer],
    ['Payee', r.payeeName],
    ['Paid to', to],
    ['Amount', formatPaise(r.amountPaise)],
    ['Amount in words', paiseInWords(r.amountPaise)],
    ['Mode', r.mode],
    ['UTR', r.utr ?? '—'],
    ['Date and time (IST)', formatIst(new Date(r.finalAt))],
    ['Reference', r.reference ?? '—'],
    ['Remark', r.remark ?? '—'],
    ['Transaction ID', r.transactionId],
  ];
}

/** One advice as PDF bytes. */
export async function advicePdf(payer: string, r: AdviceRow, fontDir: string): Promise<Buffer> {
  // Loaded on first use, like exceljs: pdfkit and its font stack would slow every CLI start otherwise.
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    // A fixed creation date: the same advice gives the same file (and no wall clock in the output).
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: `Payment advice ${r.transactionId}`, CreationDate: new Date(r.finalAt) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('body', join(fontDir, 'DejaVuSans.ttf'));
    doc.registerFont('bold', join(fontDir, 'DejaVuSans-Bold.ttf'));
    doc.font('bold').fontSize(18).text('Payment advice');
    doc.moveDown();
    for (const [label, value] of adviceLines(payer, r)) {
      doc.font('bold').fontSize(10).text(label);
      doc.font('body').fontSize(12).text(value);
      doc.moveDown(0.5);
    }
    doc.end();
  });
}

/** The paid payouts of a batch, in sheet order, as the advices show them (AppError when there is no such batch). */
function* paidRowsOps(batchId: number): Ops<AdviceRow[]> {
  if (!(yield* getBatchRowOps(batchId))) throw new AppError('not_found', 'No such batch.', { batchId });
  return yield* all<AdviceRow>(
    q`SELECT transaction_id AS transactionId, coalesce(payee_name, vpa, beneficiary_id, '') AS payeeName, email,
      account_number AS accountNumber, ifsc, vpa, amount_paise AS amountPaise, mode, utr, reference, remark,
      coalesce(final_at, updated_at) AS finalAt
    FROM payouts WHERE batch_id = ${batchId} AND state = 'SUCCESS' ORDER BY row_number, id`,
  );
}

export type AdviceResult = { dir: string; files: string[]; emailCsv: string };

export type AdviceOptions = { dir: string; payer: string; fontDir: string };

/** Writes `<txnId>.pdf` per paid payout and `emails.csv` into `dir`, on either engine. */
export async function writeAdvicesOn(store: Store, batchId: number, opts: AdviceOptions): Promise<AdviceResult> {
  const rows = await store.run(paidRowsOps(batchId));
  if (!rows.length) throw new AppError('not_found', 'No paid payouts in this batch.');
  await mkdir(opts.dir, { recursive: true });
  const files: string[] = [];
  for (const r of rows) {
    const file = join(opts.dir, `${r.transactionId}.pdf`);
    const pdf = await advicePdf(opts.payer, r, opts.fontDir);
    await writeAtomically(file, (temp) => writeFile(temp, pdf, { flag: 'wx' }));
    files.push(file);
  }
  const table: ExportTable = {
    columns: [
      { header: 'Email', type: 'text' },
      { header: 'Subject', type: 'text' },
      { header: 'Body', type: 'text' },
      { header: 'Attachment', type: 'text' },
    ],
    rows: rows.map((r) => [
      r.email ?? '',
      `Payment advice from ${opts.payer}: ${formatPaise(r.amountPaise)}`,
      `Dear ${r.payeeName},\n\n${adviceLines(opts.payer, r)
        .map(([l, v]) => `${l}: ${v}`)
        .join('\n')}\n\nRegards,\n${opts.payer}`,
      `${r.transactionId}.pdf`,
    ]),
  };
  const emailCsv = join(opts.dir, 'emails.csv');
  await writeTableFile(emailCsv, 'csv', table);
  return { dir: opts.dir, files, emailCsv };
}
