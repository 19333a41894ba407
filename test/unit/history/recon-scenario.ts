/**
 * A hand-built statement against hand-built payouts, covering every matching rule and every flag: UTR,
 * transactionId, EnKash id, remarks and reference matches; amount+date with and without ambiguity; a refund,
 * a recorded and an unrecorded reversal; a repeated line and a second debit; debits for UNKNOWN and REJECTED
 * payouts; funding, charges and unknown lines of other origin; a line in the margin; another environment.
 */
import type { Db } from '../../../src/main/db/open';
import type { StatementEntry } from '../../../src/main/enkash/account-outputs';
import type { StatementClient } from '../../../src/main/services/statement-recon/reconcile';
import { parseStatementTime } from '../../../src/main/services/statement-recon/normalise';
import { addBatch, addPayout, istTime } from './seed';

export const RANGE = { fromDate: '2026-03-10', toDate: '2026-03-11' };

export type Scenario = { ids: Record<string, number>; entries: StatementEntry[] };

function entry(e: Partial<StatementEntry> & { amountPaise: number; transactionType: string | null }): StatementEntry {
  return {
    transactionId: null,
    transactionDate: null,
    valueDate: null,
    remarks: null,
    referenceNumber: null,
    mode: 'IMPS',
    runningBalancePaise: null,
    ...e,
  };
}

