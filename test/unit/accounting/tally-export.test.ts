import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../src/main/db/audit';
import { exportTally } from '../../../src/main/services/accounting/tally-export';
import {
  getBankLedger,
  ledgerNamesFromTallyXml,
  parsePartyLedgersCsv,
  rememberPartyLedgers,
  setBankLedger,
} from '../../../src/main/services/accounting/tally-ledgers';
import { tallyDate, xmlEscape } from '../../../src/main/services/accounting/tally-xml';
import { addBatch, addPayout, openTestDb, type TestDb } from '../history/seed';
import { child, children, parseXml, path, textOf, type XmlNode } from './xml-tree';

let t: TestDb;
let out: string;

beforeEach(() => {
  t = openTestDb();
  out = mkdtempSync(join(tmpdir(), 'tally-out-'));
});
afterEach(() => {
  t.close();
  rmSync(out, { recursive: true, force: true });
});

function vouchers(xml: string): XmlNode[] {
  const env = child(parseXml(xml), 'ENVELOPE');
  expect(textOf(child(env, 'HEADER'), 'TALLYREQUEST')).toBe('Import Data');
  const imp = path(env, 'BODY', 'IMPORTDATA');
  expect(textOf(child(imp, 'REQUESTDESC'), 'REPORTNAME')).toBe('Vouchers');
  return children(child(imp, 'REQUESTDATA'), 'TALLYMESSAGE').map((m) => child(m, 'VOUCHER'));
}

function entries(v: XmlNode) {
  return children(v, 'ALLLEDGERENTRIES.LIST').map((e) => ({
    ledger: textOf(e, 'LEDGERNAME'),
    positive: textOf(e, 'ISDEEMEDPOSITIVE'),
    amount: textOf(e, 'AMOUNT'),
    bank: children(e, 'BANKALLOCATIONS.LIST')[0],
  }));
}

/** A paid batch: two SUCCESS rows, one REVERSED (SUCCESS first, in the audit log), one FAILED. */
function seedPaidBatch(): number {
  const batchId = addBatch(t.db, { name: 'Dec vendors' });
  addPayout(t.db, {
    batchId,
    transactionId: 'TXNA1',
    payeeName: 'Sharma & Sons <"Pvt"> \'Ltd\'',
    amountPaise: 12345678,
    mode: 'NEFT',
    utr: 'N123456789012',
    reference: 'INV-7',
    remark: 'Dec invoice',
    acceptedAt: '2026-12-02T18:00:00.000Z',
    // 18:40 UTC on 2 Dec is 00:10 IST on 3 Dec: the voucher is dated the IST day.
    finalAt: '2026-12-02T18:40:00.000Z',
  });
  addPayout(t.db, {
    batchId,
    transactionId: 'TXNA2',
    payeeName: 'Ravi  Kumar',
    amountPaise: 1,
    mode: 'IMPS',
    utr: '334455667788',
    finalAt: '2026-12-01T06:00:00.000Z',
  });
  addPayout(t.db, {
    batchId,
    transactionId: 'TXNA3',
    payeeName: 'Meena Traders',
    amountPaise: 500000,
    mode: 'UPI',
    state: 'REVERSED',
    utr: 'U998877',
    acceptedAt: '2026-11-30T04:00:00.000Z',
    finalAt: '2026-12-01T10:00:00.000Z',
  });
  appendAudit(t.db, {
    at: '2026-11-30T05:00:00.000Z',
    entity: 'payout',
    entityId: 'TXNA3',
    action: 'result',
    fromState: 'PROCESSING',
    toState: 'SUCCESS',
  });
  addPayout(t.db, { batchId, transactionId: 'TXNA4', amountPaise: 700, state: 'FAILED' });
  return batchId;
}

