import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenRequest, SaveRequest } from '../../src/main/services/exports/save-desk';
import { setBankLedgerOps } from '../../src/main/services/accounting/tally-ledgers';
import type { Db } from '../../src/main/db/open';
import { paiseToDecimal } from '../../src/shared/domain/money';
import { TEST_SENDER, type TestApp } from '../support/test-app';
import { ENGINES } from '../support/test-store';
import { pdfText } from '../unit/accounting/pdf-text';
import { child, children, parseXml, path, textOf } from '../unit/accounting/xml-tree';
import { addBatch, addPayout, openTestDb, refreshTotals, type TestDb } from '../unit/history/seed';
import { createEngineApp } from './support/engine-app';
import { mirrorSeed } from './support/seed-mirror';

/**
 * Issue 16 in the app: "Export for Tally", "Payment advice" and "Auditor pack" go through main. The handlers ask
 * the injected dialogs (a stub here, Electron's in the app) where to read and write, write there themselves
 * (temp file + rename) and report the path; a cancelled dialog writes and remembers nothing.
 */

const NOW = new Date('2026-12-03T09:15:00Z');

let app: TestApp;
/** Where paidBatch seeds: the app's own SQLite file, or (PostgreSQL) a side file copied into the app's store. */
let seedDb: Db;
let side: TestDb | null = null;
let dir: string;
const saves: SaveRequest[] = [];
const opens: OpenRequest[] = [];
let answerSave: (request: SaveRequest) => string | null = () => null;
let answerOpen: (request: OpenRequest) => string | null = () => null;

const openApp = (engine: 'sqlite' | 'pg') => async () => {
  app = await createEngineApp(engine, {
    now: () => NOW,
    files: {
      chooseSavePath: (request) => {
        saves.push(request);
        return answerSave(request);
      },
      chooseOpenPath: (request) => {
        opens.push(request);
        return answerOpen(request);
      },
    },
  });
  side = engine === 'pg' ? openTestDb() : null;
  seedDb = side?.db ?? app.ctx.db;
};
const closeApp = async () => {
  await app.cleanup();
  side?.close();
  side = null;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'accounting-handlers-'));
  saves.length = 0;
  opens.length = 0;
  answerSave = (request) => join(dir, request.defaultName);
  answerOpen = () => null;
  return () => rmSync(dir, { recursive: true, force: true });
});