export function buildScenario(db: Db): Scenario {
  const b = addBatch(db, { environment: 'sandbox' });
  const prod = addBatch(db, { environment: 'production' });
  const ids: Record<string, number> = {};
  let row = 1;
  const p = (key: string, fields: Partial<Parameters<typeof addPayout>[1]> & { amountPaise: number }) => {
    ids[key] = addPayout(db, {
      batchId: b,
      rowNumber: ++row,
      transactionId: `TX${key}`,
      payeeName: `Payee ${key}`,
      ...fields,
    });
  };
  const at = istTime;
  p('P1', {
    state: 'SUCCESS',
    utr: '500000000001',
    amountPaise: 1_000_00,
    acceptedAt: at('2026-03-10', 10),
    finalAt: at('2026-03-10', 10, 5),
  });
  p('P2', {
    state: 'SUCCESS',
    enkashTransactionId: 'EK2',
    amountPaise: 2_000_00,
    acceptedAt: at('2026-03-10', 11),
    finalAt: at('2026-03-10', 11, 5),
  });
  p('P3', {
    state: 'FAILED',
    enkashTransactionId: 'EK3',
    amountPaise: 3_000_00,
    acceptedAt: at('2026-03-10', 12),
    finalAt: at('2026-03-10', 12, 30),
  });
  p('P4', {
    state: 'REVERSED',
    utr: '500000000004',
    amountPaise: 4_000_00,
    acceptedAt: at('2026-03-10', 13),
    finalAt: at('2026-03-11', 9),
  });
  p('P5', {
    state: 'SUCCESS',
    utr: '500000000005',
    amountPaise: 5_000_00,
    acceptedAt: at('2026-03-10', 13, 30),
    finalAt: at('2026-03-10', 14),
  });
  p('P6', {
    state: 'SUCCESS',
    amountPaise: 777_77,
    acceptedAt: at('2026-03-10', 14),
    finalAt: at('2026-03-10', 14, 20),
  });
  p('P7', {
    state: 'SUCCESS',
    amountPaise: 500_00,
    acceptedAt: at('2026-03-10', 15),
    finalAt: at('2026-03-10', 15, 20),
  });
  p('P8', {
    state: 'SUCCESS',
    amountPaise: 500_00,
    acceptedAt: at('2026-03-10', 15, 30),
    finalAt: at('2026-03-10', 16),
  });
  p('P9', {
    state: 'SUCCESS',
    enkashTransactionId: 'EK9',
    amountPaise: 900_00,
    acceptedAt: at('2026-03-11', 10),
    finalAt: at('2026-03-11', 10, 5),
  });
  p('P10', {
    state: 'SUCCESS',
    enkashTransactionId: 'EK10',
    amountPaise: 1_010_00,
    acceptedAt: at('2026-03-11', 11),
    finalAt: at('2026-03-11', 11, 5),
  });
  p('P11', { state: 'UNKNOWN', amountPaise: 1_100_00, sentAt: at('2026-03-11', 11, 30) });
  p('P12', {
    state: 'REJECTED',
    amountPaise: 1_200_00,
    rejectCode: 'REJECT_BENEF_ACC',
    sentAt: at('2026-03-11', 11, 40),
  });
  p('P13', { state: 'PROCESSING', amountPaise: 1_300_00, acceptedAt: at('2026-03-11', 12) });
  p('P14', {
    state: 'FAILED',
    enkashTransactionId: 'EK14',
    amountPaise: 1_400_00,
    acceptedAt: at('2026-03-11', 13),
    finalAt: at('2026-03-11', 13, 30),
  });
  p('P15', {
    state: 'REVERSED',
    utr: '500000000015',
    amountPaise: 1_500_00,
    acceptedAt: at('2026-03-11', 14),
    finalAt: at('2026-03-11', 15),
  });
  p('P16', {
    state: 'SUCCESS',
    enkashTransactionId: 'EK16',
    amountPaise: 1_600_00,
    acceptedAt: at('2026-03-11', 23, 59),
    finalAt: at('2026-03-12', 0, 5),
  });
  p('P18', {
    state: 'SUCCESS',
    transactionId: 'RMK12345678',
    amountPaise: 1_800_00,
    acceptedAt: at('2026-03-11', 16),
    finalAt: at('2026-03-11', 16, 5),
  });
  p('P19', {
    state: 'SUCCESS',
    reference: 'INV2026001',
    amountPaise: 1_900_00,
    acceptedAt: at('2026-03-11', 17),
    finalAt: at('2026-03-11', 17, 5),
  });
  ids.P17 = addPayout(db, {
    batchId: prod,
    transactionId: 'TXP17',
    utr: '500000000017',
    state: 'SUCCESS',
    amountPaise: 1_700_00,
    acceptedAt: at('2026-03-10', 9),
  });

  const d = (day: string, h: number, m = 0) => at(day, h, m);
  const D = 'DEBIT';
  const C = 'CREDIT';
  const entries: StatementEntry[] = [
    entry({
      transactionType: C,
      amountPaise: 10_00_000_00,
      transactionId: 'EKFUND0001',
      referenceNumber: 'EKFUND0001',
      remarks: 'Funds added',
      transactionDate: d('2026-03-10', 9),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_000_00,
      referenceNumber: '500000000001',
      transactionDate: d('2026-03-10', 10, 1),
    }),
    entry({
      transactionType: 'Dr',
      amountPaise: 2_000_00,
      transactionId: 'TXP2',
      referenceNumber: 'BANK002',
      transactionDate: d('2026-03-10', 11, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 3_000_00,
      referenceNumber: 'EK3',
      transactionDate: d('2026-03-10', 12, 1),
    }),
    entry({
      transactionType: 'CR',
      amountPaise: 3_000_00,
      referenceNumber: 'EK3',
      remarks: 'Refund of failed payout',
      transactionDate: d('2026-03-10', 12, 31),
    }),
    entry({
      transactionType: D,
      amountPaise: 4_000_00,
      referenceNumber: '500000000004',
      transactionDate: d('2026-03-10', 13, 1),
    }),
    entry({
      transactionType: C,
      amountPaise: 4_000_00,
      referenceNumber: '500000000004',
      remarks: 'Reversal',
      transactionDate: d('2026-03-11', 9, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 5_000_00,
      referenceNumber: '500000000005',
      transactionDate: d('2026-03-10', 13, 31),
    }),
    entry({
      transactionType: C,
      amountPaise: 5_000_00,
      referenceNumber: '500000000005',
      remarks: 'Reversal',
      transactionDate: d('2026-03-11', 8),
    }),
    entry({
      transactionType: D,
      amountPaise: 777_77,
      referenceNumber: 'BANKREF9',
      transactionDate: d('2026-03-10', 14, 5),
    }),
    entry({
      transactionType: D,
      amountPaise: 500_00,
      referenceNumber: 'BANKREF10',
      transactionDate: d('2026-03-10', 15, 10),
    }),
    entry({
      transactionType: D,
      amountPaise: 900_00,
      referenceNumber: 'EK9',
      runningBalancePaise: 100_00,
      transactionDate: d('2026-03-11', 10, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 900_00,
      referenceNumber: 'EK9',
      runningBalancePaise: 100_00,
      transactionDate: d('2026-03-11', 10, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_010_00,
      referenceNumber: 'EK10',
      runningBalancePaise: 200_00,
      transactionDate: d('2026-03-11', 11, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_010_00,
      referenceNumber: 'EK10',
      runningBalancePaise: 300_00,
      transactionDate: d('2026-03-11', 11, 2),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_100_00,
      transactionId: 'TXP11',
      transactionDate: d('2026-03-11', 11, 31),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_200_00,
      transactionId: 'txp12',
      transactionDate: d('2026-03-11', 11, 41),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_400_00,
      referenceNumber: 'EK14',
      transactionDate: d('2026-03-11', 13, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_500_00,
      referenceNumber: '500000000015',
      transactionDate: d('2026-03-11', 14, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_600_00,
      referenceNumber: 'EK16',
      transactionDate: d('2026-03-12', 0, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_700_00,
      referenceNumber: '500000000017',
      transactionDate: d('2026-03-10', 9, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_800_00,
      remarks: 'IMPS-RMK12345678-Salary',
      transactionDate: d('2026-03-11', 16, 1),
    }),
    entry({
      transactionType: D,
      amountPaise: 1_900_00,
      referenceNumber: 'INV2026001',
      transactionDate: d('2026-03-11', 17, 2),
    }),
    entry({
      transactionType: D,
      amountPaise: 11_80,
      remarks: '=HYPERLINK("http://evil.example","GST on charges")',
      transactionDate: d('2026-03-11', 18),
    }),
    entry({ transactionType: 'XFER', amountPaise: 5_00, remarks: '@SUM(A1)', transactionDate: d('2026-03-11', 19) }),
    entry({ transactionType: D, amountPaise: 2_22, remarks: 'Margin charge', transactionDate: d('2026-03-09', 20) }),
    entry({ transactionType: C, amountPaise: 3_33, remarks: 'Interest', transactionDate: 'garbage' }),
  ];
  return { ids, entries };
}

/** A statement client over fixed entries that honours the date range (bounds inclusive), like the Sandbox. */
export function fakeStatementClient(
  entries: StatementEntry[],
): StatementClient & { calls: { fromDate: string; toDate: string; debitAccountNumber?: string }[] } {
  const calls: { fromDate: string; toDate: string; debitAccountNumber?: string }[] = [];
  return {
    calls,
    async fetchStatement(input) {
      calls.push({ fromDate: input.fromDate, toDate: input.toDate, debitAccountNumber: input.debitAccountNumber });
      const from = Date.parse(input.fromDate);
      const to = Date.parse(input.toDate);
      // A line whose date cannot be read comes back in every window (a server that cannot filter it).
      const lines = entries.filter((e) => {
        const t = parseStatementTime(e.transactionDate);
        return t === null || (t >= from && t <= to);
      });
      return { requestId: `REQ${calls.length}`, entries: lines };
    },
    async getSourceAccountDetails() {
      return [
        {
          accountNumber: '11112222',
          ifsc: 'HDFC0000001',
          bankName: null,
          accountHolderName: null,
          status: 'INACTIVE',
          fundSourceId: null,
        },
        {
          accountNumber: '50100012345678',
          ifsc: 'HDFC0000001',
          bankName: null,
          accountHolderName: null,
          status: 'ACTIVE',
          fundSourceId: null,
        },
      ];
    },
  };
}