describe('Tally export', () => {
  it('writes one Payment voucher per paid payout and a Receipt reversing each REVERSED one', async () => {
    const batchId = seedPaidBatch();
    const file = join(out, 'tally.xml');
    const result = await exportTally(t.db, { batchId }, { path: file, bankLedger: 'HDFC Current A/c' });
    const vs = vouchers(readFileSync(file, 'utf8'));
    expect(vs.map((v) => [v.attrs.VCHTYPE, v.attrs.REMOTEID, textOf(v, 'GUID')])).toEqual([
      ['Payment', 'TXNA1', 'TXNA1'],
      ['Payment', 'TXNA2', 'TXNA2'],
      ['Payment', 'TXNA3', 'TXNA3'],
      ['Receipt', 'TXNA3-REV', 'TXNA3-REV'],
    ]);
    expect(new Set(vs.map((v) => v.attrs.REMOTEID)).size).toBe(vs.length);
    expect(vs.every((v) => v.attrs.ACTION === 'Create')).toBe(true);
    expect(result).toMatchObject({ payments: 3, reversals: 1, netPaise: 12345678 + 1 });

    const [a, b, c, rev] = vs as [XmlNode, XmlNode, XmlNode, XmlNode];
    // Escaped on the way out, exact on the way back in.
    expect(textOf(a, 'PARTYLEDGERNAME')).toBe('Sharma & Sons <"Pvt"> \'Ltd\'');
    expect(textOf(a, 'DATE')).toBe('20261203');
    expect(textOf(a, 'VOUCHERTYPENAME')).toBe('Payment');
    expect(textOf(a, 'NARRATION')).toContain('Remark: Dec invoice');
    expect(textOf(a, 'NARRATION')).toContain('Ref: INV-7');
    const [party, bank] = entries(a);
    expect(party).toMatchObject({ ledger: 'Sharma & Sons <"Pvt"> \'Ltd\'', positive: 'Yes', amount: '-123456.78' });
    expect(bank).toMatchObject({ ledger: 'HDFC Current A/c', positive: 'No', amount: '123456.78' });
    expect(party!.bank).toBeUndefined();
    const alloc = bank!.bank!;
    expect(textOf(alloc, 'UNIQUEREFERENCENUMBER')).toBe('N123456789012');
    expect(textOf(alloc, 'INSTRUMENTNUMBER')).toBe('N123456789012');
    expect(textOf(alloc, 'TRANSACTIONTYPE')).toBe('e-Fund Transfer');
    expect(textOf(alloc, 'TRANSFERMODE')).toBe('NEFT');
    expect(textOf(alloc, 'INSTRUMENTDATE')).toBe('20261203');
    expect(textOf(alloc, 'AMOUNT')).toBe('123456.78');

    // One paisa stays one paisa; the spacing of a name is tidied for the ledger.
    expect(entries(b).map((e) => e.amount)).toEqual(['-0.01', '0.01']);
    expect(entries(b)[0]!.ledger).toBe('Ravi Kumar');
    // The REVERSED row's payment is dated when it went SUCCESS; the Receipt when it came back, with the signs swapped.
    expect(textOf(c, 'DATE')).toBe('20261130');
    expect(textOf(rev, 'DATE')).toBe('20261201');
    expect(entries(rev).map((e) => [e.ledger, e.positive, e.amount])).toEqual([
      ['HDFC Current A/c', 'Yes', '-5000.00'],
      ['Meena Traders', 'No', '5000.00'],
    ]);
    expect(textOf(entries(rev)[0]!.bank!, 'UNIQUEREFERENCENUMBER')).toBe('U998877');
    expect(result.ledgers).toEqual([
      'HDFC Current A/c',
      'Meena Traders',
      'Ravi Kumar',
      'Sharma & Sons <"Pvt"> \'Ltd\'',
    ]);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('remembers the bank ledger and party mappings and lists ledgers Tally does not know', async () => {
    const batchId = seedPaidBatch();
    await expect(exportTally(t.db, { batchId }, { path: join(out, 'x.xml') })).rejects.toThrow(/bank ledger/);
    setBankLedger(t.db, 'ICICI Bank', new Date('2026-12-03T00:00:00Z'));
    expect(getBankLedger(t.db)).toBe('ICICI Bank');
    const csv =
      '\ufeffPayee,Tally ledger\r\nravi kumar,Ravi Kumar (Vendor)\r\n"Meena Traders",Meena Traders Pvt Ltd\r\n';
    rememberPartyLedgers(t.db, parsePartyLedgersCsv(csv), new Date('2026-12-03T00:00:00Z'));
    const list = new TextEncoder().encode(
      '<ENVELOPE><BODY><LEDGER NAME="ICICI Bank" RESERVEDNAME=""><NAME.LIST><NAME>ICICI Bank</NAME></NAME.LIST></LEDGER>' +
        '<LEDGER NAME="Meena Traders Pvt Ltd"></LEDGER><LEDGER NAME="Sharma &amp; Sons"></LEDGER></BODY></ENVELOPE>',
    );
    const file = join(out, 'y.xml');
    const result = await exportTally(t.db, { all: true }, { path: file, knownLedgers: ledgerNamesFromTallyXml(list) });
    const parties = vouchers(readFileSync(file, 'utf8')).map((v) => textOf(v, 'PARTYLEDGERNAME'));
    expect(parties).toEqual([
      'Sharma & Sons <"Pvt"> \'Ltd\'',
      'Ravi Kumar (Vendor)',
      'Meena Traders Pvt Ltd',
      'Meena Traders Pvt Ltd',
    ]);
    expect(result.missingLedgers).toEqual(['Ravi Kumar (Vendor)', 'Sharma & Sons <"Pvt"> \'Ltd\'']);
  });

  it('refuses an unknown batch and a batch with nothing paid', async () => {
    await expect(exportTally(t.db, { batchId: 99 }, { path: join(out, 'a.xml'), bankLedger: 'B' })).rejects.toThrow(
      /No such batch/,
    );
    const empty = addBatch(t.db);
    addPayout(t.db, { batchId: empty, transactionId: 'F1', amountPaise: 100, state: 'FAILED' });
    await expect(exportTally(t.db, { batchId: empty }, { path: join(out, 'b.xml'), bankLedger: 'B' })).rejects.toThrow(
      /No paid payouts/,
    );
    writeFileSync(join(out, 'keep'), '');
    expect(existsSync(join(out, 'b.xml'))).toBe(false);
  });
});

describe('Tally helpers', () => {
  it('escapes every XML special character and drops control codes', () => {
    expect(xmlEscape('A&B <c> "d" \'e\'\u0001')).toBe('A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;');
  });
  it('dates vouchers by the IST calendar day', () => {
    expect(tallyDate('2026-03-31T18:29:59.999Z')).toBe('20260331');
    expect(tallyDate('2026-03-31T18:30:00.000Z')).toBe('20260401');
  });
});