async function call<T>(channel: string, input?: unknown): Promise<T> {
  const reply = await app.dispatch(channel, input, TEST_SENDER);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

async function refused(channel: string, input?: unknown) {
  const reply = await app.dispatch(channel, input, TEST_SENDER);
  if (reply.ok) throw new Error(`${channel} should have been refused`);
  return reply.error;
}

const PAID = [
  { payeeName: 'Anita Desai', amountPaise: 12_345_678, utr: 'N111222333444', mode: 'NEFT' },
  { payeeName: 'Raj Traders', amountPaise: 1, utr: 'I555666777888', mode: 'IMPS' },
  { payeeName: 'Meena Iyer', amountPaise: 80_050, utr: 'U42', mode: 'UPI' },
];

/** A batch of three SUCCESS payouts (and a FAILED one); transactionIds are `ACC<batch>X<n>`, unique per batch. */
async function paidBatch(): Promise<{
  batchId: number;
  paid: ((typeof PAID)[number] & { transactionId: string })[];
}> {
  const db = seedDb;
  const batchId = addBatch(db, { name: 'December vendors' });
  const paid = PAID.map((p, i) => ({ ...p, transactionId: `ACC${batchId}X${i + 1}` }));
  for (const p of paid)
    addPayout(db, { batchId, ...p, remark: 'Dec fees', reference: 'INV-9', finalAt: '2026-12-02T18:40:00Z' });
  addPayout(db, {
    batchId,
    transactionId: `ACC${batchId}F`,
    payeeName: 'Failed One',
    amountPaise: 99,
    state: 'FAILED',
  });
  refreshTotals(db, batchId);
  await mirrorSeed(db, app.ctx.store);
  return { batchId, paid };
}

type Saved<T = object> = { status: 'saved'; path: string; fileName: string } & T;
type TallySaved = Saved<{
  payments: number;
  reversals: number;
  netPaise: number;
  ledgers: string[];
  missingLedgers?: string[];
}>;

function vouchersOf(xml: string) {
  const data = path(child(parseXml(xml), 'ENVELOPE'), 'BODY', 'IMPORTDATA', 'REQUESTDATA');
  return children(data, 'TALLYMESSAGE').map((m) => child(m, 'VOUCHER'));
}

describe.each(ENGINES)('accounting handlers (%s)', (engine) => {
  beforeAll(openApp(engine));
  afterAll(closeApp);

  describe('Export for Tally (accounting:save-tally)', () => {
    it('asks for the bank ledger once, writes the file where the user chose, and remembers the ledger', async () => {
      const { batchId, paid } = await paidBatch();
      const settings = await call<{ bankLedger: string | null }>('accounting:get-settings');
      expect(settings.bankLedger).toBeNull();
      const noLedger = await refused('accounting:save-tally', { scope: { kind: 'batch', batchId } });
      expect(noLedger).toMatchObject({ code: 'invalid_input', details: { field: 'bankLedger' } });
      expect(saves).toEqual([]);

      const result = await call<TallySaved>('accounting:save-tally', {
        scope: { kind: 'batch', batchId },
        bankLedger: 'HDFC Current A/c',
      });
      expect(saves).toEqual([
        { defaultName: `tally-batch-${batchId}-2026-12-03.xml`, filters: [{ name: 'Tally XML', extensions: ['xml'] }] },
      ]);
      expect(result).toMatchObject({
        status: 'saved',
        path: join(dir, `tally-batch-${batchId}-2026-12-03.xml`),
        payments: 3,
        reversals: 0,
        netPaise: 12_345_678 + 1 + 80_050,
        ledgers: ['Anita Desai', 'HDFC Current A/c', 'Meena Iyer', 'Raj Traders'],
      });
      expect(result).not.toHaveProperty('missingLedgers');
      expect(readdirSync(dir)).toEqual([result.fileName]);

      // Parsed back: one Payment voucher per SUCCESS payout, amounts to the paisa, UTRs, unique ids = transactionId.
      const vouchers = vouchersOf(readFileSync(result.path, 'utf8'));
      expect(vouchers.map((v) => [v.attrs.VCHTYPE, v.attrs.REMOTEID, textOf(v, 'GUID')])).toEqual(
        paid.map((p) => ['Payment', p.transactionId, p.transactionId]),
      );
      vouchers.forEach((v, i) => {
        const [party, bank] = children(v, 'ALLLEDGERENTRIES.LIST') as [
          ReturnType<typeof child>,
          ReturnType<typeof child>,
        ];
        expect(textOf(party, 'LEDGERNAME')).toBe(PAID[i]!.payeeName);
        expect(textOf(party, 'AMOUNT')).toBe(`-${paiseToDecimal(PAID[i]!.amountPaise)}`);
        expect(textOf(bank, 'LEDGERNAME')).toBe('HDFC Current A/c');
        expect(textOf(bank, 'AMOUNT')).toBe(paiseToDecimal(PAID[i]!.amountPaise));
        const alloc = child(bank, 'BANKALLOCATIONS.LIST');
        expect(textOf(alloc, 'UNIQUEREFERENCENUMBER')).toBe(PAID[i]!.utr);
        expect(textOf(alloc, 'TRANSFERMODE')).toBe(PAID[i]!.mode);
      });

      // Remembered: the next export asks for no ledger.
      expect((await call<{ bankLedger: string }>('accounting:get-settings')).bankLedger).toBe('HDFC Current A/c');
      const again = await call<TallySaved>('accounting:save-tally', { scope: { kind: 'all' } });
      expect(again.fileName).toBe('tally-all-2026-12-03.xml');
      expect(vouchersOf(readFileSync(again.path, 'utf8')).length).toBeGreaterThanOrEqual(3);
    });

    it('a cancelled save dialog writes nothing; a cancelled open dialog neither writes nor remembers', async () => {
      const { batchId } = await paidBatch();
      answerSave = () => null;
      expect(
        await call('accounting:save-tally', { scope: { kind: 'batch', batchId }, bankLedger: 'Cancelled Bank' }),
      ).toEqual({ status: 'cancelled' });
      expect(readdirSync(dir)).toEqual([]);
      expect((await call<{ bankLedger: string }>('accounting:get-settings')).bankLedger).not.toBe('Cancelled Bank');

      // The open dialog (party-ledger file) comes before the save dialog: cancelling it asks for nothing more.
      answerSave = (request) => join(dir, request.defaultName);
      answerOpen = () => null;
      const input = { scope: { kind: 'batch', batchId }, bankLedger: 'Open Cancelled Bank', partyLedgers: true };
      expect(await call('accounting:save-tally', input)).toEqual({ status: 'cancelled' });
      expect([opens.length, saves.length]).toEqual([1, 1]);
      expect(readdirSync(dir)).toEqual([]);
      expect((await call<{ bankLedger: string }>('accounting:get-settings')).bankLedger).not.toBe(
        'Open Cancelled Bank',
      );
    });

    it('maps payees to ledgers from a CSV and lists the ledgers missing from an Excel List of Accounts', async () => {
      const { batchId } = await paidBatch();
      const parties = join(dir, 'parties.csv');
      writeFileSync(parties, 'Payee,Ledger\nAnita Desai,Anita Desai (Consultant)\n');
      // A TallyPrime "List of Accounts" exported to Excel: title rows, then the names under a header.
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('List of Accounts');
      ws.addRow(['Acme Traders Pvt Ltd']);
      ws.addRow(['List of Accounts']);
      ws.addRow([]);
      ws.addRow(['Name', 'Under']);
      ws.addRow(['HDFC Current A/c', 'Bank Accounts']);
      ws.addRow(['anita desai (consultant)', 'Sundry Creditors']);
      ws.addRow(['Meena Iyer', 'Sundry Creditors']);
      const list = join(dir, 'accounts.xlsx');
      await wb.xlsx.writeFile(list);
      answerOpen = (request) => (request.filters.some((f) => f.extensions.includes('csv')) ? parties : list);

      const result = await call<TallySaved>('accounting:save-tally', {
        scope: { kind: 'batch', batchId },
        bankLedger: 'HDFC Current A/c',
        partyLedgers: true,
        ledgerList: true,
      });
      expect(opens.map((o) => o.filters.flatMap((f) => f.extensions))).toEqual([['csv'], ['xml', 'xlsx']]);
      expect(result.ledgers).toContain('Anita Desai (Consultant)');
      // "Sundry Creditors" is the group column, not a ledger; Tally compares names without regard to case.
      expect(result.missingLedgers).toEqual(['Raj Traders']);
      const first = vouchersOf(readFileSync(result.path, 'utf8'))[0]!;
      expect(textOf(first, 'PARTYLEDGERNAME')).toBe('Anita Desai (Consultant)');
    });

    it('reads a List of Accounts in Tally XML too (UTF-16 with a BOM, as Tally writes it)', async () => {
      const { batchId } = await paidBatch();
      const xml =
        '<ENVELOPE><BODY><LEDGER NAME="HDFC Current A/c"></LEDGER><LEDGER NAME="Raj Traders"></LEDGER>' +
        '<LEDGER NAME="Meena Iyer"></LEDGER></BODY></ENVELOPE>';
      const list = join(dir, 'accounts.xml');
      writeFileSync(list, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]));
      answerOpen = () => list;
      const result = await call<TallySaved>('accounting:save-tally', {
        scope: { kind: 'batch', batchId },
        bankLedger: 'HDFC Current A/c',
        ledgerList: true,
      });
      // Only Anita's ledger is missing ("Anita Desai", or its mapped name when the CSV test ran before this one).
      expect(result.missingLedgers).toHaveLength(1);
      expect(result.missingLedgers![0]).toMatch(/^Anita Desai/);
    });
  });

  describe('Payment advice (accounting:save-advice)', () => {
    it('asks for the payer once, then saves one ZIP with a PDF per paid payee and the email CSV', async () => {
      const { batchId, paid } = await paidBatch();
      expect(await refused('accounting:save-advice', { batchId })).toMatchObject({
        code: 'invalid_input',
        details: { field: 'payer' },
      });
      const result = await call<Saved<{ advices: number }>>('accounting:save-advice', {
        batchId,
        payer: 'Acme Traders Pvt Ltd',
      });
      expect(saves.at(-1)).toEqual({
        defaultName: `payment-advice-batch-${batchId}-2026-12-03.zip`,
        filters: [{ name: 'ZIP archive', extensions: ['zip'] }],
      });
      expect(result.advices).toBe(3);
      const zip = unzipSync(readFileSync(result.path));
      expect(Object.keys(zip).sort()).toEqual([...paid.map((p) => `${p.transactionId}.pdf`), 'emails.csv'].sort());
      for (const p of paid) {
        const text = await pdfText(zip[`${p.transactionId}.pdf`]!);
        expect(text).toContain(p.payeeName);
        expect(text).toContain(p.utr);
        expect(text).toContain('Acme Traders Pvt Ltd');
      }
      expect(await pdfText(zip[`${paid[0]!.transactionId}.pdf`]!)).toContain('₹1,23,456.78');
      expect(await pdfText(zip[`${paid[1]!.transactionId}.pdf`]!)).toContain('₹0.01');
      expect(strFromU8(zip['emails.csv']!)).toContain('Payment advice from Acme Traders Pvt Ltd');

      // Remembered: no payer needed the second time; a cancel writes nothing.
      expect((await call<{ payer: string }>('accounting:get-settings')).payer).toBe('Acme Traders Pvt Ltd');
      answerSave = () => null;
      const before = readdirSync(dir);
      expect(await call('accounting:save-advice', { batchId })).toEqual({ status: 'cancelled' });
      expect(readdirSync(dir)).toEqual(before);
    });
  });

  describe('Auditor pack (accounting:save-audit-pack)', () => {
    it('saves the ZIP with the export, confirmation, audit slice, chain verdict and Tally file', async () => {
      const { batchId, paid } = await paidBatch();
      await app.ctx.store.run(setBankLedgerOps('HDFC Current A/c', NOW));
      const result = await call<Saved<{ entries: string[]; chainOk: boolean; tally: boolean }>>(
        'accounting:save-audit-pack',
        { batchId },
      );
      expect(saves.at(-1)?.defaultName).toBe(`audit-pack-batch-${batchId}-2026-12-03.zip`);
      const zip = unzipSync(readFileSync(result.path));
      expect(Object.keys(zip).sort()).toEqual([
        'audit-chain.json',
        'audit-log.json',
        'batch.xlsx',
        'confirmation.json',
        'payee-verification.txt',
        'tally.xml',
      ]);
      expect(result).toMatchObject({ chainOk: true, tally: true });
      expect(JSON.parse(strFromU8(zip['audit-chain.json']!))).toMatchObject({ ok: true });
      expect(vouchersOf(strFromU8(zip['tally.xml']!)).map((v) => v.attrs.REMOTEID)).toEqual(
        paid.map((p) => p.transactionId),
      );

      answerSave = () => null;
      const before = readdirSync(dir);
      expect(await call('accounting:save-audit-pack', { batchId })).toEqual({ status: 'cancelled' });
      expect(readdirSync(dir)).toEqual(before);
      expect(existsSync(join(dir, `audit-pack-batch-${batchId}-2026-12-03.zip`))).toBe(true);
    });

    it('refuses a batch that does not exist before asking where to save', async () => {
      expect(await refused('accounting:save-audit-pack', { batchId: 999_999 })).toMatchObject({ code: 'not_found' });
      expect(saves).toEqual([]);
    });
  });
});
