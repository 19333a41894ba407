import { describe, expect, it } from 'vitest';
import {
  directionOf,
  normaliseEntries,
  parseStatementTime,
  remarkTokens,
} from '../../../src/main/services/statement-recon/normalise';

describe('statement line normalisation', () => {
  it('reads the usual debit/credit spellings and a signed amount; keeps anything else unknown', () => {
    for (const t of ['DEBIT', 'Dr', 'D', 'debit', 'Withdrawal']) expect(directionOf(t, 100)).toBe('DEBIT');
    for (const t of ['CREDIT', 'CR', 'c', 'Deposit', 'Reversal']) expect(directionOf(t, 100)).toBe('CREDIT');
    expect(directionOf(null, -500)).toBe('DEBIT');
    expect(directionOf('XFER', 500)).toBe('UNKNOWN');
    expect(directionOf('', 500)).toBe('UNKNOWN');
  });

  it('reads statement times with a zone exactly, without one as IST, and Indian dd-mm-yyyy', () => {
    expect(parseStatementTime('2026-03-10T04:30:00Z')).toBe(Date.UTC(2026, 2, 10, 4, 30));
    expect(parseStatementTime('2026-03-10T10:00:00')).toBe(Date.UTC(2026, 2, 10, 4, 30));
    expect(parseStatementTime('2026-03-10 10:00')).toBe(Date.UTC(2026, 2, 10, 4, 30));
    expect(parseStatementTime('2026-03-10T10:00:00+0530')).toBe(Date.UTC(2026, 2, 10, 4, 30));
    expect(parseStatementTime('2026-03-10')).toBe(Date.UTC(2026, 2, 10, 6, 30));
    expect(parseStatementTime('10-03-2026')).toBe(Date.UTC(2026, 2, 10, 6, 30));
    expect(parseStatementTime('10/03/2026 10:00:00')).toBe(Date.UTC(2026, 2, 10, 4, 30));
    expect(parseStatementTime('yesterday')).toBeNull();
    expect(parseStatementTime(null)).toBeNull();
  });

  it('numbers lines in statement order, makes amounts positive and decides the range by IST bounds', () => {
    const base = {
      transactionId: null,
      valueDate: null,
      remarks: null,
      referenceNumber: null,
      mode: null,
      runningBalancePaise: null,
    };
    const start = Date.UTC(2026, 2, 9, 18, 30);
    const lines = normaliseEntries(
      [
        { ...base, transactionType: null, amountPaise: -250, transactionDate: '2026-03-10T00:00:00' },
        { ...base, transactionType: 'CR', amountPaise: 100, transactionDate: '2026-03-09T23:59:59' },
        { ...base, transactionType: 'CR', amountPaise: 100, transactionDate: 'not a date' },
      ],
      { start, end: start + 86_400_000 },
    );
    expect(lines.map((l) => [l.seq, l.direction, l.amountPaise, l.inRange])).toEqual([
      [1, 'DEBIT', 250, true],
      [2, 'CREDIT', 100, false],
      [3, 'CREDIT', 100, true],
    ]);
  });

  it('finds id-like words in remarks', () => {
    expect(remarkTokens('NEFT/PD0K3X9ABCDEFGHJK/Salary March 2026')).toEqual(['PD0K3X9ABCDEFGHJK']);
    expect(remarkTokens('Refund of failed payout TXN12345678, ref 400000000001')).toEqual([
      'TXN12345678',
      '400000000001',
    ]);
    expect(remarkTokens('Funds added')).toEqual([]);
  });
});
