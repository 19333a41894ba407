import { istDateOf } from '../../../shared/domain/ist';
import { paiseToDecimal } from '../../../shared/domain/money';

/**
 * A TallyPrime "Import Data" envelope of Payment (and reversing Receipt) vouchers, built from integer paise.
 *
 * Sign convention (as TallyPrime writes its own exports): a debit ledger line has ISDEEMEDPOSITIVE Yes and a
 * NEGATIVE amount, a credit line ISDEEMEDPOSITIVE No and a positive amount. A Payment voucher debits the payee
 * (party) and credits the bank; the reversing voucher of a REVERSED payout is a Receipt (money came back): it
 * debits the bank and credits the party. A Receipt rather than a negated Payment because that is how an
 * accountant books a returned transfer, and Tally's bank reconciliation then sees one debit and one credit.
 *
 * GUID and REMOTEID carry our transactionId (`<txnId>-REV` for the reversal): Tally matches an imported voucher
 * on REMOTEID, so importing the same file twice updates the voucher instead of creating a duplicate.
 */

export type TallyVoucherKind = 'payment' | 'reversal';

export type TallyVoucher = {
  kind: TallyVoucherKind;
  /** GUID / REMOTEID: the transactionId, or `<transactionId>-REV` for a reversal. */
  id: string;
  /** The instant the payout reached this state (its voucher date is the IST calendar day of it). */
  at: string;
  amountPaise: number;
  partyLedger: string;
  bankLedger: string;
  payeeName: string;
  utr: string | null;
  mode: string;
  narration: string;
};

/** "YYYYMMDD", the IST calendar day of an instant (Tally dates carry no time). */
export function tallyDate(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not a time: ${instant}`);
  return istDateOf(ms).replace(/-/g, '');
}

/**
 * Text as XML character data / attribute value. Characters XML 1.0 cannot carry at all (control codes other
 * than tab/newline) are dropped: Tally refuses the whole file over one of them, and they are never meaningful.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Tally amounts: rupees with two decimals from integer paise, negative for a debit line. */
function amount(paise: number, debit: boolean): string {
  if (!Number.isSafeInteger(paise) || paise <= 0) throw new RangeError(`Voucher amount must be positive paise`);
  return paiseToDecimal(debit ? -paise : paise);
}

function tag(name: string, value: string, indent: string): string {
  return `${indent}<${name}>${xmlEscape(value)}</${name}>`;
}

function ledgerLine(name: string, paise: number, debit: boolean, indent: string, extra: string[] = []): string[] {
  const i = `${indent}  `;
  return [
    `${indent}<ALLLEDGERENTRIES.LIST>`,
    tag('LEDGERNAME', name, i),
    tag('ISDEEMEDPOSITIVE', debit ? 'Yes' : 'No', i),
    tag('AMOUNT', amount(paise, debit), i),
    ...extra,
    `${indent}</ALLLEDGERENTRIES.LIST>`,
  ];
}

function bankAllocation(v: TallyVoucher, date: string, bankDebit: boolean, indent: string): string[] {
  const i = `${indent}  `;
  const utr = v.utr ?? '';
  return [
    `${indent}<BANKALLOCATIONS.LIST>`,
    tag('DATE', date, i),
    tag('INSTRUMENTDATE', date, i),
    tag('NAME', v.id, i),
    tag('TRANSACTIONTYPE', 'e-Fund Transfer', i),
    // TallyPrime's e-payment field for NEFT/RTGS/IMPS/UPI; PAYMENTMODE says the transfer already happened.
    tag('TRANSFERMODE', v.mode, i),
    tag('PAYMENTMODE', 'Transacted', i),
    tag('PAYMENTFAVOURING', v.payeeName, i),
    tag('BANKPARTYNAME', v.payeeName, i),
    tag('INSTRUMENTNUMBER', utr, i),
    tag('UNIQUEREFERENCENUMBER', utr, i),
    tag('AMOUNT', amount(v.amountPaise, bankDebit), i),
    `${indent}</BANKALLOCATIONS.LIST>`,
  ];
}

function voucherXml(v: TallyVoucher): string[] {
  const type = v.kind === 'payment' ? 'Payment' : 'Receipt';
  const date = tallyDate(v.at);
  const i = '            ';
  // Payment: party Dr, bank Cr. Receipt (reversal): bank Dr, party Cr.
  const bankDebit = v.kind === 'reversal';
  const party = ledgerLine(v.partyLedger, v.amountPaise, !bankDebit, i);
  const bank = ledgerLine(v.bankLedger, v.amountPaise, bankDebit, i, bankAllocation(v, date, bankDebit, `${i}  `));
  return [
    `          <TALLYMESSAGE xmlns:UDF="TallyUDF">`,
    `          <VOUCHER REMOTEID="${xmlEscape(v.id)}" VCHTYPE="${type}" ACTION="Create" OBJVIEW="Accounting Voucher View">`,
    tag('DATE', date, i),
    tag('GUID', v.id, i),
    tag('VOUCHERTYPENAME', type, i),
    tag('VOUCHERNUMBER', v.id, i),
    tag('PARTYLEDGERNAME', v.partyLedger, i),
    tag('NARRATION', v.narration, i),
    tag('PERSISTEDVIEW', 'Accounting Voucher View', i),
    ...(bankDebit ? [...bank, ...party] : [...party, ...bank]),
    `          </VOUCHER>`,
    `          </TALLYMESSAGE>`,
  ];
}

/** The whole import file. `company` fills SVCURRENTCOMPANY (Tally then imports into that company only). */
export function buildTallyXml(vouchers: readonly TallyVoucher[], company?: string): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ENVELOPE>',
    '  <HEADER>',
    '    <TALLYREQUEST>Import Data</TALLYREQUEST>',
    '  </HEADER>',
    '  <BODY>',
    '    <IMPORTDATA>',
    '      <REQUESTDESC>',
    '        <REPORTNAME>Vouchers</REPORTNAME>',
    ...(company
      ? ['        <STATICVARIABLES>', tag('SVCURRENTCOMPANY', company, '          '), '        </STATICVARIABLES>']
      : []),
    '      </REQUESTDESC>',
    '      <REQUESTDATA>',
    ...vouchers.flatMap(voucherXml),
    '      </REQUESTDATA>',
    '    </IMPORTDATA>',
    '  </BODY>',
    '</ENVELOPE>',
    '',
  ];
  return lines.join('\r\n');
}
