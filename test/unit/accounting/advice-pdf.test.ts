import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';
import { DB_FILE } from '../../../src/main/context';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { addBatch, addPayout } from '../history/seed';
import { pdfText } from './pdf-text';
import { captureIo as io } from '../../support/cli-io';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'advice-'));
  db = openDatabase({ file: join(dir, DB_FILE) });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const pdfFileText = (file: string) => pdfText(readFileSync(file));

describe('npm run cli -- advice', () => {
  it('writes one PDF per paid payee with masked account, amount in figures and words, UTR; and an email CSV', async () => {
    const batchId = addBatch(db);
    addPayout(db, {
      batchId,
      transactionId: 'ADV1',
      payeeName: 'Anita Desai',
      accountNumber: '000123456789',
      amountPaise: 12345678,
      mode: 'NEFT',
      utr: 'N111222333444',
      reference: 'INV-9',
      remark: 'Dec fees',
      finalAt: '2026-12-02T18:40:00.000Z',
    });
    addPayout(db, {
      batchId,
      transactionId: 'ADV2',
      payeeName: 'Raj',
      vpa: 'raj@okicici',
      accountNumber: null,
      ifsc: null,
      amountPaise: 5000,
      mode: 'UPI',
      utr: 'U42',
      finalAt: '2026-12-01T06:00:00.000Z',
    });
    addPayout(db, { batchId, transactionId: 'ADV3', amountPaise: 100, state: 'FAILED' });
    db.prepare("UPDATE payouts SET email = 'anita@example.com' WHERE transaction_id = 'ADV1'").run();

    const out = join(dir, 'advices');
    const first = io();
    expect(await runCli(['advice', '--batch', String(batchId), '--out', out, '--data-dir', dir], first, commands)).toBe(
      2,
    );
    const ok = io();
    expect(
      await runCli(
        ['advice', '--batch', String(batchId), '--out', out, '--payer', 'Acme & Co', '--data-dir', dir],
        ok,
        commands,
      ),
    ).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['ADV1.pdf', 'ADV2.pdf', 'emails.csv']);

    const text = await pdfFileText(join(out, 'ADV1.pdf'));
    expect(text).toContain('Acme & Co');
    expect(text).toContain('Anita Desai');
    expect(text).toContain('₹1,23,456.78');
    expect(text).toContain('Rupees One Lakh Twenty Three Thousand Four Hundred Fifty Six and Seventy Eight Paise Only');
    expect(text).toContain('N111222333444');
    expect(text).toContain('********6789');
    expect(text).not.toContain('000123456789');
    expect(text).toContain('2026-12-03 00:10:00');
    expect(text).toContain('INV-9');
    const upi = await pdfFileText(join(out, 'ADV2.pdf'));
    expect(upi).toContain('raj@okicici');
    expect(upi).toContain('Rupees Fifty Only');

    const csv = readFileSync(join(out, 'emails.csv'), 'utf8');
    expect(csv.startsWith('\ufeffEmail,Subject,Body,Attachment')).toBe(true);
    expect(csv).toContain('anita@example.com,"Payment advice from Acme & Co: ₹1,23,456.78"');
    expect(csv).not.toContain('000123456789');

    // The payer is remembered.
    expect(
      await runCli(['advice', '--batch', String(batchId), '--out', join(dir, 'b'), '--data-dir', dir], io(), commands),
    ).toBe(0);
  });
});
